import Farm
import Foundation
import Generation

/// Ties the farm to the physics: which executor runs a job, what a worker is sent, how a
/// job's events are made and processed, and how per-job outputs become the run's output.
enum JobRunner {
    /// Trivial `noop` jobs run in the worker itself (they measure the farm); everything
    /// else runs in a child process, so that a trap costs one job, not the worker.
    static func executor(for plan: RunPlan) -> JobExecutor {
        ChildOrInline(child: ChildProcessExecutor(executable: selfExecutable, plan: plan))
    }

    struct ChildOrInline: JobExecutor {
        var child: ChildProcessExecutor

        func execute(_ job: JobSpec, payload: [UInt8], context: WorkerContext) -> Result<JobResult, JobFailure> {
            guard job.kind == .noop else { return child.execute(job, payload: payload, context: context) }
            return .success(JobResult(jobID: job.id, host: context.host, rank: context.rank, events: job.eventCount,
                                      outputs: [], stages: [], seconds: 0, log: ""))
        }
    }

    /// This program, to start children with.
    static let selfExecutable: String =
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]

    /// `genreco job-exec --job DIR`: the child's side. Reads `job.json` (and `payload.bin`),
    /// runs the job, writes its outputs and `result.json` into DIR.
    static func execChild(jobDir: String) throws {
        let file = try JSONDecoder().decode(JobFile.self, from: Data(contentsOf: URL(fileURLWithPath: jobDir + "/job.json")))
        try FaultInjection.fromEnvironment.applyInJob(file.job.id)
        let payloadPath = jobDir + "/payload.bin"
        let payload = FileManager.default.fileExists(atPath: payloadPath)
            ? [UInt8](try Data(contentsOf: URL(fileURLWithPath: payloadPath))) : nil
        let report = try run(plan: file.plan, job: file.job, jobDir: jobDir, payload: payload)
        try JSONEncoder().encode(report).write(to: URL(fileURLWithPath: jobDir + "/result.json"))
    }
}
