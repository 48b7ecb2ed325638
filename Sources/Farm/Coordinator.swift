import Foundation

/// Rank 0: hands jobs to whichever worker asks, keeps the journal, places the outputs,
/// prints progress, and at the end writes the summary. With no workers (a single rank, or
/// `--local`) it runs the jobs itself, through the same bookkeeping.
public final class Coordinator {
    public struct Options: Sendable {
        /// No progress line (the final table is still printed unless `silent`).
        public var quiet = false
        public var silent = false
        /// Run the jobs on rank 0 even if there are workers.
        public var local = false
        public init() {}
    }

    /// Reads a reco job's input events and packs them for a worker without the input file.
    public typealias PayloadProvider = (JobSpec) throws -> [UInt8]
    /// Builds the run's merged outputs from the per-job ones once every job is done;
    /// returns the paths it wrote.
    public typealias Finisher = (RunPlan, [JobSpec: [OutputFile]]) throws -> [String]

    let plan: RunPlan
    let dir: RunDirectory
    let transport: FarmTransport?
    let localExecutor: JobExecutor
    let localContext: WorkerContext
    let payload: PayloadProvider?
    let finisher: Finisher?
    let options: Options
    let faults = FaultInjection.fromEnvironment

    private var journal: Journal
    private var queue: [JobSpec] = []
    private var running: [Int: JobSpec] = [:]   // by worker rank
    private var done: [Int: JournalRecord] = [:]
    private var failed: [Int: JournalRecord] = [:]
    private var completedThisSession = 0
    private var eventsThisSession = 0
    private var startTime = Date()
    private var startCPU = 0.0
    private var progress: ProgressLine

    public init(plan: RunPlan, directory: RunDirectory, transport: FarmTransport?, localExecutor: JobExecutor,
                localContext: WorkerContext, payload: PayloadProvider?, finisher: Finisher?, options: Options) throws {
        self.plan = plan
        self.dir = directory
        self.transport = transport
        self.localExecutor = localExecutor
        self.localContext = localContext
        self.payload = payload
        self.finisher = finisher
        self.options = options
        journal = try Journal(path: directory.journal)
        progress = ProgressLine(enabled: !options.quiet && !options.silent)
    }

    /// Runs every job the journal does not already show as done, then finishes the run.
    public func run() throws -> RunSummary {
        let previous = Journal.states(try Journal.read(path: dir.journal))
        for job in plan.jobs {
            if let r = previous[job.id], r.status == .done, outputsIntact(r) {
                done[job.id] = r
            } else {
                queue.append(job)
            }
        }
        removeLeftoverTemporaries()
        if !done.isEmpty && !options.silent {
            print("genreco: \(done.count) of \(plan.jobs.count) jobs already done in \(dir.timestamp); running the other \(queue.count)")
        }
        startTime = Date()
        startCPU = processCPUSeconds()
        queue.reverse()   // pop from the end, in plan order
        let workers = (transport?.size ?? 1) - 1
        if workers == 0 || options.local {
            // With `local` the other ranks were told by their own command line not to work.
            try runLocally()
        } else {
            try runFarm(transport!)
        }
        progress.finish()
        return try finish()
    }

    // MARK: - Scheduling

    private func runFarm(_ t: FarmTransport) throws {
        var idle: [Int] = []
        var stopped = Set<Int>()
        var header = plan
        header.jobs = []
        var backoff = PollBackoff()
        while stopped.count < t.size - 1 {
            var received = 0
            var outcomes: [(JobSpec, Result<JobResult, JobFailure>)] = []
            while let (source, message) = try t.poll() {
                received += 1
                switch message {
                case .ready:
                    try t.send(.plan(header), to: source)
                    idle.append(source)
                case let .done(result):
                    if let job = running.removeValue(forKey: source) { outcomes.append((job, .success(result))) }
                    idle.append(source)
                case let .failed(failure):
                    if let job = running.removeValue(forKey: source) { outcomes.append((job, .failure(failure))) }
                    idle.append(source)
                default:
                    throw FarmProtocolError("rank 0 got an unexpected \(message.tag) message from rank \(source)")
                }
            }
            // Workers first: they compute while rank 0 writes the outputs they just sent.
            while let worker = idle.popLast() {
                if let job = queue.popLast() {
                    guard let bytes = inputFor(job, outcomes: &outcomes) else {
                        idle.append(worker)
                        continue
                    }
                    try journal.append(JournalRecord(job: job.id, status: .dispatched, rank: worker))
                    try t.send(.job(job, payload: bytes), to: worker)
                    running[worker] = job
                } else {
                    try t.send(.stop, to: worker)
                    stopped.insert(worker)
                }
            }
            for (job, outcome) in outcomes { try record(outcome, for: job) }
            // Group commit: one fsync makes every outcome of this round durable.
            try journal.sync()
            if received == 0 {
                showProgress()
                backoff.sleep()
            } else {
                backoff.reset()
            }
        }
        try journal.sync()
    }

    private func runLocally() throws {
        while let job = queue.popLast() {
            var unreadable: [(JobSpec, Result<JobResult, JobFailure>)] = []
            guard let bytes = inputFor(job, outcomes: &unreadable) else {
                for (j, outcome) in unreadable { try record(outcome, for: j) }
                try journal.sync()
                continue
            }
            try journal.append(JournalRecord(job: job.id, status: .dispatched, rank: 0))
            try journal.sync()
            running[0] = job
            let outcome = localExecutor.execute(job, payload: bytes, context: localContext)
            running[0] = nil
            // The executor hashed these very bytes in this process: nothing to check again.
            try record(outcome, for: job, crossedTransport: false)
            try journal.sync()
            showProgress()
        }
    }

    /// The input a job's worker needs from rank 0, or nil when it cannot be read: then the
    /// job fails (with the reader's error, which names file and line) and the run goes on.
    private func inputFor(_ job: JobSpec, outcomes: inout [(JobSpec, Result<JobResult, JobFailure>)]) -> [UInt8]? {
        guard !plan.sharedFS, let payload else { return [] }
        do {
            return try payload(job)
        } catch {
            outcomes.append((job, .failure(JobFailure(jobID: job.id, host: localContext.host, rank: 0,
                                                      error: "cannot read the job's input: \(error)", log: "", seconds: 0))))
            return nil
        }
    }

    // MARK: - Results

    /// Places a finished job's outputs and journals the outcome. An output that cannot be
    /// written (folder gone, disk full) turns the job into a failure, so the journal never
    /// says done for a file that is not there. Outputs that came from another rank
    /// (`crossedTransport`) are hashed again and must match the checksum the worker sent.
    private func record(_ outcome: Result<JobResult, JobFailure>, for job: JobSpec, crossedTransport: Bool = true) throws {
        switch outcome {
        case var .success(result):
            do {
                for i in result.outputs.indices {
                    let path = plan.outputDir + "/" + result.outputs[i].name
                    if let data = result.outputs[i].data {
                        if crossedTransport {
                            let sum = SHA256.hex(data)
                            guard sum == result.outputs[i].sha256 else {
                                throw FarmProtocolError("output \(result.outputs[i].name) arrived corrupted (sha256 \(sum), sent \(result.outputs[i].sha256))")
                            }
                        }
                        try AtomicFile.write(data, to: path)
                        result.outputs[i].data = nil
                    } else if !FileManager.default.fileExists(atPath: path) {
                        throw FarmIOError(path: path, operation: "find the worker's output", errno: ENOENT)
                    }
                }
            } catch {
                return try record(.failure(JobFailure(jobID: job.id, host: result.host, rank: result.rank,
                                                      error: "\(error)", log: result.log, seconds: result.seconds)), for: job)
            }
            let logPath = writeLog(result.log, for: job)
            let r = JournalRecord(job: job.id, status: .done, rank: result.rank, host: result.host, events: result.events,
                                  outputs: result.outputs, stages: result.stages, seconds: result.seconds, log: logPath)
            try journal.append(r)
            done[job.id] = r
            failed[job.id] = nil
            completedThisSession += 1
            eventsThisSession += result.events
        case let .failure(f):
            let logPath = writeLog("error: \(f.error)\n\n" + f.log, for: job)
            let r = JournalRecord(job: job.id, status: .failed, rank: f.rank, host: f.host, seconds: f.seconds,
                                  error: f.error, log: logPath)
            try journal.append(r)
            failed[job.id] = r
            completedThisSession += 1
            if !options.silent {
                progress.interrupt("job \(job.id) (\(job.name)) failed on \(f.host) rank \(f.rank): \(f.error)")
            }
        }
        if let n = faults.killCoordinatorAfter, completedThisSession >= n {
            try journal.sync()
            kill(getpid(), SIGKILL)
        }
    }

    private func writeLog(_ text: String, for job: JobSpec) -> String? {
        let path = dir.log(for: job)
        do {
            try AtomicFile.write(Array(text.utf8), to: path, readOnly: false, durable: false)
            return "logs/" + job.logName
        } catch {
            return nil
        }
    }

    /// A done job counts only if its outputs are still there with the size it reported
    /// (checked by size, not by re-hashing, to keep reruns fast).
    private func outputsIntact(_ r: JournalRecord) -> Bool {
        for o in r.outputs ?? [] {
            let path = plan.outputDir + "/" + o.name
            guard let attrs = try? FileManager.default.attributesOfItem(atPath: path),
                  (attrs[.size] as? NSNumber)?.intValue == o.size else { return false }
        }
        return true
    }

    private func removeLeftoverTemporaries() {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: plan.outputDir) else { return }
        for n in names where n.contains(AtomicFile.temporaryMarker) {
            try? FileManager.default.removeItem(atPath: plan.outputDir + "/" + n)
        }
    }

    private func showProgress() {
        // Called on every idle poll: the figures below cost O(jobs), so only when a line is due.
        guard progress.isDue else { return }
        let total = plan.jobs.count
        let elapsed = Date().timeIntervalSince(startTime)
        let rate = elapsed > 0 ? Double(eventsThisSession) / elapsed : 0
        let remainingEvents = plan.jobs.filter { done[$0.id] == nil && failed[$0.id] == nil }.reduce(0) { $0 + $1.eventCount }
        let eta = rate > 0 ? Double(remainingEvents) / rate : .nan
        progress.update(done: done.count, failed: failed.count, running: running.count, total: total,
                        eventsPerSecond: rate, eta: eta)
    }

    // MARK: - End of run

    private func finish() throws -> RunSummary {
        let failedJobs = plan.jobs.filter { done[$0.id] == nil }.map { job -> FailedJob in
            let r = failed[job.id]
            return FailedJob(id: job.id, name: job.name, firstEvent: job.firstEvent, events: job.eventCount,
                             error: r?.error ?? "not run", host: r?.host, log: r?.log)
        }
        try AtomicFile.write(Array(try RunDirectory.json(failedJobs)), to: dir.failedJobs, readOnly: false)
        var merged: [String] = []
        if failedJobs.isEmpty, let finisher {
            var outputs: [JobSpec: [OutputFile]] = [:]
            for job in plan.jobs { outputs[job] = done[job.id]?.outputs ?? [] }
            merged = try finisher(plan, outputs)
        }
        var summary = RunSummary(plan: plan, records: plan.jobs.compactMap { done[$0.id] }, failed: failedJobs,
                                 wallSeconds: Date().timeIntervalSince(startTime), eventsThisSession: eventsThisSession,
                                 merged: merged)
        summary.jobsThisSession = completedThisSession
        summary.coordinatorCPUSeconds = processCPUSeconds() - startCPU
        try AtomicFile.write(Array(try RunDirectory.json(summary)), to: dir.summary, readOnly: false)
        return summary
    }
}

/// A job that has not succeeded, as listed in `failed_jobs.json`.
public struct FailedJob: Codable, Sendable, Equatable {
    public var id: Int
    public var name: String
    public var firstEvent: Int
    public var events: Int
    public var error: String
    public var host: String?
    public var log: String?
}

/// CPU time (user + system) this process has used, in seconds; children not included.
func processCPUSeconds() -> Double {
    var u = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &u)
    return Double(u.ru_utime.tv_sec) + Double(u.ru_utime.tv_usec) * 1e-6
        + Double(u.ru_stime.tv_sec) + Double(u.ru_stime.tv_usec) * 1e-6
}
