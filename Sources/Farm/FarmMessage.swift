import EventModel
import Foundation

/// A file a job made, with its checksum. `data` carries the bytes to rank 0 when hosts
/// share no filesystem; with `--shared-fs` the worker has already put the file in place.
public struct OutputFile: Sendable, Codable, Equatable {
    public var name: String
    public var sha256: String
    public var size: Int
    public var data: [UInt8]?

    public init(name: String, sha256: String, size: Int, data: [UInt8]? = nil) {
        self.name = name
        self.sha256 = sha256
        self.size = size
        self.data = data
    }
}

/// Wall time spent in one stage of the chain, summed over a job's events.
public struct StageTime: Sendable, Codable, Equatable {
    public var stage: String
    public var seconds: Double
    public init(stage: String, seconds: Double) {
        self.stage = stage
        self.seconds = seconds
    }
}

/// A job that finished.
public struct JobResult: Sendable, Equatable {
    public var jobID: Int
    public var host: String
    public var rank: Int
    public var events: Int
    public var outputs: [OutputFile]
    public var stages: [StageTime]
    /// Wall time of the job on the worker, child process included.
    public var seconds: Double
    /// The job's log (warnings, counts), kept in `logs/` on rank 0.
    public var log: String

    public init(jobID: Int, host: String, rank: Int, events: Int, outputs: [OutputFile], stages: [StageTime],
                seconds: Double, log: String) {
        self.jobID = jobID
        self.host = host
        self.rank = rank
        self.events = events
        self.outputs = outputs
        self.stages = stages
        self.seconds = seconds
        self.log = log
    }
}

/// A job that failed: what went wrong and its log.
public struct JobFailure: Sendable, Equatable, Error {
    public var jobID: Int
    public var host: String
    public var rank: Int
    public var error: String
    public var log: String
    public var seconds: Double

    public init(jobID: Int, host: String, rank: Int, error: String, log: String, seconds: Double) {
        self.jobID = jobID
        self.host = host
        self.rank = rank
        self.error = error
        self.log = log
        self.seconds = seconds
    }
}

/// What coordinator and workers say to each other. A worker announces itself with
/// `ready`; every `done` or `failed` also asks for the next job, so a busy farm needs one
/// message each way per job.
public enum FarmMessage: Sendable, Equatable {
    case ready(host: String)
    /// The run's plan without its job list (card, command, settings): the first thing a
    /// worker gets, since it may not see the coordinator's files.
    case plan(RunPlan)
    /// A job, with its input events when the worker cannot read them itself.
    case job(JobSpec, payload: [UInt8])
    case done(JobResult)
    case failed(JobFailure)
    case stop

    public enum Tag: Int32, Sendable {
        case ready = 1, job, done, failed, stop, plan
    }

    public var tag: Tag {
        switch self {
        case .ready: .ready
        case .plan: .plan
        case .job: .job
        case .done: .done
        case .failed: .failed
        case .stop: .stop
        }
    }

    public func encoded() -> [UInt8] {
        var w = BinaryWriter()
        switch self {
        case let .ready(host):
            w.write(host)
        case let .plan(plan):
            // Sent once per worker; JSON keeps the card's own key names.
            w.write([UInt8]((try? JSONEncoder().encode(plan)) ?? Data()))
        case let .job(spec, payload):
            spec.encode(into: &w)
            w.write(payload)
        case let .done(r):
            w.write(r.jobID); w.write(r.host); w.write(r.rank); w.write(r.events)
            w.write(r.outputs.count)
            for o in r.outputs {
                w.write(o.name); w.write(o.sha256); w.write(o.size)
                w.write(o.data != nil)
                if let d = o.data { w.write(d) }
            }
            w.write(r.stages.count)
            for s in r.stages { w.write(s.stage); w.write(s.seconds) }
            w.write(r.seconds)
            w.write(r.log)
        case let .failed(f):
            w.write(f.jobID); w.write(f.host); w.write(f.rank); w.write(f.error); w.write(f.log); w.write(f.seconds)
        case .stop:
            break
        }
        return w.bytes
    }

    public init(tag rawTag: Int32, bytes: [UInt8]) throws {
        guard let tag = Tag(rawValue: rawTag) else { throw FarmProtocolError("unknown message tag \(rawTag)") }
        var r = BinaryReader(bytes)
        switch tag {
        case .ready:
            self = .ready(host: try r.readString())
        case .plan:
            self = .plan(try JSONDecoder().decode(RunPlan.self, from: Data(try r.readBytes())))
        case .job:
            let spec = try JobSpec(from: &r)
            self = .job(spec, payload: try r.readBytes())
        case .done:
            let id = try r.readInt(), host = try r.readString(), rank = try r.readInt(), events = try r.readInt()
            var outputs: [OutputFile] = []
            for _ in 0..<(try r.readCount()) {
                var o = OutputFile(name: try r.readString(), sha256: try r.readString(), size: try r.readInt())
                if try r.readBool() { o.data = try r.readBytes() }
                outputs.append(o)
            }
            var stages: [StageTime] = []
            for _ in 0..<(try r.readCount()) { stages.append(StageTime(stage: try r.readString(), seconds: try r.readDouble())) }
            self = .done(JobResult(jobID: id, host: host, rank: rank, events: events, outputs: outputs, stages: stages,
                                   seconds: try r.readDouble(), log: try r.readString()))
        case .failed:
            self = .failed(JobFailure(jobID: try r.readInt(), host: try r.readString(), rank: try r.readInt(),
                                      error: try r.readString(), log: try r.readString(), seconds: try r.readDouble()))
        case .stop:
            self = .stop
        }
        guard r.isAtEnd else { throw FarmProtocolError("\(tag) message has \(bytes.count - r.offset) unread bytes") }
    }
}
