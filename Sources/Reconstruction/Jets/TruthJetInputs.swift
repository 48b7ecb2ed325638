import EventModel

/// Which generator particles make truth jets: final-state (HepMC status 1), visible (not
/// ν_e, ν_μ, ν_τ: |PDG id| 12, 14, 16), within the calorimeter's reach |η| < 4.9 — GenReco's
/// truth-jet convention (DESIGN.md §6), the one the FastJet comparison tests use. Muons are
/// kept; exclude 13 as well for the ATLAS jet-calibration convention.
public struct TruthJetInputSelection: Hashable, Sendable, Codable {
    /// Largest |η| kept (the forward calorimeter's reach).
    public var maxAbsEta: Double
    /// |PDG id| of the particles left out.
    public var excludedAbsPDGIDs: Set<Int>

    public init(maxAbsEta: Double = 4.9, excludedAbsPDGIDs: Set<Int> = [12, 14, 16]) {
        self.maxAbsEta = maxAbsEta
        self.excludedAbsPDGIDs = excludedAbsPDGIDs
    }

    /// The selected particles' momenta, with their indices in `event.particles` (so that a jet
    /// constituent k is particle `particleIndices[k]`).
    public func callAsFunction(_ event: GenEvent) -> (momenta: [FourVector], particleIndices: [Int]) {
        var momenta: [FourVector] = []
        var indices: [Int] = []
        // The few excluded ids as a plain array: a scan of three integers instead of a hash
        // per final-state particle.
        let excluded = Array(excludedAbsPDGIDs)
        for (i, p) in event.particles.enumerated()
        where p.status == 1 && !excluded.contains(abs(p.pdgID)) && abs(p.momentum.eta) < maxAbsEta {
            momenta.append(p.momentum)
            indices.append(i)
        }
        return (momenta, indices)
    }
}
