import EventModel
import Detector

/// Records the straws a particle passes on each helix segment of the tracker transport.
///
/// The crossings are closed-form (``StrawGeometry/appendHits(of:maxPath:startTime:inverseSpeed:particle:into:)``,
/// each straw written as a ``StrawSimHit`` where it is found):
/// per segment between two tracker surfaces, the circle–circle intersection with each
/// straw layer (one atan2 each) or the helix at each end-cap plane. Nothing is stepped and
/// nothing is drawn: the straws carry no material (it stays on the card's passive TRT
/// surfaces, applied by the transport as before), so the transport's random draws — and
/// every other hit — are the same with and without the TRT.
struct StrawRecorder {
    /// A ``ScratchList`` (appends without an `Array`'s uniqueness check and heap count),
    /// copied once into the event's `[StrawSimHit]` at the end (`SimHits.strawHits`).
    var hits = ScratchList<StrawSimHit>()

    init?(detector: Detector) {
        guard detector.strawGeometry != nil else { return nil }
    }

    /// The straws passed by `track` along `helix` (which starts at the track's position and
    /// time) up to path length `path`. The geometry is read from `detector` (a borrowed
    /// parameter) rather than kept here: as a stored property of this `mutating` method it
    /// was copied whole on every segment that reaches the TRT; unwrapping the optional still
    /// copies ≈ 200 bytes (2.8 M instructions per 100 μ = 0 events).
    mutating func record(_ helix: Helix, upTo path: Double, track: Track, in detector: Detector) {
        detector.strawGeometry?.appendHits(of: helix, maxPath: path, startTime: track.time,
                            inverseSpeed: 1 / (track.beta * speedOfLightMMPerNS), particle: Int32(track.particle),
                            into: &hits)
    }
}
