import Foundation
import XCTest
import EventModel
@testable import Generation

/// The final-state shower's first branching follows the Sudakov form factor of its own
/// branching density over its own physical phase space: the veto algorithm's result,
/// whatever overestimate (z range, bands in p⊥²) it draws its trials from.
///
/// Reference: a numerical integration, independent of the shower's sampling, of
///
///     P(first branching above p⊥) = 1 − exp(−Σ_ends ∫_{p⊥²}^{M²/4} (dt/t) (α_s(t)/2π) ∫ dz P(z)),
///
/// with α_s of ``ShowerCoupling``, the kernels of ``FinalStateShower`` (q → q g: C_F (1 + z²)/(1 − z);
/// g → g g per end: (C_A/2)(1 + z³)/(1 − z); g → q q̄ per end and flavour:
/// (T_R/2)(z² + (1 − z)² + 2m²/q²)) and the z range where the branching fits the dipole:
/// for a massless radiator and recoiler, with q² = t/(z(1 − z)) and i* → i′ j along the
/// radiator in the dipole frame, |1 − 2z| < β* (M² − q²)/(M² + q²), β* = √(1 − 4m²/q²) for
/// g → q q̄ of mass m (1 for massless products). This is the region the shower's exact
/// kinematics accept (|cos θ*| < 1), written out here from two-body kinematics.
///
/// Tolerance: 4 binomial standard deviations of the observed fraction (20 000 showers
/// each), plus 0.005 for the integration.
final class ShowerSudakovTests: XCTestCase {
    static let events = 20_000

    /// A back-to-back pair of massless partons of total mass `m` (GeV).
    func pair(_ a: (id: Int, colour: Int32, anticolour: Int32), _ b: (id: Int, colour: Int32, anticolour: Int32),
              mass m: Double) -> [ShowerParton] {
        [ShowerParton(pdgID: a.id, colour: a.colour, anticolour: a.anticolour,
                      momentum: FourVector(px: 0, py: 0, pz: m / 2, e: m / 2), massGeV: 0),
         ShowerParton(pdgID: b.id, colour: b.colour, anticolour: b.anticolour,
                      momentum: FourVector(px: 0, py: 0, pz: -m / 2, e: m / 2), massGeV: 0)]
    }

    /// The first branching of `events` showers of `partons`: its evolution p⊥ (0: none) and
    /// whether it was a g → q q̄.
    func firstBranchings(_ partons: [ShowerParton]) -> [(pT: Double, split: Bool)] {
        var config = FinalStateShower.Config()
        config.maxBranchings = 1
        let shower = FinalStateShower(config: config)
        return (0..<Self.events).map { n in
            var rng = RandomStream(seed: 4711, event: UInt64(n), stage: .generation)
            var p = partons
            guard shower(&p, rng: &rng) == 1 else { return (0, false) }
            return (p[2].pTMaxGeV, p[2].pdgID != 21)
        }
    }

    /// Σ over the ends of the branching density per unit ln t at t, split into emission and
    /// g → q q̄ (the latter 0 for quark radiators). `gluonEnds`, `quarkEnds`: how many ends
    /// of each kind radiate in the dipole of mass² `m2`.
    func density(_ t: Double, m2: Double, gluonEnds: Int, quarkEnds: Int, coupling: ShowerCoupling) -> (emit: Double, split: Double) {
        let a = t / m2
        guard a < 0.25 else { return (0, 0) }
        let z1 = a.squareRoot(), z2 = 1 - z1
        let alpha = coupling(t) / (2 * Double.pi)
        // Antiderivatives of (1 + z²)/(1 − z) and (1 + z³)/(1 − z).
        func fq(_ z: Double) -> Double { -z - z * z / 2 - 2 * log(1 - z) }
        func fg(_ z: Double) -> Double { -z * z * z / 3 - z * z / 2 - z - 2 * log(1 - z) }
        let emit = Double(quarkEnds) * (4.0 / 3.0) * (fq(z2) - fq(z1)) + Double(gluonEnds) * 1.5 * (fg(z2) - fg(z1))
        var split = 0.0
        if gluonEnds > 0 {
            // Midpoint rule over z for each flavour, inside its region.
            let n = 400
            for flavour in 1...5 {
                let mq = PartonMasses.kinematic(flavour)
                var sum = 0.0
                for k in 0..<n {
                    let z = (Double(k) + 0.5) / Double(n)
                    let q2 = t / (z * (1 - z))
                    guard q2 > 4 * mq * mq, q2 < m2 else { continue }
                    let beta = (m2 - q2) / (m2 + q2) * (1 - 4 * mq * mq / q2).squareRoot()
                    guard abs(1 - 2 * z) < beta else { continue }
                    sum += 0.25 * (z * z + (1 - z) * (1 - z) + 2 * mq * mq / q2)
                }
                split += Double(gluonEnds) * sum / Double(n)
            }
        }
        return (alpha * emit, alpha * split)
    }

    /// P(first branching above each of `cuts`) and P(it is a g → q q̄), from the integral
    /// from M²/4 down to the shower's cut-off.
    func expected(m: Double, gluonEnds: Int, quarkEnds: Int, cuts: [Double]) -> (above: [Double], split: Double) {
        let shower = FinalStateShower()
        let tMin = shower.config.pTMinGeV * shower.config.pTMinGeV, tMax = m * m / 4
        let steps = 4000
        let h = log(tMax / tMin) / Double(steps)
        var sudakov = 0.0, splitProbability = 0.0
        var above = [Double](repeating: 0, count: cuts.count)
        for s in 0..<steps {
            let l = log(tMax) - (Double(s) + 0.5) * h
            let t = exp(l)
            let d = density(t, m2: m * m, gluonEnds: gluonEnds, quarkEnds: quarkEnds, coupling: shower.coupling)
            let total = d.emit + d.split
            // The probability of a first branching in this step, after none above.
            let here = exp(-sudakov) * (1 - exp(-total * h))
            splitProbability += total > 0 ? here * d.split / total : 0
            sudakov += total * h
            for (c, cut) in cuts.enumerated() where t > cut * cut { above[c] = 1 - exp(-sudakov) }
        }
        return (above, splitProbability)
    }

    func check(_ partons: [ShowerParton], m: Double, gluonEnds: Int, quarkEnds: Int, cuts: [Double],
               file: StaticString = #filePath, line: UInt = #line) {
        let found = firstBranchings(partons)
        let reference = expected(m: m, gluonEnds: gluonEnds, quarkEnds: quarkEnds, cuts: cuts)
        let n = Double(found.count)
        for (c, cut) in cuts.enumerated() {
            let p = Double(found.filter { $0.pT > cut }.count) / n
            let sigma = (max(reference.above[c] * (1 - reference.above[c]), 1e-4) / n).squareRoot()
            print(String(format: "M = %.0f GeV, first branching above p⊥ = %.1f GeV: %.4f (integral %.4f)", m, cut, p, reference.above[c]))
            XCTAssertEqual(p, reference.above[c], accuracy: 4 * sigma + 0.005, "p⊥ > \(cut) GeV", file: file, line: line)
        }
        let split = Double(found.filter { $0.split }.count) / n
        let sigma = (max(reference.split * (1 - reference.split), 1e-4) / n).squareRoot()
        print(String(format: "M = %.0f GeV, first branching a g → q q̄: %.4f (integral %.4f)", m, split, reference.split))
        XCTAssertEqual(split, reference.split, accuracy: 4 * sigma + 0.005, "g → q q̄", file: file, line: line)
    }

    /// A light q q̄ dipole: two quark ends.
    func testQuarkPairFirstEmission() {
        for m in [20.0, 200.0] {
            check(pair((2, 1, 0), (-2, 0, 1), mass: m), m: m, gluonEnds: 0, quarkEnds: 2, cuts: [1, 3, 8, 0.25 * m])
        }
    }

    /// A closed g g loop: four gluon ends, with g → g g and g → q q̄ (c and b with their masses).
    func testGluonLoopFirstBranching() {
        let m = 60.0
        check(pair((21, 1, 2), (21, 2, 1), mass: m), m: m, gluonEnds: 4, quarkEnds: 0, cuts: [1, 3, 8, 20])
    }
}
