import Foundation

/// Reads a HepMC3 ASCII (Asciiv3) file one event at a time: the format generators such as
/// Pythia 8 write, and the input of `genreco reco` (DESIGN.md §1). The file is streamed
/// through a fixed buffer, so memory does not grow with its size.
///
/// It reads what HepMC3's C++ `ReaderAscii` reads, with the same meaning (line grammar,
/// implicit vertices and their numbering, escaping, run-info blocks between events), and
/// where HepMC3 would print a warning, go on, or fail without saying where, it throws a
/// `HepMC3Error` naming the file, the line and what was expected. It never drops an event
/// silently: a file that ends inside an event, or without its end line, is an error.
///
/// ```swift
/// let reader = try HepMC3Reader(path: "events.hepmc")
/// try reader.skip(100)                       // fast: no event is built
/// while let event = try reader.next() { … }
/// ```
public final class HepMC3Reader {
    public let path: String
    /// The run information in force: that of the last run-info block (W, T and A lines outside
    /// an event). Every event read carries a copy.
    public private(set) var runInfo = GenRunInfo()
    /// The version in the `HepMC::Version` line, if there was one.
    public private(set) var formatVersion: String?

    private let source: HepMC3LineSource
    private var assembly = HepMC3EventAssembly()
    private var inListing = false
    private var everStarted = false
    private var sawNonBlankLine = false
    private var runInfoBlockOpen = false
    private var failure: HepMC3Error?
    private var isClosed = false

    /// Opens `path` for reading; nothing is read before the first `next()` or `skip(_:)`.
    public convenience init(path: String) throws(HepMC3Error) {
        try self.init(path: path, chunkSize: 1 << 20)
    }

    /// `chunkSize`: bytes read at a time (tests use tiny ones to cut lines at every place).
    init(path: String, chunkSize: Int) throws(HepMC3Error) {
        self.path = path
        source = try HepMC3LineSource(path: path, chunkSize: max(1, chunkSize))
        assembly.path = path
        if let size = source.fileSize { assembly.maxAnnounced = max(64, size / 8) }
    }

    /// Closes the file; `next()` then returns nil.
    public func close() {
        source.close()
        isClosed = true
    }

    /// The next event, or nil at the end of the file. After an error every further call
    /// throws the same error.
    public func next() throws(HepMC3Error) -> GenEvent? {
        if let failure { throw failure }
        if isClosed { return nil }
        do {
            return try readEvent()
        } catch {
            failure = error
            throw error
        }
    }

    /// Skips the next `n` events without building them (it still reads the run-info blocks
    /// in between, as HepMC3's `ReaderAscii::skip` does) and returns how many it skipped:
    /// fewer than `n` only at the end of the file.
    @discardableResult
    public func skip(_ n: Int) throws(HepMC3Error) -> Int {
        if let failure { throw failure }
        if isClosed { return 0 }
        do {
            return try skipEvents(n)
        } catch {
            failure = error
            throw error
        }
    }

    // MARK: - The line loop

    private enum Verdict { case continueEvent, endsEvent }

    private func readEvent() throws(HepMC3Error) -> GenEvent? {
        var inEvent = false
        var a = HepMC3EventAssembly()
        swap(&a, &assembly)                 // work on a local: no exclusivity checks per line
        defer { swap(&a, &assembly) }
        while let line = try source.nextLine() {
            let (bytes, count) = line
            let lineNumber = source.lineNumber
            if count == 0 { continue }
            let type = bytes[0]
            if type == UInt8(ascii: "H") || isWhiteSpace(type) {
                if try isBlankOrNotHeader(line) { continue }
                if try header(line, inEvent: inEvent) == .endsEvent {
                    return try a.finish(endLine: lineNumber, runInfo: runInfo)
                }
                continue
            }
            try checkLineStart(line)
            switch type {
            case UInt8(ascii: "P"):
                guard inEvent else { throw outsideEvent("P") }
                try a.particle(line, lineNumber: lineNumber)
            case UInt8(ascii: "V"):
                guard inEvent else { throw outsideEvent("V") }
                try a.vertex(line, lineNumber: lineNumber)
            case UInt8(ascii: "A"):
                if inEvent {
                    if a.parsedParticlesOrVertices {    // starts the next run-info block
                        source.unread()
                        return try a.finish(endLine: lineNumber, runInfo: runInfo)
                    }
                    try a.attribute(line, lineNumber: lineNumber)
                } else {
                    try runAttribute(line)
                }
            case UInt8(ascii: "E"):
                if inEvent {
                    source.unread()
                    return try a.finish(endLine: lineNumber, runInfo: runInfo)
                }
                try a.beginEvent(line, lineNumber: lineNumber)
                inEvent = true
                runInfoBlockOpen = false
            case UInt8(ascii: "U"):
                guard inEvent else { throw outsideEvent("U") }
                try a.units(line, lineNumber: lineNumber)
            case UInt8(ascii: "W"):
                if inEvent {
                    if a.parsedWeights {                // starts the next run-info block
                        source.unread()
                        return try a.finish(endLine: lineNumber, runInfo: runInfo)
                    }
                    try a.weightValues(line, lineNumber: lineNumber, names: runInfo.weightNames)
                } else {
                    try weightNames(line)
                }
            case UInt8(ascii: "T"):
                if inEvent {
                    source.unread()
                    return try a.finish(endLine: lineNumber, runInfo: runInfo)
                }
                try tool(line)
            default:
                throw unknownLineType(line)
            }
        }
        try endOfFile(inEvent: inEvent, eventNumber: a.eventNumber, eventLine: a.eventLine)
        return nil
    }

    private func skipEvents(_ n: Int) throws(HepMC3Error) -> Int {
        var skipped = 0
        var inEvent = false
        var parsedWeights = false
        var parsedParticlesOrVertices = false
        var eventLine = 0
        while let line = try source.nextLine() {
            let (bytes, count) = line
            if count == 0 { continue }
            let type = bytes[0]
            if type == UInt8(ascii: "H") || isWhiteSpace(type) {
                if try isBlankOrNotHeader(line) { continue }
                if try header(line, inEvent: inEvent) == .endsEvent { inEvent = false }
                continue
            }
            try checkLineStart(line)
            switch type {
            case UInt8(ascii: "P"), UInt8(ascii: "V"):
                guard inEvent else { throw outsideEvent(type == UInt8(ascii: "P") ? "P" : "V") }
                parsedParticlesOrVertices = true
            case UInt8(ascii: "U"):
                guard inEvent else { throw outsideEvent("U") }
            case UInt8(ascii: "E"):
                if skipped == n {
                    source.unread()
                    return skipped
                }
                skipped += 1
                inEvent = true
                parsedWeights = false
                parsedParticlesOrVertices = false
                eventLine = source.lineNumber
                runInfoBlockOpen = false
            case UInt8(ascii: "W"):
                if inEvent && !parsedWeights { parsedWeights = true; continue }
                inEvent = false
                try weightNames(line)
            case UInt8(ascii: "A"):
                if inEvent && !parsedParticlesOrVertices { continue }
                inEvent = false
                try runAttribute(line)
            case UInt8(ascii: "T"):
                inEvent = false
                try tool(line)
            default:
                throw unknownLineType(line)
            }
        }
        try endOfFile(inEvent: inEvent, eventNumber: nil, eventLine: eventLine)
        return skipped
    }

    // MARK: - Header, run info, end of file

    /// Handles a `HepMC::…` line; says whether it ends the current event.
    private func header(_ line: (UnsafePointer<UInt8>, Int), inEvent: Bool) throws(HepMC3Error) -> Verdict {
        sawNonBlankLine = true
        let text = String(decoding: UnsafeBufferPointer(start: line.0, count: line.1), as: UTF8.self)
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let lineNumber = source.lineNumber
        if trimmed == "HepMC::Asciiv3-END_EVENT_LISTING" {
            guard inListing else {
                throw HepMC3Error(.badHeader, path: path, line: lineNumber, "expected HepMC::Asciiv3-START_EVENT_LISTING before the end line")
            }
            inListing = false
            return inEvent ? .endsEvent : .continueEvent
        }
        let isStart = trimmed == "HepMC::Asciiv3-START_EVENT_LISTING"
        let isVersion = trimmed.hasPrefix("HepMC::Version")
        guard isStart || isVersion else {
            let other = trimmed.hasPrefix("HepMC::IO_GenEvent") ? " (a HepMC2 file: convert it first)" : ""
            throw HepMC3Error(.badHeader, path: path, line: lineNumber,
                              "expected HepMC::Version or HepMC::Asciiv3-START_EVENT_LISTING, found \"\(trimmed)\"\(other)")
        }
        if inListing {
            throw HepMC3Error(.truncated, path: path, line: lineNumber,
                              "found \"\(trimmed)\" inside an event listing: the listing before it has no HepMC::Asciiv3-END_EVENT_LISTING")
        }
        if isVersion {
            formatVersion = String(trimmed.dropFirst("HepMC::Version".count)).trimmingCharacters(in: .whitespaces)
        } else {
            inListing = true
            everStarted = true
        }
        return .continueEvent
    }

    @inline(__always)
    private func checkLineStart(_ line: (UnsafePointer<UInt8>, Int)) throws(HepMC3Error) {
        sawNonBlankLine = true
        guard inListing else {
            let what = everStarted ? "after HepMC::Asciiv3-END_EVENT_LISTING" : "before the first line"
            throw HepMC3Error(.badHeader, path: path, line: source.lineNumber,
                              "expected the header HepMC::Asciiv3-START_EVENT_LISTING \(what), found \"\(preview(line))\"")
        }
        guard line.1 >= 2 && (line.0[1] == 0x20 || line.0[1] == 0x09) else {
            throw unknownLineType(line)
        }
    }

    private func openRunInfoBlock() {
        if !runInfoBlockOpen {
            runInfo = GenRunInfo()
            runInfoBlockOpen = true
        }
    }

    /// `W name1\|name2…` outside an event: the weight names (white-space separated after
    /// unescaping, as HepMC3 reads them with `>>`).
    private func weightNames(_ line: (UnsafePointer<UInt8>, Int)) throws(HepMC3Error) {
        openRunInfoBlock()
        let text = HepMC3Escaping.unescape(restAfterType(line))
        runInfo.weightNames = text.split(whereSeparator: { $0.isWhitespace }).map(String.init)
    }

    /// `T name\|version\|description` outside an event. HepMC3 splits at the first two escaped
    /// newlines; when one is missing the remaining fields repeat the rest (its `substr(npos+1)`).
    private func tool(_ line: (UnsafePointer<UInt8>, Int)) throws(HepMC3Error) {
        openRunInfoBlock()
        var rest = Substring(HepMC3Escaping.unescape(restAfterType(line)))
        func field() -> String {
            guard let newline = rest.firstIndex(of: "\n") else { return String(rest) }
            defer { rest = rest[rest.index(after: newline)...] }
            return String(rest[..<newline])
        }
        let name = field()
        let version = field()
        runInfo.tools.append(GenRunInfo.Tool(name: name, version: version, description: String(rest)))
    }

    /// `A name value` outside an event: a run attribute (one value per name, the last wins).
    private func runAttribute(_ line: (UnsafePointer<UInt8>, Int)) throws(HepMC3Error) {
        openRunInfoBlock()
        var c = HepMC3LineCursor(line, from: 1, powersOfFive: HepMC3NumberParsing.powersOfFive)
        let nameBytes = c.token()
        guard !nameBytes.isEmpty else {
            throw HepMC3Error(.malformed, path: path, line: source.lineNumber, "expected an attribute name in a run-level A line")
        }
        let name = String(decoding: nameBytes, as: UTF8.self)
        if !c.atEnd { c.p += 1 }
        let value = HepMC3Escaping.unescape(c.rest)
        if let i = runInfo.attributes.firstIndex(where: { $0.name == name }) {
            runInfo.attributes[i].value = value
        } else {
            runInfo.attributes.append(GenRunInfo.Attribute(name: name, value: value))
        }
    }

    private func endOfFile(inEvent: Bool, eventNumber: Int?, eventLine: Int) throws(HepMC3Error) {
        if inEvent {
            let which = eventNumber.map { "event \($0)" } ?? "an event"
            throw HepMC3Error(.truncated, path: path, line: source.lineNumber,
                              "file ends inside \(which) (E line at line \(eventLine)) without HepMC::Asciiv3-END_EVENT_LISTING")
        }
        if !everStarted {
            if !sawNonBlankLine {
                throw HepMC3Error(.emptyFile, path: path, line: 0, "empty file: expected a HepMC3 ASCII header (HepMC::Asciiv3-START_EVENT_LISTING)")
            }
            throw HepMC3Error(.badHeader, path: path, line: source.lineNumber, "expected the header HepMC::Asciiv3-START_EVENT_LISTING before the end of the file")
        }
        if inListing {
            throw HepMC3Error(.truncated, path: path, line: source.lineNumber, "file ends without HepMC::Asciiv3-END_EVENT_LISTING")
        }
    }

    // MARK: - Small helpers

    private func restAfterType(_ line: (UnsafePointer<UInt8>, Int)) -> UnsafeBufferPointer<UInt8> {
        var c = HepMC3LineCursor(line, from: 1, powersOfFive: HepMC3NumberParsing.powersOfFive)
        c.skipBlanks()
        return c.rest
    }

    /// True for a blank line (skipped, as HepMC3 does); throws for a line that is neither
    /// blank nor a `HepMC…` header line; false for a header line.
    private func isBlankOrNotHeader(_ line: (UnsafePointer<UInt8>, Int)) throws(HepMC3Error) -> Bool {
        var first = 0
        while first < line.1 && isWhiteSpace(line.0[first]) { first += 1 }
        if first == line.1 { return true }
        let prefix = Array("HepMC".utf8)
        guard line.1 - first >= prefix.count, (0..<prefix.count).allSatisfy({ line.0[first + $0] == prefix[$0] }) else {
            throw unknownLineType(line)
        }
        return false
    }

    private func preview(_ line: (UnsafePointer<UInt8>, Int)) -> String {
        let text = String(decoding: UnsafeBufferPointer(start: line.0, count: min(line.1, 60)), as: UTF8.self)
        return line.1 > 60 ? text + "…" : text
    }

    @inline(never)
    private func outsideEvent(_ type: String) -> HepMC3Error {
        HepMC3Error(.malformed, path: path, line: source.lineNumber, "\(type) line outside an event (expected an E line first)")
    }

    @inline(never)
    private func unknownLineType(_ line: (UnsafePointer<UInt8>, Int)) -> HepMC3Error {
        HepMC3Error(.unknownLineType, path: path, line: source.lineNumber,
                    "expected a line type E, U, W, A, T, P or V followed by a blank, found \"\(preview(line))\"")
    }
}

// MARK: - Whole-file conveniences

extension HepMC3Reader {
    /// Counts of a whole file, from a full parse of every event.
    public struct Summary: Hashable, Sendable {
        public var events = 0
        public var particles = 0
        public var stableParticles = 0
        public var vertices = 0
        public init() {}
    }

    /// Every event of the file, in order (memory grows with the file: for small files and tests).
    public static func readAll(_ path: String) throws(HepMC3Error) -> [GenEvent] {
        let reader = try HepMC3Reader(path: path)
        var events: [GenEvent] = []
        while let event = try reader.next() { events.append(event) }
        return events
    }

    /// Reads and builds every event and counts what it found; constant memory. This is the
    /// read benchmark's workload (`genreco bench`, scripts/pyhepmc_read_bench.py for HepMC3).
    public static func summarize(_ path: String) throws(HepMC3Error) -> Summary {
        let reader = try HepMC3Reader(path: path)
        var summary = Summary()
        while let event = try reader.next() {
            summary.events += 1
            summary.particles += event.particles.count
            summary.vertices += event.vertices.count
            for p in event.particles where p.status == 1 { summary.stableParticles += 1 }
        }
        return summary
    }

    /// Number of events, by skipping (no event is built).
    public static func countEvents(_ path: String) throws(HepMC3Error) -> Int {
        try HepMC3Reader(path: path).skip(Int.max)
    }
}
