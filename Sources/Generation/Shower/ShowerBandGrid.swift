import Foundation

/// The trial bands of a massless radiator in ``FinalStateShower``: a fixed grid in
/// a = p⊥²/M² (M² the dipole's mass²) with the overestimate's z range tabulated per band, and
/// the Sudakov inversion across the bands from one exponential deviate.
///
/// **Grid.** Band n spans a ∈ [A_{n+1}, A_n], A_n = ¼ · 2^(−wn), w = ``octaves`` (a ≤ ¼ always:
/// p⊥² ≤ M²/4). In it
/// the overestimate's z range is the kinematic range at the band's lower edge,
/// z ∈ [√A_{n+1}, 1 − √A_{n+1}] (``FinalStateShower/masslessZMin(_:_:)``), which holds the
/// physical region of every a in the band, since √a grows with a. Because the edges are fixed
/// in a, the z ranges and the kernels' integrals over them are numbers of a table, not
/// logarithms per band and trial.
///
/// **Inversion.** With L = ln(p⊥²/Λ̂²) and λ = ln L, the overestimate's density in a band is
/// (α̂/2π)(dp⊥²/p⊥²) Σ_n = Σ_n/(2π b₀(5)) dλ (α̂ = 1/(b₀ L)): flat in λ with rate
/// r_n = Σ_n/(2π b₀), Σ_n the integral of the overestimated kernels over the band's z range.
/// The first trial below λ_top is where the integrated rate reaches an exponential deviate E:
/// walk down the bands subtracting r_n Δλ_n until E falls inside one, then
/// λ = λ_top − E/r_n. That is one logarithm (E = −ln u) per trial whatever the number of
/// bands crossed; the shower compares trials by λ, so p⊥² = Λ̂² exp(e^λ) is worked out for the
/// winner only. (Before: a fresh u per band, two logarithms and an exponential per band.)
///
/// **Band edges in λ.** λ at an edge is ln(ln(A M²/Λ̂²)); instead of that logarithm the walk
/// uses a cheap upper bound of it (``lnUpperBound(_:)``). The band then ends slightly above
/// its grid edge, so it only covers values of a ≥ A_{n+1}, where its z range holds; the next
/// band starts there with its own (wider) range. The overestimate stays an overestimate
/// everywhere and the sampling and the acceptance use the same one, so the law is exact.
struct ShowerBandGrid: Sendable {
    /// Bands in the table. A dipole whose a at the cut-off, p⊥²_min/M², lies below A_count
    /// (M² > p⊥²_min · 2^(w·count + 2), far beyond any collider) has its last band reaching down
    /// to the cut-off with the z range of A_count, which is then not an overestimate there.
    static let count = 128
    /// Octaves of a per band: narrower bands follow the physical z range more closely (fewer
    /// vetoed trials), wider ones cost fewer steps of the walk.
    static let octaves = 2

    /// ln A_{n+1}: the lower edge of band n in ln a.
    let lnLowerA: [Double]
    /// √A_{n+1}: the lower end of band n's z range (the upper end is 1 − this).
    let zMin: [Double]
    /// ln((1 − zMin)/zMin): the emission kernels' 1/(1 − z) integral over the range.
    let logRange: [Double]
    /// The rates r_n = Σ_n/(2π b₀(5)) per unit λ, for gluon and quark radiators.
    let gluonRate: [Double], quarkRate: [Double]

    /// `gluonEmit`, `quarkEmit`: the emission overestimate's coefficient of ln((1 − zMin)/zMin);
    /// `gluonSplit`: the g → q q̄ overestimate's coefficient of the z range's width 1 − 2 zMin;
    /// `b0`: b₀(5) of the overestimated coupling.
    init(gluonEmit: Double, gluonSplit: Double, quarkEmit: Double, b0: Double) {
        var lnLowerA = [Double](), zMin = [Double](), logRange = [Double]()
        var gluonRate = [Double](), quarkRate = [Double]()
        let k = 2 * Double.pi * b0
        for n in 0..<Self.count {
            let a = 0.25 * pow(2, -Double(Self.octaves * (n + 1)))
            let z = a.squareRoot()
            let range = log((1 - z) / z)
            lnLowerA.append(log(a))
            zMin.append(z)
            logRange.append(range)
            gluonRate.append((gluonEmit * range + gluonSplit * (1 - 2 * z)) / k)
            quarkRate.append(quarkEmit * range / k)
        }
        self.lnLowerA = lnLowerA
        self.zMin = zMin
        self.logRange = logRange
        self.gluonRate = gluonRate
        self.quarkRate = quarkRate
        lnSignificandBound = (0..<256).map { log(1 + Double($0 + 1) / 256) + 1e-12 }
    }

    /// The band holding a = p⊥²/M² (0 for a ≥ ¼; the last one for a below the table or not
    /// a number). Read off the binary exponent (from the bits, for a normal x): 4a ∈ [2^e, 2^(e+1)) lies in the band n with
    /// 2^(−w(n+1)) ≤ 4a ≤ 2^(−wn) (w = ``octaves``), n = ⌈−e/w⌉ − 1.
    @inline(__always)
    static func band(ofA a: Double) -> Int {
        let x = 4 * a
        guard x >= 0x1p-1000 else { return count - 1 }
        if x >= 0.5 { return 0 }
        let e = Int((x.bitPattern >> 52) & 0x7ff) - 1023
        return min((-e + octaves - 1) / octaves - 1, count - 1)
    }

    /// ln(1 + (j + 1)/256) + 10⁻¹² for j = 0 … 255: upper bounds of ln m over each 256th of
    /// the significand's range [1, 2) (``lnUpperBound(_:)``).
    let lnSignificandBound: [Double]

    /// An upper bound of ln x for a positive normal x, within ln(1 + 1/256) ≈ 0.004 of it: from
    /// x = m 2^e, m ∈ [1, 2), e ln 2 plus the bound of ln m over m's 256th of [1, 2) (the bits
    /// read directly: the library's `exponent` and `significand` are calls that are not
    /// inlined). A band edge 0.004 too high in λ moves a sliver of the band to the next one's
    /// wider z range: a few more vetoed trials, no change of law.
    @inline(__always)
    func lnUpperBound(_ x: Double) -> Double {
        let bits = x.bitPattern
        let e = Int((bits >> 52) & 0x7ff) - 1023
        return lnSignificandBound.withUnsafeBufferPointer { Double(e) * 0.6931471805599453 + $0[Int((bits >> 44) & 0xff)] }
    }

    /// The next trial below the top of the evolution: returns λ = ln L of the trial and its
    /// band, or nil if none lies above the cut-off.
    /// - Parameters:
    ///   - exponential: E, an exponential deviate of mean 1.
    ///   - topA: a = p⊥²/M² at the top; `topLambda`: λ there.
    ///   - m2Log: ln(M²/Λ̂²), so that an edge's L is m2Log + ln A.
    ///   - cutoffLog, cutoffLambda: L and λ at the cut-off.
    @inline(__always)
    func trial(exponential: Double, topA: Double, topLambda: Double, m2Log: Double,
               cutoffLog: Double, cutoffLambda: Double, gluon: Bool) -> (lambda: Double, band: Int)? {
        var n = Self.band(ofA: topA)
        var e = exponential
        var lambda = topLambda
        return (gluon ? gluonRate : quarkRate).withUnsafeBufferPointer { rate in
            lnLowerA.withUnsafeBufferPointer { lnA in
                while true {
                    let lowLog = m2Log + lnA[n]
                    let last = lowLog <= cutoffLog || n == Self.count - 1
                    let lowLambda = last ? cutoffLambda : min(lnUpperBound(lowLog), lambda)
                    let budget = rate[n] * (lambda - lowLambda)
                    if e < budget { return (lambda - e / rate[n], n) }
                    if last { return nil }
                    e -= budget
                    lambda = lowLambda
                    n += 1
                }
            }
        }
    }
}
