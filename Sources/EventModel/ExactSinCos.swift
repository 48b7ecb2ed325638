#if canImport(Glibc)
import Glibc

/// The C library's sincos (a GNU extension the Glibc module does not export).
@usableFromInline @_silgen_name("sincos")
func glibcSinCos(_ x: Double, _ sine: UnsafeMutablePointer<Double>, _ cosine: UnsafeMutablePointer<Double>)
#else
import Foundation
#endif

/// sin x and cos x in one call: one argument reduction instead of two. glibc's sincos runs
/// the same routines as its sin and cos, so the values are the same to the bit (checked by
/// `ExactSinCosTests` over 10⁻⁶–10³ rad, and by the unchanged output digests of the
/// tracker digitization and the track fit, which take several pairs per hit or surface).
/// Elsewhere: sin and cos, with no claim about the bits of another C library's sincos.
@inlinable @inline(__always)
public func exactSinCos(_ x: Double) -> (sin: Double, cos: Double) {
    #if canImport(Glibc)
    var s = 0.0, c = 0.0
    glibcSinCos(x, &s, &c)
    return (s, c)
    #else
    return (sin(x), cos(x))
    #endif
}
