import EventModel
import Detector
import Simulation

/// What the detector read out for one event (ATLAS's RDO): tracker clusters, calorimeter
/// cells above the storage threshold, muon digits. Input to reconstruction.
public struct RawEvent: Sendable {
    public var eventNumber: Int
    public var trackerClusters: [TrackerCluster]
    /// Cells with |E| above the storage threshold, sorted by cell id.
    public var calorimeterCells: [CalorimeterCellDigit]
    public var muonDigits: [MuonDigit]
    /// TRT drift circles, sorted by (layer, straw), one per straw (Digitization+Straws.swift).
    public var strawDigits: [StrawDigit]
    public var stats: DigitizationStats
    /// Carried through from the simulation (skipped input, invisible energy …).
    public var simulationStats: SimulationStats

    public init(eventNumber: Int = 0, trackerClusters: [TrackerCluster] = [], calorimeterCells: [CalorimeterCellDigit] = [],
                muonDigits: [MuonDigit] = [], strawDigits: [StrawDigit] = [], stats: DigitizationStats = DigitizationStats(),
                simulationStats: SimulationStats = SimulationStats()) {
        self.eventNumber = eventNumber
        self.trackerClusters = trackerClusters
        self.calorimeterCells = calorimeterCells
        self.muonDigits = muonDigits
        self.strawDigits = strawDigits
        self.stats = stats
        self.simulationStats = simulationStats
    }
}

/// A cluster of adjacent fired channels on one side of a tracker surface.
///
/// Local coordinates: u across the channels (r·φ at the surface's reference radius on a
/// barrel layer and a disc), v along them (z on a barrel layer, r on a disc); on the
/// stereo side of a strip module, u is measured across strips rotated by the stereo angle.
public struct TrackerCluster: Hashable, Sendable {
    /// Index into `Detector.trackerSurfaces`.
    public var surface: Int32
    /// 0: pixel, or the axial strip side; 1: the stereo strip side.
    public var side: UInt8
    /// Local position and its errors (mm).
    public var localU: Double
    public var localV: Double
    public var sigmaU: Double
    public var sigmaV: Double
    /// Global position estimate (mm): for strips, v at the centre of the strip row.
    public var position: Vector3
    /// Fired channels, and their extent across u and along v.
    public var size: UInt16
    public var sizeU: UInt16
    public var sizeV: UInt16
    /// Collected charge, electrons.
    public var charge: Float
    public var time: Float
    /// Generator particle that left most of the charge; −1 for a noise cluster.
    public var truthParticle: Int32
}

/// A read-out calorimeter cell.
public struct CalorimeterCellDigit: Hashable, Sendable, BitwiseCopyable {
    public var cell: CellID
    /// Energy at the EM scale, GeV (after noise and ADC quantization); may be negative.
    public var energy: Float
    /// ns; for a pure-noise cell, a random time.
    public var time: Float
    /// ADC gain used: 0 high, 1 medium, 2 low.
    public var gain: UInt8
}

/// A muon-chamber hit: the precision coordinate (z in the barrel, r in the end-cap) and
/// the second coordinate (r·φ) smeared by the station's resolutions.
public struct MuonDigit: Hashable, Sendable {
    public var surface: Int32
    public var position: Vector3
    public var time: Float
    public var truthParticle: Int32
}

/// Counts from the digitization of one event.
public struct DigitizationStats: Hashable, Sendable, Codable {
    /// Cells stored because of signal (with noise) above the threshold.
    public var signalCells = 0
    /// Cells stored from noise alone (sampled sparsely).
    public var noiseCells = 0
    /// Cells whose low-gain ADC saturated.
    public var saturatedCells = 0
    /// Tracker channels fired by noise alone.
    public var noiseChannels = 0
    /// Muon hits lost to chamber inefficiency.
    public var lostMuonHits = 0
    /// Calorimeter cells with signal that read nothing because they are dead.
    public var deadCellsWithSignal = 0
    /// Silicon channels with charge that read nothing because they are dead.
    public var deadChannelsWithCharge = 0
    public init() {}
}
