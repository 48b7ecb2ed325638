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
    /// Three particles in each of 3 000 straws, given in shuffled order: a straw reads the
    /// nearest particle it detected, so with the card's efficiency ε = 0.96 the digit is the
    /// nearest particle's in ε, the second's in (1 − ε)ε, the third's in (1 − ε)²ε, none in
    /// (1 − ε)³ (binomial errors; tolerance 5σ). One digit per straw, in (layer, straw)
    /// order, its radius within 5 × 130 µm of its particle's distance.
    func testAStrawReadsTheNearestDetectedParticle() throws {
        let geometry = try XCTUnwrap(detector.strawGeometry)
        let efficiency = geometry.response.efficiency
        var rng = RandomStream(seed: 5, event: 0, stage: .simulation)
        var hits = SimHits()
        let straws = 3_000
        var distances: [[Float]] = []
        for k in 0..<straws {
            let layer = Int32(k % geometry.layerCount), straw = Int32(k / geometry.layerCount)
            let d = (0..<3).map { _ in Float(rng.uniform(0.05, 1.95)) }.sorted()
            distances.append(d)
            // Particle 3k + rank (rank 0 nearest), appended in a shuffled order.
            var order = [0, 1, 2]
            for j in stride(from: 2, to: 0, by: -1) { order.swapAt(j, Int(rng.uniform01() * Double(j + 1))) }
            for rank in order {
                hits.strawHits.append(StrawSimHit(layer: layer, straw: straw, distance: rank % 2 == 0 ? d[rank] : -d[rank],
                                                  alongWire: 0, time: 0, particle: Int32(3 * k + rank)))
            }
        }
        var digitRNG = RandomStream(seed: 5, event: 0, stage: Digitization.stage)
        let digits = Digitization(config: .noiseFree)(hits, in: detector, rng: &digitRNG).strawDigits
        XCTAssertEqual(digits, digits.sorted { ($0.layer, $0.straw) < ($1.layer, $1.straw) })
        XCTAssertEqual(Set(digits.map { Int($0.layer) << 32 | Int($0.straw) }).count, digits.count, "one digit per straw")
        var byRank = [0, 0, 0]
        for digit in digits {
            let k = Int(digit.truthParticle) / 3, rank = Int(digit.truthParticle) % 3
            XCTAssertEqual(Int32(k % geometry.layerCount), digit.layer)
            byRank[rank] += 1
            XCTAssertEqual(Double(digit.driftRadius), Double(distances[k][rank]),
                           accuracy: 5 * geometry.response.driftResolutionUM * 1e-3)
        }
        let n = Double(straws)
        let expected = [efficiency, (1 - efficiency) * efficiency, (1 - efficiency) * (1 - efficiency) * efficiency]
        for rank in 0..<3 {
            let p = expected[rank]
            XCTAssertEqual(Double(byRank[rank]), n * p, accuracy: 5 * (n * p * (1 - p)).squareRoot() + 1, "rank \(rank)")
        }
    }

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
