import Foundation
import Generation

/// Everything a run will do, written to `runs/<TIMESTAMP>/plan.json` before any work
/// starts. A rerun (`-r TIMESTAMP`) reads it back, so it redoes failed jobs with exactly
/// the same card, event numbers and seeds, whatever the command line says today.
public struct RunPlan: Codable, Sendable, Equatable {
    public enum Command: String, Codable, Sendable {
        case generate, run, reco
        /// `genreco bench farm`: trivial jobs that measure the coordinator.
        case bench
    }

    public var timestamp: String
    public var command: Command
    /// The command line that made the plan, for the record.
    public var commandLine: [String]
    public var card: RunCard
    public var batchSize: Int
    /// Where EVNT files go (`generate`) or come from (`reco`).
    public var evntDir: String?
    /// Where the outputs of this run go: `out/<TIMESTAMP>` for run/reco, the EVNT folder for generate.
    public var outputDir: String
    /// True when every host sees the work directory: workers then read inputs and write
    /// outputs themselves instead of passing the bytes through rank 0.
    public var sharedFS: Bool
    public var jobs: [JobSpec]

    public init(timestamp: String, command: Command, commandLine: [String], card: RunCard, batchSize: Int,
                evntDir: String?, outputDir: String, sharedFS: Bool, jobs: [JobSpec]) {
        self.timestamp = timestamp
        self.command = command
        self.commandLine = commandLine
        self.card = card
        self.batchSize = batchSize
        self.evntDir = evntDir
        self.outputDir = outputDir
        self.sharedFS = sharedFS
        self.jobs = jobs
    }

    public var totalEvents: Int { jobs.reduce(0) { $0 + $1.eventCount } }

    /// Generation batches: batch `b` of size `B` holds global events b·B + 1 … (b+1)·B, so the
    /// events of a run do not depend on how it is split — only on the card and the seed.
    public static func generationJobs(kind: JobSpec.Kind, runNumber: Int, batchSize: Int, batches: Int,
                                      firstBatch: Int = 0) -> [JobSpec] {
        (0..<batches).map { i in
            let b = firstBatch + i
            return JobSpec(id: i, name: "\(runNumber).\(batchSize).\(b)", kind: kind,
                           firstEvent: b * batchSize + 1, eventCount: batchSize)
        }
    }

    /// Reconstruction jobs over existing files: each file is cut into slices of `batchSize`
    /// events (the last one shorter). Event numbers continue from file to file in the order given.
    public static func recoJobs(runNumber: Int, batchSize: Int, files: [(path: String, events: Int)]) -> [JobSpec] {
        var jobs: [JobSpec] = []
        var next = 1
        for f in files {
            var skip = 0
            while skip < f.events {
                let n = min(batchSize, f.events - skip)
                let b = jobs.count
                jobs.append(JobSpec(id: b, name: "\(runNumber).\(batchSize).\(b)", kind: .reco, firstEvent: next,
                                    eventCount: n, input: .init(path: f.path, skip: skip, count: n)))
                next += n
                skip += n
            }
        }
        return jobs
    }
}
