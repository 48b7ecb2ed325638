import Foundation

/// Cuts and tolerances of track finding. Units are in the names or comments.
public struct TrackingConfig: Sendable {
    /// Minimum transverse momentum of a seed (three-point circle), GeV: ATLAS's 0.9, just
    /// below the track cut. A pion of pT > 1 GeV has several seeds (one per middle layer),
    /// and a three-point pT error of 10 % loses only a fraction of them; 0.8 found the same
    /// pions (`validate tracking` at μ = 40) with 20 % more seeds to follow.
    public var minSeedPtGeV: Double = 0.9
    /// Minimum transverse momentum of a final track, GeV.
    public var minTrackPtGeV: Double = 0.9
    /// Whether a seed's bottom point may be one surface further in than the one adjacent to
    /// the middle point (the top always may). Off: a track missing one point is still seeded
    /// from the next middle layer out, and the skipping bottoms double the doublets at μ = 40.
    /// Measured with `validate tracking` (off vs on): μ = 40, 30 events: efficiency 98.9 vs
    /// 98.2 %, fakes 0.00 vs 0.05 %, 38 % fewer candidates, tracking CPU −27 %; μ = 0, 100
    /// events: 99.4 vs 99.6 % (3 of 1511 pions); 100 GeV guns: 499 vs 500 of 500 — the lost
    /// tracks miss two points (a pixel layer and a strip side), so no confirmed seed is left.
    public var seedBottomMaySkipSurface = false
    /// Seeds kept per middle space point (the best by quality).
    public var maxSeedsPerMiddlePoint: Int = 2
    /// Keep only seeds confirmed by a fourth space point on the same circle.
    public var requireSeedConfirmation = true
    /// Two seeds (same bottom and middle, tops on two surfaces) confirm each other when their
    /// circle curvatures agree within this many standard deviations of the difference, from
    /// the tops' errors and the multiple scattering at the seeds' pT
    /// (`SeedFinder.confirmationTolerance`), the same 4σ as the θ agreement.
    /// It replaced a fixed 5 × 10⁻⁵/mm + 10 % of the curvature: at 1 GeV that allowed the
    /// fourth point ≈ 4 mm off the circle of a pixel doublet and a strip top (≈ 10σ), at
    /// 5 GeV ≈ 20σ — at μ = 40 most seeds so confirmed (pixel points of one particle, strip
    /// points of others) were followed to four points and dropped.
    public var seedConfirmationSigmas: Double = 4
    /// Keep only seeds with a fifth point inside the bottom one (``SeedInnerPoint``): on the
    /// surface inside it or the one beyond, where the seed's helix crosses them away from
    /// their edges (a seed whose bottom is on the innermost layer, or whose helix crosses
    /// none, passes). A particle from the collision region crosses every layer inside its
    /// seed; asking for a point on either of two loses only a track missing both, whose seeds
    /// further out remain. Off: it removes followed candidates but costs as much as their
    /// following. Measured with `validate tracking` (on vs off, seed 12345): μ = 40, 30
    /// events: efficiency 97.6 % both, fakes 0.04 % both, seeds 2 753 → 2 580 and candidates
    /// followed 1 100 → 970 per event; μ = 0, 100 events: 99.6 % both, candidates 38.5 →
    /// 37.7 per event. Tracking instructions (callgrind, `bench tracking --repeat 1`):
    /// 3 564 → 3 574 M — the seeding +60 M (two window look-ups per confirmed triplet), the
    /// following −47 M. The random candidates it removes (two particles' points, mostly
    /// stopped after one surface past the seed) are cheap to follow; it would pay only where
    /// the check is cheaper than here (e.g. only for the seeds actually followed).
    /// Off, the output is that of the seeding without it, bit for bit.
    public var requireSeedInnerPoint = false
    /// Tolerance of the inner point, standard deviations of its prediction (point errors and
    /// scattering at the seed pT cut).
    public var seedInnerPointSigmas: Double = 4
    /// Margin added to the seeding's φ windows (bottom and top doublets, and their
    /// look-ups), rad. The windows are the largest |Δφ| between two points of a circle with
    /// pT ≥ `minSeedPtGeV` and |d0| ≤ `maxSeedD0mm`, asin(r₂/2R) − asin(r₁/2R) +
    /// asin(d0/r₁) − asin(d0/r₂); the triplet's own cuts (circle radius and d0) have no
    /// tolerance, so a doublet outside that bound never gives a seed, and the margin needs
    /// to cover only what the formula leaves out: the exact largest |Δφ| exceeds it by
    /// ≤ 5 × 10⁻⁵ rad on this detector's radii (the cross term of d0 and curvature;
    /// `SeedPhiWindowTests`). 1 mrad is twenty times that. It was 10 mrad for the bottoms and
    /// 5 mrad for the tops ("point errors and scattering", which the triplet cuts do not
    /// allow for either): the same seeds (bench digests unchanged) from fewer candidates.
    public var seedPhiWindowMarginRad: Double = 0.001
    /// Maximum |d0| of a seed (helix through three points, w.r.t. the beam line), mm.
    public var maxSeedD0mm: Double = 1.5
    /// Beam-spot length σz, mm (the generation card's 45 mm); seeds must have |z0| within
    /// `collisionRegionSigmas` of it. 4σ (180 mm) keeps all but 6 × 10⁻⁵ of collisions (at
    /// 3σ, 0.3 % of events — every track in them — would be lost); ATLAS seeds within
    /// ±250 mm.
    public var beamSpotSigmaZmm: Double = 45
    public var collisionRegionSigmas: Double = 4
    /// Maximum |η| of a seed.
    public var maxAbsEta: Double = 2.7
    /// χ² cut for adding a pixel cluster (2 degrees of freedom) in the Kalman filter.
    public var maxChi2PerPixelCluster: Double = 16
    /// χ² cut for adding a strip cluster (1 degree of freedom).
    public var maxChi2PerStripCluster: Double = 12
    /// Maximum holes (crossed active sensor sides without a cluster, between the first and
    /// last cluster); following stops when it is exceeded.
    public var maxHoles: Int = 2
    /// Outward following stops once this many holes follow the last cluster (the holes after
    /// the last cluster are never counted on the track). Most candidates at μ = 40 are random
    /// seeds that leave their helix after 2–4 clusters; two holes in a row (two missed
    /// sensors, or both sides of one strip module, each ≈ 1 % for a real track) end them a
    /// surface earlier. Measured with `validate tracking` (2 vs 3, i.e. only `maxHoles`):
    /// μ = 40, 30 events: efficiency 98.9 % and fakes 0.00 % both; μ = 0: the same but for one
    /// 10 GeV μ gun track; following −9 % instructions.
    public var maxConsecutiveHoles: Int = 2
    /// Minimum number of silicon clusters (pixel + strip, a strip space point counts 2).
    /// 8 rather than ATLAS's 7: at μ = 40 it removes most fakes (2.0 % → 0.2 %
    /// in `validate tracking`) and loses no prompt pion (a track at |η| < 2.5 crosses ≥ 3
    /// pixel and ≥ 4 double-sided strip sensors).
    public var minSiliconHits: Int = 8
    /// Maximum number of clusters a track may share with a better track.
    public var maxSharedHits: Int = 2
    /// Maximum χ²/ndf of a final track.
    public var maxChi2PerNDF: Double = 5
    /// Extension of the silicon tracks into the TRT and refit (TRTExtension.swift).
    public var trt = TRTExtensionConfig()

    public init() {}
}
