import Foundation
import EventModel

/// Initial-state radiation for a colour-singlet 2 → 1 process (gg → Φ): gives Φ its
/// transverse momentum by emitting gluons off the two incoming gluons, a simplified
/// backward-evolution parton shower (T. Sjöstrand, Phys. Lett. B157 (1985) 321; the
/// pT-ordered form of Sjöstrand and Skands, Eur. Phys. J. C39 (2005) 129, hep-ph/0408302).
///
/// **What it does.** Starting from the Born (x₁, x₂, m, y), emissions are generated in
/// decreasing transverse momentum p⊥ on the two legs together, by the Sudakov veto algorithm
/// with the backward-evolution emission density of a gluon leg at momentum fraction x:
///
///     dP = (α_s(p⊥²)/2π) (dp⊥²/p⊥²) ∫ dz P_gg(z) · [x′ g(x′, p⊥)] / [x g(x, p⊥)],  x′ = x/z,
///     P_gg(z) = 2 C_A [z/(1 − z) + (1 − z)/z + z(1 − z)],  C_A = 3,
///
/// with one-loop α_s (``RunningCoupling``), the CTEQ5L gluon, and the phase-space limit
/// p⊥ ≤ κ m (1 − z)/√z (κ = ½ is the 2 → 2 limit of Φ + parton at ŝ′ = m²/z; κ = 1 is the
/// limit on Pythia 8's evolution variable, see ``Config/kinematicLimitFactor``). The shower
/// starts at the largest p⊥ this allows (a "power shower", as Pythia does when the final state has no coloured parton) and stops
/// at ``Config/pTMinGeV``. After an emission the leg's x becomes x/z.
///
/// **Kinematics (recoil).** An emission off leg 1 (2) with (z, p⊥, φ) is a massless gluon of
/// light-cone momentum k^± = x(1 − z)/z · √s along its beam and k^∓ = p⊥²/k^±. Φ takes the
/// recoil of all emissions: p⊥(Φ) = −Σ p⊥ᵢ and Φ keeps its Born rapidity y, so its transverse
/// mass is m⊥ = √(m² + p⊥²). The incoming partons' fractions then follow from light-cone
/// momentum conservation, X₁√s = m⊥ e^{y} + Σ k⁺, X₂√s = m⊥ e^{−y} + Σ k⁻, and an emission that
/// would make X ≥ 1 is vetoed. Every vertex of the record conserves four-momentum exactly;
/// the intermediate (space-like) partons are off-shell.
///
/// **Simplifications, on purpose.** Only g → gg branchings on gluon legs and q → q g on quark legs (no g ← q; its
/// share of hard emissions, qg → Φq, is absorbed in the tuned coupling); a sharp cut-off
/// instead of Pythia's p⊥0 regularisation; no matrix-element correction of the first
/// emission. The initiators get a Gaussian primordial k⊥, which Φ inherits. κ and the α_s
/// scale were tuned so that Φ's p⊥ (mean, quantiles and binned shape) matches Pythia 8.318 with the A14 tune
/// (reference/pythia8/ggH125_mS40_ctau760.json, `med_pt`). The emitted gluons are the end of
/// the chain for now (status 1 in the record); a later shower stage takes them as its input.
public struct InitialStateRadiation: Sendable {
    public struct Config: Sendable, Equatable {
        /// α_s(M_Z) of the one-loop running coupling of the emissions.
        public var alphaSAtMZ = 0.127
        /// The shower cut-off (GeV).
        public var pTMinGeV = 2.0
        /// μ_R² = f p⊥²: the scale of α_s in units of the emission's p⊥² (Pythia 8's
        /// `SpaceShower:renormMultFac`). Tuned: f = ½ with α_s(M_Z) = 0.127 reproduces the
        /// reference's Φ p⊥ quantiles best (χ²/ndf ≈ 44/50 on 20 000 vs 2000 events).
        public var renormalizationScaleFactor = 0.5
        /// Width σ (GeV) of the primordial transverse momentum of each initiator,
        /// dN/d²k⊥ ∝ exp(−k⊥²/σ²) (Pythia 8's `BeamRemnants:primordialKThard`, 1.8 GeV).
        public var primordialKTGeV = 1.8
        /// Off: Φ has no transverse momentum (the LO Born alone).
        public var enabled = true
        /// κ of the phase-space limit p⊥ ≤ κ m (1 − z)/√z: ½ is the exact 2 → 2 limit for the
        /// emission's physical p⊥; 1 is the limit Pythia 8 puts on its evolution p⊥
        /// (`zMaxAbs` of its space-like shower, from p⊥²_evol ≤ ŝ (1 − z)²/z).
        public var kinematicLimitFactor = 1.0
        /// Safety limit on emissions per event.
        public var maxEmissions = 200
        /// p⊥0 (GeV) of the regularisation of soft emissions, used by the extra scatterings'
        /// radiation only (``scatteringHistory(massGeV:rapidity:x:startScaleGeV:xLeft:xLimit:gluons:rng:)``):
        /// the rate is multiplied by p⊥²/(p⊥² + p⊥0²) and α_s read at f(p⊥² + p⊥0²), as
        /// Pythia 8's space-like shower does (`SpaceShower:pT0Ref`). 0: the sharp cut-off
        /// alone (the hard process, whose ISR was tuned that way).
        public var regularizationPT0GeV = 0.0
        public init() {}
    }

    /// One emitted parton.
    public struct Emission: Sendable, Equatable {
        /// 0: off the parton from the beam along +z; 1: along −z.
        public var leg: Int
        public var pdgID: Int
        public var momentum: FourVector
        /// The evolution variable: the emission's p⊥ (GeV).
        public var pTGeV: Double
        public var z: Double
    }

    /// The result: the mediator four-momentum, the emissions (hardest first), and the
    /// momentum fractions and primordial k⊥ of the two initiators (the partons taken out of
    /// the protons). `sumPx`, `sumPy` in the algorithm are minus Φ's p⊥.
    public struct History: Sendable, Equatable {
        public var mediator: FourVector
        public var emissions: [Emission]
        public var initiatorX: (Double, Double)
        public var initiatorPDGID: (Int, Int) = (21, 21)
        /// Primordial transverse momenta of the initiators: (px₁, py₁, px₂, py₂) in GeV.
        public var initiatorKT: (Double, Double, Double, Double) = (0, 0, 0, 0)

        public static func == (a: History, b: History) -> Bool {
            a.mediator == b.mediator && a.emissions == b.emissions
                && a.initiatorX == b.initiatorX && a.initiatorPDGID == b.initiatorPDGID
                && a.initiatorKT == b.initiatorKT
        }
    }

    /// R: the overestimate of the PDF ratio on a quark leg.
    public static let quarkOverestimate = 2.0

    public let config: Config
    public let coupling: RunningCoupling
    public let pdf: CTEQ5L
    public let sqrtSGeV: Double

    public init(config: Config = Config(), sqrtSGeV: Double, pdf: CTEQ5L = CTEQ5L()) {
        self.config = config
        self.coupling = RunningCoupling(alphaSAtMZ: config.alphaSAtMZ)
        self.pdf = pdf
        self.sqrtSGeV = sqrtSGeV
    }

    /// The largest z a branching of transverse momentum p⊥ allows at Born mass m:
    /// the root of p⊥ = κ m (1 − z)/√z, √z = (√(ρ² + 4) − ρ)/2 with ρ = p⊥/(κ m).
    @inlinable
    /// A trial z for a leg at momentum fraction x, from the overestimate 1/(1 − z) + 1/z on
    /// x < z < zOver: the soft piece (integral `soft`) or the hard one (`hard`), each inverted.
    /// Shared by the hard process's ISR and the scatterings'.
    @inline(__always)
    static func trialZ(x: Double, zOver: Double, soft: Double, hard: Double, rng: inout RandomStream) -> Double {
        // soft = ln((1 − x)/(1 − zOver)), hard = ln(zOver/x): the powers as exp(u ln r), the
        // same numbers up to rounding, without pow's logarithm.
        if rng.uniform01() * (soft + hard) < soft {
            return 1 - (1 - x) * exp(-soft * rng.uniform01())
        }
        return x * exp(hard * rng.uniform01())
    }

    /// The g → g g kernel (without its colour factor) over the overestimate 1/(1 − z) + 1/z:
    /// the veto probability's kernel part, ≤ 1.
    @inline(__always)
    static func gluonKernelOverOverestimate(_ z: Double) -> Double {
        (z / (1 - z) + (1 - z) / z + z * (1 - z)) / (1 / (1 - z) + 1 / z)
    }

    /// The emitted parton's light-cone momenta k⁺, k⁻ (GeV) and transverse momentum, for a
    /// branching at z, p⊥ on leg 0 (along +z) or 1 from a parton at momentum fraction x: it
    /// carries x (1 − z)/z of its beam's light-cone momentum, and p⊥ (p⊥² = `pT2`) at a
    /// uniform azimuth.
    /// Shared by the hard process's ISR and the scatterings'.
    @inline(__always)
    static func emission(leg: Int, x: Double, z: Double, pT: Double, pT2: Double, rootS: Double,
                         rng: inout RandomStream) -> (kPlus: Double, kMinus: Double, px: Double, py: Double) {
        let phi = 2 * Double.pi * rng.uniform01()
        let kAlong = x * (1 - z) / z * rootS
        let kAgainst = pT2 / kAlong
        return (leg == 0 ? kAlong : kAgainst, leg == 0 ? kAgainst : kAlong, pT * cos(phi), pT * sin(phi))
    }

    func zMax(pT: Double, mass: Double) -> Double {
        let rho = pT / (config.kinematicLimitFactor * mass)
        let a = 0.5 * ((rho * rho + 4).squareRoot() - rho)
        return a * a
    }

    /// The history of `born` with gluon initiators on both legs (gg → Φ).
    public func callAsFunction(_ born: BornKinematics, rng: inout RandomStream) -> History {
        callAsFunction(born, initiators: (21, 21), rng: &rng)
    }

    /// The history of a colour-singlet (or, with `startScaleGeV`, any) system `born` made by
    /// the initiators `initiators` (PDG ids, leg along +z first).
    ///
    /// Quark legs (``quarkOverestimate``) radiate q → q g only: backward evolution keeps the
    /// quark (x′ = x/z), with P_qq(z) = C_F (1 + z²)/(1 − z), C_F = 4/3, and the PDF ratio
    /// x′q(x′)/xq(x) of that flavour; the overestimate is R · 2 C_F/(1 − z) with R = 2 for the
    /// ratio, which a valence quark at small x can push above 1 (clipped at R; rare). As for
    /// gluons, the branching g → q q̄ seen backwards (a quark initiator coming from a gluon)
    /// is left out. `startScaleGeV` caps the first trial p⊥ (a 2 → 2 process starts its ISR
    /// at its own p⊥-hat, as Pythia does at the factorisation scale); nil keeps the power
    /// shower of a colour-singlet system. With gluon legs and no cap the draws are exactly
    /// those of ``callAsFunction(_:rng:)``.
    public func callAsFunction(_ born: BornKinematics, initiators: (Int, Int), startScaleGeV: Double? = nil,
                               rng: inout RandomStream) -> History {
        let m = born.massGeV, y = born.rapidity, rootS = sqrtSGeV
        var history = History(
            mediator: FourVector(px: 0, py: 0, pz: m * sinh(y), e: m * cosh(y)),
            emissions: [], initiatorX: (born.x1, born.x2), initiatorPDGID: initiators)
        guard config.enabled else { return history }
        let isGluon = (initiators.0 == 21, initiators.1 == 21)
        let cF = 4.0 / 3.0, ratioOver = InitialStateRadiation.quarkOverestimate

        let cA = 3.0
        // α_s(f p⊥²) = 1/(b₀ ln(p⊥²/(Λ²/f))): the scale factor is an effective Λ.
        let lambda2 = coupling.lambda2 / config.renormalizationScaleFactor
        let pT2Min = config.pTMinGeV * config.pTMinGeV
        // z range of the overestimate: up to the z limit at the cut-off.
        let zOver = zMax(pT: config.pTMinGeV, mass: m)
        var x = (born.x1, born.x2)
        // Start at the kinematic limit of the leg with the smaller x (z → x).
        let xMin = min(x.0, x.1)
        var pT2 = min(pow(config.kinematicLimitFactor * m * (1 - xMin) / xMin.squareRoot(), 2), rootS * rootS / 4)
        if let start = startScaleGeV { pT2 = min(pT2, start * start) }
        // Running sums of the emissions: light-cone k⁺, k⁻ and transverse momentum.
        // Φ's transverse momentum starts as the initiators' primordial k⊥ (σ/√2 per component).
        let kTSigma = config.primordialKTGeV / 2.0.squareRoot()
        let kT = (rng.gaussian(sigma: kTSigma), rng.gaussian(sigma: kTSigma),
                  rng.gaussian(sigma: kTSigma), rng.gaussian(sigma: kTSigma))
        history.initiatorKT = (kT.0, kT.1, kT.2, kT.3)
        var sumPlus = 0.0, sumMinus = 0.0, sumPx = -(kT.0 + kT.2), sumPy = -(kT.1 + kT.3)
        let ePlusY = exp(y), eMinusY = exp(-y)

        // Overestimated z integrals per leg: 2 C_A [∫dz/(1−z) + ∫dz/z] over (x, zOver).
        // A quark leg has only the soft (1 − z) part, with coefficient R · 2 C_F. They change
        // only when a leg's x does (an accepted emission), not with every vetoed trial.
        func integrals(_ xl: Double, gluon: Bool) -> (Double, Double) {
            xl < zOver ? (log((1 - xl) / (1 - zOver)), gluon ? log(zOver / xl) : 0) : (0, 0)
        }
        var i0 = (0.0, 0.0), i1 = (0.0, 0.0), k0 = 0.0, kTotal = 0.0
        var stale = true
        while history.emissions.count < config.maxEmissions {
            if stale {
                i0 = integrals(x.0, gluon: isGluon.0); i1 = integrals(x.1, gluon: isGluon.1)
                k0 = (isGluon.0 ? 2 * cA : 2 * cF * ratioOver) * (i0.0 + i0.1)
                let k1 = (isGluon.1 ? 2 * cA : 2 * cF * ratioOver) * (i1.0 + i1.1)
                kTotal = k0 + k1
                stale = false
            }
            if kTotal <= 0 { break }
            // Trial p⊥² from the overestimate exp(−∫ (K/2π) α_s(k²) dk²/k²), one-loop α_s:
            // ln(p⊥²/Λ²) → ln(p⊥²/Λ²) · u^{2π b₀ / K}.
            let exponent = 2 * Double.pi * coupling.b0 / kTotal
            pT2 = lambda2 * exp(log(pT2 / lambda2) * pow(rng.uniform01(), exponent))
            if pT2 < pT2Min { break }
            let leg = rng.uniform01() * kTotal < k0 ? 0 : 1
            let xl = leg == 0 ? x.0 : x.1
            let (iSoft, iHard) = leg == 0 ? i0 : i1
            let z = Self.trialZ(x: xl, zOver: zOver, soft: iSoft, hard: iHard, rng: &rng)
            let pT = pT2.squareRoot()
            // Veto: kinematic limit, true kernel over its overestimate, PDF ratio (≤ 1 for a
            // gluon density falling with x, as CTEQ5L's does at all scales used here).
            if z >= zMax(pT: pT, mass: m) { continue }
            if leg == 0 ? isGluon.0 : isGluon.1 {
                let kernel = Self.gluonKernelOverOverestimate(z)
                let ratio = pdf.xGluon(x: xl / z, qGeV: pT) / pdf.xGluon(x: xl, qGeV: pT)
                if rng.uniform01() > kernel * min(ratio, 1) { continue }
            } else {
                let id = leg == 0 ? initiators.0 : initiators.1
                let kernel = (1 + z * z) / 2
                let ratio = pdf.xf(id, x: xl / z, qGeV: pT) / max(pdf.xf(id, x: xl, qGeV: pT), 1e-300)
                if rng.uniform01() > kernel * min(ratio, ratioOver) / ratioOver { continue }
            }
            let (kPlus, kMinus, px, py) = Self.emission(leg: leg, x: xl, z: z, pT: pT, pT2: pT2, rootS: rootS, rng: &rng)
            // Energy budget: both incoming fractions stay below 1.
            let newPx = sumPx + px, newPy = sumPy + py
            let mT = (m * m + newPx * newPx + newPy * newPy).squareRoot()
            let x1 = (mT * ePlusY + sumPlus + kPlus) / rootS
            let x2 = (mT * eMinusY + sumMinus + kMinus) / rootS
            if x1 >= 1 || x2 >= 1 { continue }
            sumPlus += kPlus; sumMinus += kMinus; sumPx = newPx; sumPy = newPy
            if leg == 0 { x.0 = xl / z } else { x.1 = xl / z }
            stale = true
            history.emissions.append(Emission(
                leg: leg, pdgID: 21,
                momentum: FourVector(px: px, py: py, pz: 0.5 * (kPlus - kMinus), e: 0.5 * (kPlus + kMinus)),
                pTGeV: pT, z: z))
        }

        let mT = (m * m + sumPx * sumPx + sumPy * sumPy).squareRoot()
        history.mediator = FourVector(px: -sumPx, py: -sumPy, pz: mT * sinh(y), e: mT * cosh(y))
        history.initiatorX = ((mT * ePlusY + sumPlus) / rootS, (mT * eMinusY + sumMinus) / rootS)
        return history
    }
}

extension InitialStateRadiation {
    /// The backward evolution of one extra parton–parton scattering of the underlying event
    /// (``MultipartonInteractions``): g g → g g with Born fractions `x` (of the whole beams),
    /// Born mass m = √ŝ and rapidity y, starting at the scattering's p⊥ (`startScaleGeV`, as
    /// Pythia 8 starts the ISR of each MPI system at its own p⊥) with the same emission
    /// density, coupling, cut-off and kinematic limit as ``callAsFunction(_:initiators:startScaleGeV:rng:)``
    /// on gluon legs, and the same recoil scheme (the g g system takes the emissions'
    /// transverse recoil and keeps its rapidity; the initiators' fractions grow as x/z).
    ///
    /// What differs is the beam: the scattering evolves inside what the earlier systems left,
    /// so the PDF ratio is that of the rescaled gluon density x′g(x′/x_left)/xg(x/x_left)
    /// (Pythia's rescaling, as the scatterings themselves use it), read from ``GluonTable``
    /// (the closed-form CTEQ5L costs more per call and is called a dozen times per
    /// scattering), and an emission is vetoed when an initiator would take more than
    /// `xLimit` (x_left minus what the remnant keeps). No primordial k⊥: the remnants keep it
    /// for the hard system. The result's `mediator` is the g g system after recoil.
    ///
    /// `forced`: a heavy-quark leg's backward g → Q Q̄ (``HeavyFlavourExcitation``), emitted at
    /// its scale when the evolution gets there (that leg radiates nothing above it); nil when
    /// it does not fit (kinematic limit or momentum budget): the caller then drops the heavy
    /// flavour.
    public func scatteringHistory(massGeV m: Double, rapidity y: Double, x: (Double, Double), startScaleGeV: Double,
                                  xLeft: (Double, Double), xLimit: (Double, Double), gluons: GluonTable,
                                  forced: HeavyFlavourExcitation.Splitting? = nil,
                                  rng: inout RandomStream) -> History? {
        var history = History(mediator: FourVector(px: 0, py: 0, pz: m * sinh(y), e: m * cosh(y)),
                              emissions: [], initiatorX: x, initiatorPDGID: (21, 21))
        var pending = forced
        if forced == nil { guard config.enabled, startScaleGeV > config.pTMinGeV else { return history } }
        let rootS = sqrtSGeV, cA = 3.0
        let lambda2 = coupling.lambda2 / config.renormalizationScaleFactor
        let lnLambda2 = log(lambda2)
        let pT2Min = config.pTMinGeV * config.pTMinGeV
        let zOver = zMax(pT: config.pTMinGeV, mass: m)
        let pT02 = config.regularizationPT0GeV * config.regularizationPT0GeV
        var xl = x
        var pT2 = max(startScaleGeV * startScaleGeV, (forced?.pTGeV ?? 0) * (forced?.pTGeV ?? 0))
        // ln(p⊥²/Λ²) of the current scale, carried from trial to trial (the inversion gives it).
        var pT2Log = log(pT2 / lambda2)
        var sumPlus = 0.0, sumMinus = 0.0, sumPx = 0.0, sumPy = 0.0
        let ePlusY = exp(y), eMinusY = exp(-y)
        let radiates = config.enabled
        // Overestimate per leg: 2 C_A [ln((1 − x)/(1 − z_over)) + ln(z_over/x)]; worked out
        // again only when an x or the pending splitting changes, not per vetoed trial.
        func integrals(_ xv: Double) -> (Double, Double) {
            xv < zOver ? (log((1 - xv) / (1 - zOver)), log(zOver / xv)) : (0, 0)
        }
        var i0 = (0.0, 0.0), i1 = (0.0, 0.0), k0 = 0.0, kTotal = 0.0
        var stale = true
        while history.emissions.count < config.maxEmissions {
            if stale {
                i0 = integrals(xl.0); i1 = integrals(xl.1)
                // A heavy-quark leg radiates nothing above its g → Q Q̄.
                k0 = radiates && pending?.leg != 0 ? 2 * cA * (i0.0 + i0.1) : 0
                let k1 = radiates && pending?.leg != 1 ? 2 * cA * (i1.0 + i1.1) : 0
                kTotal = k0 + k1
                stale = false
            }
            if kTotal > 0 {
                let exponent = 2 * Double.pi * coupling.b0 / kTotal
                pT2Log *= exp(exponent * log(rng.uniform01()))
                pT2 = lambda2 * exp(pT2Log)
            } else {
                pT2 = 0
            }
            if pT2 < pT2Min && pending != nil { pT2 = 0 }
            if let f = pending, pT2 <= f.pTGeV * f.pTGeV {
                // The forced splitting comes first; the evolution then restarts from its scale.
                pending = nil
                let leg = f.leg, xv = leg == 0 ? xl.0 : xl.1, z = f.z, mQ = f.massGeV
                let pT = f.pTGeV
                guard z < zMax(pT: pT, mass: m) else { return nil }
                let phi = 2 * Double.pi * rng.uniform01()
                let kAlong = xv * (1 - z) / z * rootS
                let kAgainst = (pT * pT + mQ * mQ) / kAlong
                let kPlus = leg == 0 ? kAlong : kAgainst
                let kMinus = leg == 0 ? kAgainst : kAlong
                let px = pT * cos(phi), py = pT * sin(phi)
                let newPx = sumPx + px, newPy = sumPy + py
                let mT = (m * m + newPx * newPx + newPy * newPy).squareRoot()
                let x1 = (mT * ePlusY + sumPlus + kPlus) / rootS
                let x2 = (mT * eMinusY + sumMinus + kMinus) / rootS
                guard x1 < xLimit.0, x2 < xLimit.1 else { return nil }
                sumPlus += kPlus; sumMinus += kMinus; sumPx = newPx; sumPy = newPy
                if leg == 0 { xl.0 = xv / z } else { xl.1 = xv / z }
                stale = true
                history.emissions.append(Emission(
                    leg: leg, pdgID: -f.flavour,
                    momentum: FourVector(px: px, py: py, pz: 0.5 * (kPlus - kMinus), e: 0.5 * (kPlus + kMinus)),
                    pTGeV: pT, z: z))
                pT2 = pT * pT
                pT2Log = log(pT2 / lambda2)
                continue
            }
            if pT2 < pT2Min || kTotal <= 0 { break }
            let leg = rng.uniform01() * kTotal < k0 ? 0 : 1
            let xv = leg == 0 ? xl.0 : xl.1
            let (iSoft, iHard) = leg == 0 ? i0 : i1
            let z = Self.trialZ(x: xv, zOver: zOver, soft: iSoft, hard: iHard, rng: &rng)
            let pT = pT2.squareRoot()
            if z >= zMax(pT: pT, mass: m) { continue }
            let left = leg == 0 ? xLeft.0 : xLeft.1
            if xv / z >= (leg == 0 ? xLimit.0 : xLimit.1) { continue }
            let kernel = Self.gluonKernelOverOverestimate(z)
            // The veto's uniform first: min(ratio, 1) and the α_s factor of the damping are ≤ 1,
            // so u above kernel · p⊥²/(p⊥² + p⊥0²) rejects without the PDF ratio or the
            // logarithm (floating-point products round monotonically: the same decisions).
            let u = rng.uniform01()
            let suppression = pT02 > 0 ? pT2 / (pT2 + pT02) : 1
            if u > kernel * suppression { continue }
            // ln p⊥ = (ln(p⊥²/Λ²) + ln Λ²)/2 from the logarithm the trial carries: no log.
            let lnPT = 0.5 * (pT2Log + lnLambda2)
            let ratio = gluons.ratio(x: xv / z / left, over: xv / left, lnQ: lnPT)
            // Regularisation: p⊥²/(p⊥² + p⊥0²) · α_s(f(p⊥² + p⊥0²))/α_s(f p⊥²) ≤ 1.
            let damping = pT02 > 0 ? suppression * pT2Log / log((pT2 + pT02) / lambda2) : 1
            if u > kernel * min(ratio, 1) * damping { continue }
            let (kPlus, kMinus, px, py) = Self.emission(leg: leg, x: xv, z: z, pT: pT, pT2: pT2, rootS: rootS, rng: &rng)
            let newPx = sumPx + px, newPy = sumPy + py
            let mT = (m * m + newPx * newPx + newPy * newPy).squareRoot()
            let x1 = (mT * ePlusY + sumPlus + kPlus) / rootS
            let x2 = (mT * eMinusY + sumMinus + kMinus) / rootS
            if x1 >= xLimit.0 || x2 >= xLimit.1 { continue }
            sumPlus += kPlus; sumMinus += kMinus; sumPx = newPx; sumPy = newPy
            if leg == 0 { xl.0 = xv / z } else { xl.1 = xv / z }
            stale = true
            history.emissions.append(Emission(
                leg: leg, pdgID: 21,
                momentum: FourVector(px: px, py: py, pz: 0.5 * (kPlus - kMinus), e: 0.5 * (kPlus + kMinus)),
                pTGeV: pT, z: z))
        }
        guard !history.emissions.isEmpty else { return history }
        let mT = (m * m + sumPx * sumPx + sumPy * sumPy).squareRoot()
        history.mediator = FourVector(px: -sumPx, py: -sumPy, pz: mT * sinh(y), e: mT * cosh(y))
        history.initiatorX = ((mT * ePlusY + sumPlus) / rootS, (mT * eMinusY + sumMinus) / rootS)
        return history
    }
}
