import ArgumentParser
import EventModel
import Farm
import Foundation
import Generation

/// Finds one event again, for the display: every stage is a pure function of (card, seed,
/// event number), so an event of a run is remade exactly as its job made it — by the
/// generator for `generate` and `run`, from the same slice of the same input file for
/// `reco` (renumbered as the job renumbered it) — and then simulated and digitized with the
/// run's seed.
struct DisplayEventSource {
    /// The event, and the card whose seed and detector remake the rest.
    var event: GenEvent
    var card: RunCard
    /// Where it came from, for the caption.
    var origin: String

    /// Event `number` of a run (by TIMESTAMP in `workDir`, or the path of its run folder).
    static func fromRun(_ run: String, workDir: String, number: Int) throws -> DisplayEventSource {
        let dir = try FarmDriver.existingRun(run, workDir: workDir)
        let plan = try dir.readPlan()
        guard let job = plan.jobs.first(where: { number >= $0.firstEvent && number < $0.firstEvent + $0.eventCount }) else {
            let first = plan.jobs.map(\.firstEvent).min() ?? 0
            let last = plan.jobs.map { $0.firstEvent + $0.eventCount - 1 }.max() ?? 0
            throw ValidationError("run \(dir.timestamp) has events \(first)…\(last); there is no event \(number)")
        }
        let origin = "run \(dir.timestamp) (\(plan.command.rawValue)), job \(job.id)"
        switch plan.command {
        case .generate, .run:
            let generator = try EventGenerators.make(for: plan.card)
            return DisplayEventSource(event: generator.generate(eventNumber: number), card: plan.card, origin: origin)
        case .reco:
            guard let slice = job.input else { throw ValidationError("job \(job.id) of run \(dir.timestamp) has no input file") }
            let one = JobSpec.InputSlice(path: slice.path, skip: slice.skip + (number - job.firstEvent), count: 1)
            guard var event = try InputCursor().events(one).first else {
                throw ValidationError("cannot read event \(number) from \(slice.path)")
            }
            event.eventNumber = number
            return DisplayEventSource(event: event, card: plan.card, origin: origin + ", from " + slice.path)
        case .bench:
            throw ValidationError("run \(dir.timestamp) is a farm benchmark: it has no events")
        }
    }

    /// The event numbered `number` in a HepMC3 file.
    static func fromFile(_ path: String, number: Int, card: RunCard) throws -> DisplayEventSource {
        let reader: HepMC3Reader
        do { reader = try HepMC3Reader(path: path) } catch { throw ValidationError("\(error)") }
        defer { reader.close() }
        var seen: [Int] = []
        while let event = try reader.next() {
            if event.eventNumber == number {
                return DisplayEventSource(event: event, card: card, origin: path)
            }
            if seen.count < 2 { seen.append(event.eventNumber) } else { seen[1] = event.eventNumber }
        }
        let range = seen.isEmpty ? "no events" : "events numbered \(seen[0])…\(seen.last!)"
        throw ValidationError("\(path) has \(range); there is no event \(number)")
    }
}
