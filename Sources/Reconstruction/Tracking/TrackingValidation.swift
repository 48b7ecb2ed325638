import Foundation
import EventModel

/// Tracking and vertexing performance against generator truth, accumulated event by event
/// (used by `genreco validate tracking` and the tracking tests).
///
/// Definitions:
/// * **efficiency**: hard-scatter, stable, prompt (production point within 1 mm of the beam
///   line in r) charged pions with pT > 1 GeV and |η| < 2.5; found when some track has the
///   pion as its truth particle with a match fraction ≥ 0.5;
/// * **fake**: a track with pT > 1 GeV, |η| < 2.5 whose majority particle gives fewer than
///   half of its clusters (truth-match fraction < 0.5), or only noise;
/// * **resolutions** from single particles: σ of (pT − pT_true)/pT_true and of d0 − d0_true,
///   and pull widths (reco − true)/σ; σ is the r.m.s. of the core, iteratively clipped at 3σ;
/// * **hard-scatter vertex**: the first vertex (largest Σ pT²) against the generated primary z;
/// * **pile-up vertex efficiency**: pile-up collisions with ≥ 5 charged stable particles of
///   pT > 1 GeV and |η| < 2.5; found when some vertex's tracks come mostly from it.
public struct TrackingValidation: Sendable {
    public var fieldTesla: Double
    public var pionsTotal = 0
    public var pionsFound = 0
    public var tracksTotal = 0
    public var tracksFake = 0
    public var ptResiduals: [Double] = []
    public var d0Residuals: [Double] = []
    public var pulls: [[Double]] = Array(repeating: [], count: 5)
    /// z of vertex [0] (largest Σ pT²) minus the generated primary z.
    public var vertexZResiduals: [Double] = []
    /// z of the vertex whose tracks come mostly from the hard scatter minus the generated z.
    public var matchedVertexZResiduals: [Double] = []
    /// Events in which vertex [0] is the one matched to the hard scatter.
    public var hardScatterChosen = 0
    public var pileupVerticesTotal = 0
    public var pileupVerticesFound = 0
    public var events = 0

    public init(fieldTesla: Double) { self.fieldTesla = fieldTesla }

    /// Truth perigee of particle `index` (charged, with a production point), or nil.
    public func truthPerigee(_ event: GenEvent, particle index: Int) -> PerigeeParameters? {
        let p = event.particles[index]
        guard let thirds = ParticleTable.pdg2024.chargeThirds(of: p.pdgID), thirds != 0 else { return nil }
        let origin = p.productionVertex.map { event.resolvedPosition(ofVertex: $0) } ?? event.eventPosition
        return PerigeeParameters(position: origin.position, momentum: p.momentum.p3, charge: Double(thirds) / 3,
                                 fieldTesla: fieldTesla)
    }

    /// Which collision each particle belongs to: 0 the hard scatter, k the k-th pile-up one.
    public static func collisions(of event: GenEvent) -> (index: [Int], count: Int) {
        let hard = event.attribute("GenReco:hard_scatter_particles").flatMap { Int($0) } ?? event.particles.count
        var index = [Int](repeating: 0, count: event.particles.count)
        var starts: [(Int, Int)] = []
        for a in event.attributes where a.name == "GenReco:pileup" && a.owner < 0 {
            let v = -a.owner - 1
            guard v < event.vertices.count, let k = Int(a.value) else { continue }
            let members = Array(event.vertices[v].incoming) + event.vertices[v].outgoing
            if let first = members.min() { starts.append((first, k)) }
        }
        starts.sort { $0.0 < $1.0 }
        for (n, (first, k)) in starts.enumerated() {
            let end = n + 1 < starts.count ? starts[n + 1].0 : event.particles.count
            for i in max(first, hard)..<max(end, max(first, hard)) where i < index.count { index[i] = k }
        }
        return (index, starts.count + 1)
    }

    /// Efficiency, fakes and vertices of one event.
    public mutating func addEvent(_ event: GenEvent, tracks: [Track], vertices: [Vertex]) {
        events += 1
        let hard = event.attribute("GenReco:hard_scatter_particles").flatMap { Int($0) } ?? event.particles.count
        var matched = Set<Int32>()
        for t in tracks where t.truthMatchFraction >= 0.5 && t.truthParticle >= 0 { matched.insert(t.truthParticle) }
        for i in 0..<min(hard, event.particles.count) {
            let p = event.particles[i]
            guard p.status == 1, abs(p.pdgID) == 211, p.momentum.pt > 1, abs(p.momentum.eta) < 2.5 else { continue }
            let origin = p.productionVertex.map { event.resolvedPosition(ofVertex: $0) } ?? event.eventPosition
            guard origin.position.perp < 1 else { continue }
            pionsTotal += 1
            if matched.contains(Int32(i)) { pionsFound += 1 }
        }
        for t in tracks where t.pt > 1 && abs(t.eta) < 2.5 {
            tracksTotal += 1
            if t.truthMatchFraction < 0.5 || t.truthParticle < 0 { tracksFake += 1 }
        }

        let (collision, count) = Self.collisions(of: event)
        let truthZ = event.vertices.isEmpty ? 0 : event.resolvedPosition(ofVertex: 0).position.z
        if let pv = vertices.first, !event.vertices.isEmpty {
            vertexZResiduals.append(pv.position.z - truthZ)
        }
        // The hard-scatter vertex: most hard-scatter tracks (ties: the first).
        var bestVertex = -1, bestCount = 0
        for (k, v) in vertices.enumerated() {
            let n = v.tracks.reduce(0) { n, ti in
                let t = tracks[ti]
                return n + (t.truthParticle >= 0 && Int(t.truthParticle) < collision.count && collision[Int(t.truthParticle)] == 0 ? 1 : 0)
            }
            if n > bestCount { bestCount = n; bestVertex = k }
        }
        if bestVertex >= 0 {
            matchedVertexZResiduals.append(vertices[bestVertex].position.z - truthZ)
            if bestVertex == 0 { hardScatterChosen += 1 }
        }
        guard count > 1 else { return }
        var charged = [Int](repeating: 0, count: count)
        for (i, p) in event.particles.enumerated() where p.status == 1 && p.momentum.pt > 1 && abs(p.momentum.eta) < 2.5 {
            guard let q = ParticleTable.pdg2024.chargeThirds(of: p.pdgID), q != 0 else { continue }
            charged[collision[i]] += 1
        }
        var found = Set<Int>()
        for v in vertices {
            var votes: [Int: Int] = [:]
            for ti in v.tracks where ti < tracks.count {
                let t = tracks[ti]
                guard t.truthParticle >= 0, Int(t.truthParticle) < collision.count else { continue }
                votes[collision[Int(t.truthParticle)], default: 0] += 1
            }
            if let best = votes.max(by: { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }),
               2 * best.value > v.tracks.count {
                found.insert(best.key)
            }
        }
        for k in 1..<count where charged[k] >= 5 {
            pileupVerticesTotal += 1
            if found.contains(k) { pileupVerticesFound += 1 }
        }
    }

    /// Resolutions and pulls from a single-particle event: the best-matched track of particle 0.
    public mutating func addSingleParticle(_ event: GenEvent, tracks: [Track]) {
        events += 1
        guard let idx = event.particles.indices.first(where: { event.particles[$0].status == 1 }),
              let truth = truthPerigee(event, particle: idx) else { return }
        pionsTotal += 1
        guard let t = tracks.filter({ $0.truthParticle == Int32(idx) && $0.truthMatchFraction >= 0.5 })
            .max(by: { $0.clusters.count < $1.clusters.count }) else { return }
        pionsFound += 1
        let r = t.parameters
        ptResiduals.append((r.pt - truth.pt) / truth.pt)
        d0Residuals.append(r.d0 - truth.d0)
        let diffs = [r.d0 - truth.d0, r.z0 - truth.z0, wrapAngle(r.phi - truth.phi), r.theta - truth.theta, r.qOverP - truth.qOverP]
        for i in 0..<5 { pulls[i].append(diffs[i] / t.sigma(i)) }
        for t in tracks {
            tracksTotal += 1
            if t.truthMatchFraction < 0.5 || t.truthParticle < 0 { tracksFake += 1 }
        }
    }

    public var efficiency: Double { pionsTotal > 0 ? Double(pionsFound) / Double(pionsTotal) : .nan }
    public var fakeRate: Double { tracksTotal > 0 ? Double(tracksFake) / Double(tracksTotal) : .nan }
    public var pileupVertexEfficiency: Double {
        pileupVerticesTotal > 0 ? Double(pileupVerticesFound) / Double(pileupVerticesTotal) : .nan
    }

    /// r.m.s. of the core: iteratively clipped at 3σ around the mean (at most 10 passes).
    public static func coreSigma(_ values: [Double]) -> Double {
        var v = values.filter { $0.isFinite }
        guard v.count >= 2 else { return .nan }
        var sigma = Double.infinity
        for _ in 0..<10 {
            let mean = v.reduce(0, +) / Double(v.count)
            let s = (v.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(v.count - 1)).squareRoot()
            let kept = v.filter { abs($0 - mean) <= 3 * s }
            sigma = s
            if kept.count == v.count || kept.count < 2 { break }
            v = kept
        }
        return sigma
    }

    /// Statistical error of an r.m.s. from n Gaussian values: σ/√(2(n − 1)).
    public static func sigmaError(_ sigma: Double, count n: Int) -> Double { n > 1 ? sigma / (2 * Double(n - 1)).squareRoot() : .nan }
}
