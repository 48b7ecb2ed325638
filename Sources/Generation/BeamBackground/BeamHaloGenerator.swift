import Foundation
import EventModel

/// `process = "bib"`: beam-induced background, one beam-halo muon per event.
///
/// Halo muons come from proton losses on collimators and residual gas far upstream; they
/// travel parallel to the beam at radii of metres, alongside the bunch, and cross the
/// calorimeters horizontally (ATLAS, "Characterisation and mitigation of beam-induced
/// backgrounds observed in the ATLAS detector during the 2011 proton–proton run",
/// JINST 8 (2013) P07004; "Comparison between simulated and observed LHC beam backgrounds in
/// the ATLAS experiment at E_beam = 4 TeV", JINST 13 (2018) P12006). Our model, with every
/// number in ``Config``:
///
/// * **side**: either beam with probability ½; the muon moves along +z (from the z < 0 side)
///   or −z, direction s = ±1;
/// * **radius**: dN/dr ∝ 1/r on [1, 4] m (flat in ln r): a falling distribution standing in
///   for the FLUKA fluence at the ATLAS interface plane, which falls with r over these radii
///   (the papers above); φ flat;
/// * **energy**: dN/dE ∝ 1/E on [5, 500] GeV (flat in ln E: "a few to hundreds of GeV");
///   the shape is our choice, not a fit to the papers' spectra;
/// * **direction**: parallel to the beam with a Gaussian divergence of σ = 1 mrad per
///   transverse component;
/// * **time**: the muon moves with its bunch, so at any z its time is t = s·z/c, the time at
///   which the bunch (which collides at z = 0, t = 0) is there. A collision product reaches z
///   at t = |z|/c, so on the incoming side (s·z < 0) the halo muon is earlier by 2|z|/c; on the
///   outgoing side they coincide. The muon is made at the upstream edge of the world,
///   z₀ = −s · ``Config/startHalfLengthMM`` (22.9 m, inside the 23 m world of the ATLAS-like
///   detector card), at c·t₀ = s·z₀ = −22.9 m.
///
/// **Record.** A beam proton (2212, status 4, the beam the muon came with) → the upstream
/// loss vertex at (x, y, z₀, c·t₀) → the muon (±13, status 1; μ⁺ and μ⁻ equally). The loss
/// vertex does not conserve momentum: the hadronic shower in the collimator is not recorded.
/// The event carries the attribute `process` = `bib` (``EventGenerators/processAttribute``),
/// which reconstruction's truth labels read to call every jet of the event BIB, and the loss
/// vertex the vertex attribute ``attribute`` = ``attributeValue`` (`GenReco:bib` = `halo-muon`). With `pileup_mu > 0` ``EventGenerators/make(for:)``
/// overlays minimum-bias collisions as on any event.
///
/// Random numbers: the `.beamInducedBackground` stream of the event.
public struct BeamHaloGenerator: EventGenerator {
    public struct Config: Sendable, Equatable {
        public var radiusRangeMM = 1_000.0...4_000.0
        public var energyRangeGeV = 5.0...500.0
        /// Gaussian σ of each transverse direction component (rad).
        public var divergenceRad = 1e-3
        /// |z| of the upstream point where the muon enters (mm).
        public var startHalfLengthMM = 22_900.0
        public init() {}
    }

    /// The vertex attribute that marks the loss vertex of a halo muon.
    public static let attribute = "GenReco:bib"
    public static let attributeValue = "halo-muon"
    /// The muon mass (GeV), PDG 2024.
    static let muonMassGeV = ParticleTable.pdg2024[13]?.massGeV ?? 0.105_658_3755

    public let config: Config
    public let seed: UInt64
    public let sqrtSGeV: Double

    public init(card: RunCard, config: Config = Config()) throws {
        guard config.radiusRangeMM.lowerBound > 0, config.energyRangeGeV.lowerBound > BeamHaloGenerator.muonMassGeV else {
            throw RunCardError(source: "run card", key: "generation.process", message: "beam-halo ranges must be positive")
        }
        self.config = config
        seed = card.run.seed
        sqrtSGeV = card.generation.sqrtSGeV
    }

    /// Whether `event` is beam-induced background made here (`process` = `bib`).
    public static func isBeamInducedBackground(_ event: GenEvent) -> Bool {
        event.attribute(EventGenerators.processAttribute) == RunCard.Process.bib.rawValue
    }

    public func generate(eventNumber: Int) -> GenEvent {
        var rng = RandomStream(seed: seed, event: UInt64(bitPattern: Int64(eventNumber)), stage: .beamInducedBackground)
        let c = config
        let side = rng.uniform01() < 0.5 ? 1.0 : -1.0
        let r = c.radiusRangeMM.lowerBound * pow(c.radiusRangeMM.upperBound / c.radiusRangeMM.lowerBound, rng.uniform01())
        let phi = 2 * Double.pi * rng.uniform01()
        let energy = c.energyRangeGeV.lowerBound * pow(c.energyRangeGeV.upperBound / c.energyRangeGeV.lowerBound, rng.uniform01())
        let ax = rng.gaussian(sigma: c.divergenceRad), ay = rng.gaussian(sigma: c.divergenceRad)
        let charge = rng.uniform01() < 0.5 ? 1 : -1
        let m = BeamHaloGenerator.muonMassGeV
        let p = (energy * energy - m * m).squareRoot()
        let direction = Vector3(ax, ay, side)
        let momentum = FourVector(direction * (p / direction.mag), e: energy)
        let z0 = -side * c.startHalfLengthMM
        let position = FourVector(px: r * cos(phi), py: r * sin(phi), pz: z0, e: side * z0)

        let beamE = sqrtSGeV / 2
        let mp = ParticleTable.pdg2024[2212]?.massGeV ?? 0.938272
        var event = GenEvent(eventNumber: eventNumber, weights: [1.0])
        let beam = event.addParticle(GenParticle(pdgID: 2212, status: 4,
                                                 momentum: FourVector(px: 0, py: 0, pz: side * (beamE * beamE - mp * mp).squareRoot(), e: beamE),
                                                 generatedMass: mp))
        // μ⁻ is PDG 13, μ⁺ is −13.
        let muon = event.addParticle(GenParticle(pdgID: -13 * charge, status: 1, momentum: momentum, generatedMass: m))
        let v = event.addVertex(position: position, incoming: [beam], outgoing: [muon])
        // Marks the event as beam-induced background for reconstruction's truth labels
        // (`process` = `bib`: every jet of the event is a BIB jet) and its loss vertex as a
        // halo source. Pile-up added later keeps both.
        event.addAttribute(EventGenerators.processAttribute, RunCard.Process.bib.rawValue)
        event.addAttribute(Self.attribute, Self.attributeValue, owner: -(v + 1))
        return event
    }
}
