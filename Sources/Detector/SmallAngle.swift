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
