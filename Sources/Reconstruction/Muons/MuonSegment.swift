import EventModel

/// A straight-line segment fitted to the digits of one muon station.
public struct MuonSegment: Sendable {
    /// A point on the segment, mm.
    public var position: Vector3
    /// Unit direction, pointing away from the interaction point for a collision muon.
    public var direction: Vector3
    public var chi2: Double
    public var ndf: Int
    /// Time at `position` minus the time of flight from the interaction point at the speed
    /// of light, ns: about 0 for a collision muon, negative for an early beam-halo muon.
    public var t0: Double
    /// Index into `Detector.muonSurfaces` of the station's first layer.
    public var station: Int
    /// Indices into `RawEvent.muonDigits`.
    public var digits: [Int32]

    public init(position: Vector3, direction: Vector3, chi2: Double, ndf: Int, t0: Double, station: Int, digits: [Int32]) {
        self.position = position
        self.direction = direction
        self.chi2 = chi2
        self.ndf = ndf
        self.t0 = t0
        self.station = station
        self.digits = digits
    }
}
