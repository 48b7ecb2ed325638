/// Cuts of the iterative primary-vertex finder. Units are in the names.
public struct VertexingConfig: Sendable {
    /// Tracks used: |d0| below this, mm, and pT above `minTrackPtGeV`.
    public var maxTrackD0mm: Double = 2.0
    public var minTrackPtGeV: Double = 0.9
    /// Seed: the densest spot of track z0 values, counted within ± this, mm.
    public var seedWindowMM: Double = 1.0
    /// Tracks within this many σ (z0 error ⊕ `seedWindowMM`/3) of the seed enter the fit.
    public var associationSigmas: Double = 4
    /// Outlier removal: a track whose χ² (2 dof, d0 and z0) to the fitted vertex exceeds this
    /// is removed, worst first, and the vertex refitted.
    public var maxTrackChi2: Double = 12
    /// Vertices need at least this many tracks.
    public var minTracks: Int = 2
    /// Transverse beam-spot constraint σ_xy, mm (the generated luminous region has no
    /// transverse spread; ATLAS's is ≈ 0.01 mm).
    public var beamSpotSigmaXYmm: Double = 0.01

    public init() {}
}
