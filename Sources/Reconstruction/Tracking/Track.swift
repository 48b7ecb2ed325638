import Foundation
import EventModel

/// Perigee parameters of a track with respect to the beam line (x = y = 0), ATLAS
/// convention: d0 is signed by the angular momentum about the beam, z0 is the z of the
/// point of closest approach, φ and θ the direction there.
public struct PerigeeParameters: Hashable, Sendable {
    /// Transverse impact parameter, mm.
    public var d0: Double
    /// Longitudinal impact parameter, mm.
    public var z0: Double
    /// Azimuth of the momentum at the perigee, radians in (−π, π].
    public var phi: Double
    /// Polar angle, radians in (0, π).
    public var theta: Double
    /// Charge over momentum, 1/GeV (e = 1).
    public var qOverP: Double

    public init(d0: Double, z0: Double, phi: Double, theta: Double, qOverP: Double) {
        self.d0 = d0
        self.z0 = z0
        self.phi = phi
        self.theta = theta
        self.qOverP = qOverP
    }

    public var charge: Int { qOverP >= 0 ? 1 : -1 }
    /// |p|, GeV.
    public var momentumMagnitude: Double { 1 / abs(qOverP) }
    /// pT, GeV.
    public var pt: Double { momentumMagnitude * sin(theta) }
    public var eta: Double { -log(tan(theta / 2)) }
    /// Momentum at the perigee, GeV.
    public var momentum: Vector3 {
        let p = momentumMagnitude
        return Vector3(p * sin(theta) * cos(phi), p * sin(theta) * sin(phi), p * cos(theta))
    }
}

/// A fitted track: what tracking hands to vertexing, jet variables, the display and the
/// dataset.
public struct Track: Sendable {
    public var parameters: PerigeeParameters
    /// Covariance of (d0, z0, φ, θ, q/p), 5 × 5 row major, in mm, rad and 1/GeV.
    public var covariance: [Double]
    public var chi2: Double
    public var ndf: Int
    /// Indices into `RawEvent.trackerClusters`, ordered from the beam outwards.
    public var clusters: [Int32]
    /// Pixel clusters and strip clusters on the track (a strip space point counts 2).
    public var pixelHits: Int
    public var stripHits: Int
    /// Crossed active sensors without a cluster on the track.
    public var holes: Int
    /// Clusters the track shares with another accepted track.
    public var sharedHits: Int
    /// Generator particle behind most of the track's clusters; −1 if none.
    public var truthParticle: Int32
    /// Fraction of the track's clusters that come from `truthParticle`.
    public var truthMatchFraction: Double
    /// TRT drift circles in the fit (0: a silicon-only track; TRTExtension.swift).
    public var trtHits = 0

    public init(parameters: PerigeeParameters, covariance: [Double], chi2: Double, ndf: Int, clusters: [Int32],
                pixelHits: Int, stripHits: Int, holes: Int, sharedHits: Int,
                truthParticle: Int32, truthMatchFraction: Double) {
        self.parameters = parameters
        self.covariance = covariance
        self.chi2 = chi2
        self.ndf = ndf
        self.clusters = clusters
        self.pixelHits = pixelHits
        self.stripHits = stripHits
        self.holes = holes
        self.sharedHits = sharedHits
        self.truthParticle = truthParticle
        self.truthMatchFraction = truthMatchFraction
    }

    public var pt: Double { parameters.pt }
    public var eta: Double { parameters.eta }
    public var phi: Double { parameters.phi }
    public var chi2PerNDF: Double { ndf > 0 ? chi2 / Double(ndf) : 0 }
    /// σ of parameter i (0 d0, 1 z0, 2 φ, 3 θ, 4 q/p).
    public func sigma(_ i: Int) -> Double { covariance[i * 5 + i].squareRoot() }
}
