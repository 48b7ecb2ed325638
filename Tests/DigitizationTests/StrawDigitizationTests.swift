import Foundation
import XCTest
@testable import Digitization
import Simulation
import Detector
import EventModel

/// TRT straws from simulation to drift circles: the number of straws a prompt track passes,
/// the card's straw efficiency and drift-circle resolution, reproducibility.
final class StrawDigitizationTests: XCTestCase {
    let detector = Detector.atlasRun2

    func pion(_ n: Int, eta: Double) -> GenEvent {
        DetectorValidation.singleParticleEvent(pdgID: n % 2 == 0 ? 211 : -211, energy: 10 * cosh(eta), eta: eta,
                                               phi: -3 + 0.37 * Double(n), eventNumber: n)
    }

    func simulate(_ event: GenEvent) -> SimHits {
        var rng = RandomStream(seed: 11, event: UInt64(event.eventNumber), stage: Simulation.stage)
        return Simulation()(event, in: detector, rng: &rng)
    }

    func digitize(_ hits: SimHits) -> RawEvent {
        var rng = RandomStream(seed: 11, event: UInt64(hits.eventNumber), stage: Digitization.stage)
        return Digitization()(hits, in: detector, rng: &rng)
    }

    /// 10 GeV pions at |η| < 0.6 pass ≈ 73 × 4/6.8 ≈ 43 barrel straws (ATLAS: ≥ 36,
    /// S08003 §4.4), at η = 1.6 ≈ 30–45 end-cap straws; every hit inside its straw. The
    /// straws fire with the card's efficiency (0.96; ≈ 1 700 crossings, binomial σ ≈ 0.005,
    /// tolerance 0.015) and the drift radius minus the true distance has the card's
    /// 130 µm resolution (core r.m.s. of ≈ 1 600 values, ±2 %; tolerance ±8 % allows for the
    /// clipping at the wire and the wall).
    func testPionsPassStrawsAndDigitizeWithTheCardsResolution() {
        var crossings = 0, fired = 0
        var residuals: [Double] = []
        var barrelCounts: [Int] = []
        for n in 0..<40 {
            let eta = n < 36 ? -0.6 + 1.2 * Double(n) / 35 : 1.6
            let hits = simulate(pion(n, eta: eta))
            let own = hits.strawHits.filter { $0.particle == 0 }
            if n < 36 {
                barrelCounts.append(own.count)
            } else {
                XCTAssertGreaterThan(own.count, 25, "η = \(eta)")
                XCTAssertTrue(own.allSatisfy { !StrawGeometry(card: detector.card)!.isBarrel(layer: Int($0.layer)) || abs($0.alongWire) <= 712 })
            }
            XCTAssertTrue(hits.strawHits.allSatisfy { abs($0.distance) < 2 })
            let raw = digitize(hits)
            var byStraw: [Int64: StrawSimHit] = [:]
            for h in hits.strawHits {
                let key = Int64(h.layer) << 32 | Int64(h.straw)
                if let old = byStraw[key], abs(old.distance) <= abs(h.distance) { continue }
                byStraw[key] = h
            }
            crossings += byStraw.count
            fired += raw.strawDigits.count
            for d in raw.strawDigits {
                guard let h = byStraw[Int64(d.layer) << 32 | Int64(d.straw)] else { return XCTFail("a digit without a hit") }
                XCTAssertEqual(d.truthParticle, h.particle)
                XCTAssertTrue(d.driftRadius >= 0 && d.driftRadius <= 2)
                // Away from the wire and the wall, where the smearing is not clipped.
                if abs(h.distance) > 0.4 && abs(h.distance) < 1.6 { residuals.append(Double(d.driftRadius - abs(h.distance))) }
            }
            XCTAssertTrue(zip(raw.strawDigits, raw.strawDigits.dropFirst()).allSatisfy { ($0.layer, $0.straw) < ($1.layer, $1.straw) })
        }
        XCTAssertEqual(Double(barrelCounts.reduce(0, +)) / 36, 43, accuracy: 3)
        XCTAssertTrue(barrelCounts.allSatisfy { $0 >= 30 && $0 <= 60 }, "\(barrelCounts)")
        XCTAssertEqual(Double(fired) / Double(crossings), 0.96, accuracy: 0.015)
        let mean = residuals.reduce(0, +) / Double(residuals.count)
        let rms = (residuals.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(residuals.count - 1)).squareRoot()
        XCTAssertEqual(mean, 0, accuracy: 0.01)
        XCTAssertEqual(rms, 0.130, accuracy: 0.08 * 0.130)
    }

    /// Same seed, same digits; the straws change nothing else the simulation made (no
    /// material, no random draws): the silicon hits equal those of a card without the TRT.
    func testStrawsAreReproducibleAndLeaveTheRestUnchanged() throws {
        let event = pion(5, eta: 0.2)
        let a = digitize(simulate(event)), b = digitize(simulate(event))
        XCTAssertEqual(a.strawDigits, b.strawDigits)
        var card = DetectorCard.atlasRun2
        card.tracker.trt = nil
        let silicon = try Detector(card: card)
        var rng = RandomStream(seed: 11, event: 5, stage: Simulation.stage)
        let without = Simulation()(event, in: silicon, rng: &rng)
        XCTAssertTrue(without.strawHits.isEmpty)
        XCTAssertEqual(without.trackerHits, simulate(event).trackerHits)
        XCTAssertEqual(without.calorimeterDeposits, simulate(event).calorimeterDeposits)
    }

    /// Noise: Poisson(occupancy × straws) noise straws, truth −1, radius uniform in the straw.
    func testNoiseOccupancy() throws {
        var card = DetectorCard.atlasRun2
        card.tracker.trt!.response.noiseOccupancy = 0.01
        let noisy = try Detector(card: card)
        var rng = RandomStream(seed: 3, event: 1, stage: Digitization.stage)
        let raw = Digitization()(SimHits(), in: noisy, rng: &rng)
        let total = Double(StrawGeometry(card: card)!.totalStraws)
        // ≈ 3 200 expected: ±4σ.
        XCTAssertEqual(Double(raw.strawDigits.count), 0.01 * total, accuracy: 4 * (0.01 * total).squareRoot())
        XCTAssertTrue(raw.strawDigits.allSatisfy { $0.truthParticle == -1 })
        let meanRadius = raw.strawDigits.reduce(0.0) { $0 + Double($1.driftRadius) } / Double(raw.strawDigits.count)
        XCTAssertEqual(meanRadius, 1.0, accuracy: 0.05)
    }
}
