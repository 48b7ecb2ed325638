import Detector
import EventModel
import Foundation
import Simulation

/// Where the EM-layer energy of signal-labelled jets comes from: a diagnostic behind
/// `genreco validate calratio --origins`.
///
/// For each signal jet the event's generator particles are split into sources — the matched
/// s's photons (π⁰ → γγ above all), e±, muons, charged hadrons, neutral hadrons, and
/// everything not descended from that s (the other s, initial-state radiation, the
/// underlying event) — and each source is simulated alone, without noise. Its energy at
/// the EM scale (active energy / sampling fraction) in the EM and hadronic layers within
/// ΔR < `coneRadius` of the jet axis is summed; the reconstructed E_EM and E_H of the jet
/// (topo-clusters with noise) are kept next to them. Each source draws from its own
/// random substreams, so the sources add up to a full simulation only on average.
public struct CalRatioEnergyOrigin: Sendable {
    public enum Source: Int, CaseIterable, Sendable, Codable {
        case photons, electrons, muons, chargedHadrons, neutralHadrons, notFromS

        public var name: String {
            switch self {
            case .photons: "γ from s"
            case .electrons: "e± from s"
            case .muons: "μ± from s"
            case .chargedHadrons: "h± from s"
            case .neutralHadrons: "h⁰ from s"
            case .notFromS: "not from s"
            }
        }
    }

    /// Sums over the signal jets of one decay-position region.
    public struct Region: Sendable, Codable, Equatable {
        public var name: String
        public var low: Double
        public var high: Double
        public var jets = 0
        public var failing = 0
        /// Σ over the jets failing the ratio cut: reconstructed E_EM and E_H, GeV.
        public var recoEM = 0.0
        public var recoHadronic = 0.0
        /// Σ over the jets failing the ratio cut, per ``Source``: EM-layer and hadronic-layer
        /// energy in the cone without noise, GeV; and the true energy of the source's
        /// particles whose line reaches the middle of the EM calorimeter within the cone, GeV.
        public var sourceEM: [Double] = Array(repeating: 0, count: Source.allCases.count)
        public var sourceHadronic: [Double] = Array(repeating: 0, count: Source.allCases.count)
        public var sourceTrueEnergy: [Double] = Array(repeating: 0, count: Source.allCases.count)

        public init(name: String, low: Double, high: Double) {
            self.name = name
            self.low = low
            self.high = high
        }
    }

    public var coneRadius = 0.4
    /// Barrel regions (Lxy, mm) and end-cap regions (|Lz|, mm), named for the card's volumes.
    public var barrel: [Region]
    public var endcap: [Region]
    public let simulation: Simulation
    public let labels: CalRatioTruthLabeller.Config

    public init(simulation: Simulation = Simulation(), labels: CalRatioTruthLabeller.Config = CalRatioTruthLabeller.Config()) {
        self.simulation = simulation
        self.labels = labels
        // The ATLAS card's barrel radii and end-cap z (DetectorCard+ATLASRun2).
        barrel = [
            Region(name: "solenoid + cryostat", low: 1200, high: 1410),
            Region(name: "presampler + gap", low: 1410, high: 1500),
            Region(name: "EMB1 (strips)", low: 1500, high: 1590),
            Region(name: "EMB2 front half", low: 1590, high: 1758),
            Region(name: "EMB2 back half", low: 1758, high: 1926),
            Region(name: "EMB3 (back)", low: 1926, high: 1968),
            Region(name: "outer cryostat", low: 1968, high: 2280),
            Region(name: "Tile", low: 2280, high: 4000),
        ]
        endcap = [
            Region(name: "cryostat front", low: 3500, high: 3640),
            Region(name: "EMEC", low: 3640, high: 4250),
            Region(name: "EMEC–HEC gap", low: 4250, high: 4350),
            Region(name: "HEC", low: 4350, high: 6000),
        ]
    }

    /// Adds the signal jets of one event. `failsRatio` says whether a jet fails the
    /// log10(E_H/E_EM) cut; only those are decomposed (the others are only counted).
    public mutating func add(event: GenEvent, reconstructed: ReconstructedEvent, detector: Detector, seed: UInt64,
                             failsRatio: (ReconstructedJet) -> Bool) {
        let signalJets = reconstructed.jets.filter { $0.truth.label == .signal && $0.truth.llp?.decayPosition != nil }
        guard !signalJets.isEmpty else { return }
        // Deposits per source, per matched s (simulated once per s and source).
        var cache: [Int: [[CalorimeterSimDeposit]]] = [:]
        for jet in signalJets {
            let llp = jet.truth.llp!
            let x = llp.decayPosition!
            let isBarrel = abs(llp.momentum.eta) < labels.barrelMaxAbsEta
            let coordinate = isBarrel ? x.perp : abs(x.z)
            let regions = isBarrel ? barrel : endcap
            guard let k = regions.firstIndex(where: { coordinate >= $0.low && coordinate < $0.high }) else { continue }
            let fails = failsRatio(jet)
            var region = regions[k]
            region.jets += 1
            if fails {
                region.failing += 1
                region.recoEM += jet.variables.emEnergy
                region.recoHadronic += jet.variables.hadronicEnergy
                if cache[llp.particle] == nil {
                    cache[llp.particle] = sourceDeposits(event: event, llp: llp.particle, detector: detector, seed: seed)
                }
                let sources = cache[llp.particle]!
                let owner = sourceOfEachParticle(event: event, llp: llp.particle)
                for s in Source.allCases {
                    let (em, had) = coneSums(sources[s.rawValue], eta: jet.eta, phi: jet.phi, detector: detector)
                    region.sourceEM[s.rawValue] += em
                    region.sourceHadronic[s.rawValue] += had
                }
                for (i, p) in event.particles.enumerated() where p.status == 1 {
                    guard let s = owner[i], let at = Self.impact(event: event, particle: i),
                          deltaR(eta1: jet.eta, phi1: jet.phi, eta2: at.eta, phi2: at.phi) < coneRadius
                    else { continue }
                    region.sourceTrueEnergy[s.rawValue] += p.momentum.e
                }
            }
            if isBarrel { barrel[k] = region } else { endcap[k] = region }
        }
    }

    /// Where a particle's straight line reaches the middle of the EM calorimeter (r = 1750 mm
    /// or |z| = 3950 mm on the ATLAS card), or its production point if that lies beyond:
    /// the direction seen from the origin there is where its energy lands in η–φ. For a
    /// displaced decay it differs from the particle's own direction (a decay at 1.3 m
    /// showering at 1.7 m is seen from the origin about 4× narrower than it opens).
    static func impact(event: GenEvent, particle i: Int) -> Vector3? {
        let p = event.particles[i]
        guard let v = p.productionVertex, p.momentum.p > 0 else { return nil }
        let x = event.resolvedPosition(ofVertex: v).position
        let d = p.momentum.p3 / p.momentum.p
        let rTarget = 1750.0, zTarget = 3950.0
        var s = Double.infinity
        // Line x + s d reaching r = rTarget (outward) or |z| = zTarget.
        let a = d.x * d.x + d.y * d.y, b = 2 * (x.x * d.x + x.y * d.y), c = x.x * x.x + x.y * x.y - rTarget * rTarget
        if a > 0, c < 0 { s = (-b + (b * b - 4 * a * c).squareRoot()) / (2 * a) }
        if d.z != 0, abs(x.z) < zTarget { s = min(s, ((d.z > 0 ? zTarget : -zTarget) - x.z) / d.z) }
        return s.isFinite && s > 0 ? x + d * s : x
    }

    /// The source of each stable particle, with respect to the s at index `llp`.
    func sourceOfEachParticle(event: GenEvent, llp: Int) -> [Source?] {
        var fromS = [Bool](repeating: false, count: event.particles.count)
        var stack = [llp]
        while let i = stack.popLast() {
            for c in event.children(of: i) where !fromS[c] {
                fromS[c] = true
                stack.append(c)
            }
        }
        let table = ParticleTable.pdg2024
        return event.particles.indices.map { i in
            let p = event.particles[i]
            guard p.status == 1 else { return nil }
            guard fromS[i] else { return .notFromS }
            switch p.absPDGID {
            case 22: return .photons
            case 11: return .electrons
            case 13: return .muons
            case 12, 14, 16: return nil
            default:
                return (table.chargeThirds(of: p.pdgID) ?? 0) != 0 ? .chargedHadrons : .neutralHadrons
            }
        }
    }

    /// Noise-free deposits of each source alone (other particles' status set to 0, so the
    /// simulation skips them; charged unstable parents of the source are kept for their
    /// tracker hits only, which deposit nothing in the calorimeter).
    func sourceDeposits(event: GenEvent, llp: Int, detector: Detector, seed: UInt64) -> [[CalorimeterSimDeposit]] {
        let owner = sourceOfEachParticle(event: event, llp: llp)
        return Source.allCases.map { s in
            var e = event
            for i in e.particles.indices where e.particles[i].status == 1 && owner[i] != s {
                e.particles[i].status = 0
            }
            var rng = RandomStream(seed: seed, event: UInt64(event.eventNumber), stage: Simulation.stage)
            return simulation(e, in: detector, rng: &rng).calorimeterDeposits
        }
    }

    /// EM-scale energy in EM and in hadronic layers of the cells within the cone.
    func coneSums(_ deposits: [CalorimeterSimDeposit], eta: Double, phi: Double, detector: Detector) -> (Double, Double) {
        var em = 0.0, had = 0.0
        let volumes = detector.card.calorimeter.volumes
        for d in deposits {
            let cell = detector.cells.cell(d.cell)
            guard deltaR(eta1: eta, phi1: phi, eta2: cell.eta, phi2: cell.phi) < coneRadius else { continue }
            let v = volumes[cell.volume]
            let e = Double(d.activeEnergy) / v.samplingFraction
            switch v.kind {
            case .em: em += e
            case .hadronic: had += e
            case .passive: break
            }
        }
        return (em, had)
    }
}

extension CalRatioEnergyOrigin: Encodable {
    enum CodingKeys: String, CodingKey { case coneRadius, barrel, endcap }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(coneRadius, forKey: .coneRadius)
        try c.encode(barrel, forKey: .barrel)
        try c.encode(endcap, forKey: .endcap)
    }
}
