import EventModel

/// A parton of the final-state shower and the input of hadronization: flavour, momentum,
/// mass and its colour-flow tags, in the large-N_C convention of the Les Houches accord
/// (Boos et al., hep-ph/0109068): a quark carries a colour tag, an antiquark an anticolour
/// tag, a gluon both; two partons are colour-connected when one's colour tag equals the
/// other's anticolour tag. Tag 0 means "none".
///
/// Diquarks (PDG 1103 … 3303) appear only as beam remnants: a diquark carries an
/// anticolour tag (it is a colour antitriplet), an antidiquark a colour tag.
public struct ShowerParton: Sendable, Equatable {
    public var pdgID: Int32
    public var colour: Int32
    public var anticolour: Int32
    /// Whether it may radiate (beam remnants only recoil).
    public var radiates: Bool
    public var momentum: FourVector
    /// The mass the kinematics use (GeV): Pythia's `m0` for c and b (1.5, 4.8 GeV), 0 for the
    /// light quarks and gluons.
    public var massGeV: Double
    /// Upper limit of the evolution p⊥ of its own emissions (GeV): the scale it was made at.
    public var pTMaxGeV: Double

    public init(pdgID: Int, colour: Int32, anticolour: Int32, momentum: FourVector, massGeV: Double,
                pTMaxGeV: Double = .infinity, radiates: Bool = true) {
        self.pdgID = Int32(pdgID)
        self.colour = colour
        self.anticolour = anticolour
        self.momentum = momentum
        self.massGeV = massGeV
        self.pTMaxGeV = pTMaxGeV
        self.radiates = radiates
    }

    @inlinable public var isGluon: Bool { pdgID == 21 }
}

/// Kinematic masses of the partons in the shower and the string (GeV): Pythia 8's defaults
/// (`1:m0` … `5:m0` are 0.33 … 4.8 GeV, but its showers treat u, d, s as massless; c and b
/// keep 1.5 and 4.8 GeV, as the part-1 decay s → b b̄ does).
public enum PartonMasses {
    public static let charmGeV = 1.5
    public static let bottomGeV = 4.8

    @inlinable
    public static func kinematic(_ pdgID: Int) -> Double {
        switch abs(pdgID) {
        case 4: return charmGeV
        case 5: return bottomGeV
        default: return 0
        }
    }
}
