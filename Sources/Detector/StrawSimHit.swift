import EventModel

/// A charged particle passing a TRT straw: the true drift-circle radius and side, before
/// the electronics (efficiency, drift-time resolution) of digitization. Made by the
/// simulation (`StrawRecorder`), here beside the geometry that finds the straws so that
/// ``StrawGeometry/appendHits(of:maxPath:startTime:inverseSpeed:particle:into:)`` writes
/// it directly.
public struct StrawSimHit: Hashable, Sendable, BitwiseCopyable {
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

    public init(layer: Int32, straw: Int32, distance: Float, alongWire: Float, time: Float, particle: Int32) {
        self.layer = layer
        self.straw = straw
        self.distance = distance
        self.alongWire = alongWire
        self.time = time
        self.particle = particle
    }
}

/// Where ``StrawGeometry``'s crossing search puts each straw it finds (specialised in this
/// module for the two kinds below: no call per straw).
protocol StrawSink {
    /// Straw `straw` of `layer` at signed distance `distance` from the trajectory crossing
    /// the layer's surface at `position` (transverse radius `radius`) along `direction`,
    /// path length `path` from the helix's start.
    mutating func add(layer: Int, straw: Int, distance: Double, position: Vector3, direction: Vector3, path: Double,
                      radius: Double)
}

/// The crossings as ``StrawCrossing``s (reconstruction's search roads, tests, displays).
struct CrossingList: StrawSink {
    var list: [StrawCrossing] = []

    @inline(__always)
    mutating func add(layer: Int, straw: Int, distance: Double, position: Vector3, direction: Vector3, path: Double,
                      radius: Double) {
        list.append(StrawCrossing(layer: Int32(layer), straw: Int32(straw), distance: distance, position: position,
                                  direction: direction, path: path))
    }
}

/// The crossings as the simulation's hits: along the wire z (barrel) or r (end-caps; the
/// radius the search has already taken), the time from the path.
struct StrawHitList: StrawSink {
    /// A ``ScratchList``: an append is one capacity check and a store (an `Array`'s also
    /// checks uniqueness and writes its count to the heap).
    /// It is the caller's list, taken for one search and handed back (the two share the
    /// elements; only this one appends meanwhile).
    var hits: ScratchList<StrawSimHit>
    let startTime: Double
    let inverseSpeed: Double
    let particle: Int32
    let barrelLayerCount: Int

    init(hits: ScratchList<StrawSimHit>, startTime: Double, inverseSpeed: Double, particle: Int32,
         barrelLayerCount: Int) {
        self.hits = hits
        self.startTime = startTime
        self.inverseSpeed = inverseSpeed
        self.particle = particle
        self.barrelLayerCount = barrelLayerCount
    }

    @inline(__always)
    mutating func add(layer: Int, straw: Int, distance: Double, position: Vector3, direction: Vector3, path: Double,
                      radius: Double) {
        let along = layer < barrelLayerCount ? position.z : radius
        // Layer and straw indices fit an Int32 (the straw counts are Int32s, a card has
        // hundreds of layers): no checked conversion (≈ 8 instructions a hit).
        hits.append(StrawSimHit(layer: Int32(truncatingIfNeeded: layer), straw: Int32(truncatingIfNeeded: straw),
                                distance: Float(distance),
                                alongWire: Float(along), time: Float(startTime + path * inverseSpeed),
                                particle: particle))
    }
}
