import Foundation
import EventModel
import Detector
import Simulation

/// Validation of the detector model against ATLAS design performance (JINST 3 (2008)
/// S08003, Table 1.1) and the CalRatio signature, by simulating and digitizing single
/// particles and displaced LLP decays. `genreco validate detector` runs ``run(detector:)``
/// with the default statistics; tests run it with fewer particles.
///
/// Energies are the sum of all digitized cells of the event at the EM scale, with the
/// intrinsic response (`Digitization.Config.noiseFree`: no electronic or pile-up noise,
/// so the fitted terms are the stochastic and constant ones of σ/E = a/√E ⊕ b ⊕ c/E;
/// calibration non-uniformity and ADC quantization stay on). Resolutions are of the
/// calibrated energy (``calibrated(_:trueEnergy:usePresampler:etaBinWidth:)``: per |η| bin,
/// presampler- and strip-weighted for e/γ); responses and π/e are at the EM scale, uncalibrated.
public struct DetectorValidation: Sendable {
    public struct Config: Codable, Hashable, Sendable {
        public var seed: UInt64 = 20_080_803
        /// Particles per energy point.
        public var particlesPerPoint = 400
        public var electronEnergiesGeV: [Double] = [10, 20, 50, 100, 200, 500]
        /// e/γ validation range (the issue: |η| < 1.2, 10–500 GeV).
        public var electronEtaMax = 1.2
        public var pionEnergiesGeV: [Double] = [10, 20, 50, 100, 200, 500]
        /// Pions in the central Tile barrel.
        public var pionEtaMax = 0.5
        public var muonEnergiesGeV: [Double] = [10, 30, 100]
        public var muonEtaMax = 1.0
        public var muonsPerPoint = 100
        /// LLP decays per decay radius.
        public var llpDecays = 200
        public var llpMassGeV = 40.0
        public var llpEnergyGeV = 100.0
        public var llpProducts = 15
        /// The LLP check with noise: electronic ⊕ pile-up noise at this μ and dead cells on,
        /// E_EM and E_H summed over the stored cells (|E| > 2σ) within ΔR < `llpConeRadius`
        /// of the s direction — the cells a jet there would collect.
        public var llpNoisePileupMu = 40.0
        public var llpConeRadius = 0.4
        public init() {}
    }

    /// σ/E at one energy.
    public struct ResolutionPoint: Codable, Hashable, Sendable {
        public var energyGeV: Double
        /// Mean measured energy over the true energy.
        public var response: Double
        public var sigmaOverE: Double
        public var sigmaOverEError: Double
        public var count: Int
    }

    /// σ/E = a/√E ⊕ b fitted to the points (weighted least squares in (σ/E)² = a²/E + b²).
    public struct ResolutionFit: Codable, Hashable, Sendable {
        public var stochastic: Double
        public var stochasticError: Double
        public var constant: Double
        public var constantError: Double
        public var points: [ResolutionPoint]
    }

    public struct MuonSummary: Codable, Hashable, Sendable {
        public var count: Int
        /// Fraction of muons with ≥ 3 pixel clusters (IBL + pixels), ≥ 8 strip clusters,
        /// a MIP-like calorimeter signal (0.3–8 GeV, no cell above 2 GeV) and ≥ 2 muon-station digits.
        public var fractionWithThreePixelHits: Double
        public var fractionWithEightStripHits: Double
        public var fractionWithMIPDeposit: Double
        public var fractionWithStationHits: Double
        public var meanPixelHits: Double
        public var meanStripHits: Double
        public var meanCalorimeterEnergyGeV: Double
        public var meanStationHits: Double
    }

    public struct LLPSummary: Codable, Hashable, Sendable {
        /// How E_H and E_EM were summed: "whole event, no noise" or "cells within ΔR < 0.4 of the s, noise at μ = 40".
        public var method: String
        public var lxyMM: Double
        public var decays: Int
        /// Fraction of decays with log10(E_H/E_EM) above 1.2 and below 0.5.
        public var fractionAbove1p2: Double
        public var fractionBelow0p5: Double
        public var medianLogRatio: Double
    }

    /// A reference number, the value found, and whether it is within tolerance.
    public struct Check: Codable, Hashable, Sendable {
        public var name: String
        public var value: Double
        public var reference: String
        public var passed: Bool
    }

    public struct Report: Codable, Hashable, Sendable {
        public var electron: ResolutionFit
        public var photon: ResolutionFit
        public var pion: ResolutionFit
        public var pionOverElectronAt10GeV: Double
        public var muons: MuonSummary
        public var llpAt2500mm: LLPSummary
        public var llpAt100mm: LLPSummary
        public var llpWithNoiseAt2500mm: LLPSummary
        public var llpWithNoiseAt100mm: LLPSummary
        public var checks: [Check]
        public var allPassed: Bool { checks.allSatisfy(\.passed) }
    }

    public var config: Config
    public var simulation: Simulation
    public var digitization: Digitization

    public init(config: Config = Config(), simulation: Simulation = Simulation(),
                digitization: Digitization = Digitization(config: .noiseFree)) {
        self.config = config
        self.simulation = simulation
        self.digitization = digitization
    }

    /// Runs every study and compares with the references.
    public func run(detector: Detector) -> Report {
        let e = resolution(pdgID: 11, energies: config.electronEnergiesGeV, etaMax: config.electronEtaMax,
                           detector: detector, studyIndex: 1)
        let g = resolution(pdgID: 22, energies: config.electronEnergiesGeV, etaMax: config.electronEtaMax,
                           detector: detector, studyIndex: 2)
        let pi = resolution(pdgID: 211, energies: config.pionEnergiesGeV, etaMax: config.pionEtaMax,
                            detector: detector, studyIndex: 3)
        let ratio = pionOverElectron(at: 10, detector: detector)
        let mu = muons(detector: detector)
        let far = llp(lxy: 2_500, detector: detector)
        let near = llp(lxy: 100, detector: detector)
        let farNoisy = llp(lxy: 2_500, detector: detector, withNoise: true)
        let nearNoisy = llp(lxy: 100, detector: detector, withNoise: true)
        var checks: [Check] = []
        func check(_ name: String, _ value: Double, _ reference: String, _ ok: Bool) {
            checks.append(Check(name: name, value: value, reference: reference, passed: ok))
        }
        let s08003 = "JINST 3 (2008) S08003 Table 1.1"
        check("electron stochastic term a", e.stochastic, "10 % ± 1.5 % (\(s08003))", abs(e.stochastic - 0.10) <= 0.015)
        check("electron constant term b", e.constant, "0.7 % ± 0.5 % (\(s08003))", abs(e.constant - 0.007) <= 0.005)
        check("photon stochastic term a", g.stochastic, "10 % ± 1.5 % (\(s08003))", abs(g.stochastic - 0.10) <= 0.015)
        check("photon constant term b", g.constant, "0.7 % ± 0.5 % (\(s08003))", abs(g.constant - 0.007) <= 0.005)
        check("pion stochastic term a", pi.stochastic, "50 % ± 10 % (\(s08003))", abs(pi.stochastic - 0.50) <= 0.10)
        check("pion constant term b", pi.constant, "3 % ± 2 % (\(s08003))", abs(pi.constant - 0.03) <= 0.02)
        check("π/e response at 10 GeV", ratio, "0.70–0.85 (e/h ≈ 1.36, Wigmans; ATLAS Tile test beam)", ratio >= 0.70 && ratio <= 0.85)
        check("muons with ≥ 3 pixel hits", mu.fractionWithThreePixelHits, "≥ 0.95 (S08003 §4: 3 pixel layers + IBL)", mu.fractionWithThreePixelHits >= 0.95)
        check("muons with ≥ 8 strip hits", mu.fractionWithEightStripHits, "≥ 0.95 (S08003 §4: 4 double-sided SCT layers)", mu.fractionWithEightStripHits >= 0.95)
        check("muons with a MIP calorimeter signal", mu.fractionWithMIPDeposit, "≥ 0.95", mu.fractionWithMIPDeposit >= 0.95)
        check("muons with ≥ 2 station hits", mu.fractionWithStationHits, "≥ 0.95 (3 barrel stations)", mu.fractionWithStationHits >= 0.95)
        check("LLP at Lxy = 2.5 m: log10(E_H/E_EM) > 1.2", far.fractionAbove1p2, "> 80 % (CalRatio, arXiv:1902.03094)", far.fractionAbove1p2 > 0.80)
        check("LLP at Lxy = 0.1 m: log10(E_H/E_EM) < 0.5", near.fractionBelow0p5, "> 80 % (prompt-like jets)", near.fractionBelow0p5 > 0.80)
        let cone = String(format: "ΔR < %.1f cone, noise at μ = %.0f", config.llpConeRadius, config.llpNoisePileupMu)
        check("LLP at Lxy = 2.5 m, \(cone): log10(E_H/E_EM) > 1.2", farNoisy.fractionAbove1p2, "> 80 % (CalRatio, arXiv:1902.03094)",
              farNoisy.fractionAbove1p2 > 0.80)
        check("LLP at Lxy = 0.1 m, \(cone): log10(E_H/E_EM) < 0.5", nearNoisy.fractionBelow0p5, "> 80 % (prompt-like jets)",
              nearNoisy.fractionBelow0p5 > 0.80)
        return Report(electron: e, photon: g, pion: pi, pionOverElectronAt10GeV: ratio, muons: mu, llpAt2500mm: far,
                      llpAt100mm: near, llpWithNoiseAt2500mm: farNoisy, llpWithNoiseAt100mm: nearNoisy, checks: checks)
    }

    // MARK: - Single particles

    /// One particle from the origin at (η, φ) with energy E.
    public static func singleParticleEvent(pdgID: Int, energy: Double, eta: Double, phi: Double, eventNumber: Int) -> GenEvent {
        let mass = ParticleTable.pdg2024.massGeV(of: pdgID) ?? 0
        let p = max(energy * energy - mass * mass, 0).squareRoot()
        let pt = p / cosh(eta)
        var event = GenEvent(eventNumber: eventNumber)
        event.addParticle(GenParticle(pdgID: pdgID, status: 1,
                                      momentum: FourVector(px: pt * cos(phi), py: pt * sin(phi), pz: pt * sinh(eta), e: energy),
                                      generatedMass: mass))
        return event
    }

    /// Simulation and digitization of one event.
    public func process(_ event: GenEvent, detector: Detector) -> (SimHits, RawEvent) {
        var simRNG = RandomStream(seed: config.seed, event: UInt64(event.eventNumber), stage: Simulation.stage)
        let hits = simulation(event, in: detector, rng: &simRNG)
        var digiRNG = RandomStream(seed: config.seed, event: UInt64(event.eventNumber), stage: Digitization.stage)
        return (hits, digitization(hits, in: detector, rng: &digiRNG))
    }

    /// Calorimeter energy of a read-out event at the EM scale, split by kind.
    public static func calorimeterEnergy(_ raw: RawEvent, detector: Detector) -> (em: Double, hadronic: Double) {
        var em = 0.0, had = 0.0
        for c in raw.calorimeterCells {
            let kind = detector.card.calorimeter.volumes[detector.cells.regions[detector.cells.regionIndex(of: c.cell)].volume].kind
            if kind == .em { em += Double(c.energy) } else { had += Double(c.energy) }
        }
        return (em, had)
    }

    /// One measured particle: |η| and its EM-scale energy in the presampler and in the rest.
    struct Measurement {
        var absEta: Double
        var presampler: Double
        var strips: Double
        var rest: Double
        var total: Double { presampler + strips + rest }
    }

    /// Measured energies of `count` particles of energy E, η uniform in ±etaMax.
    func measurements(pdgID: Int, energy: Double, etaMax: Double, count: Int, detector: Detector,
                      firstEvent: Int) -> [Measurement] {
        var rng = RandomStream(seed: config.seed, event: UInt64(firstEvent), stage: .particleGun)
        let names = detector.card.calorimeter.volumes.map(\.name)
        let presamplers = Set(names.indices.filter { names[$0].hasPrefix("PreSampler") })
        let strips = Set(names.indices.filter { names[$0] == "EMB1" || names[$0] == "EME1" })
        var out: [Measurement] = []
        out.reserveCapacity(count)
        for k in 0..<count {
            let eta = rng.uniform(-etaMax, etaMax), phi = rng.uniform(-Double.pi, Double.pi)
            let event = Self.singleParticleEvent(pdgID: pdgID, energy: energy, eta: eta, phi: phi, eventNumber: firstEvent + k)
            let (_, raw) = process(event, detector: detector)
            var ps = 0.0, e1 = 0.0, rest = 0.0
            for c in raw.calorimeterCells {
                let v = detector.cells.regions[detector.cells.regionIndex(of: c.cell)].volume
                if presamplers.contains(v) { ps += Double(c.energy) } else if strips.contains(v) { e1 += Double(c.energy) } else { rest += Double(c.energy) }
            }
            out.append(Measurement(absEta: abs(eta), presampler: ps, strips: e1, rest: rest))
        }
        return out
    }

    func measuredEnergies(pdgID: Int, energy: Double, etaMax: Double, count: Int, detector: Detector,
                          firstEvent: Int) -> [Double] {
        measurements(pdgID: pdgID, energy: energy, etaMax: etaMax, count: count, detector: detector,
                     firstEvent: firstEvent).map(\.total)
    }

    /// Calibrated energies, as an experiment calibrates (ATLAS e/γ: η-dependent, using the
    /// presampler for the energy lost upstream and the longitudinal profile,
    /// Eur. Phys. J. C 74 (2014) 3071): in bins of |η| (width `etaBinWidth`),
    /// E = w_PS·E_PS + w₁·E_strips + w·E_rest with weights fitted by least squares to the
    /// true energy; for hadrons, one scale per bin.
    static func calibrated(_ m: [Measurement], trueEnergy: Double, usePresampler: Bool, etaBinWidth: Double = 0.3) -> [Double] {
        var out = [Double](repeating: 0, count: m.count)
        let bins = Dictionary(grouping: m.indices) { Int(m[$0].absEta / etaBinWidth) }
        for (_, indices) in bins {
            if usePresampler && indices.count >= 12,
               let w = leastSquares(indices.map { [m[$0].presampler, m[$0].strips, m[$0].rest] }, target: trueEnergy) {
                for i in indices { out[i] = w[0] * m[i].presampler + w[1] * m[i].strips + w[2] * m[i].rest }
                continue
            }
            let mean = indices.reduce(0.0) { $0 + m[$1].total } / Double(indices.count)
            for i in indices { out[i] = mean > 0 ? m[i].total * trueEnergy / mean : m[i].total }
        }
        return out
    }

    /// Weights w minimising Σ (target − w·x)², by the normal equations and Gaussian
    /// elimination with partial pivoting; nil if singular.
    static func leastSquares(_ rows: [[Double]], target: Double) -> [Double]? {
        guard let k = rows.first?.count else { return nil }
        var a = [[Double]](repeating: [Double](repeating: 0, count: k + 1), count: k)
        for x in rows {
            for i in 0..<k {
                for j in 0..<k { a[i][j] += x[i] * x[j] }
                a[i][k] += x[i] * target
            }
        }
        for c in 0..<k {
            guard let p = (c..<k).max(by: { abs(a[$0][c]) < abs(a[$1][c]) }), abs(a[p][c]) > 1e-12 else { return nil }
            a.swapAt(c, p)
            for r in 0..<k where r != c {
                let f = a[r][c] / a[c][c]
                for j in c...k { a[r][j] -= f * a[c][j] }
            }
        }
        return (0..<k).map { a[$0][k] / a[$0][$0] }
    }

    /// Mean and σ of the core: iterative ±2.5σ clipping (three passes), σ corrected for the
    /// truncation of a Gaussian at ±2.5σ (÷ 0.9545).
    static func coreMeanAndSigma(_ values: [Double]) -> (Double, Double) {
        var mean = values.reduce(0, +) / Double(max(values.count, 1))
        var sigma = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(max(values.count - 1, 1))).squareRoot()
        for _ in 0..<3 {
            let kept = values.filter { abs($0 - mean) <= 2.5 * sigma }
            guard kept.count > 2 else { break }
            mean = kept.reduce(0, +) / Double(kept.count)
            sigma = (kept.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(kept.count - 1)).squareRoot() / 0.9545
        }
        return (mean, sigma)
    }

    public func resolution(pdgID: Int, energies: [Double], etaMax: Double, detector: Detector, studyIndex: Int) -> ResolutionFit {
        var points: [ResolutionPoint] = []
        for (i, energy) in energies.enumerated() {
            let first = studyIndex * 10_000_000 + i * 100_000
            let m = measurements(pdgID: pdgID, energy: energy, etaMax: etaMax, count: config.particlesPerPoint,
                                 detector: detector, firstEvent: first)
            let response = m.reduce(0.0) { $0 + $1.total } / Double(max(m.count, 1)) / energy
            let values = Self.calibrated(m, trueEnergy: energy, usePresampler: pdgID == 11 || pdgID == -11 || pdgID == 22)
            let (mean, sigma) = Self.coreMeanAndSigma(values)
            let r = sigma / mean
            points.append(ResolutionPoint(energyGeV: energy, response: response, sigmaOverE: r,
                                          sigmaOverEError: r / (2.0 * Double(values.count)).squareRoot(), count: values.count))
        }
        return Self.fit(points)
    }

    /// Weighted linear least squares of y = (σ/E)² against x = 1/E: y = A x + B, a = √A, b = √B.
    public static func fit(_ points: [ResolutionPoint]) -> ResolutionFit {
        var s = 0.0, sx = 0.0, sy = 0.0, sxx = 0.0, sxy = 0.0
        for p in points {
            let y = p.sigmaOverE * p.sigmaOverE
            let sigmaY = max(2 * p.sigmaOverE * p.sigmaOverEError, 1e-12)
            let w = 1 / (sigmaY * sigmaY)
            let x = 1 / p.energyGeV
            s += w; sx += w * x; sy += w * y; sxx += w * x * x; sxy += w * x * y
        }
        let det = s * sxx - sx * sx
        let A = (s * sxy - sx * sy) / det
        let B = (sxx * sy - sx * sxy) / det
        let varA = s / det, varB = sxx / det
        let a = max(A, 0).squareRoot(), b = max(B, 0).squareRoot()
        return ResolutionFit(stochastic: a, stochasticError: a > 0 ? varA.squareRoot() / (2 * a) : varA.squareRoot().squareRoot(),
                             constant: b, constantError: b > 0 ? varB.squareRoot() / (2 * b) : varB.squareRoot().squareRoot(),
                             points: points)
    }

    /// Mean π± response over mean e response at the same energy, |η| < 0.5.
    public func pionOverElectron(at energy: Double, detector: Detector) -> Double {
        let pions = measuredEnergies(pdgID: 211, energy: energy, etaMax: config.pionEtaMax, count: config.particlesPerPoint,
                                     detector: detector, firstEvent: 40_000_000)
        let electrons = measuredEnergies(pdgID: 11, energy: energy, etaMax: config.pionEtaMax, count: config.particlesPerPoint,
                                         detector: detector, firstEvent: 41_000_000)
        return (pions.reduce(0, +) / Double(pions.count)) / (electrons.reduce(0, +) / Double(electrons.count))
    }

    // MARK: - Muons

    public func muons(detector: Detector) -> MuonSummary {
        var n = 0, pix3 = 0, strip8 = 0, mip = 0, stations = 0
        var sumPix = 0.0, sumStrip = 0.0, sumCalo = 0.0, sumStations = 0.0
        var rng = RandomStream(seed: config.seed, event: 50_000_000, stage: .particleGun)
        for (i, energy) in config.muonEnergiesGeV.enumerated() {
            for k in 0..<config.muonsPerPoint {
                let eta = rng.uniform(-config.muonEtaMax, config.muonEtaMax), phi = rng.uniform(-Double.pi, Double.pi)
                let event = Self.singleParticleEvent(pdgID: rng.uniform01() < 0.5 ? 13 : -13, energy: energy, eta: eta, phi: phi,
                                                     eventNumber: 50_000_000 + i * 100_000 + k)
                let (_, raw) = process(event, detector: detector)
                let own = raw.trackerClusters.filter { $0.truthParticle == 0 }
                let pixels = own.filter { detector.trackerSurfaces[Int($0.surface)].technology == .pixel }.count
                let strips = own.filter { detector.trackerSurfaces[Int($0.surface)].technology == .strip }.count
                let (em, had) = Self.calorimeterEnergy(raw, detector: detector)
                let hottest = raw.calorimeterCells.map { Double($0.energy) }.max() ?? 0
                n += 1
                if pixels >= 3 { pix3 += 1 }
                if strips >= 8 { strip8 += 1 }
                if em + had > 0.3 && em + had < 8 && hottest < 2 { mip += 1 }
                if raw.muonDigits.count >= 2 { stations += 1 }
                sumPix += Double(pixels); sumStrip += Double(strips); sumCalo += em + had
                sumStations += Double(raw.muonDigits.count)
            }
        }
        let d = Double(max(n, 1))
        return MuonSummary(count: n, fractionWithThreePixelHits: Double(pix3) / d, fractionWithEightStripHits: Double(strip8) / d,
                           fractionWithMIPDeposit: Double(mip) / d, fractionWithStationHits: Double(stations) / d,
                           meanPixelHits: sumPix / d, meanStripHits: sumStrip / d, meanCalorimeterEnergyGeV: sumCalo / d,
                           meanStationHits: sumStations / d)
    }

    // MARK: - Long-lived particles

    /// A validation stand-in for s → b b̄ → hadrons: the s (mass m, energy E) flies at
    /// η = 0 and decays at transverse distance `lxy` into `count` pions and photons
    /// (two π± for one γ, as π± : π⁰ → γγ) sharing its momentum isotropically in its rest
    /// frame, with exponential energy weights, then boosted. It carries the energy flow of a
    /// jet pair, which a two-parton s → b b̄ record cannot give a parametrised shower.
    /// The decay vertex has c·t = 0, so the simulation derives the s flight time.
    public static func displacedScalarEvent(lxy: Double, mass: Double, energy: Double, phi: Double, count: Int,
                                            rng: inout RandomStream, eventNumber: Int) -> GenEvent {
        var event = GenEvent(eventNumber: eventNumber)
        let p = (energy * energy - mass * mass).squareRoot()
        let direction = Vector3(cos(phi), sin(phi), 0)
        let s = event.addParticle(GenParticle(pdgID: 35, status: 2, momentum: FourVector(direction * p, e: energy),
                                              generatedMass: mass))
        event.addVertex(position: .zero, incoming: [], outgoing: [s])
        var momenta: [Vector3] = []
        var ids: [Int] = []
        for k in 0..<count {
            momenta.append(rng.isotropicUnitVector() * (-log(rng.uniform01())))
            ids.append(k % 3 == 2 ? 22 : (k % 2 == 0 ? 211 : -211))
        }
        let mean = momenta.reduce(Vector3.zero, +) / Double(count)
        momenta = momenta.map { $0 - mean }
        let masses = ids.map { ParticleTable.pdg2024.massGeV(of: $0) ?? 0 }
        func total(_ f: Double) -> Double {
            zip(momenta, masses).reduce(0) { $0 + (($1.0 * f).mag2 + $1.1 * $1.1).squareRoot() }
        }
        var lo = 0.0, hi = 1_000.0
        for _ in 0..<100 { let mid = 0.5 * (lo + hi); if total(mid) < mass { lo = mid } else { hi = mid } }
        let beta = direction * (p / energy)
        var products: [Int] = []
        for ((q, id), m) in zip(zip(momenta, ids), masses) {
            let rest = FourVector(q * lo, mass: m)
            products.append(event.addParticle(GenParticle(pdgID: id, status: 1, momentum: rest.boosted(by: beta),
                                                          generatedMass: m)))
        }
        event.addVertex(position: FourVector(direction * lxy, e: 0), incoming: [s], outgoing: products)
        return event
    }

    /// log10(E_H/E_EM) of the whole event (+∞ when E_EM ≤ 0).
    public static func logRatio(_ raw: RawEvent, detector: Detector) -> Double {
        let (em, had) = calorimeterEnergy(raw, detector: detector)
        guard em > 0 else { return .infinity }
        guard had > 0 else { return -.infinity }
        return log10(had / em)
    }

    /// log10(E_H/E_EM) of the cells within ΔR < `radius` of (η, φ) (+∞ when E_EM ≤ 0).
    public static func logRatio(_ raw: RawEvent, detector: Detector, eta: Double, phi: Double, radius: Double) -> Double {
        var em = 0.0, had = 0.0
        for c in raw.calorimeterCells {
            let cell = detector.cells.cell(c.cell)
            let dEta = cell.eta - eta, dPhi = deltaPhi(cell.phi, phi)
            guard dEta * dEta + dPhi * dPhi < radius * radius else { continue }
            if detector.card.calorimeter.volumes[cell.volume].kind == .em { em += Double(c.energy) } else { had += Double(c.energy) }
        }
        guard em > 0 else { return .infinity }
        guard had > 0 else { return -.infinity }
        return log10(had / em)
    }

    /// The s at η = 0 decaying at `lxy`: without noise, log10(E_H/E_EM) of the whole event;
    /// `withNoise`, of the cells within ΔR < `llpConeRadius` of the s with electronic and
    /// pile-up noise (μ = `llpNoisePileupMu`) and dead cells — the same decays in both.
    public func llp(lxy: Double, detector: Detector, withNoise: Bool = false) -> LLPSummary {
        var rng = RandomStream(seed: config.seed, event: UInt64(lxy.rounded()), stage: .decays)
        var noisy = Digitization.Config()
        noisy.pileupMu = config.llpNoisePileupMu
        let validation = withNoise ? DetectorValidation(config: config, simulation: simulation,
                                                        digitization: Digitization(config: noisy)) : self
        var ratios: [Double] = []
        for k in 0..<config.llpDecays {
            let phi = rng.uniform(-Double.pi, Double.pi)
            let event = Self.displacedScalarEvent(lxy: lxy, mass: config.llpMassGeV, energy: config.llpEnergyGeV,
                                                  phi: phi, count: config.llpProducts,
                                                  rng: &rng, eventNumber: 60_000_000 + Int(lxy.rounded()) * 1_000 + k)
            let (_, raw) = validation.process(event, detector: detector)
            ratios.append(withNoise ? Self.logRatio(raw, detector: detector, eta: 0, phi: phi, radius: config.llpConeRadius)
                                    : Self.logRatio(raw, detector: detector))
        }
        ratios.sort()
        let n = Double(max(ratios.count, 1))
        let method = withNoise
            ? String(format: "cells within ΔR < %.1f of the s, noise at μ = %.0f, dead cells", config.llpConeRadius, config.llpNoisePileupMu)
            : "whole event, no noise"
        return LLPSummary(method: method, lxyMM: lxy, decays: ratios.count,
                          fractionAbove1p2: Double(ratios.filter { $0 > 1.2 }.count) / n,
                          fractionBelow0p5: Double(ratios.filter { $0 < 0.5 }.count) / n,
                          medianLogRatio: ratios.isEmpty ? 0 : ratios[ratios.count / 2])
    }
}
