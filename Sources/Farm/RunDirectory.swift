import Foundation

/// The bookkeeping folder of one run, `<work_dir>/runs/<TIMESTAMP>/`:
///
///     plan.json          every job, written before any work starts
///     journal.jsonl      append-only: dispatched / done / failed, fsynced
///     failed_jobs.json   the jobs that failed, with their errors and logs
///     summary.json       counts, throughput, time per stage and per host
///     logs/jobNNNN.log   each job's log
public struct RunDirectory: Sendable {
    public var workDir: String
    public var timestamp: String

    public init(workDir: String, timestamp: String) {
        self.workDir = workDir
        self.timestamp = timestamp
    }

    public var path: String { workDir + "/runs/" + timestamp }
    public var plan: String { path + "/plan.json" }
    public var journal: String { path + "/journal.jsonl" }
    public var failedJobs: String { path + "/failed_jobs.json" }
    public var summary: String { path + "/summary.json" }
    public var logs: String { path + "/logs" }
    public func log(for job: JobSpec) -> String { logs + "/" + job.logName }
    /// Where `run` and `reco` put their outputs.
    public var defaultOutputDir: String { workDir + "/out/" + timestamp }

    /// A new run folder named for the current UTC time, `YYYYMMDD-HHMMSS`, with `-2`, `-3` …
    /// added if a run started in the same second.
    public static func create(workDir: String, now: Date = Date()) throws -> RunDirectory {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyyMMdd-HHmmss"
        let base = f.string(from: now)
        try AtomicFile.ensureWritableDirectory(workDir + "/runs")
        for n in 1...1000 {
            let ts = n == 1 ? base : "\(base)-\(n)"
            let dir = RunDirectory(workDir: workDir, timestamp: ts)
            // mkdir is atomic: two coordinators starting together cannot take the same name.
            if mkdir(dir.path, 0o755) == 0 {
                try FileManager.default.createDirectory(atPath: dir.logs, withIntermediateDirectories: true)
                return dir
            }
            if errno != EEXIST { throw FarmIOError(path: dir.path, operation: "create", errno: errno) }
        }
        throw FarmIOError(path: workDir + "/runs/" + base, operation: "find a free run name for", errno: EEXIST)
    }

    public func writePlan(_ plan: RunPlan) throws {
        try AtomicFile.write(Array(try Self.json(plan)), to: self.plan, readOnly: true)
    }

    public func readPlan() throws -> RunPlan {
        guard let data = FileManager.default.contents(atPath: plan) else {
            throw FarmIOError(path: plan, operation: "read the plan", errno: ENOENT)
        }
        return try JSONDecoder().decode(RunPlan.self, from: data)
    }

    static func json<T: Encodable>(_ value: T) throws -> Data {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try e.encode(value)
    }
}
