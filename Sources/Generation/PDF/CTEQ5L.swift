import Foundation

/// The CTEQ5L leading-order proton PDF set, evaluated from the closed-form parametrisation
/// that its authors published alongside the tables:
///
/// * the set: H. L. Lai et al. (CTEQ), "Global QCD analysis of parton structure of the
///   nucleon: CTEQ5 parton distributions", Eur. Phys. J. C12 (2000) 375,
///   doi:10.1007/s100529900196, hep-ph/9903282; α_s(M_Z) = 0.127 at LO, Λ₅ = 146 MeV;
/// * the parametrisation: J. Pumplin, `Ctq5Par.f` ("CTEQ5M1 and CTEQ5L parton distribution
///   functions in parametrized form", 15 September 1999, distributed by CTEQ), whose
///   coefficients are transcribed in ``CTEQ5LCoefficients``. This Swift evaluation is ours.
///
/// For each parametrised function (u, d, g, ū + d̄, d̄/ū, s, c, b), with Q in GeV,
///
///     s₁ = ln ln(Q/α_f) − 1.2,            a_i = Σ_{k=0…2} A_{ik} s₁^k   (i = 0…8),
///     y = ln(1/x),  u = ln(x/10⁻⁵),
///     f(x, Q) = x · exp( a₁ y^{1 + a₄/100} (1 + a₈ u) + a₀ (1 − x) + a₃ x
///                        + x(1 − x)(a₅ + a₆(1 − x) + a₇ x(1 − x))
///                        + c₁ ln(1 − x) + a₂ ln(1 + e^{c₂} − x) ) · (1 − Q_thr/Q),
///
/// the number density f(x, Q) (not x f). u and d are the full up and down densities
/// (valence + sea); ū = S/(1 + R), d̄ = S R/(1 + R) from S = ū + d̄ and R = d̄/ū; s = s̄,
/// c = c̄, b = b̄; heavy quarks vanish below their thresholds Q_thr (c: 1.3 GeV, b: 4.5 GeV).
///
/// Range of validity (authors): 10⁻⁶ < x < 1 and 1.1 GeV < Q < 10 TeV. Outside it, Q is
/// clamped into [1.1 GeV, 10 TeV] (the PDF is frozen, as generators do below the cut-off)
/// and x ≤ 10⁻⁶ is evaluated at 10⁻⁶.
///
/// Checked in `PDFTests` against the momentum and valence sum rules and against the values
/// Pythia 8.318's own CTEQ5L (`PDF:pSet = 2`) gives at the same (x, Q).
public struct CTEQ5L: PartonDistributionFunction {
    public init() {}

    public let name = "CTEQ5L"

    /// α_s(M_Z) of the LO fit (hep-ph/9903282, table 1).
    public static let alphaSAtMZ = 0.127

    /// x f(x, Q) for the parton `pdgID`: 21 (or 0) gluon, ±1…±5 quarks and antiquarks
    /// (PDG numbering: 1 d, 2 u, 3 s, 4 c, 5 b); 0 for anything else (t, leptons).
    @inlinable
    public func xf(_ pdgID: Int, x: Double, qGeV: Double) -> Double {
        guard x > 0, x < 1 else { return 0 }
        let xx = max(x, 1e-6)
        let q = min(max(qGeV, 1.1), 1.0e4)
        let f: Double
        switch pdgID {
        case 21, 0: f = CTEQ5L.density(.gluon, x: xx, q: q)
        case 2: f = CTEQ5L.density(.up, x: xx, q: q)
        case 1: f = CTEQ5L.density(.down, x: xx, q: q)
        case -2, -1:
            let sum = CTEQ5L.density(.antiUpPlusAntiDown, x: xx, q: q)
            let ratio = CTEQ5L.density(.antiDownOverAntiUp, x: xx, q: q)
            f = pdgID == -2 ? sum / (1 + ratio) : sum * ratio / (1 + ratio)
        case 3, -3: f = CTEQ5L.density(.strange, x: xx, q: q)
        case 4, -4: f = CTEQ5L.density(.charm, x: xx, q: q)
        case 5, -5: f = CTEQ5L.density(.bottom, x: xx, q: q)
        default: return 0
        }
        return x * f
    }

    /// x q_v(x, Q) = x (q − q̄) for the valence flavours 2 (u) and 1 (d), floored at 0: the
    /// parametrisation fits q and q̄ separately, and below x ≈ 10⁻⁴ their difference is
    /// inside its fit accuracy and can come out negative (Pythia 8 floors it the same way).
    @inlinable
    public func xValence(_ pdgID: Int, x: Double, qGeV: Double) -> Double {
        guard pdgID == 1 || pdgID == 2 else { return 0 }
        return max(0, xf(pdgID, x: x, qGeV: qGeV) - xf(-pdgID, x: x, qGeV: qGeV))
    }

    /// x g(x, Q): the gluon alone, the hot path of gg → Φ and of gluon ISR.
    @inlinable
    public func xGluon(x: Double, qGeV: Double) -> Double {
        guard x > 0, x < 1 else { return 0 }
        return x * CTEQ5L.density(.gluon, x: max(x, 1e-6), q: min(max(qGeV, 1.1), 1.0e4))
    }

    /// One parametrised function f(x, Q) (number density), x in (10⁻⁶, 1), Q in GeV.
    @usableFromInline
    static func density(_ function: CTEQ5LCoefficients.Function, x: Double, q: Double) -> Double {
        let c = CTEQ5LCoefficients.table[function.rawValue]
        if q <= c.thresholdGeV { return 0 }
        let t = log(q / c.alpha)
        if t <= 0 { return 0 }
        let s1 = log(t) - 1.2
        let s1sq = s1 * s1
        // a_i = A_i0 + A_i1 s₁ + A_i2 s₁²
        @inline(__always) func a(_ i: Int) -> Double {
            c.a[3 * i] + c.a[3 * i + 1] * s1 + c.a[3 * i + 2] * s1sq
        }
        let y = -log(x)
        let u = log(x / 1.0e-5)
        let omx = 1 - x
        let part1 = a(1) * pow(y, 1 + 0.01 * a(4)) * (1 + a(8) * u)
        let part2 = a(0) * omx + a(3) * x
        let part3 = x * omx * (a(5) + a(6) * omx + a(7) * x * omx)
        let part4 = c.c1 * log(omx) + a(2) * log(1 + c.expC2 - x)
        return x * exp(part1 + part2 + part3 + part4) * (1 - c.thresholdGeV / q)
    }
}

/// A proton PDF: momentum densities x f(x, Q) by PDG id (21 gluon, ±1…±5 quarks).
public protocol PartonDistributionFunction: Sendable {
    var name: String { get }
    func xf(_ pdgID: Int, x: Double, qGeV: Double) -> Double
    func xGluon(x: Double, qGeV: Double) -> Double
}
