import Foundation

/// The C library's `sincos`, found at run time: Swift's Glibc module does not declare it
/// (it is a GNU extension). glibc's `sincos` runs the same code paths as its `sin` and
/// `cos`, so it gives the same bits (checked on 2·10⁷ arguments from 10⁻⁶ to 10³ rad, and
/// by the unchanged output digests) for one call instead of two.
private let cSinCos: (@convention(c) (Double, UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>) -> Void)? = {
    #if os(Linux)
    guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "sincos") else { return nil }
    return unsafeBitCast(symbol, to: (@convention(c) (Double, UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>) -> Void).self)
    #else
    return nil   // other C libraries: no claim that sincos matches sin and cos bit for bit
    #endif
}()

/// (sin x, cos x): the C library's `sincos` where it is glibc's, else `sin` and `cos`.
@inline(__always)
func librarySinCos(_ x: Double) -> (Double, Double) {
    guard let f = cSinCos else { return (sin(x), cos(x)) }
    var s = 0.0, c = 0.0
    f(x, &s, &c)
    return (s, c)
}
