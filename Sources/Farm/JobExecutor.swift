import Foundation

/// Runs one job on a worker and says how it went. Implementations: `ChildProcessExecutor`
/// (production: each job in its own process, so a trap or a crash costs only that job) and
/// an in-process one for trivial jobs and tests.
public protocol JobExecutor: Sendable {
    func execute(_ job: JobSpec, payload: [UInt8], context: WorkerContext) -> Result<JobResult, JobFailure>
}

/// Where a worker is and where it may write.
public struct WorkerContext: Sendable {
    public var rank: Int
    public var host: String
    /// A private folder on this host for the worker's temporary files.
    public var scratch: String
    /// With a shared filesystem the final output folder, written directly; else nil and
    /// the outputs travel to rank 0 over MPI.
    public var sharedOutputDir: String?

    public init(rank: Int, host: String, scratch: String, sharedOutputDir: String?) {
        self.rank = rank
        self.host = host
        self.scratch = scratch
        self.sharedOutputDir = sharedOutputDir
    }
}

/// What a job's own process reports back in `result.json`.
public struct ChildReport: Codable, Sendable {
    public var events: Int
    /// File names in the job's scratch folder.
    public var outputs: [String]
    public var stages: [StageTime]
    public init(events: Int, outputs: [String], stages: [StageTime]) {
        self.events = events
        self.outputs = outputs
        self.stages = stages
    }
}

/// Runs each job as `genreco job-exec --job DIR` in a child process. DIR holds `job.json`
/// (the job and the plan's card), `payload.bin` (input events, if any); the child writes its
/// outputs and `result.json` there, its stdout and stderr go to `job.log`. A child that
/// exits non-zero or dies on a signal is a failed job with that log; the worker goes on.
public struct ChildProcessExecutor: JobExecutor {
    public var executable: String
    /// The plan's card and settings (its job list left out), handed to every child.
    public var plan: RunPlan

    public init(executable: String, plan: RunPlan) {
        self.executable = executable
        var p = plan
        p.jobs = []
        self.plan = p
    }

    public func execute(_ job: JobSpec, payload: [UInt8], context: WorkerContext) -> Result<JobResult, JobFailure> {
        let start = Date()
        let dir = context.scratch + "/" + job.name + ".job"
        let log = dir + "/job.log"
        func failure(_ message: String) -> Result<JobResult, JobFailure> {
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            try? FileManager.default.removeItem(atPath: dir)
            return .failure(JobFailure(jobID: job.id, host: context.host, rank: context.rank, error: message,
                                       log: String(text.suffix(64 * 1024)), seconds: Date().timeIntervalSince(start)))
        }
        do {
            try? FileManager.default.removeItem(atPath: dir)
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            var w = JobFile(plan: plan, job: job)
            w.sharedOutputDir = context.sharedOutputDir
            try JSONEncoder().encode(w).write(to: URL(fileURLWithPath: dir + "/job.json"))
            if !payload.isEmpty { try Data(payload).write(to: URL(fileURLWithPath: dir + "/payload.bin")) }
        } catch {
            return failure("cannot prepare the job folder \(dir): \(error)")
        }
        var env = ProcessInfo.processInfo.environment
        env["SWIFT_BACKTRACE"] = env["SWIFT_BACKTRACE"] ?? "enable=no"
        // The child is not an MPI process: hide mpirun's variables so it never joins the run.
        for key in env.keys where key.hasPrefix("OMPI_") || key.hasPrefix("PMIX_") || key.hasPrefix("OPAL_") { env[key] = nil }
        let termination: ChildProcess.Termination
        do {
            termination = try ChildProcess.run(executable, ["job-exec", "--job", dir], environment: env, logPath: log)
        } catch {
            return failure("cannot start the job's process: \(error)")
        }
        switch termination {
        case let .signaled(s):
            return failure("the job's process died on signal \(s) (\(signalName(s)))")
        case let .exited(code) where code != 0:
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            let lastLine = text.split(separator: "\n").last.map(String.init) ?? ""
            return failure("the job's process exited with status \(code)" + (lastLine.isEmpty ? "" : ": \(lastLine)"))
        case .exited:
            break
        }
        do {
            let report = try JSONDecoder().decode(ChildReport.self, from: Data(contentsOf: URL(fileURLWithPath: dir + "/result.json")))
            var outputs: [OutputFile] = []
            for name in report.outputs {
                let path = dir + "/" + name
                guard let data = FileManager.default.contents(atPath: path) else {
                    return failure("the job reported output \(name) but \(path) is missing")
                }
                let bytes = [UInt8](data)
                var file = OutputFile(name: name, sha256: SHA256.hex(bytes), size: bytes.count)
                if let shared = context.sharedOutputDir {
                    try AtomicFile.write(bytes, to: shared + "/" + name)
                } else {
                    file.data = bytes
                }
                outputs.append(file)
            }
            let logText = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            try? FileManager.default.removeItem(atPath: dir)
            return .success(JobResult(jobID: job.id, host: context.host, rank: context.rank, events: report.events,
                                      outputs: outputs, stages: report.stages, seconds: Date().timeIntervalSince(start),
                                      log: String(logText.suffix(64 * 1024))))
        } catch {
            return failure("cannot collect the job's outputs: \(error)")
        }
    }
}

/// `job.json`: what a child process needs to run one job.
public struct JobFile: Codable, Sendable {
    /// The plan without its job list: card, command, batch size.
    public var plan: RunPlan
    public var job: JobSpec
    public var sharedOutputDir: String?

    public init(plan: RunPlan, job: JobSpec) {
        self.plan = plan
        self.job = job
    }
}

func signalName(_ s: Int32) -> String {
    switch s {
    case SIGSEGV: "SIGSEGV, a crash"
    case SIGILL, SIGTRAP: "a Swift runtime trap"
    case SIGABRT: "SIGABRT"
    case SIGKILL: "SIGKILL"
    case SIGBUS: "SIGBUS"
    case SIGFPE: "SIGFPE"
    default: "signal \(s)"
    }
}
