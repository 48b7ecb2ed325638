import Foundation

/// A worker rank: asks rank 0 for work, runs each job it gets, reports, until told to stop.
public struct Worker {
    public var transport: FarmTransport
    /// Makes the executor once the plan has arrived.
    public var makeExecutor: (RunPlan) -> JobExecutor
    public var context: WorkerContext
    public var faults = FaultInjection.fromEnvironment

    public init(transport: FarmTransport, context: WorkerContext, makeExecutor: @escaping (RunPlan) -> JobExecutor) {
        self.transport = transport
        self.makeExecutor = makeExecutor
        self.context = context
    }

    public func run() throws {
        try transport.send(.ready(host: context.host), to: 0)
        var backoff = PollBackoff()
        var executor: JobExecutor?
        var context = self.context
        while true {
            guard let (_, message) = try transport.poll() else {
                backoff.sleep()
                continue
            }
            backoff.reset()
            switch message {
            case let .plan(plan):
                executor = makeExecutor(plan)
                // With a shared filesystem the worker puts outputs in place itself.
                context.sharedOutputDir = plan.sharedFS ? plan.outputDir : nil
            case let .job(job, payload):
                if faults.killWorkerJobs.contains(job.id) { kill(getpid(), SIGKILL) }
                guard let executor else { throw FarmProtocolError("worker \(context.rank) got a job before the plan") }
                switch executor.execute(job, payload: payload, context: context) {
                case let .success(result): try transport.send(.done(result), to: 0)
                case let .failure(failure): try transport.send(.failed(failure), to: 0)
                }
            case .stop:
                return
            default:
                throw FarmProtocolError("worker \(context.rank) got an unexpected \(message.tag) message")
            }
        }
    }
}
