/// One muon-spectrometer segment near a jet: where it is, where it points, fit quality, time.
///
/// Up to ``DatasetSchema/segmentsPerJet`` (30) per jet. Beam-induced background shows up
/// as segments parallel to the beam and early in time, which is why the network sees them.
public struct SegmentRow: Sendable, Equatable {
    /// Pseudorapidity of the segment's position.
    public var positionEta: Float
    /// Azimuth of the segment's position, rad.
    public var positionPhi: Float
    /// Pseudorapidity of the segment's direction.
    public var directionEta: Float
    /// Azimuth of the segment's direction, rad.
    public var directionPhi: Float
    /// Fit χ² of the segment.
    public var chi2: Float
    /// Fitted time offset, ns (negative: earlier than a particle from the collision).
    public var t0: Float

    public init(positionEta: Float = 0, positionPhi: Float = 0, directionEta: Float = 0,
                directionPhi: Float = 0, chi2: Float = 0, t0: Float = 0) {
        self.positionEta = positionEta
        self.positionPhi = positionPhi
        self.directionEta = directionEta
        self.directionPhi = directionPhi
        self.chi2 = chi2
        self.t0 = t0
    }

    /// Bit for bit, so that NaN equals NaN.
    public static func == (a: SegmentRow, b: SegmentRow) -> Bool {
        Self.layout.bytesEqual(a, b)
    }
}

extension SegmentRow: StoredRow {
    static let bindings: [ColumnBinding<SegmentRow>] = [
        .init(\.positionEta, Column("pos_eta", .float32, "pseudorapidity of the segment position")),
        .init(\.positionPhi, Column("pos_phi", .float32, unit: "rad", "azimuth of the segment position")),
        .init(\.directionEta, Column("dir_eta", .float32, "pseudorapidity of the segment direction")),
        .init(\.directionPhi, Column("dir_phi", .float32, unit: "rad", "azimuth of the segment direction")),
        .init(\.chi2, Column("chi2", .float32, "segment fit χ²")),
        .init(\.t0, Column("t0_ns", .float32, unit: "ns", "fitted segment time offset")),
    ]
    static let layout = RowLayout(SegmentRow.self, bindings)
    static var zero: SegmentRow { SegmentRow() }
}
