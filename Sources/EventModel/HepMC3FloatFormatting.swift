import Foundation

/// Double → text exactly as C's `printf("%.16e")`, the form HepMC3's WriterAscii uses:
/// `d.dddddddddddddddde±XX`, 17 significant digits correctly rounded (half-even on the exact
/// binary value), so every double reads back bit for bit and files compare byte for byte
/// with HepMC3's.
///
/// The digits come from one exact integer product: v = m·2^e, and m·5^s·2^(e+s) with
/// s = 16 − ⌊log10 |v|⌋ is v·10^s, whose integer part (after rounding) are the 17 digits.
/// For |v| in about [1e−16, 1e17) that product fits in 128 bits; other values (and inf, nan,
/// subnormals) go to `vsnprintf`, which is slower but the same text.
enum HepMC3FloatFormatting {
    /// 5^k for k in 0...27 (5²⁷ < 2⁶⁴).
    private static let powersOfFive: [UInt64] = {
        var table: [UInt64] = [1]
        for _ in 1...27 { table.append(table.last! * 5) }
        return table
    }()

    static let tenToThe16: UInt64 = 10_000_000_000_000_000
    static let tenToThe17: UInt64 = 100_000_000_000_000_000

    /// Writes `%.16e` of `v` at `out` (at least 32 bytes free) and returns the byte count.
    @inline(__always)
    static func writeScientific17(_ v: Double, to out: UnsafeMutablePointer<UInt8>) -> Int {
        if v == 0 {
            let zero = "0.0000000000000000e+00"
            var n = 0
            if v.sign == .minus { out[0] = UInt8(ascii: "-"); n = 1 }
            for byte in zero.utf8 { out[n] = byte; n += 1 }
            return n
        }
        guard v.isNormal, let (digits, exponent10) = seventeenDigits(of: abs(v)) else {
            return printfFallback(v, precision: 16, to: out)
        }
        var n = 0
        if v < 0 { out[0] = UInt8(ascii: "-"); n = 1 }
        // digits has exactly 17 decimal digits: d.dddddddddddddddd
        let lead = digits / tenToThe16
        var rest = digits - lead * tenToThe16
        out[n] = UInt8(truncatingIfNeeded: lead) &+ 48
        out[n + 1] = UInt8(ascii: ".")
        var i = n + 17
        while i > n + 1 {
            let q = rest / 10
            out[i] = UInt8(truncatingIfNeeded: rest - q * 10) &+ 48
            rest = q
            i -= 1
        }
        n += 18
        out[n] = UInt8(ascii: "e")
        var e = exponent10
        out[n + 1] = e < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+")
        if e < 0 { e = -e }
        n += 2
        if e >= 100 {
            out[n] = UInt8(e / 100) + 48; n += 1
            e %= 100
        }
        out[n] = UInt8(e / 10) + 48
        out[n + 1] = UInt8(e % 10) + 48
        return n + 2
    }

    /// (17-digit integer N, decimal exponent E) with v ≈ N·10^(E−16), correctly rounded;
    /// nil when v is out of the exact 128-bit range.
    @inline(__always)
    static func seventeenDigits(of v: Double) -> (UInt64, Int)? {
        let m = v.significandBitPattern | (1 << 52)
        let e = Int(v.exponent) - 52
        var exponent10 = Int((Double(v.exponent) * 0.30102999566398119521).rounded(.down))
        for _ in 0..<3 {
            let s = 16 - exponent10
            guard s >= 0 && s <= 32, let n = scaledRounded(m, s: s, e: e) else { return nil }
            if n >= tenToThe17 { exponent10 += 1; continue }
            if n < tenToThe16 { exponent10 -= 1; continue }
            return (n, exponent10)
        }
        return nil
    }

    /// round-half-even(m · 5^s · 2^(e+s)) for m < 2⁵³, 0 ≤ s ≤ 32, if it fits in 64 bits.
    @inline(__always)
    private static func scaledRounded(_ m: UInt64, s: Int, e: Int) -> UInt64? {
        var hi: UInt64, lo: UInt64
        if s <= 27 {
            (hi, lo) = m.multipliedFullWidth(by: powersOfFive[s])
        } else {
            (hi, lo) = m.multipliedFullWidth(by: powersOfFive[27])
            let f = powersOfFive[s - 27]
            let (loHi, loLo) = lo.multipliedFullWidth(by: f)
            let (hiHi, hiLo) = hi.multipliedFullWidth(by: f)
            guard hiHi == 0 else { return nil }
            let (sum, carry) = hiLo.addingReportingOverflow(loHi)
            guard !carry else { return nil }
            hi = sum
            lo = loLo
        }
        let k = e + s
        if k >= 0 {
            guard hi == 0, k < 64, lo >> UInt64(63 - k) == 0 else { return nil }
            return lo << UInt64(k)
        }
        let r = -k                                   // shift right by r, rounding half-even
        if r >= 128 { return nil }
        let q: UInt64, remHi: UInt64, remLo: UInt64, halfHi: UInt64, halfLo: UInt64
        if r >= 64 {
            let rr = UInt64(r - 64)
            q = hi >> rr
            remHi = rr == 0 ? 0 : hi & ((1 << rr) - 1)
            remLo = lo
            halfHi = rr == 0 ? 0 : 1 << (rr - 1)
            halfLo = rr == 0 ? 1 << 63 : 0
        } else {
            let rr = UInt64(r)
            guard hi >> rr == 0 else { return nil }  // quotient must fit in 64 bits
            q = (hi << (64 - rr)) | (lo >> rr)
            remHi = 0
            remLo = lo & ((1 << rr) - 1)
            halfHi = 0
            halfLo = 1 << (rr - 1)
        }
        if remHi > halfHi || (remHi == halfHi && remLo > halfLo) { return q + 1 }
        if remHi == halfHi && remLo == halfLo { return q + (q & 1) }
        return q
    }

    /// `%.{precision}e` through the C library, for what the fast path does not cover and for
    /// the event weights (`%.22e`).
    @inline(never)
    static func printfFallback(_ v: Double, precision: Int, to out: UnsafeMutablePointer<UInt8>) -> Int {
        let n = withVaList([Int32(precision), v]) { args in
            out.withMemoryRebound(to: CChar.self, capacity: 64) { vsnprintf($0, 64, "%.*e", args) }
        }
        return Int(n)
    }
}
