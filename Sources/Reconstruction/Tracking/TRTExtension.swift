import Foundation
import EventModel
import Detector
import Digitization

/// Settings of the TRT extension (``TRTExtension``). Distances in mm.
public struct TRTExtensionConfig: Sendable {
    /// Extend silicon tracks into the TRT and refit them (off: silicon-only tracks).
    public var enabled = true
    /// Search road: a straw is a candidate when its drift circle is within
    /// `roadMM` + 3 σ_MS of the predicted track, σ_MS the multiple-scattering displacement
    /// expected from the material between the last silicon layer and the straw.
    public var roadMM = 0.5
    /// Fewest TRT hits for an extension; with fewer the silicon track is kept as it was
    /// (ATLAS asks for a similar number before trusting a TRT extension: a few hits cannot
    /// be told from the occupancy at high pile-up).
    public var minHits = 9
    /// A hit whose χ² against the refit's running prediction (one degree of freedom) exceeds
    /// this is an outlier and left out; checked once `settledHits` hits are in.
    public var outlierChi2 = 12.0
    public var settledHits = 5
    /// A refit worse than this χ²/ndf keeps the silicon track (the tracking cut).
    public var maxChi2PerNDF = 5.0

    public init() {}
}

/// ATLAS's "TRT extension" of silicon tracks (T. Cornelissen et al., "The global χ²
/// track fitter in ATLAS", J. Phys. Conf. Ser. 119 (2008) 032013; ATL-SOFT-PUB-2007-007 for
/// the extension): the silicon track is continued through the straws, each straw's drift
/// circle becomes a one-dimensional measurement, and the whole track is refitted.
///
/// 1. **Prediction** (TRTPrediction.swift). The silicon track's helix (from its perigee)
///    crosses the straw layers in closed form
///    (``StrawGeometry/appendCrossings(of:maxPath:within:into:)``) up to where it leaves the
///    tracker's envelope, as the simulated particle does; in each layer the straws
///    whose wire lies within the road of the prediction are looked up.
/// 2. **Selection** (TRTSideSettling.swift). Every fired straw within the road is a
///    candidate; per layer the straw, and the side of its wire (left–right ambiguity), are
///    settled by a three-parameter fit of the straws around the prediction
///    (``resolveSides(_:kinks:sigmaCurvature:road:sinTheta:scratch:)``).
/// 3. **Refit** (TRTRefit.swift, with the straws' closed-form models in
///    TRTStrawModels.swift). A Kalman filter (``TrackFollower``'s machinery: helix transport
///    with its Jacobian, material as process noise) runs inwards from the outermost straw
///    with a non-informative start, through the straws — each a 1D measurement of the
///    signed distance to the wire with the card's drift resolution, those between two
///    material surfaces taken in one step about the gap's first state — then through the
///    passive TRT material and the silicon surfaces with the track's clusters, to the beam
///    line. Once `settledHits` straws are in, a straw off the running prediction by more
///    than `outlierChi2` is left out.
/// 4. The refit replaces the silicon track if it has at least `minHits` straws and converged.
///
/// Truth matching stays that of the silicon clusters.
struct TRTExtension {
    let config: TRTExtensionConfig
    let straws: StrawGeometry
    /// The detector: its tracker envelope ends the prediction (``select(_:scratch:sides:reaches:)``).
    let detector: Detector
    let geometry: TrackingGeometry
    let propagator: HelixPropagator
    let clusters: EventClusters
    let digits: [StrawDigit]
    /// digits[layerStart[l] ..< layerStart[l + 1]] are layer l's, sorted by straw.
    let layerStart: [Int]
    /// The digits' straw numbers, in their order: what ``digit(layer:straw:)`` bisects (four
    /// bytes a digit instead of twenty; a few thousand look-ups per event).
    let digitStraws: [Int32]
    /// Index of straw layer 0 among `geometry.surfaces`.
    let firstStrawSurface: Int
    let sigma: Double
    /// Radii of the tracker's barrel surfaces with material (the TRT's lumped material among them).
    let barrelMaterialRadii: [Double]

    /// nil when the detector has no TRT, the extension is off, or nothing fired.
    init?(config: TRTExtensionConfig, detector: Detector, geometry base: TrackingGeometry, clusters: EventClusters,
          digits: [StrawDigit]) {
        guard config.enabled, !digits.isEmpty, let straws = detector.strawGeometry else { return nil }
        self.config = config
        self.straws = straws
        self.detector = detector
        self.clusters = clusters
        self.digits = digits
        firstStrawSurface = base.surfaces.count
        barrelMaterialRadii = base.surfaces.filter { $0.isBarrel && $0.thicknessX0 > 0 }.map(\.radiusOrZ)
        var extra: [TrackingSurface] = []
        extra.reserveCapacity(straws.layerCount)
        for l in 0..<straws.layerCount {
            let index = base.surfaces.count + l
            if straws.isBarrel(layer: l) {
                extra.append(TrackingSurface(strawLayer: index, cylinderRadius: straws.barrelRadii[l],
                                             halfLength: straws.barrelHalfLengthMM))
            } else {
                let (j, side) = straws.plane(ofLayer: l)
                extra.append(TrackingSurface(strawLayer: index, discZ: side * straws.planeZ[j], rMin: straws.planeRMin[j],
                                             rMax: straws.planeRMax[j]))
            }
        }
        geometry = TrackingGeometry(base: base, strawSurfaces: extra)
        propagator = HelixPropagator(detector: detector, geometry: geometry)
        // One pass over the digits (thousands an event, every event): the order check, the
        // per-layer counts and the straw numbers together, through buffer pointers.
        let layerCount = straws.layerCount
        var start = [Int](repeating: 0, count: layerCount + 1)
        let strawNumbers = [Int32](unsafeUninitializedCapacity: digits.count) { out, written in
            written = 0
            start.withUnsafeMutableBufferPointer { start in
                digits.withUnsafeBufferPointer { digits in
                    var previous = (layer: Int32.min, straw: Int32.min)
                    for d in digits {
                        let l = Int(d.layer)
                        guard l >= 0, l < layerCount, previous < (d.layer, d.straw) else { return }
                        previous = (d.layer, d.straw)
                        start[l + 1] += 1
                        out[written] = d.straw
                        written += 1
                    }
                }
            }
        }
        // A digit out of range or out of order stopped the pass early.
        guard strawNumbers.count == digits.count else { return nil }
        for l in 0..<layerCount { start[l + 1] += start[l] }
        layerStart = start
        digitStraws = strawNumbers
        sigma = straws.response.driftResolutionUM * 1e-3
    }

    /// The digit of (layer, straw), if that straw fired.
    func digit(layer: Int, straw: Int32) -> Int? {
        let end = layerStart[layer + 1]
        return digitStraws.withUnsafeBufferPointer { straws in
            var lo = layerStart[layer], hi = end
            while lo < hi {
                let mid = (lo + hi) / 2
                if straws[mid] < straw { lo = mid + 1 } else { hi = mid }
            }
            return lo < end && straws[lo] == straw ? lo : nil
        }
    }

    /// A straw measurement chosen for a track.
    struct StrawHit {
        var layer: Int
        var digit: Int
        /// Signed drift distance (the side from the prediction), mm.
        var measured: Double
        var path: Double
        var position: Vector3
        var direction: Vector3
        /// Signed distance to the wire predicted by the silicon track, mm.
        var predicted: Double
        /// Candidates of the same straw layer share a group; at most one of them is kept.
        var group = 0
    }

    /// Extends each track that has enough straws; the others come back unchanged. Counts
    /// the tracks reaching the straws and those extended in `stats`.
    func extend(_ tracks: [Track], stats: inout TrackingStats) -> [Track] {
        var scratch: [StrawCrossing] = [], sides = SideSettlingScratch()
        return tracks.map { t in
            guard canReachStraws(t.parameters) else { return t }
            var reaches = false
            let hits = select(t, scratch: &scratch, sides: &sides, reaches: &reaches)
            if reaches { stats.trtReaching += 1 }
            guard let hits, hits.count >= config.minHits,
                  var refit = try? refit(t, hits: hits), refit.trtHits >= config.minHits,
                  refit.chi2PerNDF <= config.maxChi2PerNDF else { return t }
            refit.truthParticle = t.truthParticle
            refit.truthMatchFraction = t.truthMatchFraction
            stats.trtExtended += 1
            return refit
        }
    }
}
