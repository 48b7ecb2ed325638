import Foundation
import XCTest
@testable import Digitization
import Simulation
import Detector
import EventModel

/// The digitization stage: calorimeter noise (sparse but present everywhere), ADC,
/// tracker clusters and muon digits.
final class DigitizationTests: XCTestCase {
    let detector = Detector.atlasRun2

    func digitize(_ hits: SimHits, config: Digitization.Config = Digitization.Config(), event: UInt64 = 0) -> RawEvent {
        var rng = RandomStream(seed: 7, event: event, stage: Digitization.stage)
        return Digitization(config: config)(hits, in: detector, rng: &rng)
    }

    func simulate(_ event: GenEvent) -> SimHits {
        var rng = RandomStream(seed: 7, event: UInt64(event.eventNumber), stage: Simulation.stage)
        return Simulation()(event, in: detector, rng: &rng)
    }

    func single(_ pdg: Int, _ e: Double, eta: Double, phi: Double = 0.4) -> GenEvent {
        DetectorValidation.singleParticleEvent(pdgID: pdg, energy: e, eta: eta, phi: phi, eventNumber: 3)
    }

    /// Noise exists in every cell: with a 2σ storage threshold an empty event stores the
    /// cells whose quantised |E| exceeds 2σ — P(|x| > 2) = 4.55 % for a Gaussian, a little
    /// less after ADC rounding ((n − ½)·LSB thresholds) — spread over every region, symmetric
    /// about zero, and ≈ P(|x| > 3)/P(|x| > 2) = 5.9 % of them beyond 3σ.
    func testEmptyEventStoresTheExpectedNoiseCells() {
        let raw = digitize(SimHits())
        var expected = 0.0
        for (k, region) in detector.cells.regions.enumerated() {
            let sigma = detector.cells.noiseMeV(region: k, mu: 0) * MeV
            let lsb = detector.card.calorimeter.volumes[region.volume].adcLSBMeV * MeV
            let t = Digitization.analogueThreshold(sigmas: 2, sigma: sigma, lsb: lsb) / sigma
            expected += Double(2 * region.cellCount) * erfc(t / 2.0.squareRoot())
        }
        XCTAssertEqual(expected / Double(detector.cells.count), erfc(2 / 2.0.squareRoot()), accuracy: 0.01)
        XCTAssertEqual(Double(raw.calorimeterCells.count), expected, accuracy: 5 * expected.squareRoot())
        XCTAssertEqual(raw.stats.noiseCells, raw.calorimeterCells.count)
        var beyond3 = 0, positive = 0
        var regionsSeen = Set<Int>()
        for c in raw.calorimeterCells {
            let k = detector.cells.regionIndex(of: c.cell)
            regionsSeen.insert(k)
            let sigma = detector.cells.noiseMeV(region: k, mu: 0) * MeV
            XCTAssertGreaterThan(abs(Double(c.energy)), 2 * sigma * 0.999)
            if abs(Double(c.energy)) > 3 * sigma { beyond3 += 1 }
            if c.energy > 0 { positive += 1 }
            XCTAssertLessThanOrEqual(abs(c.time), 12.5)
        }
        XCTAssertEqual(regionsSeen.count, detector.cells.regions.count)
        let n = Double(raw.calorimeterCells.count)
        XCTAssertEqual(Double(beyond3) / n, 0.0027 / 0.0455, accuracy: 0.015)
        XCTAssertEqual(Double(positive) / n, 0.5, accuracy: 0.02)
        // Sorted, no duplicates.
        XCTAssertTrue(zip(raw.calorimeterCells, raw.calorimeterCells.dropFirst()).allSatisfy { $0.cell < $1.cell })
    }

    /// A pure-noise cell's time is uniform in ± half the 25 ns bunch spacing (the card's
    /// default `noiseCellTimeHalfWidthNS` = 12.5 ns), drawn from 15 bits (steps of 0.8 ps):
    /// over the noise cells of four empty events (≈ 33 000), χ² in 50 bins of 0.5 ns below
    /// its mean + 6σ, the mean 0 and the variance 25²/12 ns² within 5σ, every time inside.
    func testNoiseCellTimesAreUniformInHalfABunch() {
        var times: [Double] = []
        for event in UInt64(0)..<4 { times += digitize(SimHits(), event: event).calorimeterCells.map { Double($0.time) } }
        let n = Double(times.count)
        XCTAssertGreaterThan(n, 30_000)
        XCTAssertTrue(times.allSatisfy { abs($0) < 12.5 })
        var bins = [Int](repeating: 0, count: 50)
        for t in times { bins[min(Int((t + 12.5) / 0.5), 49)] += 1 }
        let expected = n / 50
        let chi2 = bins.reduce(0.0) { $0 + (Double($1) - expected) * (Double($1) - expected) / expected }
        XCTAssertLessThan(chi2, 49 + 6 * (2 * 49.0).squareRoot())
        let mean = times.reduce(0, +) / n
        let variance = times.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n
        let uniformVariance = 25.0 * 25 / 12
        XCTAssertEqual(mean, 0, accuracy: 5 * (uniformVariance / n).squareRoot())
        // Var of the sample variance for a uniform: (μ₄ − σ⁴)/n, μ₄ = 9σ⁴/5.
        XCTAssertEqual(variance, uniformVariance, accuracy: 5 * (0.8 / n).squareRoot() * uniformVariance)
    }

    /// Pile-up noise adds in quadrature and grows as √(μ/40): EMB2 σ = 35 ⊕ 70 MeV at μ = 40.
    func testPileupNoiseScalesTheStoredEnergies() {
        var config = Digitization.Config()
        config.pileupMu = 40
        let emb2 = detector.cells.regionsOfVolume[detector.volumeIndex(named: "EMB2")!][0]
        XCTAssertEqual(detector.cells.noiseMeV(region: emb2, mu: 40), (35.0 * 35 + 70 * 70).squareRoot(), accuracy: 1e-9)
        XCTAssertEqual(detector.cells.noiseMeV(region: emb2, mu: 0), 35, accuracy: 1e-9)
        let quiet = digitize(SimHits()), busy = digitize(SimHits(), config: config)
        func meanAbs(_ raw: RawEvent) -> Double {
            let cells = raw.calorimeterCells.filter { detector.cells.regionIndex(of: $0.cell) == emb2 }
            return cells.reduce(0) { $0 + abs(Double($1.energy)) } / Double(cells.count)
        }
        XCTAssertEqual(meanAbs(busy) / meanAbs(quiet), (35.0 * 35 + 70 * 70).squareRoot() / 35, accuracy: 0.1)
    }

    /// Without noise, cell energies are the active energies over the sampling fraction,
    /// times the fixed per-cell calibration (spread 1 % in the EM barrel), quantised.
    func testNoiseFreeCellsAreActiveEnergyOverSamplingFraction() {
        let hits = simulate(single(11, 50, eta: 0.2))
        let raw = digitize(hits, config: .noiseFree)
        XCTAssertEqual(raw.stats.noiseCells, 0)
        let byCell = Dictionary(uniqueKeysWithValues: raw.calorimeterCells.map { ($0.cell, $0) })
        for d in hits.calorimeterDeposits where d.activeEnergy > 0.01 {
            let v = detector.card.calorimeter.volumes[detector.cells.cell(d.cell).volume]
            let expected = Double(d.activeEnergy) / v.samplingFraction * Double(detector.cellCalibration[Int(d.cell)])
            let digit = byCell[d.cell]!
            let lsb = v.adcLSBMeV * MeV * [1.0, 10, 100][Int(digit.gain)]
            XCTAssertEqual(Double(digit.energy), expected, accuracy: lsb / 2 + 1e-6)
            XCTAssertEqual((Double(digit.energy) / lsb).rounded(), Double(digit.energy) / lsb, accuracy: 1e-3)
        }
        // The calibration spread of the card (1 % in the EM barrel) is what the factors show.
        let emb2 = detector.cells.regions[detector.cells.regionsOfVolume[detector.volumeIndex(named: "EMB2")!][0]]
        let factors = (0..<emb2.cellCount).map { Double(detector.cellCalibration[emb2.firstID + $0]) }
        let mean = factors.reduce(0, +) / Double(factors.count)
        let rms = (factors.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(factors.count)).squareRoot()
        XCTAssertEqual(mean, 1, accuracy: 0.001)
        XCTAssertEqual(rms, 0.01, accuracy: 0.001)
    }

    /// Three gains ×1, ×10, ×100 with a 12-bit ADC: the lowest gain that holds the signal.
    func testADCGainSelectionAndSaturation() {
        let digi = Digitization()
        let lsb = 4 * MeV
        let (small, g0, _) = digi.quantize(0.123, lsb: lsb)
        XCTAssertEqual(g0, 0)
        XCTAssertEqual(small, (0.123 / lsb).rounded() * lsb, accuracy: 1e-12)
        let (_, g1, _) = digi.quantize(20, lsb: lsb)      // 5000 counts at ×1 → ×10
        XCTAssertEqual(g1, 1)
        let (big, g2, saturated) = digi.quantize(5_000, lsb: lsb)
        XCTAssertEqual(g2, 2)
        XCTAssertTrue(saturated)
        XCTAssertEqual(big, 4_095 * lsb * 100, accuracy: 1e-9)
    }

    /// The cut that spares most deposits the ADC (`notStoredBelow`) drops only cells the
    /// storage test drops: for every region of the card (μ = 0 and μ = 40 noise, k = 2) and
    /// for LSBs of 0.3–3 σ, |E| from 0 up to the bound (a grid of 20 000 steps, the 64
    /// doubles just below it, and 20 000 uniform draws) quantise to |q| ≤ k σ; and the
    /// bound is the analogue storage threshold (n − ½)·LSB (to 10⁻¹¹), a cell 10⁻⁹ above it
    /// being stored: the cut spares every cell it can.
    func testCellsBelowTheSkipBoundAreNeverStored() {
        let digi = Digitization()
        let gains = digi.config.gainRatios
        let maxCount = Double((1 << digi.config.adcBits) - 1)
        var cases: [(sigma: Double, lsb: Double)] = []
        for mu in [0.0, 40.0] {
            for (r, region) in detector.cells.regions.enumerated() {
                cases.append((detector.cells.noiseMeV(region: r, mu: mu) * MeV,
                              detector.card.calorimeter.volumes[region.volume].adcLSBMeV * MeV))
            }
        }
        for ratio in stride(from: 0.3, through: 3.0, by: 0.1) { cases.append((1.0, ratio)) }
        var rng = RandomStream(seed: 3, event: 0, stage: .digitization)
        for (sigma, lsb) in cases {
            let bound = Digitization.notStoredBelow(sigmas: 2, sigma: sigma, lsb: lsb, gainRatios: gains, maxCount: maxCount)
            XCTAssertGreaterThanOrEqual(bound, 0)
            // The analogue threshold, to 2⁻⁴⁰: just above the bound a cell is stored.
            XCTAssertEqual(bound, Digitization.analogueThreshold(sigmas: 2, sigma: sigma, lsb: lsb), accuracy: 1e-11 * bound)
            let (above, _, _) = Digitization.quantize(bound * (1 + 1e-9), lsb: lsb, gainRatios: gains, maxCount: maxCount)
            XCTAssertGreaterThan(abs(above), 2 * sigma)
            var energies = (0..<20_000).map { bound * Double($0) / 20_000 }
            var e = bound
            for _ in 0..<64 { e = e.nextDown; energies.append(e) }
            for _ in 0..<20_000 { energies.append(bound * rng.uniform01()) }
            var stored = 0
            for e in energies {
                for signed in [e, -e] {
                    let (q, _, saturated) = Digitization.quantize(signed, lsb: lsb, gainRatios: gains, maxCount: maxCount)
                    if saturated || (q != 0 && abs(q) > 2 * sigma) { stored += 1 }
                }
            }
            XCTAssertEqual(stored, 0, "cells below the bound \(bound) stored (σ = \(sigma), LSB = \(lsb))")
        }
        // No cut without noise (k σ = 0: every non-zero count is stored).
        XCTAssertEqual(Digitization.notStoredBelow(sigmas: 2, sigma: 0, lsb: 1, gainRatios: gains, maxCount: maxCount), 0)
        XCTAssertEqual(Digitization.notStoredBelow(sigmas: 0, sigma: 1, lsb: 1, gainRatios: gains, maxCount: maxCount), 0)
    }

    /// The noise cells' gaps from 32-bit exponential deviates (`next(_:halves:)`): for 10⁶
    /// of them, ⌊x/λ⌋ with the smallest pass probability p of the card's regions (μ = 0 and
    /// 40; the finest binning of x) follows the geometric law (1 − p)^g p (χ² over the gaps
    /// with ≥ 50 expected plus the rest pooled, limit mean + 6σ, fixed seed); x's mean and
    /// variance are Exp(1)'s within 5σ and the count beyond r (the tail branch) within 5σ
    /// of e^(−r)·10⁶. The 24 bits'
    /// quantisation moves the gap law by at most 2 · 2⁻²⁴ · (w₀/λ + 1) in total variation
    /// (w₀ the widest layer): below 10⁻⁴ in every region.
    func testHalfDrawGapsFollowTheGeometricLaw() {
        let exponential = ExponentialZiggurat.shared
        let digi = Digitization()
        var smallest = 1.0
        for mu in [0.0, 40.0] {
            let sigma = detector.cells.regions.indices.map { detector.cells.noiseMeV(region: $0, mu: mu) * MeV }
            let lsb = detector.cells.regions.map { detector.card.calorimeter.volumes[$0.volume].adcLSBMeV * MeV }
            for table in Digitization.NoiseCountTable.tables(sigma: sigma, lsb: lsb, sigmas: digi.config.cellStorageThresholdSigma) {
                if let p = table?.passProbability, p > 0 { smallest = min(smallest, p) }
            }
        }
        let lambda = -log1p(-smallest)
        XCTAssertLessThan(2 * 0x1p-24 * (exponential.layers.w[0] / lambda + 1), 1e-4, "p = \(smallest)")
        var rng = RandomStream(seed: 41, event: 0, stage: .digitization)
        var halves = HalfDraws()
        let n = 1_000_000
        var gaps = [Int](repeating: 0, count: 4_096)
        var sum = 0.0, sumSquares = 0.0, beyondR = 0
        for _ in 0..<n {
            let x = exponential.next(&rng, halves: &halves)
            sum += x; sumSquares += x * x
            if x > ExponentialZiggurat.r { beyondR += 1 }
            gaps[min(Int(x / lambda), gaps.count - 1)] += 1
        }
        let mean = sum / Double(n), variance = sumSquares / Double(n) - mean * mean
        XCTAssertEqual(mean, 1, accuracy: 5 / Double(n).squareRoot())
        XCTAssertEqual(variance, 1, accuracy: 5 * (8 / Double(n)).squareRoot())
        let tail = Double(n) * exp(-ExponentialZiggurat.r)
        XCTAssertEqual(Double(beyondR), tail, accuracy: 5 * tail.squareRoot(), "deviates beyond r")
        // The gaps: P(g) = (1 − p)^g p, pooled from where fewer than 50 are expected.
        var gapChi2 = 0.0, dof = -1, g = 0
        while g < gaps.count - 1 && Double(n) * pow(1 - smallest, Double(g)) * smallest >= 50 {
            let expected = Double(n) * pow(1 - smallest, Double(g)) * smallest
            gapChi2 += (Double(gaps[g]) - expected) * (Double(gaps[g]) - expected) / expected
            dof += 1
            g += 1
        }
        let rest = Double(n) * pow(1 - smallest, Double(g)), seen = Double(gaps[g...].reduce(0, +))
        gapChi2 += (seen - rest) * (seen - rest) / rest
        dof += 1
        XCTAssertLessThan(gapChi2, Double(dof) + 6 * (2 * Double(dof)).squareRoot(), "χ² \(gapChi2) for \(dof) degrees of freedom")
    }

    /// A 20 GeV muon at η = 0.3: one pixel cluster per pixel layer (4 with the IBL) and two
    /// strip clusters (axial + stereo) per SCT layer: ≥ 3 pixel and ≥ 8 strip hits.
    /// Single-strip clusters carry pitch/√12 = 80/√12 = 23.1 µm.
    func testMuonClustersAndErrors() {
        let event = single(13, 20, eta: 0.3)
        let hits = simulate(event)
        let raw = digitize(hits, config: .noiseFree)
        let pixel = raw.trackerClusters.filter { detector.trackerSurfaces[Int($0.surface)].technology == .pixel }
        let strip = raw.trackerClusters.filter { detector.trackerSurfaces[Int($0.surface)].technology == .strip }
        XCTAssertEqual(pixel.count, 4)
        XCTAssertEqual(strip.count, 8)
        XCTAssertEqual(strip.filter { $0.side == 1 }.count, 4)
        for c in raw.trackerClusters { XCTAssertEqual(c.truthParticle, 0) }
        for c in strip where c.sizeU == 1 {
            XCTAssertEqual(c.sigmaU, 0.080 / 12.0.squareRoot(), accuracy: 1e-9)
            XCTAssertEqual(c.sigmaV, 126.0 / 12.0.squareRoot(), accuracy: 1e-6)
        }
        // Axial clusters sit on the true crossing within a few σ in r·φ.
        for c in strip where c.side == 0 {
            let truth = hits.trackerHits.first { $0.surface == c.surface }!
            let r = truth.position.perp
            let dPhi = deltaPhi(c.position.phi, truth.position.phi)
            XCTAssertLessThan(abs(dPhi * r), 4 * c.sigmaU + 0.01)
        }
        for c in pixel {
            let truth = hits.trackerHits.first { $0.surface == c.surface }!
            XCTAssertLessThan(abs(c.position.z - truth.position.z), 0.4)
            XCTAssertLessThan(abs(deltaPhi(c.position.phi, truth.position.phi)) * truth.position.perp, 0.06)
        }
    }

    /// Charge of a 20 GeV muon (βγ = 189) crossing a 285 µm strip sensor at η = 0.3: the
    /// simulation deposits the Bethe mean with Moyal fluctuations of mean 1, so the mean
    /// charge is dE/dx · ρ · path / 3.62 eV, with dE/dx = 2.237 MeV cm²/g (Bethe with the
    /// density effect for silicon, PDG §34.2 eqs. 34.5, 34.7, Sternheimer parameters from the
    /// PDG table; the formula of `MaterialEffects.betheSilicon`), ρ = 2.329 g/cm³ and path =
    /// 285 µm · cosh 0.3: 42 870 electrons. The mean of 80 axial clusters (20 muons) has a
    /// statistical error of ≈ 3 % (Moyal r.m.s. ≈ 25 % per sensor): 10 % tolerance. The
    /// median lies below the mean (the Landau-like tail). (Real silicon's most probable
    /// charge, ≈ 80 e/µm, is lower: the model deposits the unrestricted mean — see the README.)
    func testMIPChargeInAStripSensor() {
        var charges: [Double] = []
        for k in 0..<20 {
            let event = DetectorValidation.singleParticleEvent(pdgID: 13, energy: 20, eta: 0.3, phi: 0.3 * Double(k),
                                                               eventNumber: 100 + k)
            let raw = digitize(simulate(event), config: .noiseFree)
            charges += raw.trackerClusters
                .filter { detector.trackerSurfaces[Int($0.surface)].technology == .strip && $0.side == 0 }
                .map { Double($0.charge) }
        }
        XCTAssertGreaterThanOrEqual(charges.count, 70)
        let mean = charges.reduce(0, +) / Double(charges.count)
        let median = charges.sorted()[charges.count / 2]
        XCTAssertEqual(mean, 42_870, accuracy: 0.1 * 42_870)
        XCTAssertLessThan(median, mean)
    }

    /// Tracker noise hits follow the card's noise occupancy: SCT 2×10⁻⁵ per strip.
    func testTrackerNoiseOccupancy() {
        let raw = digitize(SimHits())
        var channels = 0.0
        for s in detector.trackerSurfaces where s.technology != .passive {
            let sides = s.technology == .strip ? 2 : 1
            for side in 0..<sides {
                let f = SensorFrame(surface: s, side: side)
                channels += Double(f.channelsU * f.rowsV) * s.readout.noiseOccupancy
            }
        }
        XCTAssertEqual(Double(raw.stats.noiseChannels), channels, accuracy: 5 * channels.squareRoot())
        XCTAssertTrue(raw.trackerClusters.allSatisfy { $0.truthParticle == -1 })
    }

    /// Muon digits: 98 % efficiency per station layer, precision coordinate smeared by 35 µm.
    func testMuonDigits() {
        var lost = 0, total = 0
        for k in 0..<50 {
            let event = DetectorValidation.singleParticleEvent(pdgID: 13, energy: 50, eta: 0.1, phi: 0.1 * Double(k), eventNumber: k)
            let hits = simulate(event)
            let raw = digitize(hits, config: .noiseFree, event: UInt64(k))
            total += hits.muonHits.count
            lost += raw.stats.lostMuonHits
            for d in raw.muonDigits {
                let truth = hits.muonHits.first { $0.surface == d.surface }!
                XCTAssertLessThan(abs(d.position.z - truth.position.z), 0.035 * 6)
            }
        }
        XCTAssertEqual(total, 450)   // 50 muons × 3 stations × 3 layers
        XCTAssertEqual(Double(lost) / Double(total), 0.02, accuracy: 0.035)
    }

    func testSameSeedSameRawEvent() {
        let hits = simulate(single(211, 30, eta: -0.7))
        let a = digitize(hits), b = digitize(hits)
        XCTAssertEqual(a.calorimeterCells, b.calorimeterCells)
        XCTAssertEqual(a.trackerClusters, b.trackerClusters)
    }

    /// The noise cells are placed among the signal cells as they are made: the output is
    /// in strictly increasing cell id whether a cell holds signal or noise, no noise cell
    /// lands on a cell with a deposit, and the counts add up. (A 50 GeV electron and a
    /// 30 GeV pion: signal cells spread through the EM and hadronic regions, between
    /// thousands of noise cells.)
    func testSignalAndNoiseCellsComeOutInIDOrder() {
        var hits = simulate(single(11, 50, eta: 0.3))
        let pion = simulate(single(211, 30, eta: -1.1, phi: 2.0))
        // The two particles' deposits, merged in id order as the simulation gives them.
        hits.calorimeterDeposits = (hits.calorimeterDeposits + pion.calorimeterDeposits).sorted { $0.cell < $1.cell }
        let raw = digitize(hits)
        XCTAssertGreaterThan(raw.stats.signalCells, 50)
        XCTAssertGreaterThan(raw.stats.noiseCells, 1_000)
        XCTAssertEqual(raw.stats.signalCells + raw.stats.noiseCells, raw.calorimeterCells.count)
        XCTAssertTrue(zip(raw.calorimeterCells, raw.calorimeterCells.dropFirst()).allSatisfy { $0.cell < $1.cell })
        let depositCells = Set(hits.calorimeterDeposits.map(\.cell))
        // Every stored cell with a deposit is a signal cell, and no noise cell is on one.
        let stored = raw.calorimeterCells.filter { depositCells.contains($0.cell) }.count
        XCTAssertEqual(stored, raw.stats.signalCells)
    }
}
