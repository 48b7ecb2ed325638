import Foundation
import XCTest
import EventModel
@testable import Generation

/// The underlying event (``MultipartonInteractions``, ``BeamRemnantStrings``). The
/// comparison of the signal with the MPI-on Pythia 8 reference shares its sample with
/// `SignalValidationTests.testBenchmarkPointAgreesWithPythia8`; here: what must hold exactly.
final class MultipartonInteractionsTests: XCTestCase {
    /// The underlying event draws from its own stream: the hard process, ISR, the mediator
    /// and the LLPs (momenta, production and decay vertices) are identical with it on or off.
    func testLLPKinematicsDoNotDependOnTheUnderlyingEvent() throws {
        var off = SignalValidation.referenceCard()
        off.generation.underlyingEvent = false
        var on = off
        on.generation.underlyingEvent = true
        let a = try HiddenValleyGenerator(card: off), b = try HiddenValleyGenerator(card: on)
        XCTAssertNil(a.underlyingEvent)
        XCTAssertNotNil(b.underlyingEvent)
        var extra = 0
        for n in 0..<6 {
            XCTAssertEqual(a.partonLevel(eventNumber: n), b.partonLevel(eventNumber: n))
            let ea = a.generate(eventNumber: n), eb = b.generate(eventNumber: n)
            XCTAssertNil(eb.linkProblem)
            func llps(_ e: GenEvent) -> [FourVector] {
                e.particles.enumerated().filter { [25, 35].contains($0.element.pdgID) }.flatMap { i, p in
                    [p.momentum, e.resolvedPosition(ofVertex: p.productionVertex!), e.resolvedPosition(ofVertex: p.endVertex!)]
                }
            }
            XCTAssertEqual(llps(ea), llps(eb))
            extra += eb.particles.filter { $0.status == 33 }.count / 2
        }
        XCTAssertGreaterThan(extra, 0, "some extra scatterings in 6 events")
    }

    /// Four-momentum is conserved at every vertex of a signal event with underlying event
    /// (beam vertex: beam = initiators + remnants; each scattering; shower and string systems).
    func testEveryVertexConservesFourMomentum() throws {
        let generator = try HiddenValleyGenerator(card: SignalValidation.referenceCard())
        for n in 0..<3 {
            let event = generator.generate(eventNumber: n)
            for (j, v) in event.vertices.enumerated() {
                let pin = v.incoming.reduce(FourVector.zero) { $0 + event.particles[$1].momentum }
                let pout = v.outgoing.reduce(FourVector.zero) { $0 + event.particles[$1].momentum }
                let d = pin - pout
                XCTAssertLessThan(max(abs(d.px), abs(d.py), abs(d.pz), abs(d.e)), 1e-6 * max(pin.e, 1), "event \(n) vertex \(j)")
            }
        }
    }

    /// The regularised spectrum: scatterings above the cut, below the maximum, momentum
    /// fractions within what the beams had; the initiators' momenta (x₁, x₂ along the beams)
    /// equal the outgoing gluons plus the initial-state emissions, and some scatterings radiate.
    func testScatteringKinematics() {
        let mpi = MultipartonInteractions(sqrtSGeV: 13000)
        XCTAssertEqual(mpi.pT0GeV, 2.09 * pow(13000.0 / 7000, 0.215), accuracy: 1e-12)
        var rng = RandomStream(seed: 1, event: 2, stage: .underlyingEvent)
        var xLeft = (0.99, 0.99)
        var s = [MultipartonInteractions.Scattering]()
        mpi.scatterings(count: 30, pTMaxGeV: 62.5, xLeft: &xLeft, rng: &rng, into: &s)
        XCTAssertEqual(s.count, 30)
        XCTAssertGreaterThan(xLeft.0, mpi.config.minimumRemnantX)
        XCTAssertGreaterThan(xLeft.1, mpi.config.minimumRemnantX)
        var radiating = 0
        for sc in s {
            XCTAssertGreaterThanOrEqual(sc.pTGeV, mpi.config.pTMinGeV)
            XCTAssertLessThanOrEqual(sc.pTGeV, 62.5)
            let sum = sc.emissions.reduce(sc.p3 + sc.p4) { $0 + $1.momentum }
            if !sc.emissions.isEmpty { radiating += 1 }
            for e in sc.emissions {
                XCTAssertGreaterThanOrEqual(e.pTGeV, mpi.radiation!.config.pTMinGeV)
                XCTAssertLessThanOrEqual(e.pTGeV, sc.pTGeV)
                XCTAssertEqual(e.momentum.m2, 0, accuracy: 1e-9 * e.momentum.e * e.momentum.e)
            }
            XCTAssertEqual(sc.p3.m2, 0, accuracy: 1e-9 * sc.p3.e * sc.p3.e)
            XCTAssertEqual(sc.p4.m2, 0, accuracy: 1e-9 * sc.p4.e * sc.p4.e)
            XCTAssertEqual(sum.pt, 0, accuracy: 1e-9)
            XCTAssertEqual(sum.m2, sc.x1 * sc.x2 * 13000 * 13000, accuracy: 1e-9 * sum.e * sum.e)
            XCTAssertEqual(sum.e, (sc.x1 + sc.x2) * 6500, accuracy: 1e-9 * sum.e)
        }
        XCTAssertGreaterThan(radiating, 0, "some of 30 scatterings radiate")
        // Impact-parameter counts: with the overlap exp(−(b/b₀)^p) hard-process events have
        // k E[e^(−t)] = k 2^(−2/p) extra scatterings on average (t ~ Gamma(2/p)); 4000 events
        // give a standard error below 0.1.
        var total = 0
        for _ in 0..<4000 { total += mpi.extraScatteringCount(rng: &rng) }
        let expected = mpi.config.peakMeanScatterings * pow(2, -2 / mpi.config.overlapPower)
        XCTAssertEqual(Double(total) / 4000, expected, accuracy: 0.3)
        for _ in 0..<200 { XCTAssertGreaterThanOrEqual(mpi.minimumBiasScatteringCount(rng: &rng), 1) }
    }

    /// Heavy-flavour excitation: some scatterings are c g → c g or b g → b g, each with its
    /// initiator's g → Q Q̄ among the emissions, so the outgoing flavours and the emitted ones
    /// add up to none (the beams give gluons); the heavy quarks are on their mass shell and
    /// momentum is conserved as for g g → g g. In a signal event's record every vertex then
    /// conserves the quark number of each flavour.
    func testHeavyFlavourExcitationConservesFlavour() throws {
        let mpi = MultipartonInteractions(sqrtSGeV: 13000)
        var rng = RandomStream(seed: 3, event: 4, stage: .underlyingEvent)
        var heavy = 0, total = 0
        for _ in 0..<300 {
            var xLeft = (0.95, 0.95)
            var s = [MultipartonInteractions.Scattering]()
            mpi.scatterings(count: 10, pTMaxGeV: 62.5, xLeft: &xLeft, rng: &rng, into: &s)
            for sc in s {
                total += 1
                var flavour = [Int: Int]()
                for id in [sc.outgoingPDGID.0, sc.outgoingPDGID.1] + sc.emissions.map(\.pdgID) where id != 21 {
                    flavour[abs(id), default: 0] += id > 0 ? 1 : -1
                }
                XCTAssertTrue(flavour.values.allSatisfy { $0 == 0 }, "\(sc.outgoingPDGID) \(sc.emissions.map(\.pdgID))")
                if sc.outgoingPDGID != (21, 21) {
                    heavy += 1
                    let q = sc.outgoingPDGID.0 == 21 ? sc.p4 : sc.p3
                    let id = sc.outgoingPDGID.0 == 21 ? sc.outgoingPDGID.1 : sc.outgoingPDGID.0
                    XCTAssertEqual(q.m, PartonMasses.kinematic(id), accuracy: 1e-6)
                }
                let sum = sc.emissions.reduce(sc.p3 + sc.p4) { $0 + $1.momentum }
                XCTAssertEqual(sum.pt, 0, accuracy: 1e-9)
                XCTAssertEqual(sum.e, (sc.x1 + sc.x2) * 6500, accuracy: 1e-9 * sum.e)
            }
        }
        XCTAssertGreaterThan(heavy, 0, "some of \(total) scatterings excite heavy flavour")
        XCTAssertLessThan(Double(heavy), 0.2 * Double(total))

        let generator = try HiddenValleyGenerator(card: SignalValidation.referenceCard())
        for n in 0..<4 {
            let event = generator.generate(eventNumber: n)
            for (j, v) in event.vertices.enumerated() {
                for q in [4, 5] {
                    func count(_ list: ParticleIndices) -> Int {
                        list.reduce(0) { $0 + (event.particles[$1].pdgID == q ? 1 : event.particles[$1].pdgID == -q ? -1 : 0) }
                    }
                    // Only parton vertices: hadrons carry their flavour inside their id.
                    guard v.outgoing.allSatisfy({ abs(event.particles[$0].pdgID) <= 21 }),
                          v.incoming.allSatisfy({ abs(event.particles[$0].pdgID) <= 21 || event.particles[$0].pdgID == 2212 }) else { continue }
                    XCTAssertEqual(count(v.incoming), count(v.outgoing), "event \(n) vertex \(j) flavour \(q)")
                }
            }
        }
    }

    /// The hard system's strings shower on their own before the scatterings join them
    /// (``BeamRemnantStrings/showerFirst(_:shower:at:into:rng:)``): the strings read back in
    /// colour order from the tags are the ones that were tagged; after the shower every parton
    /// of the input is accounted for in open strings from a triplet to an antitriplet end,
    /// four-momentum is conserved at the new vertex, and the showered partons start no
    /// further emissions.
    func testHardSystemShowersBeforeTheScatteringsJoin() {
        func parton(_ id: Int, _ px: Double, _ pz: Double, radiates: Bool = true) -> ShowerParton {
            ShowerParton(pdgID: id, colour: 0, anticolour: 0, momentum: FourVector(px: px, py: 0, pz: pz, e: (px * px + pz * pz).squareRoot()),
                         massGeV: 0, pTMaxGeV: radiates ? 60 : 0, radiates: radiates)
        }
        var event = GenEvent(eventNumber: 0, weights: [1])
        func record(_ p: ShowerParton) -> Int {
            event.addParticle(GenParticle(pdgID: Int(p.pdgID), status: 23, momentum: p.momentum, generatedMass: 0))
        }
        let parts: [[ShowerParton]] = [
            [parton(2, 0.3, 2000, radiates: false), parton(21, 50, 30), parton(21, -20, -80), parton(2101, -0.3, -1500, radiates: false)],
            [parton(1, 0.2, -1800, radiates: false), parton(21, -30, 40), parton(2203, 0.1, 2500, radiates: false)],
        ]
        let chains: [BeamRemnantStrings.Chain] = parts.map { $0.map { (parton: $0, record: record($0)) } }
        let (tagged, records) = BeamRemnantStrings.tagged(chains)
        let back = BeamRemnantStrings.ordered(tagged, records: records)
        XCTAssertEqual(back.map { $0.map(\.record) }, chains.map { $0.map(\.record) })

        var rng = RandomStream(seed: 5, event: 6, stage: .generation, substream: 1)
        let before = event.particles.count
        let showered = BeamRemnantStrings.showerFirst(chains, shower: FinalStateShower(), at: .zero, into: &event, rng: &rng)
        let made = event.particles.count - before
        XCTAssertEqual(showered.reduce(0) { $0 + $1.count }, made, "every showered parton is on an open string")
        XCTAssertGreaterThan(made, 7, "the hard gluons radiated")
        for chain in showered {
            XCTAssertNotEqual(chain.first!.parton.colour, 0)
            XCTAssertEqual(chain.first!.parton.anticolour, 0)
            XCTAssertEqual(chain.last!.parton.colour, 0)
            XCTAssertTrue(chain.allSatisfy { $0.parton.pTMaxGeV == 0 })
        }
        let v = event.vertices.last!
        let pin = v.incoming.reduce(FourVector.zero) { $0 + event.particles[$1].momentum }
        let pout = v.outgoing.reduce(FourVector.zero) { $0 + event.particles[$1].momentum }
        XCTAssertEqual((pin - pout).e, 0, accuracy: 1e-9 * pin.e)
        XCTAssertEqual((pin - pout).px, 0, accuracy: 1e-9 * pin.e)
        XCTAssertEqual((pin - pout).pz, 0, accuracy: 1e-9 * pin.e)
    }

    /// The fast rejection (PDF product bound, p⊥ proposal that includes it) draws the
    /// distribution of the cross-section formula in the type's documentation: its means of
    /// p⊥, y₃² and ln x₁ agree with an importance-weighted integration of that formula over
    /// the flat (p⊥², y₃, y₄) proposal, within 4 standard errors of the difference. (The
    /// earlier sampler divided by a Q-dependent bound and gave ⟨p⊥⟩ 13 % too low.)
    func testScatteringsFollowTheCrossSection() {
        // The Born distribution: without the scatterings' ISR (which boosts p₃ and raises x₁).
        var config = MultipartonInteractions.Config()
        config.radiation = nil
        let mpi = MultipartonInteractions(config: config, sqrtSGeV: 13000)
        var sw = 0.0, sw2 = 0.0
        var m = [0.0, 0.0, 0.0]
        var rng = RandomStream(seed: 11, event: 0, stage: .underlyingEvent)
        Self.integrateCrossSection(mpi, points: 200_000, rng: &rng) { weight, pT, y3, _, x1 in
            sw += weight; sw2 += weight * weight
            m[0] += weight * pT; m[1] += weight * y3 * y3; m[2] += weight * log(x1)
        }
        let reference = m.map { $0 / sw }
        let effective = sw * sw / sw2
        // The sampler, one scattering per call from full beams.
        var values: [[Double]] = [[], [], []]
        for _ in 0..<3000 {
            var xLeft = (1.0, 1.0)
            var s = [MultipartonInteractions.Scattering]()
            mpi.scatterings(count: 1, pTMaxGeV: 6500, xLeft: &xLeft, rng: &rng, into: &s)
            guard let sc = s.first else { continue }
            values[0].append(sc.pTGeV); values[1].append(sc.p3.rapidity * sc.p3.rapidity); values[2].append(log(sc.x1))
        }
        for (k, name) in ["<p⊥>", "<y₃²>", "<ln x₁>"].enumerated() {
            let v = values[k]
            let mean = v.reduce(0, +) / Double(v.count)
            let variance = v.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(v.count - 1)
            let sigma = (variance / Double(v.count) + variance / effective).squareRoot()
            XCTAssertEqual(mean, reference[k], accuracy: 4 * sigma, "\(name): sampler \(mean), integration \(reference[k])")
        }
    }

    /// The interpolated gluon agrees with CTEQ5L's closed form to 2 %.
    func testGluonTableMatchesCTEQ5L() {
        let pdf = CTEQ5L()
        let table = GluonTable(pdf: pdf, qMinGeV: 2.39, qMaxGeV: 6500)
        for x in [3e-6, 1e-4, 2.5e-3, 0.03, 0.2, 0.5] {
            for q in [2.5, 4.0, 11.0, 60.0] {
                let exact = pdf.xGluon(x: x, qGeV: q)
                XCTAssertEqual(table(x: x, qGeV: q), exact, accuracy: 0.02 * exact, "x = \(x), Q = \(q)")
                XCTAssertLessThanOrEqual(exact, table.maximum(qGeV: q))
            }
        }
    }

    /// The overestimate of the scatterings' sampler is never below the density it stands for:
    /// x₁g(x₁) x₂g(x₂) α_s²(w) F(Δy) ≤ B_k G(Δy) (``GluonProductBound``) on a grid of every
    /// p⊥ segment (both ends and the middle), Δy every 0.05 over the box, ȳ at five places and
    /// two states of the beams (full, and part taken, where the PDFs are read at x/x_left).
    /// A single point below would bias the accepted distribution. Also reports how tight it is.
    func testScatteringOverestimateCoversTheDensity() {
        let mpi = MultipartonInteractions(sqrtSGeV: 13000)
        let bound = mpi.productBound, sqrtS = 13000.0
        let yMax = bound.yMax
        var checked = 0, below = 0
        var worst = 0.0
        for k in 0..<(bound.segmentW.count - 1) {
            let w0 = bound.segmentW[k], w1 = bound.segmentW[k + 1]
            for w in [w0, 0.5 * (w0 + w1), w1 * (1 - 1e-12)] {
                let pT = (w - mpi.pT0GeV * mpi.pT0GeV).squareRoot(), lnQ = 0.5 * log(w)
                let alpha = mpi.coupling(w)
                var dy = -2 * yMax
                while dy <= 2 * yMax {
                    let over = bound.overestimate(w: w, dy: dy)
                    let room = yMax - 0.5 * abs(dy)
                    for f in [-0.95, -0.5, 0, 0.5, 0.95] {
                        let yBar = f * room
                        let x1 = pT / sqrtS * (exp(yBar + 0.5 * dy) + exp(yBar - 0.5 * dy))
                        let x2 = pT / sqrtS * (exp(-yBar - 0.5 * dy) + exp(-yBar + 0.5 * dy))
                        for xLeft in [(1.0, 1.0), (0.55, 0.8)] where x1 < xLeft.0 && x2 < xLeft.1 {
                            let density = mpi.gluons(x: x1 / xLeft.0, lnQ: lnQ) * mpi.gluons(x: x2 / xLeft.1, lnQ: lnQ)
                                * alpha * alpha * MultipartonInteractions.angular(abs(dy))
                            checked += 1
                            if density > over { below += 1 }
                            worst = max(worst, density / over)
                        }
                    }
                    dy += 0.05
                }
            }
        }
        print("overestimate check: \(checked) points, largest density/overestimate \(worst)")
        XCTAssertGreaterThan(checked, 100_000)
        XCTAssertEqual(below, 0, "points where the density exceeds the overestimate (largest ratio \(worst))")
    }

    /// The accepted scatterings' p⊥, |Δy| and ȳ = (y₃ + y₄)/2 histograms agree with an
    /// importance-weighted integration of the cross-section formula (w from 1/w², y₃ and y₄
    /// flat: a proposal that does not depend on ``GluonProductBound``): χ² over all bins
    /// below ndf + 4√(2 ndf) (a 4σ fluctuation of χ²), each bin's variance the sum of the
    /// sampler's binomial variance and the integration's weighted one. The old sampler
    /// (flat rapidities, α_s bounded at p⊥min) gave these same shapes with ~5× the trials.
    func testScatteringHistogramsFollowTheCrossSection() {
        var config = MultipartonInteractions.Config()
        config.radiation = nil
        let mpi = MultipartonInteractions(config: config, sqrtSGeV: 13000)
        // Bins: p⊥ edges 2 … 40 GeV (log) and overflow; |Δy| 0 … 12 by 1 and overflow; ȳ −8 … 8 by 1.
        func bins(pT: Double, dy: Double, yBar: Double) -> (Int, Int, Int) {
            let a = min(Int(log(pT / 2) / log(20.0) * 12), 12)
            let b = min(Int(abs(dy)), 12)
            let c = min(max(Int(yBar + 8), 0), 15)
            return (a, 13 + b, 26 + c)
        }
        let nBins = 42
        var sw = 0.0
        var wSum = [Double](repeating: 0, count: nBins), w2Sum = [Double](repeating: 0, count: nBins)
        var weights = [(Double, (Int, Int, Int))]()
        var rng = RandomStream(seed: 23, event: 0, stage: .underlyingEvent)
        Self.integrateCrossSection(mpi, points: 300_000, rng: &rng) { weight, pT, y3, y4, _ in
            sw += weight
            weights.append((weight, bins(pT: pT, dy: y3 - y4, yBar: 0.5 * (y3 + y4))))
        }
        for (weight, (a, b, c)) in weights {
            for i in [a, b, c] { wSum[i] += weight; w2Sum[i] += weight * weight }
        }
        let n = 20_000
        var counts = [Double](repeating: 0, count: nBins)
        for _ in 0..<n {
            var xLeft = (1.0, 1.0)
            var s = [MultipartonInteractions.Scattering]()
            mpi.scatterings(count: 1, pTMaxGeV: 6500, xLeft: &xLeft, rng: &rng, into: &s)
            guard let sc = s.first else { continue }
            let (a, b, c) = bins(pT: sc.pTGeV, dy: sc.p3.rapidity - sc.p4.rapidity, yBar: 0.5 * (sc.p3.rapidity + sc.p4.rapidity))
            for i in [a, b, c] { counts[i] += 1 }
        }
        let w2Total = weights.reduce(0) { $0 + $1.0 * $1.0 }
        var chi2 = 0.0, ndf = 0
        for i in 0..<nBins {
            let f = wSum[i] / sw, p = counts[i] / Double(n)
            // Variance of a weighted fraction: Σ(w − f w)² restricted to the bin, ≈ (Σ_bin w² (1 − 2f) + f² Σ w²)/(Σw)².
            let varRef = max(w2Sum[i] * (1 - 2 * f) + f * f * w2Total, 0) / (sw * sw)
            let varSampler = f * (1 - f) / Double(n)
            guard varRef + varSampler > 0, f > 1e-4 || p > 1e-4 else { continue }
            chi2 += (p - f) * (p - f) / (varRef + varSampler)
            ndf += 1
        }
        print("scattering histograms: χ² = \(chi2) for \(ndf) bins")
        XCTAssertGreaterThan(ndf, 30)
        XCTAssertLessThan(chi2, Double(ndf) + 4 * (2 * Double(ndf)).squareRoot())
    }

    /// The sampler's angular factors of Q g → Q g from r = e^(Δy) (no cosh, no exp) are the
    /// formula's in Δy: F_qg(Δy) and F_qg(−Δy) = F_qg at 1/r, to rounding.
    func testHeavyFlavourAngularFactorFromExpDy() {
        for dy in stride(from: -15.0, through: 15.0, by: 0.37) {
            for (r, d) in [(exp(dy), dy), (exp(-dy), -dy)] {
                let f = HeavyFlavourExcitation.quarkGluon(d)
                XCTAssertEqual(HeavyFlavourExcitation.quarkGluon(expDy: r), f, accuracy: 1e-12 * f, "Δy = \(d)")
            }
        }
    }

    /// The bound that lets heavy-flavour excitation skip its densities holds: at 200 000 random
    /// (x ≤ 0.5, Q) points, CTEQ5L's x c + x b never exceeds ρ(Q) times the table's x g
    /// (``GluonTable/heavyRatioBound``); otherwise the shortcut could turn away a scattering
    /// the full comparison would have made heavy. Reports how much of its 15 % margin is used.
    func testHeavyQuarkShortcutBoundHolds() {
        let pdf = CTEQ5L()
        let table = GluonTable(pdf: pdf, qMinGeV: 2.39, qMaxGeV: 6500)
        var rng = RandomStream(seed: 5, event: 0, stage: .underlyingEvent)
        var worst = 0.0
        for _ in 0..<200_000 {
            let x = exp(log(1e-6) + rng.uniform01() * (log(GluonTable.heavyBoundXMax) - log(1e-6)))
            let q = exp(log(3.0) + rng.uniform01() * (log(6500.0) - log(3.0)))
            let heavy = pdf.xf(4, x: x, qGeV: q) + pdf.xf(5, x: x, qGeV: q)
            worst = max(worst, heavy / (table.heavyRatioBound(qGeV: q) * table(x: x, qGeV: q)))
        }
        print("heavy-quark bound: largest (xc + xb)/(ρ x g) \(worst)")
        XCTAssertLessThan(worst, 1)
    }

    /// Importance-weighted integration of the scatterings' cross-section formula, the
    /// reference of the sampler tests: w = p⊥² + p⊥0² drawn from 1/w², y₃ and y₄ flat in
    /// ±ln(√s/p⊥min); each point inside the beams' x range goes to `body` with its weight
    /// (the PDF product, α_s² and the angular factor) and its p⊥, y₃, y₄ and x₁. The tests
    /// go on drawing the sampler's scatterings from the same stream.
    static func integrateCrossSection(_ mpi: MultipartonInteractions, points: Int, rng: inout RandomStream,
                                      _ body: (_ weight: Double, _ pT: Double, _ y3: Double, _ y4: Double, _ x1: Double) -> Void) {
        let pT0Sq = mpi.pT0GeV * mpi.pT0GeV, sqrtS = 13000.0
        let yMax = log(sqrtS / mpi.config.pTMinGeV)
        let wMin = mpi.config.pTMinGeV * mpi.config.pTMinGeV + pT0Sq, wMax = 6500.0 * 6500 + pT0Sq
        for _ in 0..<points {
            let w = 1 / (1 / wMin - rng.uniform01() * (1 / wMin - 1 / wMax))
            let pT = (w - pT0Sq).squareRoot(), q = w.squareRoot()
            let y3 = (2 * rng.uniform01() - 1) * yMax, y4 = (2 * rng.uniform01() - 1) * yMax
            let x1 = pT / sqrtS * (exp(y3) + exp(y4)), x2 = pT / sqrtS * (exp(-y3) + exp(-y4))
            guard x1 < 1 - mpi.config.minimumRemnantX, x2 < 1 - mpi.config.minimumRemnantX else { continue }
            let a = mpi.coupling(w)
            body(mpi.gluons(x: x1, qGeV: q) * mpi.gluons(x: x2, qGeV: q) * a * a * MultipartonInteractions.angular(abs(y3 - y4)),
                 pT, y3, y4, x1)
        }
    }
}
