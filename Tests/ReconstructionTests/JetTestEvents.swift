import EventModel
import Foundation
@testable import Reconstruction

/// Reproducible inputs for the jet tests.
enum JetTestEvents {
    /// Truth-jet inputs (status 1, no neutrinos, |η| < 4.9) of the 100 Pythia fixture events.
    static func fixtureInputs() throws -> [[FourVector]] {
        let select = TruthJetInputSelection()
        return try ReconstructionTestSupport.fixtureEvents().map { select($0).momenta }
    }

    /// The same events turned by `angle(k)` about the beam axis.
    static func rotated(_ events: [[FourVector]], angle: (Int) -> Double) -> [[FourVector]] {
        events.enumerated().map { k, event in
            let c = cos(angle(k)), s = sin(angle(k))
            return event.map { FourVector(px: c * $0.px - s * $0.py, py: s * $0.px + c * $0.py, pz: $0.pz, e: $0.e) }
        }
    }

    /// The same events boosted along z with velocity `beta(k)` (rapidities shift by atanh β).
    static func boosted(_ events: [[FourVector]], beta: (Int) -> Double) -> [[FourVector]] {
        events.enumerated().map { k, event in event.map { $0.boosted(by: Vector3(0, 0, beta(k))) } }
    }

    /// Random events from a fixed seed: multiplicities spread over every strategy range
    /// (0 … 2 500), pT with a power-law tail (pT = 0.4 GeV · u^−0.4, i.e. dN/dpT ∝ pT^−3.5),
    /// y uniform in ±4.5, pions or massless, plus a few collimated hard sprays as jets would be.
    static func random(count: Int, seed: UInt64 = 20_260_101) -> [[FourVector]] {
        (0..<count).map { k in
            var rng = RandomStream(seed: seed, event: UInt64(k), stage: .reconstruction)
            let n: Int
            switch k % 5 {
            case 0: n = Int(rng.uniform(0, 45))          // N2Plain at R = 0.4 and 1.0
            case 1: n = Int(rng.uniform(30, 400))        // N2Tiled
            case 2: n = Int(rng.uniform(400, 1000))      // N2Tiled / N2MinHeapTiled / lazy
            case 3: n = Int(rng.uniform(1000, 2500))     // N2MinHeapTiled / lazy
            default: n = Int(rng.uniform(0, 300))
            }
            var event: [FourVector] = []
            let sprays = Int(rng.uniform(0, 4))
            var axes: [(y: Double, phi: Double, pt: Double)] = []
            for _ in 0..<sprays { axes.append((rng.uniform(-3, 3), rng.uniform(-.pi, .pi), rng.uniform(20, 500))) }
            for i in 0..<n {
                let mass = rng.uniform01() < 0.7 ? 0.13957 : 0.0
                var pt = 0.4 * pow(max(rng.uniform01(), 1e-12), -0.4)
                var y = rng.uniform(-4.5, 4.5)
                var phi = rng.uniform(-.pi, .pi)
                if !axes.isEmpty && i % 3 == 0 {
                    let axis = axes[i % axes.count]
                    pt = axis.pt * rng.uniform01() * 0.3
                    y = axis.y + rng.gaussian(sigma: 0.15)
                    phi = axis.phi + rng.gaussian(sigma: 0.15)
                }
                let mt = (pt * pt + mass * mass).squareRoot()
                event.append(FourVector(px: pt * cos(phi), py: pt * sin(phi), pz: mt * sinh(y), e: mt * cosh(y)))
            }
            return event
        }
    }
}
