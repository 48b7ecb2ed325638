import EventModel

extension Digitization {
    /// Electronics settings that are not properties of the detector card.
    public struct Config: Codable, Hashable, Sendable {
        /// Mean number of pile-up interactions; scales the card's pile-up noise by √(μ/40).
        public var pileupMu = 0.0
        /// Cells are stored when |E| > this many total-noise σ. 2σ keeps every cell the 4–2–0
        /// topo-clustering can seed or grow from (ATLAS, arXiv:1603.02934 §3).
        public var cellStorageThresholdSigma = 2.0
        /// Electronic and pile-up noise in the calorimeter (off: the intrinsic response,
        /// as for the resolution validation).
        public var calorimeterNoise = true
        /// Dead channels: the card's `dead_cell_fraction` (calorimeter) and
        /// `dead_channel_fraction` (silicon) — the same channels in every event. Off for the
        /// design-performance validation (a detector with every channel working).
        public var deadChannels = true
        /// Fixed cell-to-cell calibration non-uniformity (the card's `calibration_spread`).
        public var calibrationNonUniformity = true
        /// LAr/Tile read-out: 12-bit ADC, three gains ×1, ×10, ×100 of the card's LSB
        /// (ATLAS LAr electronics, JINST 3 (2008) P09003: 16-bit dynamic range in three
        /// overlapping 12-bit gains).
        public var adcBits = 12
        public var gainRatios: [Double] = [1, 10, 100]
        /// Cell time resolution σ_t = √((A σ_noise/|E|)² + C²): A = 25 ns, C = 0.3 ns
        /// (an approximate model of ATLAS LAr cell timing, a few tenths of a ns for cells
        /// of a few GeV and ns near the noise).
        public var timeNoiseTermNS = 25.0
        public var timeConstantTermNS = 0.3
        /// A pure-noise cell gets a time uniform in ± this (ns): half the 25 ns bunch spacing.
        public var noiseCellTimeHalfWidthNS = 12.5

        /// Silicon: energy per electron–hole pair, eV (PDG §35.7: 3.62 eV at 300 K).
        public var siliconPairEnergyEV = 3.62
        /// Diffusion of the drifting charge across the channels (µm, r.m.s.).
        public var diffusionUM = 7.0
        /// Tracker noise hits from the card's noise occupancy.
        public var trackerNoise = true
        /// Error of a multi-channel cluster relative to pitch/√12 (charge interpolation
        /// does better than binary read-out; ATLAS pixels reach ≈ 10 µm in r·φ for a 50 µm
        /// pitch, S08003 §4.1).
        public var multiChannelErrorScale = 0.6

        public init() {}

        /// No electronic or pile-up noise, no tracker noise hits, no dead channels; thresholds
        /// at zero signal. For validating the intrinsic (design) detector response.
        public static var noiseFree: Config {
            var c = Config()
            c.calorimeterNoise = false
            c.trackerNoise = false
            c.deadChannels = false
            c.cellStorageThresholdSigma = 0
            return c
        }
    }
}
