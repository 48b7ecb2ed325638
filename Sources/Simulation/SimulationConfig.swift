import EventModel

extension Simulation {
    /// Model parameters of the transport and the parametrised showers. Detector numbers
    /// (geometry, materials, sampling) live in the detector card; these are physics.
    public struct Config: Codable, Hashable, Sendable {
        // MARK: Tracker

        /// Multiple scattering, ionisation, bremsstrahlung and conversions in tracker material.
        public var trackerMaterialEffects = true
        /// Particles below this kinetic energy stop (GeV).
        public var minimumKineticEnergyGeV = 1.0 * MeV
        /// A looper is stopped after this many tracker-surface crossings (a track crossing
        /// the barrel once meets ≤ 13 surfaces; 40 follows a looper for about three half-turns).
        public var maximumTrackerCrossings = 40
        /// Bremsstrahlung photons below this energy are not followed (GeV); their energy is lost.
        public var minimumPhotonEnergyGeV = 1.0 * MeV

        // MARK: Electromagnetic showers

        /// b of the Gamma longitudinal profile dE/dt ∝ (bt)^(a−1) e^(−bt), t in X₀ (PDG
        /// "Passage of particles through matter", §34.5: b ≈ 0.5).
        public var emProfileB = 0.5
        /// C in t_max = ln(E/E_c) + C for electrons (−0.5) and photons (+0.5) (PDG §34.5).
        public var emTmaxOffsetElectron = -0.5
        public var emTmaxOffsetPhoton = 0.5
        /// Shower-to-shower fluctuations of ln t_max and ln a with the widths and correlation
        /// of Grindhammer & Peters, hep-ex/0001020, eqs. (12)–(14):
        /// σ(ln T) = (−1.4 + 1.26 ln y)⁻¹, σ(ln α) = (−0.58 + 0.86 ln y)⁻¹, ρ = 0.705 − 0.023 ln y.
        public var emProfileFluctuations = true
        /// Lateral profile f(r) = p·2rR_C²/(r²+R_C²)² + (1−p)·2rR_T²/(r²+R_T²)²
        /// (Grindhammer & Peters, eq. (17)); radii in Molière radii. With these values ≈ 90 %
        /// of the energy lies within 1 R_M (PDG §34.5).
        public var emCoreRadiusRM = 0.25
        public var emTailRadiusRM = 1.5
        public var emCoreFraction = 0.93

        // MARK: Hadronic showers

        /// Interaction length of mesons relative to the card's nuclear λ_I (π–nucleus
        /// inelastic cross-sections are ≈ 2/3–3/4 of p–nucleus ones, PDG tables of
        /// atomic and nuclear properties, λ_π vs λ_I).
        public var mesonInteractionLengthScale = 1.25
        /// Shower maximum after the first interaction, t_max = (A ln(E/GeV) + B) λ (PDG §34.5).
        public var hadronTmaxSlope = 0.2
        public var hadronTmaxOffset = 0.7
        /// Exponential tail λ_att = (E/GeV)^k λ (PDG §34.5: k = 0.13) sets b = 1/λ_att.
        public var hadronAttenuationExponent = 0.13
        /// Mean EM fraction f_em = 1 − (E/E₀)^(k−1) (Groom; Wigmans ch. 2): E₀ = 1 GeV, k = 0.82.
        public var emFractionScaleGeV = 1.0
        public var emFractionExponent = 0.82
        /// Event-to-event spread of f_em: σ(f_em) = s₀ (E/10 GeV)^(−s₁), clamped to [0, 1]
        /// (fluctuations of the π⁰ content; Wigmans ch. 4 shows σ(f_em) ≈ 0.1 falling slowly
        /// with energy). Tuned with the card's hadronic stochastic terms to the design
        /// 50 %/√E ⊕ 3 % (JINST 3 S08003 Table 1.1).
        public var emFractionSigma = 0.11
        public var emFractionSigmaSlope = 0.1
        /// Lateral profile of hadron showers (same form as the EM one), radii in λ_I.
        public var hadronCoreRadiusLambda = 0.12
        public var hadronTailRadiusLambda = 0.5
        public var hadronCoreFraction = 0.75

        // MARK: Cells

        /// Cell deposits below a cut-off c are kept with probability E/c at c (Russian
        /// roulette: unbiased, far fewer cells). The cut-off (EM scale) is the larger of this
        /// floor (GeV) and `cellEnergyCutoffNoiseFraction` of the cell's electronic noise σ:
        /// a cell's roulette variance E(c − E) ≤ c²/4 adds at most (0.3)²/4 = 2.3 % to its
        /// noise variance (≤ 1.1 % to σ), while a signal event fills ≈ 1.7× fewer cells than
        /// with 0.1 σ (most of its ≈ 12 000 deposits were far below the 2 σ storage threshold).
        public var cellEnergyCutoffGeV = 0.5 * MeV
        public var cellEnergyCutoffNoiseFraction = 0.3
        /// A shower's stretch in one volume whose mean signal μ is below this fraction of the
        /// volume's smallest cell cut-off (at most 1) is drawn backwards: one uniform decides
        /// whether it leaves anything, and only then are its fluctuation and its cell made
        /// (keep with probability μ/max(S*, c), S* the size-biased fluctuated signal: exactly
        /// the law of fluctuating first and then playing the roulette). Such stretches, the
        /// tails of showers in the next volume, are about half of all; most now cost one
        /// draw instead of a Gamma deviate and the lateral set-up. 0 turns this off.
        public var tinyDepositCutoffFraction = 1.0
        /// Lateral window: ± this many tail radii around the shower axis (≥ 90 % of the
        /// tail component inside; the window is renormalised, so energy is conserved).
        public var lateralWindowTailRadii = 3.0
        /// A lateral window in which no cell reaches its cut-off (the axis cell, which holds the
        /// largest share, below it) keeps ⌊u + E/c⌋ cells, each drawn from the window's profile,
        /// instead of walking every cell with the systematic roulette: each cell keeps its mean
        /// (`SubCutoffWindowTests`); at μ = 0 a third of the windows, with 37 % of the cells the
        /// walk visited. false walks them.
        public var drawSubCutoffWindows = true
        /// A shower stretch that moves across cells is split into at most this many steps, one
        /// per cell the axis crosses but no finer than the lateral profile's core radius.
        public var maximumSubsteps = 8
        /// Muon energy loss relative to the card's minimum-ionising loss (relativistic rise
        /// and radiative losses of 10–100 GeV muons, PDG §34.2, Fig. 34.1).
        public var muonLossScale = 1.25

        public init() {}
    }
}
