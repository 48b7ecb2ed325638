/// The run card, `genreco.toml`: what a user sets for one production run (the original's
/// constants.py). Every key has a default, so an empty card runs the benchmark signal point
/// (m_H = 125 GeV, m_s = 40 GeV, cτ = 760 mm, s → b b̄ at √s = 13 TeV). Key names carry their
/// units (`_gev`, `_mm`); unknown keys and wrong types are errors naming the key.
public struct RunCard: Codable, Sendable, Equatable {
    public var run = RunSection()
    public var generation = GenerationSection()
    public var gun = GunSection()
    public var detector = DetectorSection()

    public init() {}

    /// `[run]`: naming, seeding and where files go.
    public struct RunSection: Codable, Sendable, Equatable {
        /// Names the files: `{number}.{batchsize}.{batchno}`.
        public var number = 304795
        /// The run seed: the key of every random stream (DESIGN.md §3).
        public var seed: UInt64 = 12345
        /// Holds `evnt/`, `runs/<TIMESTAMP>/`, `out/<TIMESTAMP>/`.
        public var workDir = "genreco-work"
        public init() {}
    }

    /// `[generation]`: the physics process and its parameters.
    public struct GenerationSection: Codable, Sendable, Equatable {
        public var process = Process.hssGGF
        public var sqrtSGeV = 13000.0
        /// The mediator Φ (PDG id 25): the Higgs or a heavy scalar.
        public var mediatorMassGeV = 125.0
        public var mediatorWidthGeV = 0.0041
        /// The long-lived scalar s (PDG id 35).
        public var scalarMassGeV = 40.0
        /// Mean proper decay length cτ of s.
        public var scalarCtauMM = 760.0
        public var scalarDecays = ScalarDecays()
        /// W decay channels for `hss-wh`: "e", "mu".
        public var wDecays = ["e", "mu"]
        /// Minimum pT-hat of the 2 → 2 scattering, `dijet` only.
        public var pthatMinGeV = 40.0
        /// Multi-parton interactions and beam remnants.
        public var underlyingEvent = true
        /// Mean number of pile-up interactions per bunch crossing (Poisson).
        public var pileupMu = 0.0
        /// Longitudinal spread of the interaction region.
        public var beamspotSigmaZMM = 45.0
        /// Mean number of events that include each pile-up collision: 1, every event has its
        /// own; R > 1, neighbouring events share collisions, which the simulation transports
        /// once per job (PileUpOverlay+Shared.swift). 4 by default, as ATLAS draws its pile-up
        /// from minimum-bias events simulated beforehand (reused far more than 4 times): a
        /// μ = 40 event's simulation + digitization takes ≈ 26 ms instead of ≈ 48 (session 14).
        public var pileupReuse = 4.0
        public init() {}
    }

    /// Branching fractions of s; they must add up to 1.
    public struct ScalarDecays: Codable, Sendable, Equatable {
        public var bb = 1.0
        public var cc = 0.0
        public var tautau = 0.0
        public init() {}
    }

    /// `[gun]`: single particles, flat in energy, η and φ over the given ranges.
    public struct GunSection: Codable, Sendable, Equatable {
        public var pdgId = 11
        public var energyGeV = [10.0, 500.0]
        public var eta = [-1.2, 1.2]
        public var phi = [-Double.pi, Double.pi]
        public init() {}
    }

    /// `[detector]`: which detector card to use.
    public struct DetectorSection: Codable, Sendable, Equatable {
        /// `builtin:atlas-run2` or a path to a detector card.
        public var card = "builtin:atlas-run2"
        public init() {}
    }

    /// The processes GenReco generates.
    public enum Process: String, Codable, Sendable, CaseIterable {
        case hssGGF = "hss-ggf"
        case hssWH = "hss-wh"
        case dijet
        case minbias
        case bib
        case gun
    }
}
