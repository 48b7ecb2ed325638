import Foundation

/// The drift circles' curve in the TRT with the scattering where it happens: a linear
/// least-squares correction to the silicon prediction, perpendicular to the track in the
/// transverse plane, δ₀ + δ₁x + δ₂x²/2 + Σⱼ κⱼ(x − Xⱼ)⁺ — offset, angle, curvature and one
/// scattering angle κⱼ per material surface crossed among the straws at transverse path Xⱼ
/// — with a diagonal Gaussian prior on each parameter (for κⱼ Highland's width there). A
/// straw's signed distance moves by f_i times the shift, f_i = ∂d/∂shift (1 in the barrel).
/// Solved by Cholesky: 3 + (≲ 6) parameters.
///
/// The fit's arrays are reused from track to track (`load`, ``TRTExtension/SideSettlingScratch``):
/// six heap arrays a track fewer.
struct KinkedCurveFit {
    private(set) var n = 0
    private(set) var m = 0
    /// Row i: f_i·(1, x_i, x_i²/2, (x_i − X_1)⁺, …), n × m.
    private(set) var design: [Double] = []
    /// Row i is zero from column `width[i]` on: the kinks beyond the straw (x_i ≤ X_j) do
    /// not move it. The sums skip those columns — each skipped term is an exact zero, and
    /// adding a zero leaves a finite sum's bits as they are (the sums start at +0 or a
    /// positive prior, so none is −0) —, about half the work with a few kinks.
    private(set) var width: [Int] = []
    /// 1/σ² of each parameter's prior.
    private(set) var prior: [Double] = []
    /// Normal matrix, m × m (its lower triangle becomes the Cholesky factor).
    var normal: [Double] = []
    /// The straws kept and the weight of the factor now in `normal` (`factoredWeight` nil:
    /// none). The normal matrix depends on them alone — the sides only move the right-hand
    /// side —, and the annealing often solves again with the same straws (a new window's
    /// first fit, or a choice that flipped sides only): then the factor is reused as it
    /// stands, the same numbers the factorisation would give again. The straws kept are
    /// copied into a buffer of the fit's own, not shared with the caller's array: a shared
    /// buffer made the caller's next in-place choice copy its whole array (a heap
    /// allocation and a copy per annealing step).
    var factoredKeep: [Bool] = []
    var factoredWeight: Double?
    /// The normal matrix's sums (upper triangle, diagonal included: the prior and
    /// Σ w dᵣ d_c over the straws `summedKeep`, weight `summedWeight`; nil: none yet). A new
    /// choice of straws differs from the last in a few: their terms are added or taken out
    /// instead of summing all kept straws again.
    private(set) var sums: [Double] = []
    private(set) var summedKeep: [Bool] = []
    private(set) var summedWeight: Double?
    var solution: [Double] = []
    /// The fitted correction to the predicted signed distance of each straw, mm.
    var correction: [Double] = []

    /// An empty fit, for `load`.
    init() {}

    init(f: [Double], x: [Double], kinkX: [Double], prior: [Double]) {
        load(f: f, x: x, kinkX: kinkX, prior: prior)
    }

    /// Sets the fit up for new straws (n = f.count) and kinks in the arrays it already
    /// holds, as a new fit would be: no factor kept, zero correction.
    mutating func load(f: [Double], x: [Double], kinkX: [Double], prior: [Double]) {
        n = f.count
        m = 3 + kinkX.count
        precondition(prior.count == m)
        let n = n, m = m
        design.refill(0, count: n * m)
        width.refill(m, count: n)
        design.withUnsafeMutableBufferPointer { rows in
        width.withUnsafeMutableBufferPointer { width in
            for i in 0..<n {
                rows[i * m] = f[i]
                rows[i * m + 1] = f[i] * x[i]
                rows[i * m + 2] = f[i] * x[i] * x[i] / 2
                for j in 0..<kinkX.count { rows[i * m + 3 + j] = f[i] * max(0, x[i] - kinkX[j]) }
                while width[i] > 0 && rows[i * m + width[i] - 1] == 0 { width[i] -= 1 }
            }
        }
        }
        self.prior.refill(0, count: m)
        for r in 0..<m { self.prior[r] = prior[r] }
        normal.refill(0, count: m * m)
        factoredKeep.refill(false, count: n)
        factoredWeight = nil
        sums.refill(0, count: m * m)
        summedKeep.refill(false, count: n)
        summedWeight = nil
        solution.refill(0, count: m)
        correction.refill(0, count: n)
    }

    /// Fits the kept straws' signed radii `measured` against the prediction `predicted`
    /// (weight 1/σ² each); false, leaving `correction` as it was, when the normal matrix is
    /// not positive definite.
    mutating func solve(keep: [Bool], measured: [Double], predicted: [Double], weight w: Double) -> Bool {
        let m = m, n = n
        precondition(keep.count == n && measured.count == n && predicted.count == n, "one entry per straw")
        let reuse = factoredWeight == w && factoredKeep == keep
        factoredWeight = nil
        if !reuse { updateSums(keep: keep, weight: w) }
        // Through buffer pointers: the loops are small and hot (≈ 10 solves per track).
        let solved = design.withUnsafeBufferPointer { design in
            width.withUnsafeBufferPointer { width in
            sums.withUnsafeBufferPointer { sums in
            normal.withUnsafeMutableBufferPointer { normal in
                solution.withUnsafeMutableBufferPointer { solution in
                    correction.withUnsafeMutableBufferPointer { correction in
                        keep.withUnsafeBufferPointer { keep in
                            measured.withUnsafeBufferPointer { measured in
                                predicted.withUnsafeBufferPointer { predicted in
                                    Self.solve(n: n, m: m, design: design, width: width, sums: sums, keep: keep, measured: measured,
                                               predicted: predicted, weight: w, reuseFactor: reuse, normal: normal,
                                               solution: solution, correction: correction)
                                }
                            }
                        }
                    }
                }
            }
            }
            }
        }
        if solved {
            factoredKeep.withUnsafeMutableBufferPointer { own in
                keep.withUnsafeBufferPointer { keep in
                    for i in 0..<n { own[i] = keep[i] }
                }
            }
            factoredWeight = w
        }
        return solved
    }

    /// Brings `sums` to the straws `keep`. The first call after `load` (or with a new
    /// weight) sums the prior and all kept straws, in order — the plain sums; later calls
    /// add the terms of the straws taken in since and subtract those of the straws left out
    /// (the same products, negated: an exact negation), unless more straws changed than are
    /// kept, when summing again is the less work. The result differs from the plain sums by
    /// rounding alone: ≲ (number of updates) × 2⁻⁵³ × Σ|terms| per entry.
    private mutating func updateSums(keep: [Bool], weight w: Double) {
        let m = m, n = n, prior = prior
        var resum = summedWeight != w
        if !resum {
            var changed = 0, kept = 0
            for i in 0..<n {
                if keep[i] != summedKeep[i] { changed += 1 }
                if keep[i] { kept += 1 }
            }
            resum = changed > kept
        }
        summedWeight = w
        design.withUnsafeBufferPointer { design in
        width.withUnsafeBufferPointer { width in
        sums.withUnsafeMutableBufferPointer { sums in
        summedKeep.withUnsafeMutableBufferPointer { summed in
        keep.withUnsafeBufferPointer { keep in
            if resum {
                for r in 0..<(m * m) { sums[r] = 0 }
                for r in 0..<m { sums[r * m + r] = prior[r] }
                for i in 0..<n { summed[i] = false }
            }
            for i in 0..<n where keep[i] != summed[i] {
                let sign = keep[i] ? 1.0 : -1.0
                let width = width[i]
                for r in 0..<width {
                    let vr = sign * (w * design[i * m + r])
                    for c in r..<width { sums[r * m + c] += vr * design[i * m + c] }
                }
                summed[i] = keep[i]
            }
        }
        }
        }
        }
        }
    }

    private static func solve(n: Int, m: Int, design: UnsafeBufferPointer<Double>, width: UnsafeBufferPointer<Int>, sums: UnsafeBufferPointer<Double>, keep: UnsafeBufferPointer<Bool>,
                              measured: UnsafeBufferPointer<Double>, predicted: UnsafeBufferPointer<Double>, weight w: Double, reuseFactor: Bool,
                              normal: UnsafeMutableBufferPointer<Double>, solution: UnsafeMutableBufferPointer<Double>,
                              correction: UnsafeMutableBufferPointer<Double>) -> Bool {
        // The right-hand side, each sum over the kept straws in order.
        for r in 0..<m { solution[r] = 0 }
        for i in 0..<n where keep[i] {
            let y = measured[i] - predicted[i]
            for r in 0..<width[i] { solution[r] += w * design[i * m + r] * y }
        }
        if !reuseFactor {
            guard factorise(m: m, sums: sums, normal: normal) else {
                return false
            }
        }
        // L z = b, then Lᵀ δ = z.
        for i in 0..<m {
            var s = solution[i]
            for k in 0..<i { s -= normal[i * m + k] * solution[k] }
            solution[i] = s / normal[i * m + i]
        }
        for i in stride(from: m - 1, through: 0, by: -1) {
            var s = solution[i]
            for k in (i + 1)..<m { s -= normal[k * m + i] * solution[k] }
            solution[i] = s / normal[i * m + i]
        }
        for i in 0..<n {
            var s = 0.0
            for r in 0..<width[i] { s += design[i * m + r] * solution[r] }
            correction[i] = s
        }
        return true
    }

    /// The normal matrix (`sums`: the kept straws and the prior) and its Cholesky factor in
    /// place; false when it is not positive definite.
    private static func factorise(m: Int, sums: UnsafeBufferPointer<Double>, normal: UnsafeMutableBufferPointer<Double>) -> Bool {
        // The lower triangle is written by the factorisation before it is read.
        for r in 0..<m {
            for c in r..<m { normal[r * m + c] = sums[r * m + c] }
        }
        // A = L Lᵀ: L into the lower triangle, A read from the upper one.
        for j in 0..<m {
            var d = normal[j * m + j]
            for k in 0..<j { d -= normal[j * m + k] * normal[j * m + k] }
            guard d > 0, d.isFinite else { return false }
            let l = d.squareRoot()
            normal[j * m + j] = l
            for i in (j + 1)..<m {
                var s = normal[j * m + i]
                for k in 0..<j { s -= normal[i * m + k] * normal[j * m + k] }
                normal[i * m + j] = s / l
            }
        }
        return true
    }
}
