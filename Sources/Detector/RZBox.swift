import EventModel

/// A rotationally symmetric volume: the ring rMin ≤ r ≤ rMax, zMin ≤ z ≤ zMax (mm).
/// Calorimeter volumes are such boxes; a volume mirrored in z gives two.
public struct RZBox: Hashable, Sendable {
    public var rMin: Double
    public var rMax: Double
    public var zMin: Double
    public var zMax: Double
    /// Index of the card's calorimeter volume.
    public var volume: Int
    /// +1 / −1 for the z > 0 / z < 0 copy of a mirrored volume; 0 for an unmirrored one.
    public var side: Int

    public init(rMin: Double, rMax: Double, zMin: Double, zMax: Double, volume: Int = 0, side: Int = 0) {
        self.rMin = rMin
        self.rMax = rMax
        self.zMin = zMin
        self.zMax = zMax
        self.volume = volume
        self.side = side
    }

    static func boxes(of v: DetectorCard.Volume, index: Int = 0) -> [RZBox] {
        if v.mirroredInZ {
            return [RZBox(rMin: v.rMinMM, rMax: v.rMaxMM, zMin: v.zMinMM, zMax: v.zMaxMM, volume: index, side: 1),
                    RZBox(rMin: v.rMinMM, rMax: v.rMaxMM, zMin: -v.zMaxMM, zMax: -v.zMinMM, volume: index, side: -1)]
        }
        return [RZBox(rMin: v.rMinMM, rMax: v.rMaxMM, zMin: v.zMinMM, zMax: v.zMaxMM, volume: index, side: 0)]
    }

    /// Whether the interiors intersect (shared faces do not count).
    public func overlaps(_ o: RZBox) -> Bool {
        let eps = 1e-9
        return rMin < o.rMax - eps && o.rMin < rMax - eps && zMin < o.zMax - eps && o.zMin < zMax - eps
    }

    /// Whether a point lies inside (faces included).
    @inlinable public func contains(_ p: Vector3) -> Bool {
        let r = p.perp
        return r >= rMin && r <= rMax && p.z >= zMin && p.z <= zMax
    }

    /// The path-length intervals [s₀, s₁] (s ≥ 0 along the unit direction `d` from `o`)
    /// that lie inside the box: at most two, for a line that enters the ring, crosses the
    /// hole and re-enters. Solves r²(s) = A s² + 2B s + C against rMin² and rMax².
    public func intervals(origin o: Vector3, direction d: Vector3) -> [(Double, Double)] {
        var out: [(Double, Double)] = []
        forEachInterval(origin: o, direction: d) { out.append(($0, $1)) }
        return out
    }

    /// Calls `body` with each interval of ``intervals(origin:direction:)``, without allocating.
    public func forEachInterval(origin o: Vector3, direction d: Vector3, _ body: (Double, Double) -> Void) {
        forEachInterval(PreparedLine(origin: o, direction: d), body)
    }

    /// ``forEachInterval(origin:direction:_:)`` for a line prepared once for many boxes
    /// (its r² coefficients and the reciprocals of d_z and A): multiplications instead of
    /// the six divisions per box.
    @inline(__always)
    func forEachInterval(_ line: PreparedLine, _ body: (Double, Double) -> Void) {
        var lo = 0.0, hi = Double.infinity
        if line.d.z == 0 {
            if line.o.z < zMin || line.o.z > zMax { return }
        } else {
            var a = (zMin - line.o.z) * line.inverseDz, b = (zMax - line.o.z) * line.inverseDz
            if a > b { swap(&a, &b) }
            lo = max(lo, a); hi = min(hi, b)
            if lo >= hi { return }
        }
        let A = line.A, B = line.B, C = line.C
        if A == 0 {
            if C > rMax * rMax || C < rMin * rMin { return }
            body(lo, hi)
            return
        }
        let discOuter = B * B - A * (C - rMax * rMax)
        if discOuter <= 0 { return }
        let sq = discOuter.squareRoot()
        lo = max(lo, (-B - sq) * line.inverseA); hi = min(hi, (-B + sq) * line.inverseA)
        if lo >= hi { return }
        guard rMin > 0 else { body(lo, hi); return }
        let discInner = B * B - A * (C - rMin * rMin)
        if discInner <= 0 { body(lo, hi); return }
        let sqi = discInner.squareRoot()
        let s1 = (-B - sqi) * line.inverseA, s2 = (-B + sqi) * line.inverseA
        if lo < min(hi, s1) { body(lo, min(hi, s1)) }
        if max(lo, s2) < hi { body(max(lo, s2), hi) }
    }
}

/// A straight line o + s·d with the quantities every ring test needs: r²(s) = A s² + 2B s + C.
struct PreparedLine {
    let o: Vector3
    let d: Vector3
    let inverseDz: Double
    let A: Double, B: Double, C: Double
    let inverseA: Double

    init(origin o: Vector3, direction d: Vector3) {
        self.o = o
        self.d = d
        inverseDz = d.z != 0 ? 1 / d.z : 0
        A = d.x * d.x + d.y * d.y
        B = o.x * d.x + o.y * d.y
        C = o.x * o.x + o.y * o.y
        inverseA = A != 0 ? 1 / A : 0
    }
}
