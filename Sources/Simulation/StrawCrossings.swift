import EventModel
import Detector

/// A charged particle passing a TRT straw: the true drift-circle radius and side, before
/// the electronics (efficiency, drift-time resolution) of digitization.
public struct StrawSimHit: Hashable, Sendable {
    /// Straw layer and straw (see ``StrawGeometry``).
    public var layer: Int32
    public var straw: Int32
    /// Signed distance of closest approach to the wire, mm (``StrawCrossing/distance``).
    public var distance: Float
    /// Position along the wire: z in the barrel, r in the end-caps, mm.
    public var alongWire: Float
    /// Time in ns since the bunch crossing at which the particle passes.
    public var time: Float
    /// Index in `GenEvent.particles` of the generator particle this hit descends from.
    public var particle: Int32
}

/// Records the straws a particle passes on each helix segment of the tracker transport.
///
/// The crossings are closed-form (``StrawGeometry/appendCrossings(of:maxPath:into:)``):
/// per segment between two tracker surfaces, the circle–circle intersection with each
/// straw layer (one atan2 each) or the helix at each end-cap plane. Nothing is stepped and
/// nothing is drawn: the straws carry no material (it stays on the card's passive TRT
/// surfaces, applied by the transport as before), so the transport's random draws — and
/// every other hit — are the same with and without the TRT.
struct StrawRecorder {
    let geometry: StrawGeometry
    var hits: [StrawSimHit] = []
    /// Reused per segment.
    var scratch: [StrawCrossing] = []

    init?(detector: Detector) {
        guard let g = detector.strawGeometry else { return nil }
        geometry = g
    }

    /// The straws passed by `track` along `helix` (which starts at the track's position and
    /// time) up to path length `path`.
    mutating func record(_ helix: Helix, upTo path: Double, track: Track) {
        scratch.removeAll(keepingCapacity: true)
        geometry.appendCrossings(of: helix, maxPath: path, into: &scratch)
        guard !scratch.isEmpty else { return }
        let inverseSpeed = 1 / (track.beta * speedOfLightMMPerNS)
        for c in scratch {
            let along = geometry.isBarrel(layer: Int(c.layer)) ? c.position.z : c.position.perp
            hits.append(StrawSimHit(layer: c.layer, straw: c.straw, distance: Float(c.distance), alongWire: Float(along),
                                    time: Float(track.time + c.path * inverseSpeed), particle: Int32(track.particle)))
        }
    }
}
