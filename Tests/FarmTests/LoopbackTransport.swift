import Foundation
@testable import Farm

/// An in-process farm for tests: rank 0 talks to `workers` simulated workers that run each
/// job synchronously with `executor` as soon as it is sent. Checks the coordinator's
/// bookkeeping without mpirun; the mpirun tests check the real transport.
final class LoopbackTransport: FarmTransport {
    let rank = 0
    let size: Int
    let executor: JobExecutor
    private var inbox: [(Int, FarmMessage)] = []
    private(set) var jobsPerWorker: [Int: [Int]] = [:]

    init(workers: Int, executor: JobExecutor) {
        size = workers + 1
        self.executor = executor
        for w in 1...workers { inbox.append((w, .ready(host: "host\(w)"))) }
    }

    func send(_ message: FarmMessage, to rank: Int) throws {
        // Everything crosses the wire format, as it would over MPI.
        let decoded = try FarmMessage(tag: message.tag.rawValue, bytes: message.encoded())
        guard case let .job(job, payload) = decoded else { return }
        jobsPerWorker[rank, default: []].append(job.id)
        let ctx = WorkerContext(rank: rank, host: "host\(rank)", scratch: NSTemporaryDirectory(), sharedOutputDir: nil)
        switch executor.execute(job, payload: payload, context: ctx) {
        case let .success(r): inbox.append((rank, .done(r)))
        case let .failure(f): inbox.append((rank, .failed(f)))
        }
    }

    func poll() throws -> (source: Int, message: FarmMessage)? {
        inbox.isEmpty ? nil : inbox.removeFirst()
    }
}

/// Writes one small output per job, `<name>.txt` holding its event numbers; fails the jobs
/// listed in `failing`.
struct FakeExecutor: JobExecutor {
    var failing: Set<Int> = []

    func execute(_ job: JobSpec, payload: [UInt8], context: WorkerContext) -> Result<JobResult, JobFailure> {
        if failing.contains(job.id) {
            return .failure(JobFailure(jobID: job.id, host: context.host, rank: context.rank, error: "boom",
                                       log: "job \(job.id) went boom\n", seconds: 0.001))
        }
        let bytes = Array(job.events.map(String.init).joined(separator: "\n").utf8)
        return .success(JobResult(jobID: job.id, host: context.host, rank: context.rank, events: job.eventCount,
                                  outputs: [OutputFile(name: job.name + ".txt", sha256: SHA256.hex(bytes), size: bytes.count, data: bytes)],
                                  stages: [StageTime(stage: "generation", seconds: 0.001 * Double(job.eventCount))],
                                  seconds: 0.002, log: "ok\n"))
    }
}
