/// One jet as the CalRatio network sees it: kinematics, the calorimeter-ratio and track
/// variables, timing, the truth label and the matched long-lived particle (LLP).
///
/// A plain value type that reconstruction fills and the ``DatasetWriter`` stores as one
/// record of the `jets` dataset (see ``DatasetSchema/jets`` for names, units and types).
/// Quantities are in the native units of EventModel (GeV, mm, ns, radians) and stored as
/// `Float`: detector resolutions (≥ 10⁻³ relative) are far above Float's 6·10⁻⁸, and halving
/// the file matters more. `eventID` is `Int64` (global event numbers) and `weight` is
/// `Double`, since weights are summed over millions of jets.
///
/// The variables follow the public CalRatio RNN (ATLAS, JHEP 06 (2022) 005, arXiv:2203.01009).
public struct JetRow: Sendable, Equatable {
    /// Global event number: unique across the run, equal to ``EventRow/eventID`` of its event.
    public var eventID: Int64
    /// Index of the jet in its event, 0-based, jets ordered by pT (leading first).
    public var jetIndex: Int32
    /// Transverse momentum, GeV.
    public var pt: Float
    public var eta: Float
    /// Azimuth in (−π, π], rad.
    public var phi: Float
    /// Energy, GeV.
    public var energy: Float
    /// E_EM / (E_EM + E_H) from the constituent clusters' layer energies.
    public var emFraction: Float
    /// log10(E_H / E_EM), the CalRatio; reconstruction decides the value when E_EM ≤ 0.
    public var logRatio: Float
    /// Number of tracks with pT > 2 GeV within ΔR < 0.2 of the jet axis.
    public var nTracks2GeV: Int32
    /// Scalar sum of the pT of those tracks, GeV.
    public var sumPtTracks2GeV: Float
    /// pT-weighted mean ΔR of the constituents from the jet axis.
    public var width: Float
    /// Energy-weighted mean time of the constituent clusters, ns (0 = in time with the crossing).
    public var time: Float
    /// ``JetLabel`` raw value; stored as a plain `Int8` so the struct is raw file memory.
    var labelCode: Int8
    /// Transverse decay distance of the matched LLP, mm; NaN when none is matched.
    public var llpLxy: Float
    /// Longitudinal decay position z of the matched LLP, mm; NaN when none is matched.
    public var llpLz: Float
    /// pT of the matched LLP, GeV; NaN when none is matched.
    public var llpPt: Float
    /// Event weight carried to the jet (1 for unweighted generation).
    public var weight: Double

    /// The truth class. Rows read from a file were checked to hold a valid code.
    public var label: JetLabel {
        get { JetLabel(rawValue: labelCode) ?? .qcd }
        set { labelCode = newValue.rawValue }
    }

    /// A jet; every argument has a default so reconstruction can fill what it knows.
    /// The LLP fields default to NaN (no LLP matched).
    public init(eventID: Int64 = 0, jetIndex: Int32 = 0,
                pt: Float = 0, eta: Float = 0, phi: Float = 0, energy: Float = 0,
                emFraction: Float = 0, logRatio: Float = 0,
                nTracks2GeV: Int32 = 0, sumPtTracks2GeV: Float = 0,
                width: Float = 0, time: Float = 0, label: JetLabel = .qcd,
                llpLxy: Float = .nan, llpLz: Float = .nan, llpPt: Float = .nan,
                weight: Double = 1) {
        self.eventID = eventID
        self.jetIndex = jetIndex
        self.pt = pt
        self.eta = eta
        self.phi = phi
        self.energy = energy
        self.emFraction = emFraction
        self.logRatio = logRatio
        self.nTracks2GeV = nTracks2GeV
        self.sumPtTracks2GeV = sumPtTracks2GeV
        self.width = width
        self.time = time
        self.labelCode = label.rawValue
        self.llpLxy = llpLxy
        self.llpLz = llpLz
        self.llpPt = llpPt
        self.weight = weight
    }

    /// Equal field by field, NaN equal to NaN: a row read back from a file equals the row
    /// written, "no LLP" included.
    public static func == (a: JetRow, b: JetRow) -> Bool {
        a.eventID == b.eventID && a.jetIndex == b.jetIndex
            && sameBits(a.pt, b.pt) && sameBits(a.eta, b.eta) && sameBits(a.phi, b.phi)
            && sameBits(a.energy, b.energy) && sameBits(a.emFraction, b.emFraction)
            && sameBits(a.logRatio, b.logRatio) && a.nTracks2GeV == b.nTracks2GeV
            && sameBits(a.sumPtTracks2GeV, b.sumPtTracks2GeV) && sameBits(a.width, b.width)
            && sameBits(a.time, b.time) && a.labelCode == b.labelCode
            && sameBits(a.llpLxy, b.llpLxy) && sameBits(a.llpLz, b.llpLz) && sameBits(a.llpPt, b.llpPt)
            && a.weight.bitPattern == b.weight.bitPattern
    }
}

/// Bit equality: NaN equals NaN, and a stored value equals itself exactly.
@inline(__always) func sameBits(_ a: Float, _ b: Float) -> Bool { a.bitPattern == b.bitPattern }

extension JetRow: StoredRow {
    static let bindings: [ColumnBinding<JetRow>] = [
        .init(\.eventID, Column("event_id", .int64, "global event number, unique in the run; matches events.event_id")),
        .init(\.jetIndex, Column("jet_index", .int32, "index of the jet in its event, pT-ordered from 0")),
        .init(\.pt, Column("pt_gev", .float32, unit: "GeV", "jet transverse momentum")),
        .init(\.eta, Column("eta", .float32, "jet pseudorapidity")),
        .init(\.phi, Column("phi", .float32, unit: "rad", "jet azimuth in (−π, π]")),
        .init(\.energy, Column("e_gev", .float32, unit: "GeV", "jet energy")),
        .init(\.emFraction, Column("em_fraction", .float32, "E_EM / (E_EM + E_H)")),
        .init(\.logRatio, Column("log_ratio", .float32, "CalRatio log10(E_H / E_EM)")),
        .init(\.nTracks2GeV, Column("n_tracks_pt2", .int32, "tracks with pT > 2 GeV within ΔR < 0.2 of the jet axis")),
        .init(\.sumPtTracks2GeV, Column("sum_pt_tracks_pt2_gev", .float32, unit: "GeV", "scalar ΣpT of those tracks")),
        .init(\.width, Column("width", .float32, "pT-weighted mean ΔR of the constituents")),
        .init(\.time, Column("time_ns", .float32, unit: "ns", "energy-weighted mean cluster time")),
        .init(\.labelCode, Column("label", .int8, "truth class: 0 QCD, 1 signal, 2 BIB")),
        .init(\.llpLxy, Column("llp_lxy_mm", .float32, unit: "mm", "transverse decay distance of the matched LLP; NaN if none")),
        .init(\.llpLz, Column("llp_lz_mm", .float32, unit: "mm", "decay z of the matched LLP; NaN if none")),
        .init(\.llpPt, Column("llp_pt_gev", .float32, unit: "GeV", "pT of the matched LLP; NaN if none")),
        .init(\.weight, Column("weight", .float64, "event weight (1 for unweighted events)")),
    ]
    static let layout = RowLayout(JetRow.self, bindings)
    static var zero: JetRow { JetRow(llpLxy: 0, llpLz: 0, llpPt: 0, weight: 0) }
}
