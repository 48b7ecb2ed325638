import Detector
import Digitization
import EventModel
import Foundation
import Output
import Reconstruction

/// Turns one event — its generator record, what the detector read out, and its
/// reconstruction — into the primitives of a ``DisplayScene``. Geometry lives
/// here (cell ids → η–φ tiles of their volumes, helices in the solenoid), drawing in Output.
struct DisplaySceneBuilder {
    let detector: Detector
    /// Charged generator particles below this pT are not drawn, GeV (they curl up in the
    /// tracker and hide everything else).
    var truthPtMinGeV = 0.5

    init(detector: Detector) {
        self.detector = detector
    }

    /// The scene of one event: truth (charged particles, LLP decays), the read-out (hits,
    /// cells, muon hits) and the reconstruction (tracks, jets with their variables and truth
    /// labels, muon segments, the primary vertex).
    func scene(event: GenEvent, raw: RawEvent, reco: ReconstructedEvent, title: String, caption: [String]) -> DisplayScene {
        let outline = DetectorOutline(detector)
        var scene = DisplayScene(title: title, caption: caption, outline: outline)
        scene.trackerHits = raw.trackerClusters.map { c in
            let surface = detector.trackerSurfaces[Int(c.surface)]
            let kind: DisplayHit.Kind = c.truthParticle < 0 ? .noise : (surface.technology == .pixel ? .pixel : .strip)
            return DisplayHit(position: c.position, kind: kind)
        }
        scene.muonHits = raw.muonDigits.map { DisplayHit(position: $0.position, kind: .muon) }
        scene.cells = cells(raw)
        scene.truthTracks = truthTracks(event)
        scene.vertices = vertices(event)
        scene.tracks = reco.tracks.enumerated().map { i, t in track(t, index: i) }
        scene.straws = straws(raw, tracks: reco.tracks)
        scene.jets = reco.jets.map { j in
            DisplayJet(eta: j.eta, phi: j.phi, radius: 0.4, energyGeV: j.momentum.e, ptGeV: j.pt,
                       logRatio: j.variables.logRatio, tracks: j.variables.nTracks2GeV, label: Self.name(j.truth.label))
        }
        scene.muonSegments = reco.segments.enumerated().map { i, s in
            DisplaySegment(position: s.position, direction: s.direction, lengthMM: 600,
                           label: String(format: "segment %d: station %d, t0 %.1f ns, χ²/ndf %.1f/%d", i, s.station, s.t0, s.chi2, s.ndf))
        }
        // The hard-scatter vertex: the largest Σ pT² (as in ATLAS).
        if let pv = reco.vertices.max(by: { $0.sumPt2 < $1.sumPt2 }) {
            scene.vertices.append(DisplayVertex(position: pv.position, kind: .primary,
                                                label: String(format: "reconstructed primary vertex: z %.2f mm, %d tracks",
                                                              pv.position.z, pv.tracks.count)))
        }
        return scene
    }

    static func name(_ c: TruthClass) -> String {
        switch c {
        case .qcd: "QCD"
        case .signal: "signal"
        case .bib: "BIB"
        }
    }

    /// A fitted track as its helix from the perigee (ATLAS convention: the perigee point is
    /// (−d0 sin φ, d0 cos φ, z0)) to the edge of the tracker.
    func track(_ t: Track, index: Int) -> DisplayTrack {
        let p = t.parameters
        let start = Vector3(-p.d0 * sin(p.phi), p.d0 * cos(p.phi), p.z0)
        let helix = Helix(position: start, momentum: p.momentum, charge: Double(p.charge), fieldTesla: detector.fieldTesla)
        return DisplayTrack(points: helixPoints(helix), ptGeV: p.pt, charge: p.charge,
                            label: String(format: "track %d: pT %.2f GeV, η %.2f, φ %.2f, d0 %.3f mm, z0 %.2f mm, %d pixel + %d strip hits",
                                          index, p.pt, p.eta, p.phi, p.d0, p.z0, t.pixelHits, t.stripHits))
    }

    // MARK: Straws

    /// The fired TRT straws: those a TRT-extended track's helix passes (within the straw
    /// radius) placed at the crossing, then the other barrel straws at their wires. The
    /// helix is the refitted perigee's, without the material the fit followed: close enough
    /// to tell which fired straws the track went through, not a list of the fit's hits (the
    /// track keeps only their number). End-cap straws off tracks are left out: their wires
    /// are radial, and without a track nothing says where along one the particle passed.
    func straws(_ raw: RawEvent, tracks: [Track]) -> [DisplayStraw] {
        guard !raw.strawDigits.isEmpty, let geometry = detector.strawGeometry else { return [] }
        func key(_ layer: Int32, _ straw: Int32) -> Int64 { Int64(layer) << 32 | Int64(straw) }
        let fired = Set(raw.strawDigits.map { key($0.layer, $0.straw) })
        var onTrack: Set<Int64> = []
        var out: [DisplayStraw] = []
        var crossings: [StrawCrossing] = []
        for t in tracks where t.trtHits > 0 {
            let p = t.parameters
            let start = Vector3(-p.d0 * sin(p.phi), p.d0 * cos(p.phi), p.z0)
            let helix = Helix(position: start, momentum: p.momentum, charge: Double(p.charge), fieldTesla: detector.fieldTesla)
            crossings.removeAll(keepingCapacity: true)
            geometry.appendCrossings(of: helix, maxPath: 2500, into: &crossings)
            for c in crossings {
                let k = key(c.layer, c.straw)
                guard fired.contains(k), onTrack.insert(k).inserted else { continue }
                out.append(DisplayStraw(position: c.position, onTrack: true))
            }
        }
        for d in raw.strawDigits where geometry.isBarrel(layer: Int(d.layer)) && !onTrack.contains(key(d.layer, d.straw)) {
            let r = geometry.barrelRadii[Int(d.layer)], phi = geometry.wirePhi(layer: Int(d.layer), straw: Int(d.straw))
            out.append(DisplayStraw(position: Vector3(r * cos(phi), r * sin(phi), 0), onTrack: false))
        }
        return out
    }

    // MARK: Cells

    /// The r–z boxes of each card volume, by side (0: z > 0 or unmirrored, 1: z < 0).
    private var boxesByVolume: [[RZBox]] {
        var out = [[RZBox]](repeating: [], count: detector.card.calorimeter.volumes.count)
        for b in detector.calorimeterBoxes { out[b.volume].append(b) }
        return out
    }

    func cells(_ raw: RawEvent) -> [DisplayCell] {
        let boxes = boxesByVolume
        let volumes = detector.card.calorimeter.volumes
        return raw.calorimeterCells.compactMap { digit in
            guard Int(digit.cell) < detector.cells.count else { return nil }
            let c = detector.cells.cell(digit.cell)
            let vbox = boxes[c.volume]
            guard let box = vbox.count == 2 ? (c.side == 0 ? vbox.first { $0.side > 0 } : vbox.first { $0.side < 0 }) : vbox.first
            else { return nil }
            let v = volumes[c.volume]
            let suffix = box.side > 0 ? "A" : box.side < 0 ? "C" : ""
            let volume = DetectorOutline.Volume(name: v.name + suffix, kind: DetectorOutline.kind(v.kind), rMinMM: box.rMin,
                                                rMaxMM: box.rMax, zMinMM: box.zMin, zMaxMM: box.zMax)
            return DisplayCell(volume: volume, etaMin: c.eta - c.deltaEta / 2, etaMax: c.eta + c.deltaEta / 2,
                               phiMin: c.phi - c.deltaPhi / 2, phiMax: c.phi + c.deltaPhi / 2, energyGeV: Double(digit.energy) / GeV)
        }
    }

    // MARK: Truth

    /// Charged stable generator particles as helices in the solenoid, from their production
    /// vertex to the edge of the tracker.
    func truthTracks(_ event: GenEvent) -> [DisplayTrack] {
        let pUnit = event.momentumUnit.inGeV, lUnit = event.lengthUnit.inMM
        var out: [DisplayTrack] = []
        for (i, p) in event.particles.enumerated() where p.status == 1 {
            guard let thirds = ParticleTable.pdg2024.chargeThirds(of: p.pdgID), thirds != 0 else { continue }
            let momentum = p.momentum.p3 * pUnit
            guard momentum.perp >= truthPtMinGeV, momentum.perp.isFinite else { continue }
            let origin = (p.productionVertex.map { event.resolvedPosition(ofVertex: $0) } ?? event.eventPosition).position * lUnit
            let helix = Helix(position: origin, momentum: momentum, charge: Double(thirds) / 3, fieldTesla: detector.fieldTesla)
            let points = helixPoints(helix)
            guard points.count >= 2 else { continue }
            out.append(DisplayTrack(points: points, ptGeV: momentum.perp, charge: thirds > 0 ? 1 : -1,
                                    label: String(format: "particle %d (PDG %d): pT %.2f GeV, η %.2f", i, p.pdgID, momentum.perp, momentum.eta)))
        }
        return out
    }

    /// Points every 10 mm of path until the helix leaves the tracker envelope (at most 2.5 m of path).
    func helixPoints(_ helix: Helix) -> [Vector3] {
        var points: [Vector3] = []
        var s = 0.0
        while s < 2500 {
            let q = helix.point(at: s).position
            guard detector.isInsideTracker(q) else {
                if !points.isEmpty { points.append(q) }
                break
            }
            points.append(q)
            s += 10
        }
        return points
    }

    /// The primary vertex and every long-lived scalar (PDG 35, last copy) that decayed.
    func vertices(_ event: GenEvent) -> [DisplayVertex] {
        let lUnit = event.lengthUnit.inMM
        var out = [DisplayVertex(position: event.eventPosition.position * lUnit, kind: .primary, label: "primary vertex")]
        for i in event.particleIndices(withAbsPDGID: 35) {
            let p = event.particles[i]
            if event.children(of: i).contains(where: { event.particles[$0].absPDGID == 35 }) { continue }
            guard let end = p.endVertex else { continue }
            let decay = event.resolvedPosition(ofVertex: end).position * lUnit
            let origin = (p.productionVertex.map { event.resolvedPosition(ofVertex: $0) } ?? event.eventPosition).position * lUnit
            let d = decay - origin
            out.append(DisplayVertex(position: decay, origin: origin, kind: .llpDecay,
                                     label: String(format: "LLP Lxy %.2f m, Lz %.2f m", d.perp / 1000, d.z / 1000)))
        }
        return out
    }
}
