import Foundation

/// sin x and cos x together. Below |x| = 0.1 by their Taylor series (sin to x⁹, cos to x¹⁰:
/// the first omitted terms, x¹¹/11! and x¹²/12!, are below 10⁻¹⁸ of the result there, under
/// an ulp), otherwise the library's sin and cos. A helix turns by h·s_T between two
/// tracker surfaces — hundredths of a radian for a GeV track — and `Helix.point(at:)` runs
/// at every crossing, where the two library calls were ≈ 5 % of simulation time.
@inlinable
public func sinCos(_ x: Double) -> (sin: Double, cos: Double) {
    guard abs(x) < 0.1 else { return (sin(x), cos(x)) }
    let x2 = x * x
    let s = x * (1 - x2 * (1.0 / 6 - x2 * (1.0 / 120 - x2 * (1.0 / 5_040 - x2 * (1.0 / 362_880)))))
    let c = 1 - x2 * (0.5 - x2 * (1.0 / 24 - x2 * (1.0 / 720 - x2 * (1.0 / 40_320 - x2 * (1.0 / 3_628_800)))))
    return (s, c)
}

/// The angle of the vector (x, y), as atan2(y, x), without the library for a small one:
/// while x > 0 and |y| < 0.1 x, atan(t) with t = y/x by its series to t¹⁵ (the first omitted
/// term, t¹⁷/17, is below 10⁻¹⁸; the result is within a few 10⁻¹⁷ rad of atan2's), otherwise
/// the library's atan2 (≈ 140 instructions, against ≈ 30). A helix turns by hundredths of a
/// radian between two tracker layers, so most turning angles take the series.
@inlinable
public func smallAngleAtan2(_ y: Double, _ x: Double) -> Double {
    guard x > 0 && abs(y) < 0.1 * x else { return atan2(y, x) }
    return atanSeries(y / x)
}

/// atan t for |t| < 0.1 by its series to t¹⁵ (``smallAngleAtan2``, ``AzimuthWalk``).
@inlinable
func atanSeries(_ t: Double) -> Double {
    let t2 = t * t
    let p = 1.0 / 9 - t2 * (1.0 / 11 - t2 * (1.0 / 13 - t2 * (1.0 / 15)))
    return t * (1 - t2 * (1.0 / 3 - t2 * (1.0 / 5 - t2 * (1.0 / 7 - t2 * p))))
}

/// The azimuths of a sequence of nearby points (successive straw layers or planes crossed
/// by one helix segment) without an atan2 each: φₖ = φₖ₋₁ + atan(t), t = (Pₖ₋₁ × Pₖ)/(Pₖ₋₁ · Pₖ),
/// by the series of atan while |t| < 0.1 (to t¹⁵: the first omitted term, t¹⁷/17, is below
/// 10⁻¹⁸), otherwise, and for the first point, the library's atan2. Each step adds a
/// rounding of a few 10⁻¹⁶ rad; a walk of 160 planes stays within 10⁻¹³ rad of atan2
/// (10⁻¹⁰ mm at the TRT's radii). The result is kept in (−π, π]. (Public for the
/// calorimeter showers' points along their line, Simulation's `ShowerLine`.)
public struct AzimuthWalk {
    @usableFromInline var x = 0.0
    @usableFromInline var y = 0.0
    @usableFromInline var phi = 0.0
    @usableFromInline var started = false

    public init() {}

    @inlinable @inline(__always)
    public mutating func azimuth(x nx: Double, y ny: Double) -> Double {
        defer { x = nx; y = ny }
        if started {
            let cross = x * ny - y * nx, dot = x * nx + y * ny
            if dot > 0 && abs(cross) < 0.1 * dot {
                phi += atanSeries(cross / dot)
                if phi > Double.pi { phi -= 2 * Double.pi } else if phi <= -Double.pi { phi += 2 * Double.pi }
                return phi
            }
        }
        started = true
        phi = atan2(ny, nx)
        return phi
    }
}
