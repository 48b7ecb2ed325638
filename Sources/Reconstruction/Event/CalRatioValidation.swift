import Detector
import Digitization
import EventModel
import Foundation
import Simulation

/// The physics the CalRatio network relies on (issue 6, item 8): among labelled signal jets
/// of the benchmark signal point, the share that passes the CalRatio selection —
/// log10(E_H/E_EM) > 1.2 and no track with pT > 2 GeV within ΔR < 0.2 (ATLAS,
/// arXiv:1902.03094 §6, the CalRatio trigger and jet selection) — must be ≥ 50 %; among QCD
/// jets of QCD dijet events it must be ≤ 1 %.
///
/// Events go through the same chain as a `run` job: simulation and digitization with their
/// random streams keyed by (seed, event), then ``Reconstruction``.
public struct CalRatioValidation: Sendable {
    public struct Config: Sendable {
        /// The CalRatio selection.
        public var minLogRatio = 1.2
        public var maxTracks2GeV = 0
        /// Acceptance limits of the checks (issue 6).
        public var minSignalPassFraction = 0.5
        public var maxQCDPassFraction = 0.01
        public init() {}
    }

    /// Jets of one sample with a given label, and how many pass the selection.
    public struct Count: Sendable, Codable, Equatable {
        public var jets = 0
        public var passing = 0
        public var fraction: Double { jets > 0 ? Double(passing) / Double(jets) : .nan }
        /// Binomial standard error of the fraction.
        public var error: Double {
            guard jets > 0 else { return .nan }
            let f = fraction
            return (f * (1 - f) / Double(jets)).squareRoot()
        }
        public init() {}
    }

    /// One sample's tally: events and jets per label.
    public struct Sample: Sendable, Codable, Equatable {
        public var name: String
        public var events = 0
        public var signal = Count()
        public var qcd = Count()
        public var bib = Count()
        public var stats = ReconstructionStats()
        /// The signal jets by where their s decayed.
        public var decays = CalRatioDecayTable()
        /// Signal jets whose s decayed before the back of the last EM calorimeter layer on
        /// its line of flight (in front of or inside the EM calorimeter), and behind it.
        /// Filled when ``add(_:to:detector:)`` is given the detector.
        public var signalInFrontOfEMBack = Count()
        public var signalBehindEMBack = Count()
        public init(name: String) { self.name = name }
    }

    public var config: Config
    public var reconstruction: Reconstruction

    public init(config: Config = Config(), reconstruction: Reconstruction = Reconstruction()) {
        self.config = config
        self.reconstruction = reconstruction
    }

    /// Whether a jet passes the CalRatio selection.
    public func passes(_ jet: ReconstructedJet) -> Bool {
        passesRatio(jet) && jet.variables.nTracks2GeV <= config.maxTracks2GeV
    }

    /// Whether a jet passes the log10(E_H/E_EM) part of the selection.
    public func passesRatio(_ jet: ReconstructedJet) -> Bool {
        jet.variables.logRatio > config.minLogRatio
    }

    /// Distance from the origin, mm, at which the line from the origin along `direction`
    /// leaves the last electromagnetic (presampler, EMB, EMEC, FCal1) volume it crosses;
    /// 0 if it crosses none.
    public static func emBackDistance(direction: Vector3, detector: Detector) -> Double {
        let volumes = detector.card.calorimeter.volumes
        return detector.calorimeterSegments(origin: Vector3(0, 0, 0), direction: direction.unit)
            .filter { volumes[$0.volume].kind == .em }
            .map(\.exit).max() ?? 0
    }

    /// Adds a reconstructed event's jets to `sample`; with `detector`, signal jets are also
    /// split by whether their s decayed in front of or behind the back of the EM calorimeter.
    public func add(_ event: ReconstructedEvent, to sample: inout Sample, detector: Detector? = nil) {
        sample.events += 1
        sample.stats += event.stats
        for jet in event.jets {
            let pass = passes(jet) ? 1 : 0
            switch jet.truth.label {
            case .signal:
                sample.signal.jets += 1
                sample.signal.passing += pass
                if let llp = jet.truth.llp, let x = llp.decayPosition {
                    sample.decays.add(lxy: x.perp, lz: x.z, llpEta: llp.momentum.eta,
                                      barrelMaxAbsEta: reconstruction.config.labels.barrelMaxAbsEta,
                                      variables: jet.variables, passes: pass == 1, passesRatio: passesRatio(jet))
                    if let detector {
                        let back = Self.emBackDistance(direction: llp.momentum.p3, detector: detector)
                        if x.mag < back {
                            sample.signalInFrontOfEMBack.jets += 1
                            sample.signalInFrontOfEMBack.passing += pass
                        } else {
                            sample.signalBehindEMBack.jets += 1
                            sample.signalBehindEMBack.passing += pass
                        }
                    }
                }
            case .qcd: sample.qcd.jets += 1; sample.qcd.passing += pass
            case .bib: sample.bib.jets += 1; sample.bib.passing += pass
            }
        }
    }

    /// Simulates, digitizes and reconstructs `events` and tallies their jets; `observe`
    /// sees each generated and reconstructed event (for diagnostics).
    public func run(_ name: String, events: some Sequence<GenEvent>, detector: Detector, seed: UInt64,
                    pileupMu: Double = 0, observe: (GenEvent, ReconstructedEvent) -> Void = { _, _ in }) -> Sample {
        var digiConfig = Digitization.Config()
        digiConfig.pileupMu = pileupMu
        let simulation = Simulation()
        let digitization = Digitization(config: digiConfig)
        var sample = Sample(name: name)
        for event in events {
            var simRNG = RandomStream(seed: seed, event: UInt64(event.eventNumber), stage: Simulation.stage)
            let hits = simulation(event, in: detector, rng: &simRNG)
            var digiRNG = RandomStream(seed: seed, event: UInt64(event.eventNumber), stage: Digitization.stage)
            let raw = digitization(hits, in: detector, rng: &digiRNG)
            let reconstructed = reconstruction(raw, truth: event, in: detector)
            add(reconstructed, to: &sample, detector: detector)
            observe(event, reconstructed)
        }
        return sample
    }

    /// The two checks of the issue: signal jets of the signal sample, QCD jets of the QCD sample.
    public struct Check: Sendable, Codable, Equatable {
        public var name: String
        public var value: Double
        public var error: Double
        public var jets: Int
        public var reference: String
        public var passed: Bool
    }

    public func checks(signal: Sample, qcd: Sample) -> [Check] {
        let s = signal.signal, q = qcd.qcd
        return [
            Check(name: "signal jets (\(signal.name)) passing CalRatio", value: s.fraction, error: s.error, jets: s.jets,
                  reference: String(format: "≥ %.0f %%", 100 * config.minSignalPassFraction),
                  passed: s.jets > 0 && s.fraction >= config.minSignalPassFraction),
            Check(name: "QCD jets (\(qcd.name)) passing CalRatio", value: q.fraction, error: q.error, jets: q.jets,
                  reference: String(format: "≤ %.0f %%", 100 * config.maxQCDPassFraction),
                  passed: q.jets > 0 && q.fraction <= config.maxQCDPassFraction),
        ]
    }
}
