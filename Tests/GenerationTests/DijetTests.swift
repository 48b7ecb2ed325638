import EventModel
import Foundation
import XCTest
@testable import Generation

/// `dijet`: LO QCD 2 → 2 above p⊥-hat min (``DijetHardProcess``, ``QCDTwoToTwo``,
/// ``DijetGenerator``). The references: the matrix elements' textbook symmetries, a direct
/// numerical integration of the same d³σ/(dp⊥² dy₃ dy₄) with the same CTEQ5L PDF (for the
/// initial-state fractions and the p⊥-hat spectrum of the unweighted events), and the
/// generic check that the leading truth jet carries p⊥-hat. Statistical tolerances are 3
/// standard errors; the integration's own error (midpoint rule) is below 1 %.
final class DijetTests: XCTestCase {
    func dijetCard(pTHatMin: Double = 40) -> RunCard {
        var card = RunCard()
        card.generation.process = .dijet
        card.generation.pthatMinGeV = pTHatMin
        card.generation.beamspotSigmaZMM = 0
        card.generation.underlyingEvent = false
        return card
    }

    /// The table at 90° in the centre of mass (t̂ = û = −ŝ/2) against the values ESW Table 7.1
    /// lists beside the formulas (30.4, 2.22, 3.26, 0.222, 2.59, 1.04, 0.146, 6.11), e.g.
    /// g g → g g = (9/2)(3 − 1/4 + 2 + 2) = 30.375; and the t̂ ↔ û symmetry of identical final states.
    func testMatrixElementsAtNinetyDegrees() {
        let s = 1.0, t = -0.5, u = -0.5
        XCTAssertEqual(QCDTwoToTwo.matrixElement(.ggToGG, s: s, t: t, u: u), 30.375, accuracy: 1e-9)
        XCTAssertEqual(QCDTwoToTwo.matrixElement(.qqPrime, s: s, t: t, u: u), 20.0 / 9.0, accuracy: 1e-9)
        XCTAssertEqual(QCDTwoToTwo.matrixElement(.qqIdentical, s: s, t: t, u: u), 3.2593, accuracy: 1e-4)
        XCTAssertEqual(QCDTwoToTwo.matrixElement(.qqbarToQPrime, s: s, t: t, u: u), 0.2222, accuracy: 1e-4)
        XCTAssertEqual(QCDTwoToTwo.matrixElement(.qqbarToQqbar, s: s, t: t, u: u), 2.5926, accuracy: 1e-4)
        XCTAssertEqual(QCDTwoToTwo.matrixElement(.qqbarToGG, s: s, t: t, u: u), 1.0370, accuracy: 1e-4)
        XCTAssertEqual(QCDTwoToTwo.matrixElement(.ggToQQbar, s: s, t: t, u: u), 0.1458, accuracy: 1e-4)
        XCTAssertEqual(QCDTwoToTwo.matrixElement(.gqToGQ, s: s, t: t, u: u), 6.1111, accuracy: 1e-4)
        for (t, u) in [(-0.2, -0.8), (-0.7, -0.3)] {
            XCTAssertEqual(QCDTwoToTwo.matrixElement(.ggToGG, s: 1, t: t, u: u), QCDTwoToTwo.matrixElement(.ggToGG, s: 1, t: u, u: t), accuracy: 1e-9)
            XCTAssertEqual(QCDTwoToTwo.matrixElement(.qqIdentical, s: 1, t: t, u: u), QCDTwoToTwo.matrixElement(.qqIdentical, s: 1, t: u, u: t), accuracy: 1e-9)
        }
    }

    /// Shares of g g, q g (either order, q or q̄) and q q (q or q̄ both) initial states, and the
    /// share of events with p⊥-hat > 2 p⊥,min, in unweighted events against the integral of
    /// the same cross-section over ln p⊥ (p⊥,min … 22.6 p⊥,min; above: < 10⁻⁵ of σ) and y₃, y₄.
    /// The channel list (``QCDTwoToTwo/channels(f1:f2:s:t:u:into:)``) that picks each event's
    /// subprocess is checked against the grouped sums the integral uses.
    func testInitialStatesAndPTHatSpectrumAgreeWithDirectIntegration() throws {
        let generator = try DijetGenerator(card: dijetCard())
        let hard = generator.hard
        var integral = [0.0, 0.0, 0.0], aboveTwice = 0.0
        // ln p⊥ in steps of ln 2 / 8 from 40 GeV (so that 80 GeV is a bin edge) up to 905 GeV.
        let nPT = 36, nY = 44
        let step = log(2.0) / 8, yMax = hard.maxRapidity
        for i in 0..<nPT {
            let pT = 40 * exp((Double(i) + 0.5) * step)
            for j in 0..<nY {
                let y3 = -yMax + (Double(j) + 0.5) * 2 * yMax / Double(nY)
                for k in 0..<nY {
                    let y4 = -yMax + (Double(k) + 0.5) * 2 * yMax / Double(nY)
                    let parts = hard.differentialCrossSection(pT: pT, y3: y3, y4: y4)
                    let jacobian = 2 * pT * pT   // dp⊥² = 2 p⊥² d ln p⊥
                    integral[0] += parts.gg * jacobian
                    integral[1] += parts.qg * jacobian
                    integral[2] += parts.qq * jacobian
                    if i >= 8 { aboveTwice += (parts.gg + parts.qg + parts.qq) * jacobian }
                }
            }
        }
        let total = integral.reduce(0, +)
        let expected = integral.map { $0 / total }
        let expectedAbove = aboveTwice / total

        let n = 2000
        var counts = [0.0, 0.0, 0.0], above = 0.0, trials = 0
        var rng = RandomStream(seed: 5, event: 0, stage: .generation)
        for _ in 0..<n {
            let born = hard(rng: &rng)
            counts[Self.initialState(born.channel)] += 1
            if born.pTHatGeV > 80 { above += 1 }
            trials += born.trials
            XCTAssertGreaterThanOrEqual(born.pTHatGeV, 40)
        }
        print("dijet p⊥-hat > 40 GeV: gg/qg/qq = \(counts.map { $0 / Double(n) }) vs integral \(expected); "
              + "p⊥-hat > 80: \(above / Double(n)) vs \(expectedAbove); acceptance \(Double(n) / Double(trials)); σ ≈ \(hard.crossSectionMB) mb")
        for k in 0..<3 {
            let p = expected[k]
            XCTAssertEqual(counts[k] / Double(n), p, accuracy: 3 * (p * (1 - p) / Double(n)).squareRoot() + 0.01)
        }
        XCTAssertEqual(above / Double(n), expectedAbove,
                       accuracy: 3 * (expectedAbove * (1 - expectedAbove) / Double(n)).squareRoot() + 0.01)
        // Gluon-initiated scattering dominates at low p⊥-hat (ESW §7.3): g g + q g ≫ q q.
        XCTAssertGreaterThan(expected[0] + expected[1], 0.8)
    }

    func testChannelListAddsUpToTheGroupedSums() {
        let hard = DijetHardProcess(config: .init(sqrtSGeV: 13000, pTHatMinGeV: 40))
        var channels = [QCDTwoToTwo.Channel]()
        for (pT, y3, y4) in [(45.0, 0.3, -1.2), (120.0, 2.0, 1.5), (400.0, -0.4, 0.1)] {
            let total = hard.differentialCrossSection(pT: pT, y3: y3, y4: y4, channels: &channels)
            var grouped = [0.0, 0.0, 0.0]
            let sum = channels.reduce(0) { $0 + $1.weight }
            for ch in channels { grouped[Self.initialState(ch)] += ch.weight / sum * total }
            let parts = hard.differentialCrossSection(pT: pT, y3: y3, y4: y4)
            XCTAssertEqual(grouped[0], parts.gg, accuracy: 1e-12 * total)
            XCTAssertEqual(grouped[1], parts.qg, accuracy: 1e-12 * total)
            XCTAssertEqual(grouped[2], parts.qq, accuracy: 1e-12 * total)
        }
    }

    /// With the underlying event on, the extra scatterings join the same strings: the record
    /// still conserves charge and four-momentum over its stable particles.
    func testUnderlyingEventKeepsTheRecordBalanced() throws {
        var card = dijetCard()
        card.generation.underlyingEvent = true
        let generator = try DijetGenerator(card: card)
        XCTAssertNotNil(generator.underlyingEvent)
        // The first three events with at least one extra scattering.
        let mpi = try XCTUnwrap(generator.underlyingEvent)
        let withScatterings = (0..<200).filter { i in
            var rng = RandomStream(seed: card.run.seed, event: UInt64(i), stage: .underlyingEvent)
            return mpi.extraScatteringCount(rng: &rng) > 0
        }.prefix(3)
        XCTAssertEqual(withScatterings.count, 3)
        for i in withScatterings {
            let event = generator.generate(eventNumber: i)
            var charge = 0, sum = FourVector.zero
            for p in event.stableParticles {
                charge += try XCTUnwrap(ParticleTable.pdg2024.chargeThirds(of: p.pdgID), "unknown \(p.pdgID)")
                sum = sum + p.momentum
            }
            XCTAssertEqual(charge, 6)
            XCTAssertEqual(sum.e, 13000, accuracy: 0.5)
            XCTAssertEqual(sum.p3.mag, 0, accuracy: 0.5)
            XCTAssertGreaterThan(event.particles.filter { $0.status == 31 }.count, 0, "extra scatterings' initiators (event \(i))")
        }
    }

    static func initialState(_ ch: QCDTwoToTwo.Channel) -> Int {
        switch (ch.a == 21, ch.b == 21) {
        case (true, true): return 0
        case (false, false): return 2
        default: return 1
        }
    }

    /// Hadron level: the leading anti-kt R = 0.4 truth jet (stable particles but neutrinos,
    /// |η| < 4.9) carries p⊥-hat up to out-of-cone radiation and ISR recoil: its median ratio to
    /// p⊥-hat lies in 0.8–1.1 and 80 % of events are within ±40 %. Charge and four-momentum
    /// are conserved over the stable particles, and every event has weight 1.
    func testLeadingTruthJetTracksPTHat() throws {
        let generator = try XCTUnwrap(try EventGenerators.make(for: dijetCard(pTHatMin: 100)) as? DijetGenerator)
        var ratios = [Double]()
        for i in 0..<40 {
            let event = generator.generate(eventNumber: i)
            XCTAssertEqual(event.weights, [1.0])
            XCTAssertEqual(event.attribute(EventGenerators.processAttribute), "dijet")
            let pTHat = try XCTUnwrap(event.attribute(DijetGenerator.pTHatAttribute).flatMap(Double.init))
            XCTAssertGreaterThanOrEqual(pTHat, 100)
            var charge = 0, sum = FourVector.zero, inputs = [FourVector]()
            for p in event.stableParticles {
                charge += try XCTUnwrap(ParticleTable.pdg2024.chargeThirds(of: p.pdgID), "unknown \(p.pdgID)")
                sum = sum + p.momentum
                if ![12, 14, 16].contains(p.absPDGID), abs(p.momentum.eta) < 4.9 { inputs.append(p.momentum) }
            }
            XCTAssertEqual(charge, 6, "two protons")
            XCTAssertEqual(sum.e, 13000, accuracy: 0.5)
            XCTAssertEqual(sum.p3.mag, 0, accuracy: 0.5)
            let leading = ValidationJets.antiKt(inputs, r: 0.4).map(\.pt).max() ?? 0
            ratios.append(leading / pTHat)
        }
        ratios.sort()
        let median = ratios[ratios.count / 2]
        let within = Double(ratios.filter { abs($0 - 1) < 0.4 }.count) / Double(ratios.count)
        print("dijet: leading-jet p⊥ / p⊥-hat median \(median), within ±40 %: \(within)")
        XCTAssertGreaterThan(median, 0.8); XCTAssertLessThan(median, 1.1)
        XCTAssertGreaterThan(within, 0.8)
    }
}
