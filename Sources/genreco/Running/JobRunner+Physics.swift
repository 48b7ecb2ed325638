import EventModel
import Farm
import Foundation
import Generation
import Output
import Reconstruction

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
            var output = try JobOutput(plan: plan, job: job)
            for n in job.events {
                let event = clock.time("generation") { generator.generate(eventNumber: n) }
                let out = output.chain(event, runNumber: plan.card.run.number, clock: clock)
                try output.add(out)
            }
            return try output.finish(events: job.eventCount, jobDir: jobDir, clock: clock)
        case .reco:
            var output = try JobOutput(plan: plan, job: job)
            var count = 0
            try readInput(job: job, payload: payload, clock: clock) { event in
                // Input events keep their own numbers only within their file; the run numbers
                // them globally so that merged outputs never repeat an event id.
                var e = event
                e.eventNumber = job.firstEvent + count
                let out = output.chain(e, runNumber: plan.card.run.number, clock: clock)
                try output.add(out)
                count += 1
            }
            guard count == job.eventCount else {
                throw InputError("job \(job.id) expected \(job.eventCount) events from \(job.input?.path ?? "its payload"), got \(count)")
            }
            return try output.finish(events: count, jobDir: jobDir, clock: clock)
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

    /// Joins the per-job outputs, in plan order, into the run's: `<run>.h5`, the training
    /// dataset (``DatasetMerger``), and `<run>.events.jsonl`, the per-event summaries. Built
    /// from the files on disk, so a rerun gives the same bytes, and the merged dataset depends
    /// only on the concatenated rows, not on how the events were split into jobs.
    static func merge(plan: RunPlan, outputs: [JobSpec: [OutputFile]]) throws -> [String] {
        guard plan.command == .run || plan.command == .reco else { return [] }
        var merged: [UInt8] = []
        var datasets: [String] = []
        for job in plan.jobs {
            for o in outputs[job] ?? [] {
                let path = plan.outputDir + "/" + o.name
                if o.name.hasSuffix(".h5") {
                    guard FileManager.default.fileExists(atPath: path) else {
                        throw InputError("output \(path) of job \(job.id) is missing")
                    }
                    datasets.append(path)
                } else if o.name.hasSuffix(".events.jsonl") {
                    guard let data = FileManager.default.contents(atPath: path) else {
                        throw InputError("output \(path) of job \(job.id) is missing")
                    }
                    merged += data
                }
            }
        }
        let summaries = plan.outputDir + "/\(plan.card.run.number).events.jsonl"
        try AtomicFile.write(merged, to: summaries)
        guard !datasets.isEmpty else { return [summaries] }
        let dataset = plan.outputDir + "/\(plan.card.run.number).h5"
        try DatasetMerger.merge(datasets, into: dataset)
        return [dataset, summaries]
    }
}

/// What a `run` or `reco` job writes: `<job>.h5` (jets and events of the dataset) and
/// `<job>.events.jsonl` (one summary line per event); the reconstruction counts, bad input
/// included, go to the job's log.
struct JobOutput {
    let plan: RunPlan
    let job: JobSpec
    let chain: EventChain
    private var jets: [JetRecord] = []
    private var events: [EventRow] = []
    private var lines: [UInt8] = []
    private(set) var stats = ReconstructionStats()

    init(plan: RunPlan, job: JobSpec) throws {
        self.plan = plan
        self.job = job
        chain = EventChain(detector: try EventChain.detector(named: plan.card.detector.card), seed: plan.card.run.seed,
                           pileupMu: plan.card.generation.pileupMu)
    }

    mutating func add(_ out: EventChain.EventOutput) throws {
        jets += out.jets
        events.append(out.event)
        lines += try out.summary.jsonLine()
        stats += out.stats
    }

    func finish(events count: Int, jobDir: String, clock: StageClock, log: Bool = true) throws -> ChildReport {
        let dataset = job.name + ".h5"
        let summaries = job.name + ".events.jsonl"
        try clock.time("writing") {
            try DatasetWriter.write(jets: jets, events: events, to: jobDir + "/" + dataset,
                                    metadata: DatasetRows.metadata(plan.card))
            try Data(lines).write(to: URL(fileURLWithPath: jobDir + "/" + summaries))
        }
        // The job's stdout is its log (logs/jobNNNN.log).
        if log { print(stats.logLine) }
        return ChildReport(events: count, outputs: [dataset, summaries], stages: clock.stages)
    }
}

/// Bad or missing input, named.
struct InputError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

/// Wall time per stage, summed over a job's events — or, for benchmarks on a shared machine,
/// this thread's CPU time (`cpuTime: true`), which does not count waits for a core. A class,
/// so that the stages nested inside a reader or writer callback can share one clock.
final class StageClock {
    private var order: [String] = []
    private var seconds: [String: Double] = [:]
    private let cpuTime: Bool

    init(cpuTime: Bool = false) {
        self.cpuTime = cpuTime
    }

    private func now() -> UInt64 {
        cpuTime ? threadCPUNanoseconds() : DispatchTime.now().uptimeNanoseconds
    }

    func time<T>(_ stage: String, _ body: () throws -> T) rethrows -> T {
        let t0 = now()
        defer {
            if seconds[stage] == nil { order.append(stage) }
            seconds[stage, default: 0] += Double(now() - t0) * 1e-9
        }
        return try body()
    }

    var stages: [StageTime] { order.map { StageTime(stage: $0, seconds: seconds[$0]!) } }
}
