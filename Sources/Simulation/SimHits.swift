import EventModel
import Detector

/// What the simulation hands to digitization: the true detector response of one event,
/// before any electronics (Geant4's HITS file, ATLAS's "HITS" format).
public struct SimHits: Sendable {
    public var eventNumber: Int
    /// One per charged particle crossing an active tracker surface, in transport order.
    public var trackerHits: [TrackerSimHit]
    /// One per calorimeter cell with energy, sorted by cell id.
    public var calorimeterDeposits: [CalorimeterSimDeposit]
    /// One per charged particle crossing a muon station.
    public var muonHits: [MuonSimHit]
    /// One per straw of the TRT passed by a charged particle (StrawCrossings.swift).
    public var strawHits: [StrawSimHit]
    public var stats: SimulationStats

    public init(eventNumber: Int = 0, trackerHits: [TrackerSimHit] = [], calorimeterDeposits: [CalorimeterSimDeposit] = [],
                muonHits: [MuonSimHit] = [], strawHits: [StrawSimHit] = [], stats: SimulationStats = SimulationStats()) {
        self.eventNumber = eventNumber
        self.trackerHits = trackerHits
        self.strawHits = strawHits
        self.calorimeterDeposits = calorimeterDeposits
        self.muonHits = muonHits
        self.stats = stats
    }
}

/// A particle crossing a tracker sensor.
public struct TrackerSimHit: Hashable, Sendable {
    /// Index into `Detector.trackerSurfaces`.
    public var surface: Int32
    /// Where the particle crosses the surface (mm) and its unit direction there.
    public var position: Vector3
    public var direction: Vector3
    /// |p| in GeV at the crossing.
    public var momentum: Float
    /// Energy left in the sensor, GeV (ionisation, Landau-like fluctuations).
    public var energyDeposit: Float
    /// Time in ns since the bunch crossing.
    public var time: Float
    /// Index in `GenEvent.particles` of the generator particle this hit descends from.
    public var particle: Int32
    public var pdgID: Int32
    /// Made by a secondary (conversion electron, …) rather than the generator particle.
    public var isSecondary: Bool
}

/// The energy of one calorimeter cell.
public struct CalorimeterSimDeposit: Hashable, Sendable {
    public var cell: CellID
    /// Energy seen in the active medium, GeV (sampling fraction, e/h and sampling
    /// fluctuations applied); digitization divides by the sampling fraction.
    public var activeEnergy: Float
    /// Energy deposited in the cell's volume, absorber included, GeV (truth, for
    /// calibration studies).
    public var depositedEnergy: Float
    /// Energy-weighted mean time of the deposits, ns.
    public var time: Float
}

/// A charged particle crossing a muon station.
public struct MuonSimHit: Hashable, Sendable {
    /// Index into `Detector.muonSurfaces`.
    public var surface: Int32
    public var position: Vector3
    public var direction: Vector3
    public var time: Float
    public var particle: Int32
    public var pdgID: Int32
}

/// What happened to the event's particles, including the bad input that was skipped.
/// Bad input is counted, never fatal.
public struct SimulationStats: Hashable, Sendable, Codable {
    /// Generator particles transported (stable ones, and charged unstable ones up to their decay).
    public var transported = 0
    /// Secondaries made in the tracker (conversion pairs, bremsstrahlung photons).
    public var secondaries = 0
    /// Skipped: momentum or energy not finite.
    public var skippedNonFinite = 0
    /// Skipped: energy ≤ 0 or |p| = 0 (e.g. zero-energy photons).
    public var skippedZeroEnergy = 0
    /// Skipped: production vertex outside the world, or not finite.
    public var skippedOutsideWorld = 0
    /// Skipped: PDG id not in the particle table, or a coloured parton with status 1.
    public var skippedUnknownSpecies = 0
    /// Neutrinos and other non-interacting neutrals (the s if it were stable), escaping.
    public var invisible = 0
    /// Loopers stopped after the crossing limit, and particles ranging out in the tracker.
    public var stoppedInTracker = 0
    /// Energy (GeV) carried away by invisible particles.
    public var invisibleEnergy = 0.0
    /// Energy (GeV) deposited in dead calorimeter material (cryostats, solenoid, girder).
    public var deadMaterialEnergy = 0.0
    /// Shower energy (GeV) leaking out of the back or through cracks between cells.
    public var leakedEnergy = 0.0

    public init() {}

    /// Adds the counts and energies of `other` (a shared pile-up collision's, `PileUpHitCache`).
    public static func += (lhs: inout SimulationStats, rhs: SimulationStats) {
        lhs.transported += rhs.transported
        lhs.secondaries += rhs.secondaries
        lhs.skippedNonFinite += rhs.skippedNonFinite
        lhs.skippedZeroEnergy += rhs.skippedZeroEnergy
        lhs.skippedOutsideWorld += rhs.skippedOutsideWorld
        lhs.skippedUnknownSpecies += rhs.skippedUnknownSpecies
        lhs.invisible += rhs.invisible
        lhs.stoppedInTracker += rhs.stoppedInTracker
        lhs.invisibleEnergy += rhs.invisibleEnergy
        lhs.deadMaterialEnergy += rhs.deadMaterialEnergy
        lhs.leakedEnergy += rhs.leakedEnergy
    }

    /// All skipped generator particles.
    public var skipped: Int { skippedNonFinite + skippedZeroEnergy + skippedOutsideWorld + skippedUnknownSpecies }
}
