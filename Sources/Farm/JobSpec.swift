import EventModel
/// One unit of work the coordinator hands to a worker: a batch of consecutive events.
/// A job is fully described by this value and the run card, so any rank on any host, and
/// any rerun, makes exactly the same output from it.
public struct JobSpec: Codable, Sendable, Hashable {
    /// What a job does.
    public enum Kind: String, Codable, Sendable {
        /// Make events and write them as a HepMC3 EVNT file.
        case generate
        /// Make events and run them through the whole chain (no EVNT file).
        case run
        /// Run existing events (a slice of a HepMC3 file) through the chain.
        case reco
        /// Do nothing, in the worker itself: measures the coordinator (`genreco bench farm`).
        case noop
        /// Keep one core busy for `eventCount` milliseconds in the job's own process, write
        /// nothing: CPU-bound jobs without output, to measure the farm's parallel efficiency.
        case spin
    }

    /// A slice of an input file: `count` events after skipping `skip`.
    public struct InputSlice: Codable, Sendable, Hashable {
        public var path: String
        public var skip: Int
        public var count: Int
        public init(path: String, skip: Int, count: Int) {
            self.path = path
            self.skip = skip
            self.count = count
        }
    }

    /// Position in the plan, from 0; names the log (`logs/job0007.log`).
    public var id: Int
    /// `{run}.{batchsize}.{batchno}`, as the original scripts named their files.
    public var name: String
    public var kind: Kind
    /// Global number of the first event (from 1). Events are numbered across the whole run,
    /// so no two batches share an event number, and an event's random stream depends on it.
    public var firstEvent: Int
    public var eventCount: Int
    /// For `reco`: where the events come from.
    public var input: InputSlice?

    public init(id: Int, name: String, kind: Kind, firstEvent: Int, eventCount: Int, input: InputSlice? = nil) {
        self.id = id
        self.name = name
        self.kind = kind
        self.firstEvent = firstEvent
        self.eventCount = eventCount
        self.input = input
    }

    /// Global event numbers of this job.
    public var events: Range<Int> { firstEvent..<(firstEvent + eventCount) }

    public var logName: String { "job" + String(repeating: "0", count: max(0, 4 - String(id).count)) + String(id) + ".log" }
}

extension JobSpec {
    func encode(into w: inout BinaryWriter) {
        w.write(id)
        w.write(name)
        w.write(kind.rawValue)
        w.write(firstEvent)
        w.write(eventCount)
        w.write(input != nil)
        if let s = input {
            w.write(s.path)
            w.write(s.skip)
            w.write(s.count)
        }
    }

    init(from r: inout BinaryReader) throws {
        id = try r.readInt()
        name = try r.readString()
        let k = try r.readString()
        guard let kind = Kind(rawValue: k) else { throw FarmProtocolError("unknown job kind \"\(k)\"") }
        self.kind = kind
        firstEvent = try r.readInt()
        eventCount = try r.readInt()
        input = try r.readBool() ? InputSlice(path: try r.readString(), skip: try r.readInt(), count: try r.readInt()) : nil
    }
}

/// A message that does not follow the farm protocol (a bug, or a version mismatch between hosts).
public struct FarmProtocolError: Error, CustomStringConvertible {
    public var description: String
    public init(_ d: String) { description = d }
}
