import Foundation

/// sin φ and cos φ of a cluster's azimuth φ = u / r_ref, without a library call: φ is split
/// into the nearest multiple k·π/8 and a remainder |ρ| ≤ π/16, the sine and cosine of k·π/8
/// come from a table of the sixteen (made once with the library's sin and cos) and those of ρ
/// from their Taylor series (sin to ρ¹¹, cos to ρ¹²: the first omitted terms, ρ¹³/13! and
/// ρ¹⁴/14!, are below 10⁻¹⁹ at ρ = π/16), and the two are combined by the angle-addition
/// rule. The result is within 4·10⁻¹⁶ of the library's (`EighthTurnSinCosTests`): a few
/// last bits, 10⁻¹³ mm on a cluster position a metre out, where the clusters' errors are
/// micrometres. glibc's sincos cost ≈ 130 instructions a cluster (callgrind, 1.27 M clusters
/// in the 50 events of `bench simulation` at μ = 40); this ≈ 40.
///
/// Any finite φ is accepted; beyond |φ| = 64 π (never a cluster's, which lie in
/// [−π/8, 2π + π/8) after the φ wrap) the library's values are returned.
@inline(__always)
func eighthTurnSinCos(_ phi: Double) -> (sin: Double, cos: Double) {
    guard abs(phi) < 64 * Double.pi else { return (sin(phi), cos(phi)) }
    let k = (phi * EighthTurns.perRadian).rounded(.toNearestOrEven)
    // φ − k·π/8 in three steps (Cody and Waite): π/8 = c1 + c2 + c3 with c1 and c2 of 33
    // significant bits, so k·c1 and k·c2 are exact for |k| ≤ 512 and the first difference is
    // exact too (φ and k·c1 within a factor of two); only the last two steps round, by
    // ≈ 10⁻¹⁷ at |ρ| ≤ π/16.
    let rho = ((phi - k * EighthTurns.c1) - k * EighthTurns.c2) - k * EighthTurns.c3
    let r2 = rho * rho
    let sinRho = rho * (1 - r2 * (1.0 / 6 - r2 * (1.0 / 120 - r2 * (1.0 / 5_040 - r2 * (1.0 / 362_880
        - r2 * (1.0 / 39_916_800))))))
    let cosRho = 1 - r2 * (0.5 - r2 * (1.0 / 24 - r2 * (1.0 / 720 - r2 * (1.0 / 40_320 - r2 * (1.0 / 3_628_800
        - r2 * (1.0 / 479_001_600))))))
    let j = 2 * (Int(k) & 15)   // k·π/8 modulo a turn (two's complement: −1 is 15)
    let table = EighthTurns.table
    let sinK = table[j], cosK = table[j + 1]
    return (sinK * cosRho + cosK * sinRho, cosK * cosRho - sinK * sinRho)
}

/// The constants of ``eighthTurnSinCos(_:)``.
enum EighthTurns {
    static let perRadian = 8 / Double.pi
    /// π/8 = c1 + c2 + c3 (to 10⁻³⁸): c1 and c2 are π/8 and its remainder cut to 33 bits
    /// (from π's digits; exactly representable), c3 the rest to a double.
    static let c1 = 0.3926990816835314
    static let c2 = 1.5192751265759915e-11
    static let c3 = 5.055665621989877e-22
    /// sin(k·π/8) and cos(k·π/8), k = 0…15, interleaved. k·π/8 is not a double: the
    /// library's values at a = k·c1 (exact) are corrected to first order by
    /// δ = k·(c2 + c3) < 3·10⁻¹⁰ (the omitted δ²/2 is below 10⁻¹⁹).
    static let table: [Double] = (0..<16).flatMap { k -> [Double] in
        let a = Double(k) * c1, delta = Double(k) * c2 + Double(k) * c3
        return [sin(a) + delta * cos(a), cos(a) - delta * sin(a)]
    }
}
