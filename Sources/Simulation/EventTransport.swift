import Foundation
import EventModel
import Detector

/// The mutable state of one event's transport: the output being built and a stack of
/// secondaries. Lives only inside `Simulation.callAsFunction`.
struct EventTransport {
    let detector: Detector
    let config: Simulation.Config
    let media: CalorimeterMedia
    var cells: CellAccumulator
    var trackerHits: [TrackerSimHit] = []
    var muonHits: [MuonSimHit] = []
    /// TRT straws passed (StrawCrossings.swift); nil straws: a card without a TRT.
    var straws: StrawRecorder?
    /// ``StrawGeometry/innermostRadiusMM`` (∞ without a TRT): segments that stay inside it
    /// skip the recorder (see `recordStraws`).
    let strawReachMM: Double
    var stats = SimulationStats()
    var stack: [Track] = []
    /// The crossings of the current neutral particle's line (reused from particle to particle).
    var lineBuffer = ScratchList<LineCrossing>(capacity: 64)
    /// The calorimeter segments of the current particle's line (reused from particle to particle).
    var segmentList = ScratchList<CalorimeterSegment>(capacity: 32)
    /// Per tracker surface, read per crossing (copying a `TrackerSurface` costs a retain of its name).
    let surfaceThicknessX0: [Double]
    let surfaceSensorThicknessUM: [Double]
    /// Active (pixel or strip) rather than passive material.
    let surfaceIsActive: [Bool]
    let surfaceIsCylinder: [Bool]
    /// The Bethe rate's table (``BetheTable``), read once per event rather than per crossing.
    let betheTable = BetheTable.shared

    init(detector: Detector, config: Simulation.Config) {
        self.detector = detector
        self.config = config
        media = CalorimeterMedia(detector.card, cells: detector.cells, config: config)
        cells = CellAccumulator(cellCount: detector.cells.count)
        surfaceThicknessX0 = detector.trackerSurfaces.map(\.thicknessX0)
        surfaceSensorThicknessUM = detector.trackerSurfaces.map(\.readout.sensorThicknessUM)
        surfaceIsActive = detector.trackerSurfaces.map { $0.technology != .passive }
        surfaceIsCylinder = detector.trackerSurfaces.map(\.isBarrel)
        straws = StrawRecorder(detector: detector)
        strawReachMM = detector.strawGeometry?.innermostRadiusMM ?? .infinity
    }

    /// Room for the event's hits from the start (μ = 0 signal events: ≈ 2.8 silicon and 12
    /// straw hits per stable particle): grown hit by hit, each array was copied into a
    /// buffer twice the size about a dozen times per event.
    mutating func reserveHits(stableParticles stable: Int) {
        trackerHits.reserveCapacity(4 * stable)
        straws?.hits = ScratchList(capacity: 16 * stable)
    }

    /// The event's hits; the transport is spent afterwards.
    mutating func finish(eventNumber: Int) -> SimHits {
        let deposits = cells.takeDeposits()
        return SimHits(eventNumber: eventNumber, trackerHits: trackerHits, calorimeterDeposits: deposits,
                       muonHits: muonHits, strawHits: straws.map { Array($0.hits.elements) } ?? [], stats: stats)
    }

    /// Transports a generator particle and every secondary it makes.
    ///
    /// `detector` is the stored ``detector`` (`Simulation` passes the one it was built
    /// with), handed down as a parameter to the tracker transport: a method on the stored
    /// property, called from a `mutating` function, works on a copy of the whole `Detector`
    /// (a 632-byte `memcpy` per call: per particle here, per charged and per neutral
    /// particle in the tracker, ≈ 142 000 at μ = 0 per 100 events), a parameter is borrowed.
    mutating func run(_ primary: Track, in detector: Detector, rng: inout RandomStream) {
        stack.append(primary)
        while var track = stack.popLast() {
            if track.species == .invisible {
                stats.invisible += 1
                stats.invisibleEnergy += track.energy
                continue
            }
            if detector.isInsideTracker(track.position) {
                guard trackerTransport(&track, in: detector, rng: &rng) else { continue }
            }
            guard track.maxPathLength.isInfinite else { continue }   // decays before the calorimeter
            calorimeterTransport(track, in: detector, rng: &rng)
        }
    }

    // MARK: - Tracker

    /// Follows a track surface by surface to the tracker exit. Returns false if it ends
    /// inside (converted, ranged out, looper, decayed); on true the track sits at the exit.
    mutating func trackerTransport(_ track: inout Track, in detector: Detector, rng: inout RandomStream) -> Bool {
        // Neutral particles go straight: their own, one-pass path (below). From here on the
        // track is charged.
        if track.charge == 0 { return neutralTrackerTransport(&track, in: detector, rng: &rng) }
        let field = detector.fieldTesla
        var helix = Helix(position: track.position, momentum: track.direction * track.momentum,
                          charge: track.charge, fieldTesla: field)
        var travelled = 0.0
        var crossings = 0
        // The Bethe rate is kept while βγ stays within 0.1 % of where it was evaluated: a
        // tracker layer takes ≈ 10⁻⁴ of a GeV track's energy, and dE/dx changes by less
        // than 10⁻⁴ over such a step (it varies as ln βγ on the plateau), far below the
        // Moyal spread of each deposit.
        var betheAt = -1.0, betheRate = 0.0
        // The surface crossed last: the navigation starts its look-ups from it.
        var lastSurface: Int? = nil
        while true {
            guard let c = detector.nextTrackerCrossing(helix, after: lastSurface) else {
                let s = detector.pathToTrackerExit(helix)
                guard s.isFinite, travelled + s <= track.maxPathLength else {
                    if !s.isFinite { stats.stoppedInTracker += 1 }
                    return false
                }
                recordStraws(helix, upTo: s, track: track, in: detector)
                let (p, d) = helix.point(at: s)
                track.time += s / (track.beta * speedOfLightMMPerNS)
                track.position = p
                track.direction = d
                return true
            }
            if travelled + c.pathLength > track.maxPathLength { return false }
            recordStraws(helix, upTo: c.pathLength, track: track, in: detector)
            travelled += c.pathLength
            track.time += c.pathLength / (track.beta * speedOfLightMMPerNS)
            track.position = c.position
            track.direction = c.direction
            crossings += 1
            lastSurface = c.surface
            if crossings > config.maximumTrackerCrossings {
                stats.stoppedInTracker += 1
                return false
            }
            let normalCos: Double
            if surfaceIsCylinder[c.surface] {
                let r = c.position.perp
                normalCos = r > 0 ? abs((c.position.x * c.direction.x + c.position.y * c.direction.y) / r) : 1
            } else {
                normalCos = abs(c.direction.z)
            }
            let pathFactor = 1 / max(normalCos, 0.05)
            let x = surfaceThicknessX0[c.surface] * pathFactor
            let bg = track.mass > 0 ? track.momentum / track.mass : 1e6
            // The Bethe rate at this crossing, for the sensor deposit and the loss (one evaluation).
            if abs(bg - betheAt) > 1e-3 * bg {
                betheRate = betheTable.rate(betaGamma: bg, mass: track.mass, charge: track.charge)
                betheAt = bg
            }
            let bethe = betheRate

            if surfaceIsActive[c.surface] {
                // Energy in the sensor: Bethe mean in silicon (ρ = 2.329 g/cm³) over the path,
                // with Moyal fluctuations (most probable ≈ 0.7 of the mean in thin sensors).
                let dedxMeVPerMM = bethe * 2.329 * 0.1
                let path = surfaceSensorThicknessUM[c.surface] * 1e-3 * pathFactor
                let deposit = dedxMeVPerMM * path * MeV * (0.72 + 0.09 * rng.moyal()) / 0.834
                trackerHits.append(TrackerSimHit(surface: Int32(c.surface), position: c.position, direction: c.direction,
                                                 momentum: Float(track.momentum), energyDeposit: Float(deposit),
                                                 time: Float(track.time), particle: Int32(track.particle),
                                                 pdgID: Int32(track.pdgID), isSecondary: track.isSecondary))
            }

            guard config.trackerMaterialEffects, x > 0 else {
                helix = Helix(position: c.position, direction: c.direction, curvature: helix.curvature)
                continue
            }
            // Ionisation (mean Bethe loss over the silicon-equivalent mass thickness, Moyal spread).
            var energy = track.energy
            let meanLoss = bethe * MaterialEffects.massThickness(thicknessX0: x) * MeV
            energy -= meanLoss * (0.72 + 0.09 * rng.moyal()) / 0.834
            // Bremsstrahlung of electrons: the photon is followed.
            if track.species == .electron {
                let kept = MaterialEffects.betheHeitlerKeptFraction(thicknessX0: x, rng: &rng)
                let photonEnergy = (energy - track.mass) * (1 - kept)
                if photonEnergy > 0 {
                    energy -= photonEnergy
                    if photonEnergy > config.minimumPhotonEnergyGeV {
                        stack.append(Track(pdgID: 22, species: .photon, charge: 0, mass: 0, position: c.position,
                                           direction: c.direction, momentum: photonEnergy, time: track.time,
                                           particle: track.particle, isSecondary: true, maxPathLength: .infinity))
                        stats.secondaries += 1
                    }
                }
            }
            guard energy - track.mass > config.minimumKineticEnergyGeV else {
                stats.stoppedInTracker += 1
                return false
            }
            let theta0 = MaterialEffects.highlandTheta0(thicknessX0: x, momentum: track.momentum, beta: track.beta,
                                                        charge: track.charge, logarithm: betheTable.logarithm)
            track.direction = MaterialEffects.scatter(c.direction, theta0: theta0, rng: &rng)
            track.momentum = (energy * energy - track.mass * track.mass).squareRoot()
            // The direction is a unit vector already: the curvature from p_T = p sinθ.
            let pT = track.momentum * (track.direction.x * track.direction.x
                                       + track.direction.y * track.direction.y).squareRoot()
            helix = Helix(position: c.position, direction: track.direction,
                          curvature: pT > 0 && field != 0 ? -track.charge * field * Helix.momentumPerTeslaMM / pT : 0)
        }
    }

    /// The straws `track` passes along `helix` up to path length `path`. Most segments (the
    /// pixel and strip layers: 160 000 of 210 000 at μ = 0) cannot reach the TRT: their start
    /// radius plus transverse path stays inside its innermost radius, and they return here
    /// without reading the recorder — reading it copies the straw geometry (a `memcpy` of
    /// ≈ 200 bytes) before `StrawGeometry.appendHits` makes the same test and returns.
    /// The bound is the same expression as that test's, so the same segments find no straw.
    @inline(__always)
    mutating func recordStraws(_ helix: Helix, upTo path: Double, track: Track, in detector: Detector) {
        let p = helix.position, d = helix.direction
        let st = (d.x * d.x + d.y * d.y).squareRoot()
        let r0 = (p.x * p.x + p.y * p.y).squareRoot()
        guard r0 + path * st >= strawReachMM else { return }
        straws?.record(helix, upTo: path, track: track, in: detector)
    }

    /// A neutral particle in the tracker: a straight line, its crossings found in one pass
    /// (``Detector/lineCrossings(origin:direction:minimum:into:)``) instead of surface by
    /// surface. Photons convert: rather than one uniform per surface against
    /// 1 − exp(−7x/9), one conversion depth T = −(9/7) ln u in X₀ is drawn and the photon
    /// converts at the first surface where the material crossed, Σ x_i (thickness along the
    /// path), reaches T. The law is the same — the chance to pass k surfaces is
    /// Π exp(−7x_i/9) = exp(−7 Σx_i/9) either way — with one logarithm per photon in place
    /// of an exponential and a uniform per surface. Other neutrals only need the exit.
    /// Returns false if the particle ends inside (converted, or decays before the exit).
    mutating func neutralTrackerTransport(_ track: inout Track, in detector: Detector, rng: inout RandomStream) -> Bool {
        let origin = track.position, direction = track.direction
        let exit = detector.lineCrossings(origin: origin, direction: direction, into: &lineBuffer)
        let inverseSpeed = 1 / (track.beta * speedOfLightMMPerNS)
        let converts = track.species == .photon && config.trackerMaterialEffects
            && track.momentum > 2 * MaterialEffects.electronMass
        if converts {
            var depth = 0.0
            var conversionDepth = -1.0   // drawn at the first surface with material
            for (k, c) in lineBuffer.elements.enumerated() {
                if c.pathLength > track.maxPathLength { return false }
                if k + 1 > config.maximumTrackerCrossings {
                    stats.stoppedInTracker += 1
                    return false
                }
                let thickness = surfaceThicknessX0[c.surface]
                guard thickness > 0 else { continue }
                let position = origin + direction * c.pathLength
                let normalCos: Double
                if surfaceIsCylinder[c.surface] {
                    let r = position.perp
                    normalCos = r > 0 ? abs((position.x * direction.x + position.y * direction.y) / r) : 1
                } else {
                    normalCos = abs(direction.z)
                }
                depth += thickness / max(normalCos, 0.05)
                if conversionDepth < 0 { conversionDepth = MaterialEffects.conversionDepthX0(rng: &rng) }
                if depth >= conversionDepth {
                    track.position = position
                    track.time += c.pathLength * inverseSpeed
                    convert(track, rng: &rng)
                    return false
                }
            }
        } else if let last = lineBuffer.elements.last {
            if last.pathLength > track.maxPathLength { return false }
            if lineBuffer.count > config.maximumTrackerCrossings {
                stats.stoppedInTracker += 1
                return false
            }
        }
        guard exit.isFinite, exit <= track.maxPathLength else {
            if !exit.isFinite { stats.stoppedInTracker += 1 }
            return false
        }
        track.position = origin + direction * exit
        track.time += exit * inverseSpeed
        return true
    }

    /// A photon converting into e⁺e⁻ at its position; the pair continues along its direction.
    mutating func convert(_ photon: Track, rng: inout RandomStream) {
        let share = MaterialEffects.conversionEnergySharing(rng: &rng)
        let me = MaterialEffects.electronMass
        let e = photon.energy
        for k in 0..<2 {
            let pdg = k == 0 ? 11 : -11, fraction = k == 0 ? share : 1 - share
            let energy = max(e * fraction, me * 1.0001)
            let p = (energy * energy - me * me).squareRoot()
            stack.append(Track(pdgID: pdg, species: .electron, charge: pdg > 0 ? -1 : 1, mass: me,
                               position: photon.position, direction: photon.direction, momentum: p, time: photon.time,
                               particle: photon.particle, isSecondary: true, maxPathLength: .infinity))
            stats.secondaries += 1
        }
    }
}
