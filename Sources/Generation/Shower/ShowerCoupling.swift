import Foundation

/// One-loop α_s with flavour thresholds, as the time-like shower of Pythia 8 runs it
/// (`TimeShower:alphaSorder = 1`, scale μ² = p⊥²):
///
///     1/α_s(μ²) = 1/α_s(μ₀²) + b₀(n_f) ln(μ²/μ₀²),   b₀(n_f) = (33 − 2 n_f)/(12π),
///
/// continuous at the thresholds m_b = 4.8 GeV and m_c = 1.5 GeV (n_f = 5, 4, 3 above,
/// between, below), starting from α_s(M_Z) (PDG RPP 2024, "Quantum chromodynamics", §9.4).
///
/// For the veto algorithm it also gives an **overestimate** with a single one-loop form,
/// α̂(μ²) = 1/(b₀(5) ln(μ²/Λ̂²)), whose Λ̂ makes α̂ = α_s at the shower cut-off: since
/// b₀(5) is the smallest slope, 1/α̂ ≤ 1/α_s at every scale above the cut-off, so
/// α_s/α̂ ≤ 1 is a valid acceptance probability, and the Sudakov integral of α̂ inverts in
/// closed form.
public struct ShowerCoupling: Sendable, Equatable {
    public let alphaSAtMZ: Double
    public let b0Five: Double, b0Four: Double, b0Three: Double
    let inverseAtMb: Double, inverseAtMc: Double
    /// Λ̂² of the overestimate (GeV²).
    public let overestimateLambda2: Double
    /// ln(m_b²/Λ̂²), ln(m_c²/Λ̂²): the thresholds in L = ln(μ²/Λ̂²), and 1/α_s = a + b₀ L per
    /// range (``inverse(overestimateLog:)``).
    let lnBottom: Double, lnCharm: Double
    let interceptFive: Double, interceptFour: Double, interceptThree: Double

    public static let zMassGeV = 91.1876
    public static let bottomThresholdGeV = 4.8
    public static let charmThresholdGeV = 1.5

    public init(alphaSAtMZ: Double, cutoffGeV: Double) {
        self.alphaSAtMZ = alphaSAtMZ
        b0Five = 23 / (12 * Double.pi)
        b0Four = 25 / (12 * Double.pi)
        b0Three = 27 / (12 * Double.pi)
        let mz2 = Self.zMassGeV * Self.zMassGeV
        let mb2 = Self.bottomThresholdGeV * Self.bottomThresholdGeV
        let mc2 = Self.charmThresholdGeV * Self.charmThresholdGeV
        inverseAtMb = 1 / alphaSAtMZ + b0Five * log(mb2 / mz2)
        inverseAtMc = inverseAtMb + b0Four * log(mc2 / mb2)
        let mu2 = cutoffGeV * cutoffGeV
        let inverseAtCutoff = Self.inverse(mu2, alphaSAtMZ, b0Five, b0Four, b0Three, inverseAtMb, inverseAtMc)
        // 1/α̂(μ₀²) = b₀(5) ln(μ₀²/Λ̂²) = 1/α_s(μ₀²).
        overestimateLambda2 = mu2 * exp(-inverseAtCutoff / b0Five)
        lnBottom = log(mb2 / overestimateLambda2)
        lnCharm = log(mc2 / overestimateLambda2)
        interceptFive = 1 / alphaSAtMZ + b0Five * log(overestimateLambda2 / mz2)
        interceptFour = inverseAtMb - b0Four * lnBottom
        interceptThree = inverseAtMc - b0Three * lnCharm
    }

    static func inverse(_ mu2: Double, _ aMZ: Double, _ b5: Double, _ b4: Double, _ b3: Double,
                        _ invMb: Double, _ invMc: Double) -> Double {
        let mb2 = bottomThresholdGeV * bottomThresholdGeV, mc2 = charmThresholdGeV * charmThresholdGeV
        if mu2 >= mb2 { return 1 / aMZ + b5 * log(mu2 / (zMassGeV * zMassGeV)) }
        if mu2 >= mc2 { return invMb + b4 * log(mu2 / mb2) }
        return invMc + b3 * log(mu2 / mc2)
    }

    /// α_s(μ²), μ² in GeV².
    public func callAsFunction(_ mu2: Double) -> Double {
        1 / Self.inverse(mu2, alphaSAtMZ, b0Five, b0Four, b0Three, inverseAtMb, inverseAtMc)
    }

    /// The overestimate α̂(μ²) ≥ α_s(μ²) for μ above the cut-off.
    public func overestimate(_ mu2: Double) -> Double {
        1 / (b0Five * log(mu2 / overestimateLambda2))
    }

    /// 1/α_s at the scale whose L = ln(μ²/Λ̂²) is given, L being what the veto algorithm's
    /// trial already holds (1/α̂ = b₀(5) L): the same one-loop function as
    /// ``callAsFunction(_:)``, written as a + b L per flavour range, so the α_s veto of a trial
    /// takes no logarithm. (ln(μ²/μ_ref²) = L − ln(μ_ref²/Λ̂²); the constants are worked out once.)
    @inline(__always)
    public func inverse(overestimateLog l: Double) -> Double {
        if l >= lnBottom { return interceptFive + b0Five * l }
        if l >= lnCharm { return interceptFour + b0Four * l }
        return interceptThree + b0Three * l
    }
}
