/// One topo-cluster of a jet: position, energy per calorimeter layer and time.
///
/// Up to ``DatasetSchema/clustersPerJet`` (30) per jet, leading pT first, as in the public
/// CalRatio RNN. Layers count from the inside: EM 1–4 are presampler, strips, middle and
/// back; hadronic 1–4 are the hadronic calorimeter's samplings, innermost first (zero where
/// it has fewer). Energies in GeV, time in ns, all `Float` (resolution ≫ Float's precision).
public struct ClusterRow: Sendable, Equatable {
    /// Transverse momentum (massless: E / cosh η), GeV.
    public var pt: Float
    public var eta: Float
    /// rad.
    public var phi: Float
    /// Energy in EM layer 1 (presampler) … 4 (back), GeV.
    public var emLayer1Energy: Float
    public var emLayer2Energy: Float
    public var emLayer3Energy: Float
    public var emLayer4Energy: Float
    /// Energy in hadronic layer 1 (innermost) … 4, GeV.
    public var hadLayer1Energy: Float
    public var hadLayer2Energy: Float
    public var hadLayer3Energy: Float
    public var hadLayer4Energy: Float
    /// Energy-weighted cell time, ns.
    public var time: Float

    public init(pt: Float = 0, eta: Float = 0, phi: Float = 0,
                emLayerEnergies: (Float, Float, Float, Float) = (0, 0, 0, 0),
                hadLayerEnergies: (Float, Float, Float, Float) = (0, 0, 0, 0),
                time: Float = 0) {
        self.pt = pt
        self.eta = eta
        self.phi = phi
        (emLayer1Energy, emLayer2Energy, emLayer3Energy, emLayer4Energy) = emLayerEnergies
        (hadLayer1Energy, hadLayer2Energy, hadLayer3Energy, hadLayer4Energy) = hadLayerEnergies
        self.time = time
    }

    /// Bit for bit, so that NaN equals NaN.
    public static func == (a: ClusterRow, b: ClusterRow) -> Bool {
        Self.layout.bytesEqual(a, b)
    }
}

extension ClusterRow: StoredRow {
    static let bindings: [ColumnBinding<ClusterRow>] = [
        .init(\.pt, Column("pt_gev", .float32, unit: "GeV", "cluster transverse momentum")),
        .init(\.eta, Column("eta", .float32, "cluster pseudorapidity")),
        .init(\.phi, Column("phi", .float32, unit: "rad", "cluster azimuth")),
        .init(\.emLayer1Energy, Column("e_em1_gev", .float32, unit: "GeV", "energy in EM layer 1 (presampler)")),
        .init(\.emLayer2Energy, Column("e_em2_gev", .float32, unit: "GeV", "energy in EM layer 2 (strips)")),
        .init(\.emLayer3Energy, Column("e_em3_gev", .float32, unit: "GeV", "energy in EM layer 3 (middle)")),
        .init(\.emLayer4Energy, Column("e_em4_gev", .float32, unit: "GeV", "energy in EM layer 4 (back)")),
        .init(\.hadLayer1Energy, Column("e_had1_gev", .float32, unit: "GeV", "energy in hadronic layer 1 (innermost)")),
        .init(\.hadLayer2Energy, Column("e_had2_gev", .float32, unit: "GeV", "energy in hadronic layer 2")),
        .init(\.hadLayer3Energy, Column("e_had3_gev", .float32, unit: "GeV", "energy in hadronic layer 3")),
        .init(\.hadLayer4Energy, Column("e_had4_gev", .float32, unit: "GeV", "energy in hadronic layer 4 (0 if absent)")),
        .init(\.time, Column("time_ns", .float32, unit: "ns", "energy-weighted cell time")),
    ]
    static let layout = RowLayout(ClusterRow.self, bindings)
    static var zero: ClusterRow { ClusterRow() }
}
