import Foundation

/// Decimal text → Double, correctly rounded, fast: the reader's hot path.
///
/// HepMC3 writes doubles as `%.16e`, 17 significant digits, which do not fit the classic
/// exact fast path (≤ 2⁵³ and |exponent| ≤ 22, Clinger 1990). For those we use the
/// Eisel–Lemire algorithm (D. Lemire, "Number parsing at a gigabyte per second",
/// Software: Practice and Experience 51 (2021) 1700, doi:10.1002/spe.2984): one or two
/// 64×64→128-bit products with a 128-bit approximation of 5^q give the correctly rounded
/// result, or say that they cannot decide, in which case — and for more than 19 digits,
/// hexadecimal, inf/nan, subnormals — we fall back to the C library's `strtod`, which is what
/// HepMC3 itself calls. Tests compare both on millions of values.
enum HepMC3NumberParsing {
    static let minPowerOfTen = -342
    static let maxPowerOfTen = 308

    /// For each q in [−342, 308] the 128-bit normalized approximation of 5^q (high word, low
    /// word), as the algorithm needs it: 5^q truncated for q ≥ 0; ⌊2^(L+127) / 5^−q⌋ for q < 0,
    /// plus one when 5^−q < 2⁶⁴ (q ≥ −27), L being the bit length of 5^−q. Computed once, with
    /// exact integer arithmetic, at first use (about a millisecond). Never written after
    /// that, hence safe to share between threads.
    nonisolated(unsafe) static let powersOfFive: UnsafePointer<UInt64> = makePowersOfFive()

    /// Exact powers of ten for the Clinger fast path.
    private static let exactPowersOfTen: [Double] = (0...22).map { pow(10.0, Double($0)) }

    /// Parses a decimal number at `p`, which points at its first byte (sign or digit).
    /// On success returns the value and moves `p` past the number; nil when the bytes are
    /// not a number the C library would read either. The line must end in a byte that is not
    /// part of a number (the reader guarantees a '\n' after every line).
    @inline(__always)
    static func parseDouble(_ p: inout UnsafePointer<UInt8>, table: UnsafePointer<UInt64>) -> Double? {
        var s = p
        var negative = false
        if s.pointee == UInt8(ascii: "-") { negative = true; s += 1 }
        else if s.pointee == UInt8(ascii: "+") { s += 1 }

        var w: UInt64 = 0            // significant digits, at most 19
        var digitsTaken = 0
        var tooManyDigits = false
        var exponent = 0             // decimal exponent of the last digit taken
        var sawDigit = false

        while true {                 // integer part
            let d = s.pointee &- 48
            if d > 9 { break }
            sawDigit = true
            if w != 0 || d != 0 {    // leading zeros are not significant
                if digitsTaken < 19 { w = w &* 10 &+ UInt64(d); digitsTaken += 1 } else { tooManyDigits = true }
            }
            s += 1
        }
        if s.pointee == UInt8(ascii: ".") {
            s += 1
            while true {             // fraction
                let d = s.pointee &- 48
                if d > 9 { break }
                sawDigit = true
                if w != 0 || d != 0 {
                    if digitsTaken < 19 { w = w &* 10 &+ UInt64(d); digitsTaken += 1; exponent -= 1 } else { tooManyDigits = true }
                } else {
                    exponent -= 1    // a leading zero of the fraction only scales
                }
                s += 1
            }
        }
        guard sawDigit else { return fallback(&p) }
        if s.pointee | 0x20 == UInt8(ascii: "e") {
            var e = s + 1
            var negativeExponent = false
            if e.pointee == UInt8(ascii: "-") { negativeExponent = true; e += 1 }
            else if e.pointee == UInt8(ascii: "+") { e += 1 }
            var value = 0
            var sawExponentDigit = false
            while true {
                let d = e.pointee &- 48
                if d > 9 { break }
                sawExponentDigit = true
                if value < 100_000 { value = value * 10 + Int(d) }
                e += 1
            }
            // "1e" or "1e+" is the number 1 followed by junk for strtod; we reject it below
            // because the caller requires a blank after a number.
            if sawExponentDigit {
                exponent += negativeExponent ? -value : value
                s = e
            }
        }
        if tooManyDigits { return fallback(&p) }
        if w == 0 { p = s; return negative ? -0.0 : 0.0 }

        if w <= 1 << 53 && exponent >= -22 && exponent <= 22 {
            var v = Double(w)
            v = exponent < 0 ? v / exactPowersOfTen[-exponent] : v * exactPowersOfTen[exponent]
            p = s
            return negative ? -v : v
        }
        if exponent >= minPowerOfTen && exponent <= maxPowerOfTen,
           let v = eiselLemire(w, exponent, table) {
            p = s
            return negative ? -v : v
        }
        return fallback(&p)
    }

    /// w · 10^q correctly rounded, for w ≠ 0 and q in the table's range; nil when the
    /// 128-bit product cannot decide the rounding or the result is subnormal or infinite.
    @inline(__always)
    static func eiselLemire(_ w: UInt64, _ q: Int, _ table: UnsafePointer<UInt64>) -> Double? {
        let lz = w.leadingZeroBitCount
        let wn = w << UInt64(lz)
        let entry = (q - minPowerOfTen) * 2
        var (hi, lo) = wn.multipliedFullWidth(by: table[entry])
        // 55 bits are needed (53 + a rounding bit + the possible leading zero). If the 9 bits
        // below them are all ones, a carry from the next word could still change them.
        if hi & 0x1FF == 0x1FF {
            let (hi2, _) = wn.multipliedFullWidth(by: table[entry + 1])
            let (sum, carry) = lo.addingReportingOverflow(hi2)
            lo = sum
            if carry { hi &+= 1 }
            if hi & 0x1FF == 0x1FF && lo == .max && (q < -27 || q > 55) { return nil }
        }
        let upperBit = Int(hi >> 63)
        let shift = UInt64(upperBit + 9)
        var mantissa = hi >> shift
        // Binary exponent: ⌊q·log2(10)⌋ (217706 / 2¹⁶ ≈ log2 10) + 63, biased by 1023.
        var biasedExponent = ((217706 &* q) >> 16) + 63 + upperBit - lz + 1023
        if biasedExponent <= 0 { return nil }
        // Exactly half-way between two doubles: let strtod apply round-half-even.
        if lo <= 1 && (mantissa << shift) == hi && (mantissa & 3) == 1 { return nil }
        mantissa += mantissa & 1
        mantissa >>= 1
        if mantissa >= 1 << 53 {
            mantissa = 1 << 52
            biasedExponent += 1
        }
        mantissa &= ~(1 << 52)
        if biasedExponent >= 0x7FF { return nil }
        return Double(bitPattern: UInt64(biasedExponent) << 52 | mantissa)
    }

    /// The C library's reading of the number at `p` (what HepMC3 uses), for the rare inputs
    /// the fast path leaves: hexadecimal, inf, nan, > 19 digits, subnormal, undecided.
    @inline(never)
    static func fallback(_ p: inout UnsafePointer<UInt8>) -> Double? {
        var endPointer: UnsafeMutablePointer<CChar>? = nil
        let value = p.withMemoryRebound(to: CChar.self, capacity: 1) { strtod($0, &endPointer) }
        guard let endPointer else { return nil }
        let consumed = UnsafeRawPointer(endPointer) - UnsafeRawPointer(p)
        if consumed <= 0 { return nil }
        p += consumed
        return value
    }

    /// Parses a decimal integer (optional sign, at most 18 digits) at `p`.
    @inline(__always)
    static func parseInt(_ p: inout UnsafePointer<UInt8>) -> Int? {
        var s = p
        var negative = false
        if s.pointee == UInt8(ascii: "-") { negative = true; s += 1 }
        else if s.pointee == UInt8(ascii: "+") { s += 1 }
        var value = 0
        var digits = 0
        while true {
            let d = s.pointee &- 48
            if d > 9 { break }
            value = value &* 10 &+ Int(d)
            digits += 1
            s += 1
        }
        if digits == 0 || digits > 18 { return nil }
        p = s
        return negative ? -value : value
    }

    // MARK: - Table

    private static func makePowersOfFive() -> UnsafePointer<UInt64> {
        let count = maxPowerOfTen - minPowerOfTen + 1
        let table = UnsafeMutablePointer<UInt64>.allocate(capacity: 2 * count)   // lives for the process
        var power = BigNatural(1)
        for q in 0...(-minPowerOfTen) {
            // 5^q and 5^-q share the integer 5^q.
            if q <= maxPowerOfTen {
                let (h, l) = power.top128Bits()
                table[(q - minPowerOfTen) * 2] = h
                table[(q - minPowerOfTen) * 2 + 1] = l
            }
            if q > 0 {
                var (h, l) = power.reciprocal128Bits()
                if -q >= -27 {
                    let (sum, carry) = l.addingReportingOverflow(1)
                    l = sum
                    if carry { h += 1 }
                }
                table[(-q - minPowerOfTen) * 2] = h
                table[(-q - minPowerOfTen) * 2 + 1] = l
            }
            power.multiply(by: 5)
        }
        return UnsafePointer(table)
    }
}

/// Just enough arbitrary-precision arithmetic to build the power-of-five table.
private struct BigNatural {
    var limbs: [UInt32]          // little endian, no leading zero limb

    init(_ value: UInt32) { limbs = [value] }

    var bitLength: Int { (limbs.count - 1) * 32 + (32 - limbs[limbs.count - 1].leadingZeroBitCount) }

    func bit(_ i: Int) -> UInt64 {
        guard i >= 0, i < limbs.count * 32 else { return 0 }
        return UInt64((limbs[i >> 5] >> UInt32(i & 31)) & 1)
    }

    mutating func multiply(by m: UInt32) {
        var carry: UInt64 = 0
        for i in limbs.indices {
            let t = UInt64(limbs[i]) * UInt64(m) + carry
            limbs[i] = UInt32(truncatingIfNeeded: t)
            carry = t >> 32
        }
        if carry != 0 { limbs.append(UInt32(carry)) }
    }

    /// The 128 most significant bits (the number shifted left when it is shorter).
    func top128Bits() -> (UInt64, UInt64) {
        let low = bitLength - 128
        var h: UInt64 = 0, l: UInt64 = 0
        for k in 0..<64 { h |= bit(low + 64 + k) << UInt64(k); l |= bit(low + k) << UInt64(k) }
        return (h, l)
    }

    /// ⌊2^(L+127) / self⌋ for L = bitLength, a number in [2¹²⁷, 2¹²⁸) when self is not a power
    /// of two: restoring binary long division, one quotient bit at a time.
    func reciprocal128Bits() -> (UInt64, UInt64) {
        // After the dividend's leading 1 and L−1 zeros the remainder is 2^(L−1) (< self) and the
        // quotient is still 0; each further dividend bit (all zero) gives one quotient bit.
        var remainder = [UInt32](repeating: 0, count: limbs.count + 1)
        let top = bitLength - 1
        remainder[top >> 5] = 1 << UInt32(top & 31)
        var h: UInt64 = 0, l: UInt64 = 0
        for _ in 0..<128 {
            var carry: UInt32 = 0                       // remainder <<= 1
            for i in remainder.indices {
                let next = remainder[i] >> 31
                remainder[i] = remainder[i] << 1 | carry
                carry = next
            }
            var geq = true                              // remainder >= self ?
            for i in stride(from: remainder.count - 1, through: 0, by: -1) {
                let d = i < limbs.count ? limbs[i] : 0
                if remainder[i] != d { geq = remainder[i] > d; break }
            }
            var bit: UInt64 = 0
            if geq {
                var borrow: Int64 = 0
                for i in remainder.indices {
                    let d = Int64(i < limbs.count ? limbs[i] : 0)
                    var t = Int64(remainder[i]) - d - borrow
                    borrow = 0
                    if t < 0 { t += 1 << 32; borrow = 1 }
                    remainder[i] = UInt32(t)
                }
                bit = 1
            }
            h = h << 1 | l >> 63
            l = l << 1 | bit
        }
        return (h, l)
    }
}
