import Foundation
import EventModel

/// A detector built from a checked ``DetectorCard``: the card plus the structures the
/// stages query per particle (tracker surfaces in order, calorimeter boxes, cell numbering,
/// muon surfaces). A value, built once per job and shared read-only.
///
/// ```swift
/// let detector = try Detector(card: DetectorCard.load("builtin:atlas-run2"))
/// let id = detector.cells.cellID(volume: detector.volumeIndex(named: "EMB2")!, eta: 0.31, phi: 1.2)
/// let hits = detector.trackerCrossings(of: Helix(position: .zero, momentum: p, charge: 1,
///                                                fieldTesla: detector.fieldTesla))
/// ```
public struct Detector: Sendable {
    public let card: DetectorCard
    /// Expanded tracker surfaces: barrel layers in card order, then for each disc its
    /// z > 0 and z < 0 copies.
    public let trackerSurfaces: [TrackerSurface]
    /// Calorimeter volumes as r–z boxes (mirrored volumes twice).
    public let calorimeterBoxes: [RZBox]
    /// The same boxes in a tree of bounding rings, for ``calorimeterSegments(origin:direction:)``.
    let calorimeterBoxTree: CalorimeterBoxTree
    public let cells: CalorimeterCells
    public let muonSurfaces: [MuonSurface]
    /// Per cell: its fixed calibration factor 1 + c·g (see ``calibrationFactor(cell:spread:)``).
    public let cellCalibration: [Float]
    /// Per cell: whether it reads nothing (the card's `dead_cell_fraction`, see ``isDead(channel:fraction:salt:)``).
    public let deadCells: [Bool]
    /// The TRT straws of the card (nil without `tracker.trt`), built once: the simulation and
    /// digitization read it per event.
    public let strawGeometry: StrawGeometry?

    /// The tracker envelope (where the field acts), read per step.
    public let trackerEnvelopeRadiusMM: Double
    public let trackerEnvelopeHalfLengthMM: Double
    /// Indices of barrel surfaces by increasing radius, and their radii.
    let barrelOrder: [Int]
    let barrelRadii: [Double]
    /// The barrel layers' half-lengths in the same order (no enum payload read per candidate).
    let barrelHalfLengths: [Double]
    /// Indices of disc surfaces by increasing signed z, their z and radial extent.
    let discOrder: [Int]
    let discZ: [Double]
    let discRMin: [Double]
    let discRMax: [Double]
    /// `barrelRadii` and `discZ` by 5 mm bins: the navigation's layer at r₀ and first disc
    /// ahead without a bisection (``SortedIndex``).
    let barrelRadiusIndex: SortedIndex
    let discZIndex: SortedIndex
    /// Per tracker surface, its place k in `barrelRadii` (a cylinder: k) or `discZ` (a disc:
    /// −1 − k): the navigation's guess of the layer at r₀ or the disc at z₀ after crossing it.
    let sortedSlot: [Int]

    /// Builds the detector after ``DetectorCard/validate(source:)``.
    public init(card: DetectorCard, source: String = "<card>") throws {
        try card.validate(source: source)
        self.card = card
        var surfaces: [TrackerSurface] = []
        for (i, l) in card.tracker.barrel.enumerated() {
            surfaces.append(TrackerSurface(index: surfaces.count, name: l.name, cardIndex: i, technology: l.technology,
                                           shape: .cylinder(radiusMM: l.radiusMM, halfLengthMM: l.halfLengthMM),
                                           thicknessX0: l.thicknessX0, readout: l.readout))
        }
        for (i, d) in card.tracker.endcap.enumerated() {
            for side in [1.0, -1.0] {
                surfaces.append(TrackerSurface(index: surfaces.count, name: d.name + (side > 0 ? "A" : "C"), cardIndex: i,
                                               technology: d.technology,
                                               shape: .disc(zMM: side * d.zMM, rMinMM: d.rMinMM, rMaxMM: d.rMaxMM),
                                               thicknessX0: d.thicknessX0, readout: d.readout))
            }
        }
        trackerSurfaces = surfaces
        trackerEnvelopeRadiusMM = card.tracker.envelopeRadiusMM
        trackerEnvelopeHalfLengthMM = card.tracker.envelopeHalfLengthMM
        let barrel = surfaces.filter { if case .cylinder = $0.shape { return true } else { return false } }
            .sorted { $0.radiusOrZ < $1.radiusOrZ }
        barrelOrder = barrel.map(\.index)
        barrelRadii = barrel.map(\.radiusOrZ)
        barrelHalfLengths = barrel.map { if case let .cylinder(_, hl) = $0.shape { return hl } else { return 0 } }
        let discs = surfaces.filter { if case .disc = $0.shape { return true } else { return false } }
            .sorted { $0.radiusOrZ < $1.radiusOrZ }
        discOrder = discs.map(\.index)
        discZ = discs.map(\.radiusOrZ)
        discRMin = discs.map { if case let .disc(_, rMin, _) = $0.shape { return rMin } else { return 0 } }
        discRMax = discs.map { if case let .disc(_, _, rMax) = $0.shape { return rMax } else { return 0 } }
        barrelRadiusIndex = SortedIndex(barrelRadii, binWidth: 5)
        discZIndex = SortedIndex(discZ, binWidth: 5)
        var slot = [Int](repeating: 0, count: surfaces.count)
        for (k, surface) in barrel.enumerated() { slot[surface.index] = k }
        for (k, surface) in discs.enumerated() { slot[surface.index] = -1 - k }
        sortedSlot = slot

        calorimeterBoxes = card.calorimeter.volumes.enumerated().flatMap { RZBox.boxes(of: $0.element, index: $0.offset) }
        calorimeterBoxTree = CalorimeterBoxTree(boxes: calorimeterBoxes)
        cells = CalorimeterCells(card: card)
        var calibration = [Float](repeating: 1, count: cells.count)
        for region in cells.regions {
            let spread = card.calorimeter.volumes[region.volume].calibrationSpread
            guard spread > 0 else { continue }
            for side in 0..<2 {
                let first = region.firstID + side * region.perSide
                for id in first..<(first + region.cellCount) {
                    calibration[id] = Float(Detector.calibrationFactor(cell: CellID(id), spread: spread))
                }
            }
        }
        cellCalibration = calibration
        var dead = [Bool](repeating: false, count: cells.count)
        for region in cells.regions {
            let fraction = card.calorimeter.volumes[region.volume].deadCellFraction
            guard fraction > 0 else { continue }
            for side in 0..<2 {
                let first = region.firstID + side * region.perSide
                for id in first..<(first + region.cellCount) {
                    dead[id] = Detector.isDead(channel: UInt64(id), fraction: fraction, salt: Detector.calorimeterDeadSalt)
                }
            }
        }
        deadCells = dead

        var muons: [MuonSurface] = []
        for (i, s) in card.muonSpectrometer.barrel.enumerated() {
            muons.append(MuonSurface(index: muons.count, name: s.name, cardIndex: i,
                                     shape: .cylinder(radiusMM: s.radiusMM, halfLengthMM: s.halfLengthMM),
                                     response: s.response))
        }
        for (i, s) in card.muonSpectrometer.endcap.enumerated() {
            for side in [1.0, -1.0] {
                muons.append(MuonSurface(index: muons.count, name: s.name + (side > 0 ? "A" : "C"), cardIndex: i,
                                         shape: .disc(zMM: side * s.zMM, rMinMM: s.rMinMM, rMaxMM: s.rMaxMM),
                                         response: s.response))
            }
        }
        muonSurfaces = muons
        strawGeometry = StrawGeometry(card: card)
    }

    /// The built-in ATLAS Run-2 detector (immutable, shared).
    public static let atlasRun2: Detector = {
        do { return try Detector(card: .atlasRun2, source: "builtin:atlas-run2") } catch {
            preconditionFailure("the built-in card is invalid: \(error)")
        }
    }()

    /// Loads and builds: `Detector.load("builtin:atlas-run2")` or a card file.
    public static func load(_ reference: String) throws -> Detector {
        try Detector(card: DetectorCard.load(reference), source: reference)
    }

    public var fieldTesla: Double { card.solenoid.fieldTesla }

    /// The fixed calibration factor of a cell, 1 + spread · g, g ~ N(0, 1) from a stream
    /// keyed by the cell id alone: the cell-to-cell non-uniformity behind the constant term,
    /// the same in every event and job (a property of the detector, not of the event).
    public static func calibrationFactor(cell: CellID, spread: Double) -> Double {
        guard spread > 0 else { return 1 }
        var s = RandomStream(seed: 0x4341_4C49_4252_4154, event: UInt64(cell), stage: .digitization, substream: 0xFFFF)
        return 1 + spread * s.standardNormal()
    }

    /// Whether a read-out channel is dead: a fixed hash of its id (SplitMix64's finaliser)
    /// mapped to [0, 1) falls below `fraction`. A property of the detector, like the
    /// calibration factors: the same channels in every event, job and run, and no random
    /// stream is consumed. `salt` separates the calorimeter cells from the tracker channels.
    @inlinable
    public static func isDead(channel: UInt64, fraction: Double, salt: UInt64) -> Bool {
        guard fraction > 0 else { return false }
        var z = channel &+ salt &* 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Double(z >> 11) * 0x1p-53 < fraction
    }

    public static let calorimeterDeadSalt: UInt64 = 0x4341_4C4F
    public static let trackerDeadSalt: UInt64 = 0x5452_4B52

    /// Index of the card's calorimeter volume called `name`.
    public func volumeIndex(named name: String) -> Int? {
        card.calorimeter.volumes.firstIndex { $0.name == name }
    }

    /// Whether a point lies inside the tracker envelope (where the solenoid field acts).
    @inlinable
    public func isInsideTracker(_ p: Vector3) -> Bool {
        p.perp < trackerEnvelopeRadiusMM && abs(p.z) < trackerEnvelopeHalfLengthMM
    }

    /// Whether a point lies inside the world.
    @inlinable
    public func isInsideWorld(_ p: Vector3) -> Bool {
        p.perp <= card.world.radiusMM && abs(p.z) <= card.world.halfLengthMM
    }
}

// MARK: - Surfaces

/// Shape of a thin surface.
public enum SurfaceShape: Hashable, Sendable {
    /// r = radius, |z| ≤ halfLength.
    case cylinder(radiusMM: Double, halfLengthMM: Double)
    /// z = z (signed), rMin ≤ r ≤ rMax.
    case disc(zMM: Double, rMinMM: Double, rMaxMM: Double)

    /// Whether a point on the surface's cylinder or plane lies within its bounds.
    @inlinable
    public func contains(_ p: Vector3) -> Bool {
        switch self {
        case let .cylinder(_, hl): return abs(p.z) <= hl
        case let .disc(_, rMin, rMax): let r = p.perp; return r >= rMin && r <= rMax
        }
    }
}

/// A tracker surface (one barrel layer, or one disc on one side).
public struct TrackerSurface: Hashable, Sendable {
    public var index: Int
    public var name: String
    /// Index in `card.tracker.barrel` or `card.tracker.endcap`.
    public var cardIndex: Int
    public var technology: DetectorCard.Technology
    public var shape: SurfaceShape
    public var thicknessX0: Double
    public var readout: DetectorCard.Readout

    public var isBarrel: Bool { if case .cylinder = shape { return true } else { return false } }
    /// Radius of a cylinder, signed z of a disc.
    public var radiusOrZ: Double {
        switch shape {
        case let .cylinder(r, _): return r
        case let .disc(z, _, _): return z
        }
    }
}

/// A muon station surface (barrel cylinder, or one end-cap disc on one side).
public struct MuonSurface: Hashable, Sendable {
    public var index: Int
    public var name: String
    public var cardIndex: Int
    public var shape: SurfaceShape
    public var response: DetectorCard.MuonResponse
}
