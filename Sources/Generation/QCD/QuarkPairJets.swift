import EventModel
import Foundation

/// Back-to-back light-quark pairs (u, d or s and its antiquark, equally likely) from the
/// origin, showered, hadronized and decayed: two clean quark jets of known energy, what the
/// jet energy scale calibration is derived and checked on (`genreco calibrate jets`).
///
/// pT is log-uniform in `ptRangeGeV`, η uniform in ±`maxAbsEta`, φ uniform; pT is lowered
/// where needed so that each quark's energy stays below `maxEnergyGeV`. No beam remnants,
/// no underlying event. Random numbers: the `.generation` and `.decays` streams of the
/// event, substream 7.
public struct QuarkPairJets: EventGenerator {
    public var seed: UInt64
    public var ptRangeGeV: ClosedRange<Double>
    public var maxAbsEta: Double
    public var maxEnergyGeV: Double
    let shower = FinalStateShower()
    let hadronizer = StringHadronizer()
    let decays = HadronDecays()

    public init(seed: UInt64, ptRangeGeV: ClosedRange<Double> = 25...700, maxAbsEta: Double = 4.4,
                maxEnergyGeV: Double = .infinity) {
        self.seed = seed
        self.ptRangeGeV = ptRangeGeV
        self.maxAbsEta = maxAbsEta
        self.maxEnergyGeV = maxEnergyGeV
    }

    public func generate(eventNumber number: Int) -> GenEvent {
        var rng = RandomStream(seed: seed, event: UInt64(number), stage: .generation, substream: 7)
        var decayRNG = RandomStream(seed: seed, event: UInt64(number), stage: .decays, substream: 7)
        let eta = (2 * rng.uniform01() - 1) * maxAbsEta
        let (lo, hi) = (ptRangeGeV.lowerBound, ptRangeGeV.upperBound)
        let pt = min(lo * pow(hi / lo, rng.uniform01()), maxEnergyGeV / cosh(eta))
        let phi = (2 * rng.uniform01() - 1) * Double.pi
        let flavour = 1 + Int(rng.uniform01() * 3)
        let p = FourVector(px: pt * cos(phi), py: pt * sin(phi), pz: pt * sinh(eta), e: pt * cosh(eta))
        let pBar = FourVector(px: -p.px, py: -p.py, pz: -p.pz, e: p.e)
        var partons = [ShowerParton(pdgID: flavour, colour: 1, anticolour: 0, momentum: p, massGeV: 0),
                       ShowerParton(pdgID: -flavour, colour: 0, anticolour: 1, momentum: pBar, massGeV: 0)]
        var event = GenEvent(eventNumber: number, weights: [1])
        let q = event.addParticle(GenParticle(pdgID: flavour, status: 23, momentum: p, generatedMass: 0))
        let qBar = event.addParticle(GenParticle(pdgID: -flavour, status: 23, momentum: pBar, generatedMass: 0))
        event.addVertex(position: .zero, incoming: [], outgoing: [q, qBar])
        shower(&partons, rng: &rng)
        let showered = partons.map {
            event.addParticle(GenParticle(pdgID: Int($0.pdgID), status: 71, momentum: $0.momentum, generatedMass: $0.massGeV))
        }
        event.addVertex(position: .zero, incoming: [q, qBar], outgoing: showered)
        var hadrons: [PrimaryHadron] = []
        hadronizer(partons, into: &hadrons, rng: &rng)
        let first = event.particles.count
        let out = hadrons.map {
            event.addParticle(GenParticle(pdgID: $0.pdgID, status: 1, momentum: $0.momentum, generatedMass: $0.massGeV))
        }
        event.addVertex(position: .zero, incoming: showered, outgoing: out)
        decays(&event, from: first, rng: &decayRNG)
        return event
    }
}
