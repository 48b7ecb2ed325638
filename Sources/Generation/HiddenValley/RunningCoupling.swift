import Foundation

/// The strong coupling at one loop with a fixed number of flavours,
///
///     α_s(μ²) = 1 / (b₀ ln(μ²/Λ²)),   b₀ = (33 − 2 n_f) / (12π),
///
/// with Λ fixed by α_s at the Z mass (PDG RPP, "Quantum chromodynamics", eq. 9.4 at one
/// loop). One loop is what the parton showers of Pythia 8 use by default
/// (`SpaceShower:alphaSorder = 1`), and it lets the veto algorithm invert the Sudakov
/// exponent analytically (``InitialStateRadiation``).
public struct RunningCoupling: Sendable, Equatable {
    /// α_s(M_Z²).
    public let alphaSAtMZ: Double
    public let flavours: Int
    /// b₀ = (33 − 2 n_f) / (12π).
    public let b0: Double
    /// Λ² in GeV².
    public let lambda2: Double

    public static let zMassGeV = 91.1876

    public init(alphaSAtMZ: Double, flavours: Int = 5) {
        self.alphaSAtMZ = alphaSAtMZ
        self.flavours = flavours
        b0 = Double(33 - 2 * flavours) / (12 * Double.pi)
        // 1/α = b₀ ln(M_Z²/Λ²)  ⇒  Λ² = M_Z² exp(−1/(b₀ α)).
        lambda2 = RunningCoupling.zMassGeV * RunningCoupling.zMassGeV * exp(-1 / (b0 * alphaSAtMZ))
    }

    /// α_s at the scale μ² (GeV²); μ² must be above Λ².
    @inlinable
    public func callAsFunction(_ mu2: Double) -> Double {
        1 / (b0 * log(mu2 / lambda2))
    }
}
