import Foundation

/// One line of `journal.jsonl`: something that happened to a job.
public struct JournalRecord: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable {
        case dispatched, done, failed
    }

    /// Seconds since 1970.
    public var time: Double
    public var job: Int
    public var status: Status
    public var rank: Int?
    public var host: String?
    public var events: Int?
    /// Outputs with checksums (never their bytes).
    public var outputs: [OutputFile]?
    public var stages: [StageTime]?
    public var seconds: Double?
    public var error: String?
    /// Path of the job's log, relative to the run folder.
    public var log: String?

    public init(time: Double = Date().timeIntervalSince1970, job: Int, status: Status, rank: Int? = nil,
                host: String? = nil, events: Int? = nil, outputs: [OutputFile]? = nil, stages: [StageTime]? = nil,
                seconds: Double? = nil, error: String? = nil, log: String? = nil) {
        self.time = time
        self.job = job
        self.status = status
        self.rank = rank
        self.host = host
        self.events = events
        self.outputs = outputs
        self.stages = stages
        self.seconds = seconds
        self.error = error
        self.log = log
    }
}

/// The run's append-only journal: the truth about which jobs are done. Open MPI 4.1 takes
/// the whole run down when one rank dies, so a rerun starts from what the journal says.
///
/// Records are appended with `write(2)` on an O_APPEND descriptor and made durable with
/// `fsync` before the coordinator acts on them (`sync()`); records written together share
/// one fsync (group commit), which is what lets one coordinator keep up with thousands of
/// completions per second. A record cut short by a crash is ignored when read back.
public final class Journal {
    public let path: String
    private let fd: Int32
    private var dirty = false
    private let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return e
    }()

    public init(path: String) throws {
        self.path = path
        fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw FarmIOError(path: path, operation: "open the journal", errno: errno) }
        // A previous coordinator killed mid-write may have left a partial line: end it, so
        // the next record starts on a line of its own (the reader skips the fragment).
        if let data = FileManager.default.contents(atPath: path), let last = data.last, last != UInt8(ascii: "\n") {
            try writeAll([UInt8(ascii: "\n")])
        }
    }

    deinit { close(fd) }

    public func append(_ record: JournalRecord) throws {
        var line = [UInt8](try encoder.encode(record))
        line.append(UInt8(ascii: "\n"))
        try writeAll(line)
        // Only outcomes need to reach the disk before the coordinator goes on; a lost
        // `dispatched` record just means the job shows as never started, which it reruns.
        if record.status != .dispatched { dirty = true }
    }

    /// Makes every appended outcome durable (and the records before it).
    public func sync() throws {
        guard dirty else { return }
        guard fsync(fd) == 0 else { throw FarmIOError(path: path, operation: "fsync the journal", errno: errno) }
        dirty = false
    }

    private func writeAll(_ bytes: [UInt8]) throws {
        var done = 0
        while done < bytes.count {
            let n = bytes[done...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw FarmIOError(path: path, operation: "append to the journal", errno: errno)
            }
            done += n
        }
    }

    /// All complete records of a journal, in order; a torn last line is skipped.
    public static func read(path: String) throws -> [JournalRecord] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        let decoder = JSONDecoder()
        var records: [JournalRecord] = []
        for line in data.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
            if let r = try? decoder.decode(JournalRecord.self, from: Data(line)) { records.append(r) }
        }
        return records
    }

    /// The latest state of each job: `done` is final; otherwise the last record counts.
    public static func states(_ records: [JournalRecord]) -> [Int: JournalRecord] {
        var state: [Int: JournalRecord] = [:]
        for r in records where state[r.job]?.status != .done { state[r.job] = r }
        return state
    }
}

/// A file-system operation that failed, with the path and the system's reason.
public struct FarmIOError: Error, CustomStringConvertible {
    public var path: String
    public var operation: String
    public var code: Int32
    public init(path: String, operation: String, errno code: Int32) {
        self.path = path
        self.operation = operation
        self.code = code
    }
    public var description: String { "cannot \(operation) \(path): \(String(cString: strerror(code)))" }
}
