import EventModel

/// A reconstructed primary vertex.
public struct Vertex: Sendable {
    /// mm.
    public var position: Vector3
    /// Covariance of (x, y, z), 3 × 3 row major, mm².
    public var covariance: [Double]
    public var chi2: Double
    public var ndf: Int
    /// Indices into the event's track list.
    public var tracks: [Int]
    /// Σ pT² of the tracks, GeV²: the hard-scatter vertex is the one with the largest.
    public var sumPt2: Double

    public init(position: Vector3, covariance: [Double], chi2: Double, ndf: Int, tracks: [Int], sumPt2: Double) {
        self.position = position
        self.covariance = covariance
        self.chi2 = chi2
        self.ndf = ndf
        self.tracks = tracks
        self.sumPt2 = sumPt2
    }
}
