import Foundation
import EventModel

/// **Validation only**: anti-kt jets (M. Cacciari, G. P. Salam, G. Soyez, JHEP 04 (2008) 063,
/// arXiv:0802.1189) with E-scheme recombination and ΔR² = Δy² + Δφ², by the plain O(N²)
/// nearest-neighbour algorithm, to compute the reference's truth-jet observables without
/// depending on the Reconstruction module's FastJet-exact implementation. Not for physics
/// use: no tie-breaking rules, no FastJet conventions beyond the distance.
enum ValidationJets {
    /// Jets of radius `r` from `inputs` (four-momenta), any order.
    static func antiKt(_ inputs: [FourVector], r: Double) -> [FourVector] {
        var p = inputs
        var y = p.map { $0.rapidity }, phi = p.map { $0.phi }, kt2 = p.map { 1 / max($0.pt2, 1e-300) }
        var alive = [Bool](repeating: true, count: p.count)
        var jets = [FourVector]()
        let r2 = r * r
        var nn = [Int](repeating: -1, count: p.count), nnDist = [Double](repeating: .infinity, count: p.count)
        func dist(_ i: Int, _ j: Int) -> Double {
            let dy = y[i] - y[j]
            var dp = abs(phi[i] - phi[j])
            if dp > Double.pi { dp = 2 * Double.pi - dp }
            return (dy * dy + dp * dp) / r2
        }
        func update(_ i: Int) {
            nn[i] = -1; nnDist[i] = .infinity
            for j in p.indices where alive[j] && j != i {
                let d = dist(i, j)
                if d < nnDist[i] { nnDist[i] = d; nn[i] = j }
            }
        }
        for i in p.indices { update(i) }
        var remaining = p.count
        while remaining > 0 {
            var best = -1, bestD = Double.infinity, isBeam = true
            for i in p.indices where alive[i] {
                let dB = kt2[i]
                if dB < bestD { bestD = dB; best = i; isBeam = true }
                if nn[i] >= 0 {
                    let d = min(kt2[i], kt2[nn[i]]) * nnDist[i]
                    if d < bestD { bestD = d; best = i; isBeam = false }
                }
            }
            if isBeam {
                jets.append(p[best]); alive[best] = false; remaining -= 1
                for i in p.indices where alive[i] && nn[i] == best { update(i) }
            } else {
                let j = nn[best]
                p[best] = p[best] + p[j]
                y[best] = p[best].rapidity; phi[best] = p[best].phi; kt2[best] = 1 / max(p[best].pt2, 1e-300)
                alive[j] = false; remaining -= 1
                for i in p.indices where alive[i] && (nn[i] == j || nn[i] == best || i == best) { update(i) }
                // Others may now have `best` as a closer neighbour.
                for i in p.indices where alive[i] && i != best {
                    let d = dist(i, best)
                    if d < nnDist[i] { nnDist[i] = d; nn[i] = best }
                }
            }
        }
        return jets
    }
}
