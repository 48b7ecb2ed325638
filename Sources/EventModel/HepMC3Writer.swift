import Foundation

/// Writes `GenEvent`s as HepMC3 ASCII (Asciiv3), line for line what HepMC3's C++
/// `WriterAscii` writes for the same event: header, run info once, then per event the E, U,
/// W, A, V and P lines, doubles as `%.16e` (weights `%.22e`), attributes sorted by name and
/// owner as HepMC3 keeps them, and the end line on `close()`.
/// So files compare byte for byte with HepMC3's, and HepMC3, pyhepmc and `HepMC3Reader` read
/// back the same particles, vertices, momenta and attributes, bit for bit.
///
/// Vertex lines follow HepMC3's rule: a vertex with one incoming particle, status 0 and no
/// position is left implicit (its outgoing particles name the incoming particle as parent);
/// any other vertex gets a V line just before its first outgoing particle, with its position
/// as HepMC3 resolves it (its own, else its ancestors', else the event's).
///
/// Events the format cannot carry so that HepMC3 reads them back are refused with a
/// `HepMC3Error` of kind `.unrepresentable`: a vertex without incoming or outgoing particles,
/// weights that do not match the weight names, a run info that changes between events.
public final class HepMC3Writer {
    /// The HepMC3 release whose output this writer reproduces, written in the header
    /// (pyhepmc 2.16 bundles HepMC3 3.2.5 and writes the same).
    public static let formatVersion = "3.02.05"

    public let path: String
    private var descriptor: Int32
    private let capacity = 256 * 1024
    private let buffer: UnsafeMutablePointer<UInt8>
    private var count = 0
    private var writtenRunInfo: GenRunInfo?
    private var eventsWritten = 0
    /// Per vertex: already written in the current event (reused scratch).
    private var vertexWritten: [Bool] = []
    private var sortedIncoming: [Int] = []
    /// A write error met while appending; thrown at the end of `write(_:)` or by `close()`.
    private var pendingError: HepMC3Error?

    /// Opens (truncates) `path` and writes the header, and `runInfo` if given; otherwise the
    /// first event's run info is written before it, as HepMC3 does.
    public init(path: String, runInfo: GenRunInfo? = nil) throws(HepMC3Error) {
        self.path = path
        descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        buffer = .allocate(capacity: capacity)
        if descriptor < 0 {
            throw HepMC3Error(.io, path: path, line: 0, "cannot open for writing: \(String(cString: strerror(errno)))")
        }
        append("HepMC::Version \(Self.formatVersion)\nHepMC::Asciiv3-START_EVENT_LISTING\n")
        if let runInfo { try writeRunInfo(runInfo) }
    }

    deinit {
        try? close()
        buffer.deallocate()
    }

    /// Writes the end line, flushes and closes. Further calls do nothing.
    public func close() throws(HepMC3Error) {
        guard descriptor >= 0 else { return }
        append("HepMC::Asciiv3-END_EVENT_LISTING\n\n")
        defer {
            _ = Foundation.close(descriptor)
            descriptor = -1
        }
        try flush()
        if let pendingError { throw pendingError }
    }

    /// Flushes the buffered bytes to the file.
    public func flush() throws(HepMC3Error) {
        var done = 0
        while done < count {
            let n = Foundation.write(descriptor, buffer + done, count - done)
            if n < 0 {
                if errno == EINTR { continue }
                throw HepMC3Error(.io, path: path, line: 0, "write failed: \(String(cString: strerror(errno)))")
            }
            done += n
        }
        count = 0
    }

    // MARK: - Events

    public func write(_ event: GenEvent) throws(HepMC3Error) {
        guard descriptor >= 0 else { throw HepMC3Error(.io, path: path, line: 0, "write after close") }
        if writtenRunInfo == nil {
            try writeRunInfo(event.runInfo)
        } else if event.runInfo != writtenRunInfo && !event.runInfo.isEmpty {
            throw refusal(event, "carries a run info different from the one written at the start of the file (Asciiv3 has one run info per file)")
        }
        try check(event)

        let momentumScale = event.momentumUnit == .MEV ? 1000.0 : 1.0   // GeV → file unit
        let lengthDivisor = event.lengthUnit == .CM ? 10.0 : 1.0         // mm → file unit

        ensureRoom(128)
        append("E ")
        appendInt(event.eventNumber)
        appendByte(0x20)
        appendInt(event.vertices.count)
        appendByte(0x20)
        appendInt(event.particles.count)
        if event.eventPosition != .zero {
            appendPosition(event.eventPosition, lengthDivisor)
        }
        appendByte(0x0A)
        append("U \(event.momentumUnit.rawValue) \(event.lengthUnit.rawValue)\n")
        if !event.weights.isEmpty {
            appendByte(UInt8(ascii: "W"))
            for w in event.weights {
                ensureRoom(64)
                appendByte(0x20)
                count += HepMC3FloatFormatting.printfFallback(w, precision: 22, to: buffer + count)
            }
            appendByte(0x0A)
        }
        for a in Self.inHepMC3Order(event.attributes) {
            ensureRoom(64)
            append("A ")
            appendInt(a.owner)
            appendByte(0x20)
            appendBytes(HepMC3Escaping.escape(a.name))
            appendByte(0x20)
            appendBytes(HepMC3Escaping.escape(a.value))
            appendByte(0x0A)
        }

        vertexWritten.removeAll(keepingCapacity: true)
        vertexWritten.append(contentsOf: repeatElement(false, count: event.vertices.count))
        for (i, p) in event.particles.enumerated() {
            var parent = 0
            if let v = p.productionVertex {
                let vertex = event.vertices[v]
                if vertex.incoming.count > 1 || vertex.status != 0 || vertex.position != .zero {
                    parent = -(v + 1)
                    if !vertexWritten[v] {
                        writeVertex(v, of: event, lengthDivisor)
                        vertexWritten[v] = true
                    }
                } else {
                    parent = vertex.incoming[0] + 1
                }
            }
            ensureRoom(256)
            append("P ")
            appendInt(i + 1)
            appendByte(0x20)
            appendInt(parent)
            appendByte(0x20)
            appendInt(p.pdgID)
            appendDouble(p.momentum.px * momentumScale)
            appendDouble(p.momentum.py * momentumScale)
            appendDouble(p.momentum.pz * momentumScale)
            appendDouble(p.momentum.e * momentumScale)
            appendDouble(p.generatedMass * momentumScale)
            appendByte(0x20)
            appendInt(p.status)
            appendByte(0x0A)
        }
        eventsWritten += 1
        if let pendingError { throw pendingError }
    }

    private func writeVertex(_ v: Int, of event: GenEvent, _ lengthDivisor: Double) {
        let vertex = event.vertices[v]
        sortedIncoming.removeAll(keepingCapacity: true)
        sortedIncoming.append(contentsOf: vertex.incoming)
        sortedIncoming.sort()                   // HepMC3 sorts the ids "to be able to compare files"
        ensureRoom(64)
        append("V ")
        appendInt(-(v + 1))
        appendByte(0x20)
        appendInt(vertex.status)
        append(" [")
        for (k, i) in sortedIncoming.enumerated() {
            ensureRoom(32)
            if k > 0 { appendByte(UInt8(ascii: ",")) }
            appendInt(i + 1)
        }
        appendByte(UInt8(ascii: "]"))
        let position = event.resolvedPosition(ofVertex: v)
        if position != .zero {
            appendPosition(position, lengthDivisor)
        }
        appendByte(0x0A)
    }

    /// What HepMC3 would write but not read back, and indices that point nowhere.
    private func check(_ event: GenEvent) throws(HepMC3Error) {
        let names = writtenRunInfo?.weightNames ?? []
        if !names.isEmpty && names.count != event.weights.count {
            throw refusal(event, "has \(event.weights.count) weights but the run info names \(names.count)")
        }
        var producesSomething = [Bool](repeating: false, count: event.vertices.count)
        for (i, p) in event.particles.enumerated() {
            if let v = p.productionVertex {
                guard event.vertices.indices.contains(v) else { throw refusal(event, "particle \(i) has production vertex \(v), out of range") }
                producesSomething[v] = true
            }
            if let v = p.endVertex, !event.vertices.indices.contains(v) {
                throw refusal(event, "particle \(i) has end vertex \(v), out of range")
            }
        }
        for (j, v) in event.vertices.enumerated() {
            if v.incoming.isEmpty {
                throw refusal(event, "vertex \(j) has no incoming particle; HepMC3 cannot read such a vertex back (make its particles root particles and put the position in eventPosition)")
            }
            if !producesSomething[j] {
                throw refusal(event, "vertex \(j) is no particle's production vertex; Asciiv3 writes vertices only before their outgoing particles")
            }
            for i in v.incoming where !event.particles.indices.contains(i) {
                throw refusal(event, "vertex \(j) has incoming particle \(i), out of range")
            }
        }
    }

    /// HepMC3 keeps attributes in a map by name, then owner id, one value each (the last set):
    /// that is the order it writes them in. Files written by HepMC3 are in that order
    /// already, and then the array is returned as it is.
    static func inHepMC3Order(_ attributes: [GenAttribute]) -> [GenAttribute] {
        func precedes(_ a: GenAttribute, _ b: GenAttribute) -> Bool {
            if a.name != b.name { return a.name.utf8.lexicographicallyPrecedes(b.name.utf8) }
            return a.owner < b.owner
        }
        var ordered = true
        for k in attributes.indices.dropFirst() where !precedes(attributes[k - 1], attributes[k]) {
            ordered = false
            break
        }
        if ordered { return attributes }
        // Stable sort, then keep the last of equal (name, owner) pairs.
        let sorted = attributes.enumerated().sorted { x, y in
            precedes(x.element, y.element) || (!precedes(y.element, x.element) && x.offset < y.offset)
        }.map(\.element)
        var result: [GenAttribute] = []
        for a in sorted {
            if let last = result.last, last.name == a.name, last.owner == a.owner {
                result[result.count - 1] = a
            } else {
                result.append(a)
            }
        }
        return result
    }

    private func refusal(_ event: GenEvent, _ why: String) -> HepMC3Error {
        HepMC3Error(.unrepresentable, path: path, line: 0, "event \(event.eventNumber) (the \(eventsWritten + 1). written) \(why)")
    }

    // MARK: - Run info

    private func writeRunInfo(_ info: GenRunInfo) throws(HepMC3Error) {
        writtenRunInfo = info
        if !info.weightNames.isEmpty {
            append("W ")
            appendBytes(HepMC3Escaping.escape(info.weightNames.joined(separator: "\n")))
            appendByte(0x0A)
        }
        for tool in info.tools {
            appendBytes(HepMC3Escaping.escape("T \(tool.name)\n\(tool.version)\n\(tool.description)"))
            appendByte(0x0A)
        }
        let runAttributes = Self.inHepMC3Order(info.attributes.map { GenAttribute(owner: 0, name: $0.name, value: $0.value) })
        for attribute in runAttributes {
            append("A ")
            append(attribute.name)              // HepMC3 does not escape run attribute names
            appendByte(0x20)
            appendBytes(HepMC3Escaping.escape(attribute.value))
            appendByte(0x0A)
        }
        try flushIfFull()
    }

    // MARK: - Bytes

    @inline(__always)
    private func ensureRoom(_ n: Int) {
        if count + n > capacity { flushKeepingError() }
    }

    private func flushKeepingError() {
        do {
            try flush()
        } catch {
            if pendingError == nil { pendingError = error }
            count = 0
        }
    }

    private func flushIfFull() throws(HepMC3Error) {
        if count > capacity / 2 { try flush() }
    }

    @inline(__always)
    private func appendByte(_ b: UInt8) {
        if count == capacity { flushKeepingError() }
        buffer[count] = b
        count += 1
    }

    private func appendBytes(_ bytes: [UInt8]) {
        for b in bytes { appendByte(b) }
    }

    private func append(_ text: String) {
        for b in text.utf8 { appendByte(b) }
    }

    @inline(__always)
    private func appendInt(_ value: Int) {
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)   // 24 bytes of scratch, no allocation
        withUnsafeMutableBytes(of: &digits) { raw in
            var v = value.magnitude
            var n = 0
            repeat {
                raw[23 - n] = UInt8(truncatingIfNeeded: v % 10) + 48
                v /= 10
                n += 1
            } while v > 0
            if value < 0 { appendByte(UInt8(ascii: "-")) }
            for k in (24 - n)..<24 { appendByte(raw[k]) }
        }
    }

    /// " %.16e".
    @inline(__always)
    private func appendDouble(_ v: Double) {
        if count + 40 > capacity { flushKeepingError() }
        buffer[count] = 0x20
        count += 1
        count += HepMC3FloatFormatting.writeScientific17(v, to: buffer + count)
    }

    private func appendPosition(_ p: FourVector, _ lengthDivisor: Double) {
        append(" @")
        appendDouble(p.px / lengthDivisor)
        appendDouble(p.py / lengthDivisor)
        appendDouble(p.pz / lengthDivisor)
        appendDouble(p.e / lengthDivisor)
    }
}
