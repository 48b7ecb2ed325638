import EventModel
import Foundation

/// A clustered jet: its four-momentum and the inputs it is made of — what FastJet's
/// `PseudoJet` holds after clustering (momentum plus `constituents()`), reduced to values.
public struct Jet: Hashable, Sendable, Codable {
    /// Sum of the constituents' four-momenta (E-scheme), in the inputs' units (GeV).
    public var momentum: FourVector
    /// Indices into the clustered input array, ascending.
    public var constituents: [Int]

    public init(momentum: FourVector, constituents: [Int]) {
        self.momentum = momentum
        self.constituents = constituents
    }

    @inlinable public var pt: Double { momentum.pt }
    @inlinable public var pt2: Double { momentum.pt2 }
    /// Rapidity with FastJet's conventions (`FourVector.fastJetRapidity`).
    @inlinable public var rapidity: Double { momentum.fastJetRapidity }
    /// Pseudorapidity η.
    @inlinable public var eta: Double { momentum.eta }
    /// Azimuth in (−π, π], the GenReco convention (`FourVector.phi`).
    @inlinable public var phi: Double { momentum.phi }
    @inlinable public var mass: Double { momentum.m }
    @inlinable public var e: Double { momentum.e }
}

extension Array where Element == Jet {
    /// The jets with pT ≥ `ptMin` (GeV), order kept — FastJet's `inclusive_jets(ptmin)`
    /// criterion pT² ≥ ptmin² (for kt, `ClusterSequence.inclusiveJets(ptMin:)` reproduces
    /// FastJet's use of d_iB instead).
    public func withPt(atLeast ptMin: Double) -> [Jet] {
        let cut = ptMin * ptMin
        return filter { $0.momentum.pt2 >= cut }
    }
}
