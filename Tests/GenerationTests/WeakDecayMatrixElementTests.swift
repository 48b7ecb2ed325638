import EventModel
import XCTest
@testable import Generation

/// The V − A weight of semileptonic and leptonic weak decays (``WeakDecayMatrixElement``),
/// through the channels of ``DecayTable/standard`` (so the table's pairing is what is tested):
/// mean rest-frame energies of the daughters against analytic values.
///
/// * τ⁻ → e⁻ ν̄_e ν_τ: the muon-decay matrix element; with m_e/m_τ → 0 the Michel spectrum
///   (ρ = 3/4) gives ⟨E⟩ = 0.7 · m_τ/2 for e and ν_τ and 0.6 · m_τ/2 for ν̄_e (e.g. D. Griffiths,
///   "Introduction to Elementary Particles", 2nd ed., §10.3; PDG 2024 review "Muon decay
///   parameters"); flat phase space would give 2/3 · m_τ/2 for all three.
/// * B̄⁰ → D⁺ e⁻ ν̄_e and D⁰ → K⁻ e⁺ ν_e: ⟨E_a⟩ of the daughter paired with the parent (ν̄ for
///   the b decay, e⁺ for the c decay) from a one-dimensional integral over the Dalitz plot
///   written out here: at fixed s = m²(b X) the phase-space density is ∝ p*_a p*_b / s
///   (p* in the b X rest frame) and the weight (P · p_a)(p_b · p_X) = M E_a (s − m_b² − m_X²)/2,
///   with E_a = (M² + m_a² − s)/(2M).
///
/// Tolerance 1 % of the value: 20 000 decays give a statistical error of ~0.3 %; the V − A
/// values differ from flat phase space by 4–10 %, so the test fails without the weight.
final class WeakDecayMatrixElementTests: XCTestCase {
    /// Mean rest-frame energies of the daughters of `parent` in `channel` over `n` decays.
    func meanEnergies(parent: Int, daughters: [Int], n: Int = 20_000) throws -> [Double] {
        let channels = try XCTUnwrap(DecayTable.standard.channels(of: parent))
        let channel = try XCTUnwrap(channels.first { $0.daughters == daughters }, "\(parent) → \(daughters)")
        let pairing = try XCTUnwrap(channel.vMinusA, "no V − A pairing for \(parent) → \(daughters)")
        let m = HadronTable.mass(parent)
        let masses = daughters.map(HadronTable.mass)
        // A moving parent: the weight is evaluated in its rest frame and the result boosted.
        let p = FourVector(px: 3, py: -2, pz: 20, e: (13 + 400 + m * m).squareRoot())
        var sums = [Double](repeating: 0, count: daughters.count)
        var momenta = [FourVector](), scratch = [Double]()
        for i in 0..<n {
            var rng = RandomStream(seed: 11, event: UInt64(i), stage: .generation)
            WeakDecayMatrixElement.decay(p, masses: masses, pairing: pairing, into: &momenta, scratch: &scratch, rng: &rng)
            for k in daughters.indices { sums[k] += momenta[k].dot(p) / m }
        }
        return sums.map { $0 / Double(n) }
    }

    func testTauLeptonicDecayHasTheMichelSpectrumMeans() throws {
        let half = HadronTable.mass(15) / 2
        let e = try meanEnergies(parent: 15, daughters: [11, -12, 16])
        XCTAssertEqual(e[0], 0.7 * half, accuracy: 0.01 * 0.7 * half, "e⁻")
        XCTAssertEqual(e[1], 0.6 * half, accuracy: 0.01 * 0.6 * half, "ν̄_e (paired with the τ)")
        XCTAssertEqual(e[2], 0.7 * half, accuracy: 0.01 * 0.7 * half, "ν_τ")
    }

    /// ⟨E_a⟩ for the weight (P · p_a)(p_b · p_X) over the three-body Dalitz plot, and the same
    /// for flat phase space (weight 1).
    func dalitzMean(m: Double, ma: Double, mb: Double, mx: Double) -> (vMinusA: Double, phaseSpace: Double) {
        func lambda(_ x: Double, _ y: Double, _ z: Double) -> Double { x * x + y * y + z * z - 2 * (x * y + x * z + y * z) }
        let lo = (mb + mx) * (mb + mx), hi = (m - ma) * (m - ma)
        let steps = 20_000
        var num = 0.0, den = 0.0, numPS = 0.0, denPS = 0.0
        for i in 0..<steps {
            let s = lo + (Double(i) + 0.5) / Double(steps) * (hi - lo)
            let pa = max(lambda(m * m, s, ma * ma), 0).squareRoot()
            let pb = max(lambda(s, mb * mb, mx * mx), 0).squareRoot()
            let density = pa * pb / s
            let ea = (m * m + ma * ma - s) / (2 * m)
            let w = m * ea * (s - mb * mb - mx * mx) / 2
            num += ea * density * w; den += density * w
            numPS += ea * density; denPS += density
        }
        return (num / den, numPS / denPS)
    }

    func testBottomDecayPairsTheNeutrinoWithTheParent() throws {
        // B̄⁰ → D⁺ e⁻ ν̄_e: the conjugate of the table's B⁰ → D⁻ e⁺ ν_e.
        let e = try meanEnergies(parent: -511, daughters: [411, 11, -12])
        let ref = dalitzMean(m: HadronTable.mass(511), ma: 0, mb: HadronTable.mass(11), mx: HadronTable.mass(411))
        XCTAssertGreaterThan(abs(ref.vMinusA / ref.phaseSpace - 1), 0.04)
        XCTAssertEqual(e[2], ref.vMinusA, accuracy: 0.01 * ref.vMinusA, "ν̄_e (phase space: \(ref.phaseSpace))")
    }

    func testCharmDecayPairsTheChargedLeptonWithTheParent() throws {
        // D⁰ → K⁻ e⁺ ν_e.
        let e = try meanEnergies(parent: 421, daughters: [-321, -11, 12])
        let ref = dalitzMean(m: HadronTable.mass(421), ma: HadronTable.mass(11), mb: 0, mx: HadronTable.mass(321))
        XCTAssertGreaterThan(abs(ref.vMinusA / ref.phaseSpace - 1), 0.04)
        XCTAssertEqual(e[1], ref.vMinusA, accuracy: 0.01 * ref.vMinusA, "e⁺ (phase space: \(ref.phaseSpace))")
    }

    /// Which channels carry the weight: semileptonic b and c decays with ≥ 3 bodies and the
    /// leptonic τ decays; not the two-body D_s⁺ → τ⁺ ν_τ, nor hadronic channels, nor J/ψ → e⁺ e⁻.
    func testOnlyWeakLeptonicChannelsAreWeighted() throws {
        let table = DecayTable.standard
        for (id, channels) in table.channels {
            for c in channels {
                let leptonic = c.daughters.contains { [11, 13, 15].contains(abs($0)) }
                    && c.daughters.contains { [12, 14, 16].contains(abs($0)) }
                let weak = id == 15 || HadronTable.isBHadron(id) || (id / 100) % 10 == 4 || (id / 1000) % 10 == 4
                XCTAssertEqual(c.vMinusA != nil, leptonic && weak && c.daughters.count >= 3, "\(id) → \(c.daughters)")
            }
        }
        XCTAssertNil(table.channels(of: 431)?.first { $0.daughters.count == 2 && $0.daughters.contains(-15) }?.vMinusA)
        XCTAssertNotNil(table.channels(of: -421)?.first { $0.daughters == [321, 11, -12] }?.vMinusA)
    }
}
