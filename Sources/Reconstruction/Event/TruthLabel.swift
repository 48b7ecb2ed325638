import EventModel
import Foundation

/// The truth class of a reconstructed jet, with the CalRatio convention (ATLAS, JHEP 06
/// (2022) 005, arXiv:2203.01009; DESIGN.md §6): the codes are the network's class indices.
public enum TruthClass: Int8, Sendable, Codable, CaseIterable {
    case qcd = 0
    case signal = 1
    case bib = 2
}

/// A long-lived scalar of the truth record and where, in detector coordinates, it decayed.
public struct TruthLLP: Sendable, Equatable {
    /// Index into `GenEvent.particles` (the last copy, the one that decays).
    public var particle: Int
    public var momentum: FourVector
    /// Decay position, mm, in the detector frame (beam line at x = y = 0, z from the
    /// detector's centre): the calorimeter regions of the label are fixed in that frame.
    /// Nil when the particle has no decay vertex (it left the record undecayed).
    public var decayPosition: Vector3?

    /// Transverse decay distance from the beam line, mm.
    public var lxy: Double? { decayPosition?.perp }
    /// Longitudinal decay position, mm (signed).
    public var lz: Double? { decayPosition?.z }

    public init(particle: Int, momentum: FourVector, decayPosition: Vector3?) {
        self.particle = particle
        self.momentum = momentum
        self.decayPosition = decayPosition
    }
}

/// A jet's label and, when a long-lived particle lies within the matching cone, that one.
public struct JetTruth: Sendable, Equatable {
    public var label: TruthClass
    /// The matched LLP: the nearest one in ΔR that decays in the calorimeter when there is
    /// such (then `label == .signal`), else the nearest one within the cone. Nil if none.
    public var llp: TruthLLP?

    public init(label: TruthClass, llp: TruthLLP? = nil) {
        self.label = label
        self.llp = llp
    }
}

/// The CalRatio truth labelling: signal, QCD or beam-induced background (BIB).
///
/// * **Signal:** a long-lived scalar (|PDG id| 35) within ΔR ≤ 0.4 of the jet axis that decays
///   in the hadronic calorimeter — barrel: |η| < 1.4 and 1200 < Lxy < 4000 mm; end-caps:
///   1.4 ≤ |η| < 2.5 and 3500 < |Lz| < 6000 mm (η of the LLP's momentum). The end-cap's
///   |η| range follows the ATLAS CalRatio analyses (arXiv:1902.03094 §4, arXiv:2203.01009),
///   which split the two regions at |η| = 1.4 and stop at the tracker's 2.5.
/// * **BIB:** every jet of an event made by the beam-induced-background process. An event is
///   recognised as such by its `process` event attribute (`"bib"`, written by the
///   generator), or, for records without the attribute, by a halo muon in the truth record:
///   a final-state muon produced at |z| ≥ `haloMinAbsZMM` — upstream of the detector — at a
///   vertex whose only incoming particles are beam particles (status 4) or none, as the
///   beam-loss vertex of the `bib` generator; a decay product made that far out is not one.
/// * **QCD:** everything else (including jets near an LLP that decays elsewhere).
public struct CalRatioTruthLabeller: Sendable {
    public struct Config: Sendable, Codable, Equatable {
        /// Matching cone between the jet axis and the LLP momentum (η–φ).
        public var maxDeltaR = 0.4
        /// Barrel: |η| below this, Lxy in the open interval, mm.
        public var barrelMaxAbsEta = 1.4
        public var barrelLxyRangeMM = 1200.0...4000.0
        /// End-caps: |η| from `barrelMaxAbsEta` to this, |Lz| in the open interval, mm.
        public var endcapMaxAbsEta = 2.5
        public var endcapAbsLzRangeMM = 3500.0...6000.0
        /// A final-state muon made at |z| beyond this is a beam-halo muon, mm (the ATLAS
        /// muon spectrometer ends at |z| ≈ 23 m; halo muons enter from ≥ 23 m upstream, and
        /// nothing from the collision is produced beyond the calorimeter, |z| ≈ 6.5 m).
        public var haloMinAbsZMM = 10_000.0

        public init() {}
    }

    /// The event attribute naming the generating process, and its value for halo events.
    public static let processAttribute = "process"
    public static let bibProcess = "bib"

    public var config: Config

    public init(config: Config = Config()) {
        self.config = config
    }

    /// The long-lived scalars of `event`: last copies (Pythia repeats a recoiling particle;
    /// only the copy whose children are not itself carries the decay vertex).
    public func llps(in event: GenEvent) -> [TruthLLP] {
        event.particleIndices(withAbsPDGID: 35).compactMap { i in
            if event.children(of: i).contains(where: { event.particles[$0].absPDGID == 35 }) { return nil }
            let p = event.particles[i]
            let decay = p.endVertex.map { event.resolvedPosition(ofVertex: $0).position }
            return TruthLLP(particle: i, momentum: p.momentum, decayPosition: decay)
        }
    }

    /// Whether the event is beam-induced background (see the type's comment).
    public func isBeamInducedBackground(_ event: GenEvent) -> Bool {
        if let process = event.attribute(Self.processAttribute) { return process == Self.bibProcess }
        return event.particles.contains { p in
            guard p.status == 1, p.absPDGID == 13, let v = p.productionVertex else { return false }
            // Born from nothing but beam particles (HepMC status 4): a muon from the decay of
            // a far-flying hadron (an LLP's b quark may decay beyond 10 m) is not halo.
            guard event.vertices[v].incoming.allSatisfy({ event.particles[$0].status == 4 }) else { return false }
            return abs(event.resolvedPosition(ofVertex: v).position.z) >= config.haloMinAbsZMM
        }
    }

    /// Whether an LLP decays inside the hadronic calorimeter as the signal definition asks.
    public func decaysInCalorimeter(_ llp: TruthLLP) -> Bool {
        guard let x = llp.decayPosition else { return false }
        let absEta = abs(llp.momentum.eta)
        let lxy = x.perp, absLz = abs(x.z)
        if absEta < config.barrelMaxAbsEta {
            return lxy > config.barrelLxyRangeMM.lowerBound && lxy < config.barrelLxyRangeMM.upperBound
        }
        if absEta < config.endcapMaxAbsEta {
            return absLz > config.endcapAbsLzRangeMM.lowerBound && absLz < config.endcapAbsLzRangeMM.upperBound
        }
        return false
    }

    /// The label of a jet with axis (η, φ), given the event's LLPs and whether it is BIB.
    public func label(jetEta: Double, jetPhi: Double, llps: [TruthLLP], beamInducedBackground: Bool) -> JetTruth {
        var nearest: (llp: TruthLLP, dr: Double)?
        var nearestSignal: (llp: TruthLLP, dr: Double)?
        for llp in llps {
            let dr = deltaR(eta1: jetEta, phi1: jetPhi, eta2: llp.momentum.eta, phi2: llp.momentum.phi)
            guard dr <= config.maxDeltaR else { continue }
            if dr < nearest?.dr ?? .infinity { nearest = (llp, dr) }
            if decaysInCalorimeter(llp), dr < nearestSignal?.dr ?? .infinity { nearestSignal = (llp, dr) }
        }
        if beamInducedBackground { return JetTruth(label: .bib, llp: nearestSignal?.llp ?? nearest?.llp) }
        if let s = nearestSignal { return JetTruth(label: .signal, llp: s.llp) }
        return JetTruth(label: .qcd, llp: nearest?.llp)
    }
}
