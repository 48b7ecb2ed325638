/// One track near a jet: kinematics, impact parameters and hit pattern.
///
/// Up to ``DatasetSchema/tracksPerJet`` (20) per jet, leading pT first. Kinematics and
/// impact parameters are `Float` (σ(d0) ≈ 10 µm at best, far above Float's precision at
/// the detector's scale); hit counts are `Int16`. `n_trt_hits` counts the TRT straws the
/// track was extended through; χ²/ndf then includes them.
public struct TrackRow: Sendable, Equatable {
    /// GeV.
    public var pt: Float
    public var eta: Float
    /// rad, at the point of closest approach.
    public var phi: Float
    /// Transverse impact parameter with respect to the beam line, mm (signed).
    public var d0: Float
    /// z of the point of closest approach to the beam line, mm.
    public var z0: Float
    /// Fit χ² per degree of freedom, over the silicon hits and, for an extended track, the straws.
    public var chi2PerNDF: Float
    /// Silicon hits on the track (pixel + strip).
    public var hits: Int16
    /// Holes: layers crossed without a hit.
    public var holes: Int16
    /// Hits shared with another track.
    public var sharedHits: Int16
    /// TRT straws (drift circles) in the fit; 0 for a track not extended into the TRT.
    public var trtHits: Int16

    public init(pt: Float = 0, eta: Float = 0, phi: Float = 0, d0: Float = 0, z0: Float = 0,
                chi2PerNDF: Float = 0, hits: Int16 = 0, holes: Int16 = 0, sharedHits: Int16 = 0,
                trtHits: Int16 = 0) {
        self.pt = pt
        self.eta = eta
        self.phi = phi
        self.d0 = d0
        self.z0 = z0
        self.chi2PerNDF = chi2PerNDF
        self.hits = hits
        self.holes = holes
        self.sharedHits = sharedHits
        self.trtHits = trtHits
    }

    /// Bit for bit, so that NaN equals NaN.
    public static func == (a: TrackRow, b: TrackRow) -> Bool {
        Self.layout.bytesEqual(a, b)
    }
}

extension TrackRow: StoredRow {
    static let bindings: [ColumnBinding<TrackRow>] = [
        .init(\.pt, Column("pt_gev", .float32, unit: "GeV", "track transverse momentum")),
        .init(\.eta, Column("eta", .float32, "track pseudorapidity")),
        .init(\.phi, Column("phi", .float32, unit: "rad", "track azimuth at the point of closest approach")),
        .init(\.d0, Column("d0_mm", .float32, unit: "mm", "signed transverse impact parameter to the beam line")),
        .init(\.z0, Column("z0_mm", .float32, unit: "mm", "z at the point of closest approach to the beam line")),
        .init(\.chi2PerNDF, Column("chi2_per_ndf", .float32, "fit χ² per degree of freedom (silicon hits, plus TRT straws when the track was extended)")),
        .init(\.hits, Column("n_hits", .int16, "silicon hits (pixel + strip)")),
        .init(\.holes, Column("n_holes", .int16, "layers crossed without a hit")),
        .init(\.sharedHits, Column("n_shared_hits", .int16, "hits shared with another track")),
        .init(\.trtHits, Column("n_trt_hits", .int16, "TRT straws on the track")),
    ]
    static let layout = RowLayout(TrackRow.self, bindings)
    static var zero: TrackRow { TrackRow() }
}
