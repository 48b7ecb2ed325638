import EventModel
import Farm
import Foundation
import Generation

extension JobRunner {
    /// Checked on rank 0 before a plan is made: a card asking for a process this version
    /// cannot generate stops there, not in every job.
    static func checkGenerator(_ card: RunCard) throws {
        _ = try EventGenerators.make(for: card)
        _ = try EventChain.detector(named: card.detector.card)
    }

    /// Runs one job in this process and writes its outputs into `jobDir`.
    static func run(plan: RunPlan, job: JobSpec, jobDir: String, payload: [UInt8]?) throws -> ChildReport {
        let clock = StageClock()
        switch job.kind {
        case .generate:
            let generator = try EventGenerators.make(for: plan.card)
            let name = job.name + ".hepmc"
            try writeHepMC3(to: jobDir + "/" + name, clock: clock) { emit in
                for n in job.events { try emit(clock.time("generation") { generator.generate(eventNumber: n) }) }
            }
            return ChildReport(events: job.eventCount, outputs: [name], stages: clock.stages)
        case .run:
            let generator = try EventGenerators.make(for: plan.card)
            let chain = EventChain(detector: try EventChain.detector(named: plan.card.detector.card), seed: plan.card.run.seed)
            var out: [UInt8] = []
            for n in job.events {
                let event = clock.time("generation") { generator.generate(eventNumber: n) }
                out += try chain(event, clock: clock).jsonLine()
            }
            let name = job.name + ".events.jsonl"
            try clock.time("writing") { try Data(out).write(to: URL(fileURLWithPath: jobDir + "/" + name)) }
            return ChildReport(events: job.eventCount, outputs: [name], stages: clock.stages)
        case .reco:
            let chain = EventChain(detector: try EventChain.detector(named: plan.card.detector.card), seed: plan.card.run.seed)
            var out: [UInt8] = []
            var count = 0
            try readInput(job: job, payload: payload, clock: clock) { event in
                // Input events keep their own numbers only within their file; the run numbers
                // them globally so that merged outputs never repeat an event id.
                var e = event
                e.eventNumber = job.firstEvent + count
                out += try chain(e, clock: clock).jsonLine()
                count += 1
            }
            guard count == job.eventCount else {
                throw InputError("job \(job.id) expected \(job.eventCount) events from \(job.input?.path ?? "its payload"), got \(count)")
            }
            let name = job.name + ".events.jsonl"
            try clock.time("writing") { try Data(out).write(to: URL(fileURLWithPath: jobDir + "/" + name)) }
            return ChildReport(events: count, outputs: [name], stages: clock.stages)
        case .noop:
            return ChildReport(events: job.eventCount, outputs: [], stages: [])
        case .spin:
            // Random numbers until the time is up: real work the optimiser cannot remove.
            var rng = RandomStream(seed: plan.card.run.seed, event: UInt64(job.firstEvent), stage: .generation)
            var sink = 0.0
            let end = DispatchTime.now().uptimeNanoseconds + UInt64(job.eventCount) * 1_000_000
            clock.time("spin") {
                while DispatchTime.now().uptimeNanoseconds < end { for _ in 0..<1000 { sink += rng.uniform01() } }
            }
            return ChildReport(events: sink > 0 ? job.eventCount : 0, outputs: [], stages: clock.stages)
        }
    }

    /// Joins the per-job `.events.jsonl` files, in plan order, into `<run>.events.jsonl`:
    /// the run's dataset. Built from the files on disk, so a rerun gives the same bytes.
    static func merge(plan: RunPlan, outputs: [JobSpec: [OutputFile]]) throws -> [String] {
        guard plan.command == .run || plan.command == .reco else { return [] }
        var merged: [UInt8] = []
        for job in plan.jobs {
            for o in outputs[job] ?? [] where o.name.hasSuffix(".events.jsonl") {
                guard let data = FileManager.default.contents(atPath: plan.outputDir + "/" + o.name) else {
                    throw InputError("output \(plan.outputDir)/\(o.name) of job \(job.id) is missing")
                }
                merged += data
            }
        }
        let path = plan.outputDir + "/\(plan.card.run.number).events.jsonl"
        try AtomicFile.write(merged, to: path)
        return [path]
    }
}

/// Bad or missing input, named.
struct InputError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

/// Wall time per stage, summed over a job's events. A class, so that the stages nested
/// inside a reader or writer callback can share one clock.
final class StageClock {
    private var order: [String] = []
    private var seconds: [String: Double] = [:]

    func time<T>(_ stage: String, _ body: () throws -> T) rethrows -> T {
        let t0 = DispatchTime.now().uptimeNanoseconds
        defer {
            if seconds[stage] == nil { order.append(stage) }
            seconds[stage, default: 0] += Double(DispatchTime.now().uptimeNanoseconds - t0) * 1e-9
        }
        return try body()
    }

    var stages: [StageTime] { order.map { StageTime(stage: $0, seconds: seconds[$0]!) } }
}
