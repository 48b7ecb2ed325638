import Foundation

/// Faults injected on purpose, for the tests that prove a failure costs only what it
/// should. Read from `GENRECO_INJECT` (pass it to every rank with `mpirun -x GENRECO_INJECT`),
/// a comma-separated list of rules:
///
///     throw:3              job 3 throws an error (a recorded failure)
///     trap:3               job 3 traps (a Swift precondition failure in its process)
///     kill-worker:3        the worker rank that receives job 3 kills itself with SIGKILL
///     kill-coordinator:5   rank 0 kills itself with SIGKILL after 5 jobs have completed
///
/// Unset in production; nothing here runs unless a rule names a job.
public struct FaultInjection: Sendable, Equatable {
    public var throwJobs: Set<Int> = []
    public var trapJobs: Set<Int> = []
    public var killWorkerJobs: Set<Int> = []
    public var killCoordinatorAfter: Int?

    public init() {}

    public static let variable = "GENRECO_INJECT"

    public static var fromEnvironment: FaultInjection {
        (try? FaultInjection(parsing: ProcessInfo.processInfo.environment[variable] ?? "")) ?? FaultInjection()
    }

    public init(parsing spec: String) throws {
        for rule in spec.split(separator: ",") {
            let parts = rule.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, let n = Int(parts[1]) else { throw FarmProtocolError("bad \(Self.variable) rule \"\(rule)\"") }
            switch parts[0] {
            case "throw": throwJobs.insert(n)
            case "trap": trapJobs.insert(n)
            case "kill-worker": killWorkerJobs.insert(n)
            case "kill-coordinator": killCoordinatorAfter = n
            default: throw FarmProtocolError("unknown \(Self.variable) rule \"\(rule)\"")
            }
        }
    }

    public struct Injected: Error, CustomStringConvertible {
        public var job: Int
        public var description: String { "fault injected by \(FaultInjection.variable): job \(job) throws" }
    }

    /// Called by the job's own process just before it works.
    public func applyInJob(_ job: Int) throws {
        if throwJobs.contains(job) { throw Injected(job: job) }
        if trapJobs.contains(job) { preconditionFailure("fault injected by \(Self.variable): job \(job) traps") }
    }
}
