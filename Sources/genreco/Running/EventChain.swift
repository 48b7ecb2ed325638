import Detector
import Digitization
import EventModel
import Foundation
import Simulation

/// The stages an event goes through after generation, in order (DESIGN.md §1): each a pure
/// function of the event, the detector and its own random stream, keyed by the run seed and
/// the global event number, so the result does not depend on which job or rank runs it.
/// Reconstruction joins here when it exists; until then a job writes what the stages made,
/// summarized per event (`EventSummary`).
struct EventChain {
    let detector: Detector
    let seed: UInt64
    let simulation = Simulation()
    let digitization = Digitization()

    /// The detector a run card names: `builtin:atlas-run2` or a card file.
    static func detector(named card: String) throws -> Detector {
        do {
            return try Detector.load(card)
        } catch {
            throw InputError("detector card \(card): \(error)")
        }
    }

    func callAsFunction(_ event: GenEvent, clock: StageClock) -> EventSummary {
        var simRNG = RandomStream(seed: seed, event: UInt64(event.eventNumber), stage: .simulation)
        let hits = clock.time("simulation") { simulation(event, in: detector, rng: &simRNG) }
        var digiRNG = RandomStream(seed: seed, event: UInt64(event.eventNumber), stage: .digitization)
        let raw = clock.time("digitization") { digitization(hits, in: detector, rng: &digiRNG) }
        return clock.time("summary") { EventSummary(truth: TruthSummary(event), raw: raw) }
    }
}

/// One JSON line per event: the generator truth and what the detector recorded.
struct EventSummary: Codable, Equatable {
    var truth: TruthSummary
    var detector: DetectorCounts

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

    init(truth: TruthSummary, raw: RawEvent) {
        self.truth = truth
        let s = raw.simulationStats
        detector = DetectorCounts(
            trackerClusters: raw.trackerClusters.count,
            calorimeterCells: raw.calorimeterCells.count,
            noiseCells: raw.stats.noiseCells,
            calorimeterEnergyGeV: raw.calorimeterCells.reduce(0.0) { $0 + Double($1.energy) } / GeV,
            muonDigits: raw.muonDigits.count,
            skippedParticles: s.skippedNonFinite + s.skippedZeroEnergy + s.skippedOutsideWorld)
    }

    func jsonLine() throws -> [UInt8] {
        var bytes = [UInt8](try TruthSummary.encoder.encode(self))
        bytes.append(UInt8(ascii: "\n"))
        return bytes
    }
}
