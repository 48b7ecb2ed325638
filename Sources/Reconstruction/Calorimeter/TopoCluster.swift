import Foundation
import EventModel

/// A topological calorimeter cluster at the EM scale, treated as massless.
public struct TopoCluster: Sendable {
    /// GeV, EM scale (may be negative for a noise cluster).
    public var energy: Double
    public var eta: Double
    public var phi: Double
    /// E²-weighted mean time of the cells with E > 0, ns, relative to a prompt particle from
    /// the origin at c (each cell's flight time subtracted): ≈ 0 for prompt energy.
    public var time: Double
    /// Energy in the four electromagnetic layers (presampler, strips, middle, back), GeV.
    public var emLayerEnergies: [Double]
    /// Energy in the first four hadronic layers (Tile A, BC, D or HEC 0–3; FCal 2–3), GeV.
    public var hadronicLayerEnergies: [Double]
    /// Indices into `RawEvent.calorimeterCells`.
    public var cells: [Int32]

    public init(energy: Double, eta: Double, phi: Double, time: Double,
                emLayerEnergies: [Double], hadronicLayerEnergies: [Double], cells: [Int32]) {
        self.energy = energy
        self.eta = eta
        self.phi = phi
        self.time = time
        self.emLayerEnergies = emLayerEnergies
        self.hadronicLayerEnergies = hadronicLayerEnergies
        self.cells = cells
    }

    public var pt: Double { energy / cosh(eta) }
    public var emEnergy: Double { emLayerEnergies.reduce(0, +) }
    public var hadronicEnergy: Double { hadronicLayerEnergies.reduce(0, +) }
    /// Massless four-momentum, GeV.
    public var momentum: FourVector {
        let pt = self.pt
        return FourVector(px: pt * cos(phi), py: pt * sin(phi), pz: pt * sinh(eta), e: energy)
    }
}
