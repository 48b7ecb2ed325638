import Foundation

/// What a run did, written to `summary.json` and printed as the final table.
public struct RunSummary: Codable, Sendable {
    public var timestamp: String
    public var command: RunPlan.Command
    public var jobs: Int
    public var jobsDone: Int
    public var jobsFailed: Int
    public var events: Int
    /// Wall time of this session of the run (a rerun counts only itself).
    public var wallSeconds: Double
    public var eventsPerSecond: Double
    /// Jobs that finished (done or failed) in this session.
    public var jobsThisSession = 0
    /// CPU time rank 0 itself used in this session (its children not included): the
    /// coordinator's cost, which should stay a few per cent of the wall time.
    public var coordinatorCPUSeconds = 0.0
    /// Mean milliseconds per event in each stage, over every done job.
    public var stageMSPerEvent: [String: Double]
    public var hosts: [HostLine]
    public var failed: [FailedJob]
    /// The run's merged outputs.
    public var merged: [String]
    public var outputDir: String

    public struct HostLine: Codable, Sendable {
        public var host: String
        public var jobs: Int
        public var events: Int
        /// Summed job wall time on that host.
        public var busySeconds: Double
        /// Events per second of job time: one worker's speed on that host.
        public var eventsPerBusySecond: Double
    }

    init(plan: RunPlan, records: [JournalRecord], failed: [FailedJob], wallSeconds: Double, eventsThisSession: Int,
         merged: [String]) {
        timestamp = plan.timestamp
        command = plan.command
        jobs = plan.jobs.count
        jobsDone = records.count
        jobsFailed = failed.count
        let events = records.reduce(0) { $0 + ($1.events ?? 0) }
        self.events = events
        self.wallSeconds = wallSeconds
        eventsPerSecond = wallSeconds > 0 ? Double(eventsThisSession) / wallSeconds : 0
        var stageSeconds: [String: Double] = [:]
        for r in records { for s in r.stages ?? [] { stageSeconds[s.stage, default: 0] += s.seconds } }
        stageMSPerEvent = stageSeconds.mapValues { events > 0 ? 1000 * $0 / Double(events) : 0 }
        var byHost: [String: HostLine] = [:]
        for r in records {
            let h = r.host ?? "?"
            var line = byHost[h] ?? HostLine(host: h, jobs: 0, events: 0, busySeconds: 0, eventsPerBusySecond: 0)
            line.jobs += 1
            line.events += r.events ?? 0
            line.busySeconds += r.seconds ?? 0
            line.eventsPerBusySecond = line.busySeconds > 0 ? Double(line.events) / line.busySeconds : 0
            byHost[h] = line
        }
        hosts = byHost.values.sorted { $0.host < $1.host }
        self.failed = failed
        self.merged = merged
        outputDir = plan.outputDir
    }

    /// The table rank 0 prints at the end.
    public var table: String {
        var s = "run \(timestamp) (\(command.rawValue)): \(jobsDone)/\(jobs) jobs done, \(jobsFailed) failed, "
            + "\(events) events, \(String(format: "%.1f", wallSeconds)) s, \(String(format: "%.1f", eventsPerSecond)) events/s\n"
        if !stageMSPerEvent.isEmpty {
            s += "  stage                 ms/event\n"
            for (stage, ms) in stageMSPerEvent.sorted(by: { $0.key < $1.key }) {
                s += "  " + stage.padding(toLength: 20, withPad: " ", startingAt: 0) + String(format: "%10.3f", ms) + "\n"
            }
        }
        if !hosts.isEmpty {
            s += "  host                      jobs    events   events/s (per worker)\n"
            for h in hosts {
                s += "  " + h.host.padding(toLength: 24, withPad: " ", startingAt: 0)
                    + String(format: "%6d %9d %10.1f", h.jobs, h.events, h.eventsPerBusySecond) + "\n"
            }
        }
        for f in failed.prefix(20) {
            s += "  FAILED job \(f.id) (\(f.name), events \(f.firstEvent)…\(f.firstEvent + f.events - 1)): \(f.error)"
                + (f.log.map { " — log: \($0)" } ?? "") + "\n"
        }
        if failed.count > 20 { s += "  … and \(failed.count - 20) more in failed_jobs.json\n" }
        if !failed.isEmpty { s += "  rerun the failed jobs with: -r \(timestamp)\n" }
        for m in merged { s += "  output: \(m)\n" }
        return s
    }
}

/// One live line: jobs done/failed/running, events/s, ETA. Redrawn in place on a terminal,
/// printed as a plain line every 10 s otherwise. Under mpirun standard output is a pseudo
/// terminal even when mpirun's own output goes to a file, so there it is always plain lines.
struct ProgressLine {
    let enabled: Bool
    private let tty: Bool
    private var last = Date()
    private var drawn = false

    init(enabled: Bool) {
        self.enabled = enabled
        let env = ProcessInfo.processInfo.environment
        tty = isatty(STDOUT_FILENO) != 0 && env["OMPI_COMM_WORLD_SIZE"] == nil && env["PMIX_RANK"] == nil
    }

    /// Whether a new line is due; cheap, so the caller computes the figures only then.
    var isDue: Bool { enabled && Date().timeIntervalSince(last) >= (tty ? 0.25 : 10) }

    mutating func update(done: Int, failed: Int, running: Int, total: Int, eventsPerSecond: Double, eta: Double) {
        guard isDue else { return }
        last = Date()
        let etaText = eta.isFinite ? Self.clock(eta) : "--:--:--"
        let line = "[\(done)/\(total) done, \(failed) failed, \(running) running] "
            + String(format: "%.1f events/s", eventsPerSecond) + ", ETA \(etaText)"
        if tty {
            print("\r\u{1B}[K" + line, terminator: "")
            fflushStdout()
            drawn = true
        } else {
            print(line)
        }
    }

    /// Prints a message on its own line without garbling the progress line.
    mutating func interrupt(_ message: String) {
        if drawn { print("\r\u{1B}[K", terminator: "") }
        print(message)
    }

    mutating func finish() {
        if drawn { print("") }
        drawn = false
    }

    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return String(format: "%02d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60)
    }
}

func fflushStdout() { fflush(nil) }
