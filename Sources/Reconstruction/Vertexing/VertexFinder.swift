import Foundation
import EventModel

/// Iterative primary-vertex finder (the scheme of ATLAS's iterative vertex finder,
/// ATL-PHYS-PUB-2015-026, with a least-squares fit instead of the adaptive one):
///
/// 1. seed at the densest z of the unused tracks' z0 (most tracks within ± `seedWindowMM`);
/// 2. fit (x, y, z) to the tracks compatible with the seed, using each track's (d0, z0)
///    and their 2 × 2 covariance, linearised about the beam line
///    (d0 ≈ x sin φ − y cos φ, z0 ≈ z − (x cos φ + y sin φ) cot θ), with the transverse
///    beam-spot constraint;
/// 3. remove the worst track while its χ² exceeds `maxTrackChi2`, refit;
/// 4. keep the vertex if it has ≥ `minTracks` tracks, take them out of the pool, repeat.
///
/// Vertices come back sorted by Σ pT², largest first: [0] is the hard scatter.
public struct VertexFinder: Sendable {
    public var config: VertexingConfig

    public init(config: VertexingConfig = VertexingConfig()) {
        self.config = config
    }

    /// A track as the fit sees it.
    struct Input {
        var index: Int
        var d0: Double, z0: Double
        var sinPhi: Double, cosPhi: Double, cotTheta: Double
        /// Inverse of the (d0, z0) covariance.
        var w00: Double, w01: Double, w11: Double
        var sigmaZ0: Double
        var pt: Double
    }

    public func callAsFunction(_ tracks: [Track]) -> [Vertex] {
        var pool: [Input] = []
        for (i, t) in tracks.enumerated() {
            let p = t.parameters
            guard t.covariance.count == 25, abs(p.d0) <= config.maxTrackD0mm, t.pt >= config.minTrackPtGeV,
                  p.d0.isFinite, p.z0.isFinite else { continue }
            let c00 = t.covariance[0], c01 = t.covariance[1], c11 = t.covariance[6]
            let det = c00 * c11 - c01 * c01
            guard det > 0, det.isFinite, c00 > 0 else { continue }
            pool.append(Input(index: i, d0: p.d0, z0: p.z0, sinPhi: sin(p.phi), cosPhi: cos(p.phi), cotTheta: 1 / tan(p.theta),
                              w00: c11 / det, w01: -c01 / det, w11: c00 / det, sigmaZ0: c11.squareRoot(), pt: t.pt))
        }
        pool.sort { $0.z0 != $1.z0 ? $0.z0 < $1.z0 : $0.index < $1.index }
        var vertices: [Vertex] = []
        while pool.count >= config.minTracks {
            guard let seedZ = densestZ(pool) else { break }
            var members: [Int] = []
            for (k, t) in pool.enumerated() {
                let s = (t.sigmaZ0 * t.sigmaZ0 + pow(config.seedWindowMM / 3, 2)).squareRoot()
                if abs(t.z0 - seedZ) <= config.associationSigmas * s { members.append(k) }
            }
            var fit = self.fit(members.map { pool[$0] })
            while let f = fit, let worst = f.chi2s.indices.max(by: { f.chi2s[$0] < f.chi2s[$1] }),
                  f.chi2s[worst] > config.maxTrackChi2, members.count > config.minTracks {
                members.remove(at: worst)
                fit = self.fit(members.map { pool[$0] })
            }
            guard let f = fit, members.count >= config.minTracks else {
                // No vertex here: drop the seed's tracks from the seeding pool so the loop ends.
                let drop = Set(members.isEmpty ? [pool.indices.min(by: { abs(pool[$0].z0 - seedZ) < abs(pool[$1].z0 - seedZ) })!] : members)
                pool = pool.enumerated().filter { !drop.contains($0.offset) }.map(\.element)
                continue
            }
            let used = members.map { pool[$0] }
            vertices.append(Vertex(position: f.position, covariance: f.covariance, chi2: f.chi2s.reduce(0, +),
                                   ndf: 2 * used.count - 3, tracks: used.map(\.index).sorted(),
                                   sumPt2: used.reduce(0) { $0 + $1.pt * $1.pt }))
            let drop = Set(members)
            pool = pool.enumerated().filter { !drop.contains($0.offset) }.map(\.element)
        }
        vertices.sort { $0.sumPt2 != $1.sumPt2 ? $0.sumPt2 > $1.sumPt2 : $0.position.z < $1.position.z }
        return vertices
    }

    /// The z0 with the most tracks within ± `seedWindowMM` (pool sorted by z0); the median
    /// z0 of those tracks.
    func densestZ(_ pool: [Input]) -> Double? {
        guard !pool.isEmpty else { return nil }
        var best = 0, bestLo = 0, bestHi = 0
        var lo = 0
        for hi in pool.indices {
            while pool[hi].z0 - pool[lo].z0 > 2 * config.seedWindowMM { lo += 1 }
            if hi - lo + 1 > best { best = hi - lo + 1; bestLo = lo; bestHi = hi }
        }
        return pool[(bestLo + bestHi) / 2].z0
    }

    struct Fit {
        var position: Vector3
        var covariance: [Double]
        var chi2s: [Double]
    }

    /// Linear least squares for (x, y, z): the model is linear in the vertex position for
    /// straight tracks near the beam line, so one pass is exact to O(d0 · curvature).
    func fit(_ tracks: [Input]) -> Fit? {
        guard !tracks.isEmpty else { return nil }
        // Normal equations A p = b for p = (x, y, z); beam-spot constraint on x and y.
        let wBeam = 1 / (config.beamSpotSigmaXYmm * config.beamSpotSigmaXYmm)
        var a = [Double](repeating: 0, count: 9), b = [Double](repeating: 0, count: 3)
        a[0] = wBeam; a[4] = wBeam
        for t in tracks {
            // Residual model: m = (d0, z0), m = H p with
            // H = [[sinφ, −cosφ, 0], [−cosφ cotθ, −sinφ cotθ, 1]].
            let h0 = [t.sinPhi, -t.cosPhi, 0.0]
            let h1 = [-t.cosPhi * t.cotTheta, -t.sinPhi * t.cotTheta, 1.0]
            for i in 0..<3 {
                // (Hᵀ W)_i = h0_i (w00, w01) + h1_i (w01, w11)
                let r0 = h0[i] * t.w00 + h1[i] * t.w01
                let r1 = h0[i] * t.w01 + h1[i] * t.w11
                for j in 0..<3 { a[i * 3 + j] += r0 * h0[j] + r1 * h1[j] }
                b[i] += r0 * t.d0 + r1 * t.z0
            }
        }
        guard let inv = invert3(a) else { return nil }
        var p = [0.0, 0.0, 0.0]
        for i in 0..<3 { for j in 0..<3 { p[i] += inv[i * 3 + j] * b[j] } }
        guard p.allSatisfy(\.isFinite) else { return nil }
        let chi2s = tracks.map { t -> Double in
            let r0 = t.d0 - (t.sinPhi * p[0] - t.cosPhi * p[1])
            let r1 = t.z0 - (p[2] - (t.cosPhi * p[0] + t.sinPhi * p[1]) * t.cotTheta)
            return r0 * r0 * t.w00 + 2 * r0 * r1 * t.w01 + r1 * r1 * t.w11
        }
        return Fit(position: Vector3(p[0], p[1], p[2]), covariance: inv, chi2s: chi2s)
    }

    func invert3(_ m: [Double]) -> [Double]? {
        let c00 = m[4] * m[8] - m[5] * m[7], c01 = m[5] * m[6] - m[3] * m[8], c02 = m[3] * m[7] - m[4] * m[6]
        let det = m[0] * c00 + m[1] * c01 + m[2] * c02
        guard det != 0, det.isFinite else { return nil }
        let d = 1 / det
        return [c00 * d, (m[2] * m[7] - m[1] * m[8]) * d, (m[1] * m[5] - m[2] * m[4]) * d,
                c01 * d, (m[0] * m[8] - m[2] * m[6]) * d, (m[2] * m[3] - m[0] * m[5]) * d,
                c02 * d, (m[1] * m[6] - m[0] * m[7]) * d, (m[0] * m[4] - m[1] * m[3]) * d]
    }
}
