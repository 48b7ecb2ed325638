import Detector
import Digitization
import EventModel
import Foundation
import Output
import Reconstruction
import Simulation

/// The stages an event goes through after generation, in order (DESIGN.md §1): each a pure
/// function of the event, the detector and its own random stream, keyed by the run seed and
/// the global event number, so the result does not depend on which job or rank runs it.
/// The result is the event's rows of the training dataset and a one-line summary.
struct EventChain {
    let detector: Detector
    let seed: UInt64
    /// Mean pile-up of the run (`[generation] pileup_mu`): sets the topo-cluster noise and
    /// is stored in every `events` row.
    let pileupMu: Double
    let simulation = Simulation()
    /// The hits of shared pile-up collisions (`pileup_reuse` > 1) transported so far in
    /// this job, for the later events that include them.
    let pileUpHits: PileUpHitCache
    let digitization: Digitization
    let reconstruction: Reconstruction

    init(detector: Detector, seed: UInt64, pileupMu: Double = 0) {
        self.detector = detector
        self.seed = seed
        self.pileupMu = pileupMu
        pileUpHits = PileUpHitCache()
        // Digitization adds the pile-up noise of this μ, and topo-clustering's thresholds
        // are in units of that same noise.
        var digi = Digitization.Config()
        digi.pileupMu = pileupMu
        digitization = Digitization(config: digi)
        reconstruction = Reconstruction(config: Reconstruction.Config(pileupMu: pileupMu))
    }

    /// The detector a run card names: `builtin:atlas-run2` or a card file.
    static func detector(named card: String) throws -> Detector {
        do {
            return try Detector.load(card)
        } catch {
            throw InputError("detector card \(card): \(error)")
        }
    }

    /// What one event gives: its dataset rows and its summary line.
    struct EventOutput {
        var summary: EventSummary
        var jets: [JetRecord]
        var event: EventRow
        var stats: ReconstructionStats
    }

    func callAsFunction(_ event: GenEvent, runNumber: Int, clock: StageClock) -> EventOutput {
        var simRNG = RandomStream(seed: seed, event: UInt64(event.eventNumber), stage: .simulation)
        let hits = clock.time("simulation") { simulation(event, in: detector, rng: &simRNG, sharing: pileUpHits) }
        var digiRNG = RandomStream(seed: seed, event: UInt64(event.eventNumber), stage: .digitization)
        let raw = clock.time("digitization") { digitization(hits, in: detector, rng: &digiRNG) }
        let reco = reconstruction(raw, truth: event, in: detector, timer: clock)
        return clock.time("rows") {
            let id = Int64(event.eventNumber)
            let weight = DatasetRows.weight(event)
            return EventOutput(summary: EventSummary(truth: TruthSummary(event), raw: raw, reco: reco),
                          jets: DatasetRows.records(reco, eventID: id, weight: weight),
                          event: DatasetRows.event(reco, eventID: id, runNumber: runNumber, mu: pileupMu, weight: weight),
                          stats: reco.stats)
        }
    }
}

extension StageClock: ReconstructionStageTimer {}

/// One JSON line per event: the generator truth, what the detector recorded and what
/// reconstruction made of it (the dataset itself is the HDF5 file).
struct EventSummary: Codable, Equatable {
    var truth: TruthSummary
    var detector: DetectorCounts
    var reconstruction: ReconstructionStats

    /// Counts of the digitized event.
    struct DetectorCounts: Codable, Equatable {
        var trackerClusters: Int
        var calorimeterCells: Int
        var noiseCells: Int
        var calorimeterEnergyGeV: Double
        var muonDigits: Int
        /// Generator particles the simulation skipped as unusable (NaN momenta, outside the world …).
        var skippedParticles: Int
    }

    init(truth: TruthSummary, raw: RawEvent, reco: ReconstructedEvent) {
        self.truth = truth
        let s = raw.simulationStats
        detector = DetectorCounts(
            trackerClusters: raw.trackerClusters.count,
            calorimeterCells: raw.calorimeterCells.count,
            noiseCells: raw.stats.noiseCells,
            calorimeterEnergyGeV: raw.calorimeterCells.reduce(0.0) { $0 + Double($1.energy) } / GeV,
            muonDigits: raw.muonDigits.count,
            skippedParticles: s.skippedNonFinite + s.skippedZeroEnergy + s.skippedOutsideWorld)
        var stats = reco.stats
        stats.events = 1
        reconstruction = stats
    }

    func jsonLine() throws -> [UInt8] {
        var bytes = [UInt8](try TruthSummary.encoder.encode(self))
        bytes.append(UInt8(ascii: "\n"))
        return bytes
    }
}
