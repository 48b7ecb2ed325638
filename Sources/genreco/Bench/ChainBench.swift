import EventModel
import Farm
import Foundation
import Generation
import Output
import Reconstruction

/// The whole chain of a `run` job — generation, simulation, digitization, reconstruction,
/// writing the dataset — on the benchmark signal point (hss-ggf) at μ = 0, on one core
/// (issue 6 target: ≥ 100 events/s per core). Prints events/s and each stage's ms/event,
/// reconstruction's sub-stages included, from one clock, as a job's table does.
enum ChainBench {
    static func run(repeats: Int, events: Int = 200) throws -> [BenchRunner.Row] {
        var card = RunCard()
        card.generation.process = .hssGGF
        card.generation.pileupMu = 0
        let plan = RunPlan(timestamp: "bench", command: .run, commandLine: [], card: card, batchSize: events,
                           evntDir: nil, outputDir: NSTemporaryDirectory(), sharedFS: false,
                           jobs: RunPlan.generationJobs(kind: .run, runNumber: card.run.number, batchSize: events, batches: 1))
        let job = plan.jobs[0]
        let dir = NSTemporaryDirectory() + "genreco-bench-chain-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let generator = try EventGenerators.make(for: card)

        func once() throws -> (seconds: Double, cpu: Double, stages: [StageTime], stats: ReconstructionStats) {
            let clock = StageClock(cpuTime: true)
            var output = try JobOutput(plan: plan, job: job)
            let cpu0 = processCPUSeconds()
            let seconds = try timeIt {
                for n in job.events {
                    let event = clock.time("generation") { generator.generate(eventNumber: n) }
                    let out = output.chain(event, runNumber: card.run.number, clock: clock)
                    try output.add(out)
                }
                _ = try output.finish(events: job.eventCount, jobDir: dir, clock: clock, log: false)
            }
            return (seconds, processCPUSeconds() - cpu0, clock.stages, output.stats)
        }
        _ = try once()   // warm-up: lazy tables (cell topology, particle data)
        var runs: [(seconds: Double, cpu: Double, stages: [StageTime], stats: ReconstructionStats)] = []
        for _ in 0..<repeats { runs.append(try once()) }
        let samples = runs.map { BenchSample(seconds: $0.seconds, items: events) }
        let row = BenchRunner.Row(name: "chain, hss-ggf μ=0, 1 core", unit: "events", ours: RateSummary(samples))
        print(BenchRunner.format(row))
        // On a shared machine wall time counts the waits for a core too; CPU time does not.
        let cpuRates = runs.map { Double(events) / $0.cpu }.sorted()
        print(String(format: "  per CPU second: median %.1f events/s (wall/CPU = %.2f: above 1, the core was shared)",
                     cpuRates[cpuRates.count / 2], runs.map(\.seconds).reduce(0, +) / runs.map(\.cpu).reduce(0, +)))
        // Per stage: the median over repetitions of CPU ms/event (this thread's CPU time).
        let names = runs[0].stages.map(\.stage)
        for name in names {
            var ms: [Double] = []
            for r in runs {
                if let t = r.stages.first(where: { $0.stage == name }) { ms.append(1000 * t.seconds / Double(events)) }
            }
            ms.sort()
            print("  " + name.padding(toLength: 18, withPad: " ", startingAt: 0) + String(format: "%8.3f ms/event (CPU)", ms[ms.count / 2]))
        }
        let s = runs[0].stats
        print("  (\(events) events: \(s.jets) jets — \(s.signalJets) signal, \(s.qcdJets) QCD; \(s.tracks) tracks, \(s.clusters) clusters)")
        return [row]
    }
}

/// User + system CPU time of this process, seconds.
private func processCPUSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + 1e-6 * Double(t.tv_usec) }
    return seconds(usage.ru_utime) + seconds(usage.ru_stime)
}
