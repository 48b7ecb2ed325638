import ArgumentParser
import Farm
import Foundation
import Generation

/// What every farm command does once it knows its jobs: start MPI, make rank 0 the
/// coordinator and the other ranks workers, and report. `makePlan` runs on rank 0 only.
struct FarmDriver {
    var options: FarmOptions

    /// Returns the process exit code: 0 when every job is done.
    func run(makePlan: (RunDirectory, RunCard) throws -> RunPlan) throws -> Int32 {
        let world = try MPIWorld()
        defer { world.finalize() }
        if world.rank != 0 {
            // --local and -t: rank 0 works alone; the others have nothing to do.
            if options.local || options.test { return 0 }
            let host = world.processorName
            // A folder of its own inside the scratch area, which other ranks (on this host, or
            // on hosts sharing that path) may use at the same time.
            let scratchRoot = options.scratch ?? NSTemporaryDirectory()
            Self.removeStaleScratch(in: scratchRoot, host: host)
            let scratch = scratchRoot + "/genreco-\(host)-rank\(world.rank)-\(getpid())"
            try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: scratch) }
            let context = WorkerContext(rank: world.rank, host: host, scratch: scratch, sharedOutputDir: nil)
            let worker = Worker(transport: MPITransport(world: world), context: context) { plan in
                JobRunner.executor(for: plan)
            }
            try worker.run()
            return 0
        }
        do {
            return try coordinate(world, makePlan: makePlan)
        } catch {
            // Rank 0 cannot go on: say why, then take the workers down with it (they would
            // otherwise wait for work forever).
            FileHandle.standardError.write(Data("genreco: error: \(error)\n".utf8))
            if world.size > 1 && !options.local && !options.test { world.abort(code: 2) }
            throw ExitCode(2)
        }
    }

    private func coordinate(_ world: MPIWorld, makePlan: (RunDirectory, RunCard) throws -> RunPlan) throws -> Int32 {
        let plan: RunPlan
        let dir: RunDirectory
        let card = try options.loadCard()
        if let ts = options.rerun {
            dir = try Self.existingRun(ts, workDir: options.workDirectory(card))
            plan = try dir.readPlan()
            print("genreco: rerun of \(dir.timestamp) (\(dir.path))")
        } else {
            if options.test {
                return try testRun(card: card, makePlan: makePlan)
            }
            try AtomicFile.ensureWritableDirectory(options.workDirectory(card))
            dir = try RunDirectory.create(workDir: options.workDirectory(card))
            do {
                plan = try makePlan(dir, card)
                try AtomicFile.ensureWritableDirectory(plan.outputDir)
                try dir.writePlan(plan)
            } catch {
                // Nothing ran: leave no run folder behind that a rerun could be pointed at.
                try? FileManager.default.removeItem(atPath: dir.path)
                throw error
            }
            let where_ = world.size == 1 || options.local ? "on this node" : "\(world.size - 1) workers"
            print("genreco: run \(dir.timestamp): \(plan.jobs.count) jobs, \(plan.totalEvents) events, \(where_) — \(dir.path)")
        }
        try AtomicFile.ensureWritableDirectory(plan.outputDir)
        var coordinatorOptions = Coordinator.Options()
        coordinatorOptions.quiet = options.quiet
        coordinatorOptions.local = options.local
        let scratch = options.scratch.map { $0 + "/genreco-rank0-\(getpid())" } ?? (dir.path + "/tmp")
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let context = WorkerContext(rank: 0, host: world.processorName, scratch: scratch,
                                    sharedOutputDir: plan.sharedFS ? plan.outputDir : nil)
        let coordinator = try Coordinator(
            plan: plan, directory: dir, transport: MPITransport(world: world),
            localExecutor: JobRunner.executor(for: plan), localContext: context,
            payload: InputCursor().payload, finisher: JobRunner.merge, options: coordinatorOptions)
        let summary = try coordinator.run()
        print(summary.table, terminator: "")
        if options.json {
            let e = JSONEncoder()
            e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try e.encode(summary), as: UTF8.self))
        }
        return summary.jobsFailed == 0 ? 0 : 1
    }

    /// `-t`: print the plan and run the first few events of the first job right here, in a
    /// temporary folder that is removed afterwards. Nothing is written to the work directory.
    private func testRun(card: RunCard, makePlan: (RunDirectory, RunCard) throws -> RunPlan) throws -> Int32 {
        let tmp = NSTemporaryDirectory() + "genreco-test-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        let workDir = options.workDirectory(card)
        var plan = try makePlan(RunDirectory(workDir: workDir, timestamp: "<TIMESTAMP>"), card)
        print("genreco -t: \(plan.command.rawValue): \(plan.jobs.count) jobs, \(plan.totalEvents) events; outputs would go to \(plan.outputDir)")
        for job in plan.jobs.prefix(5) {
            print("  job \(job.id): \(job.name), events \(job.firstEvent)…\(job.firstEvent + job.eventCount - 1)"
                  + (job.input.map { " from \($0.path) (skip \($0.skip))" } ?? ""))
        }
        if plan.jobs.count > 5 { print("  … \(plan.jobs.count - 5) more") }
        guard var first = plan.jobs.first else { return 0 }
        first.eventCount = min(first.eventCount, 3)
        first.input?.count = first.eventCount
        plan.outputDir = tmp + "/out"
        try FileManager.default.createDirectory(atPath: plan.outputDir, withIntermediateDirectories: true)
        let report = try JobRunner.run(plan: plan, job: first, jobDir: tmp, payload: nil)
        let perEvent = report.stages.map { "\($0.stage) \(String(format: "%.2f", 1000 * $0.seconds / Double(max(report.events, 1)))) ms/event" }
        print("  ran \(report.events) events of job 0 on this node: ok (\(perEvent.joined(separator: ", "))); nothing kept")
        return 0
    }

    /// Removes scratch folders of this host's workers that died (a killed run cannot clean up
    /// after itself); a folder's name ends in the pid of the worker that owns it.
    static func removeStaleScratch(in root: String, host: String) {
        let prefix = "genreco-\(host)-rank"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [] where name.hasPrefix(prefix) {
            guard let pid = name.split(separator: "-").last.flatMap({ Int32($0) }),
                  kill(pid, 0) != 0, errno == ESRCH else { continue }
            try? FileManager.default.removeItem(atPath: root + "/" + name)
        }
    }

    /// Finds `runs/TIMESTAMP` in the work directory, or takes a path to the run folder.
    static func existingRun(_ ts: String, workDir: String) throws -> RunDirectory {
        if ts.contains("/"), FileManager.default.fileExists(atPath: ts + "/plan.json") {
            let url = URL(fileURLWithPath: ts).standardized
            return RunDirectory(workDir: url.deletingLastPathComponent().deletingLastPathComponent().path,
                                timestamp: url.lastPathComponent)
        }
        let dir = RunDirectory(workDir: workDir, timestamp: ts)
        guard FileManager.default.fileExists(atPath: dir.plan) else {
            let runs = (try? FileManager.default.contentsOfDirectory(atPath: workDir + "/runs"))?.sorted() ?? []
            throw ValidationError("no run \(ts) in \(workDir)/runs"
                                  + (runs.isEmpty ? "" : "; the latest there: " + runs.suffix(5).joined(separator: ", ")))
        }
        return dir
    }
}
