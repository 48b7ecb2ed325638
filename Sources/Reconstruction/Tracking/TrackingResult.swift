/// Counts from track finding in one event.
public struct TrackingStats: Sendable, Codable, Equatable {
    /// Space points built from pixel clusters and strip axial/stereo pairs.
    public var spacePoints = 0
    /// Triplet seeds passing the pT, d0 and collision-region cuts.
    public var seeds = 0
    /// Candidates after following the seeds through the remaining layers.
    public var candidates = 0
    /// Candidates dropped before the inward fit: the outward filter's pT is more than 3σ
    /// below the track cut.
    public var rejectedLowPt = 0
    /// Tracks fitted successfully (before ambiguity resolution).
    public var fitted = 0
    /// Candidates dropped because the fit failed (singular covariance, non-finite numbers,
    /// failed propagation).
    public var failedFits = 0
    /// Candidates dropped by ambiguity resolution (too many shared clusters, worse score).
    public var rejectedAmbiguity = 0
    /// Clusters skipped because they pointed to a surface that does not exist or had
    /// non-finite coordinates.
    public var badClusters = 0
    /// Tracks whose predicted helix passes within the road (⊕ a straw radius) of straws in at
    /// least `trt.minHits` TRT layers: those the TRT extension can extend.
    public var trtReaching = 0
    /// Tracks extended into the TRT (the refit replaced the silicon fit).
    public var trtExtended = 0

    public init() {}
}

/// The output of track finding in one event.
public struct TrackingResult: Sendable {
    public var tracks: [Track]
    public var stats: TrackingStats

    public init(tracks: [Track] = [], stats: TrackingStats = TrackingStats()) {
        self.tracks = tracks
        self.stats = stats
    }
}
