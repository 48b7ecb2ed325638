/// A compact binary form of `GenEvent`, for sending a job's input events from rank 0 to a
/// worker that cannot read the input file (DESIGN.md §4). Every field is kept exactly
/// (doubles as bit patterns), so an event decoded on a worker equals the one rank 0 read,
/// and a job gives the same output whichever way its events arrived.
extension GenEvent {
    /// Bumped when the layout changes; a mismatch between hosts is an error, not garbage.
    static let binaryVersion: UInt8 = 1

    public func encode(into w: inout BinaryWriter) {
        w.write(Self.binaryVersion)
        w.write(eventNumber)
        w.write(momentumUnit.rawValue)
        w.write(lengthUnit.rawValue)
        Self.write(eventPosition, &w)
        w.write(weights.count)
        for x in weights { w.write(x) }
        w.write(particles.count)
        for p in particles {
            w.write(p.pdgID)
            w.write(p.status)
            Self.write(p.momentum, &w)
            w.write(p.generatedMass)
            w.write((p.productionVertex ?? -1))
            w.write((p.endVertex ?? -1))
        }
        w.write(vertices.count)
        for v in vertices {
            w.write(v.status)
            Self.write(v.position, &w)
            w.write(v.incoming.count)
            for i in v.incoming { w.write(i) }
            w.write(v.outgoing.count)
            for o in v.outgoing { w.write(o) }
        }
        w.write(attributes.count)
        for a in attributes {
            w.write(a.owner)
            w.write(a.name)
            w.write(a.value)
        }
        w.write(runInfo.weightNames.count)
        for n in runInfo.weightNames { w.write(n) }
        w.write(runInfo.tools.count)
        for t in runInfo.tools {
            w.write(t.name)
            w.write(t.version)
            w.write(t.description)
        }
        w.write(runInfo.attributes.count)
        for a in runInfo.attributes {
            w.write(a.name)
            w.write(a.value)
        }
    }

    public init(from r: inout BinaryReader) throws {
        let version = try r.readUInt8()
        guard version == Self.binaryVersion else { throw BinaryFormatError("GenEvent binary version \(version), expected \(Self.binaryVersion)") }
        self.init(eventNumber: try r.readInt())
        let mu = try r.readString(), lu = try r.readString()
        guard let m = MomentumUnit(rawValue: mu), let l = LengthUnit(rawValue: lu) else {
            throw BinaryFormatError("unknown units \(mu) \(lu)")
        }
        momentumUnit = m
        lengthUnit = l
        eventPosition = try Self.readFourVector(&r)
        weights = try (0..<r.readCount()).map { _ in try r.readDouble() }
        let np = try r.readCount()
        particles.reserveCapacity(np)
        for _ in 0..<np {
            let id = try r.readInt(), status = try r.readInt()
            let p4 = try Self.readFourVector(&r)
            let mass = try r.readDouble()
            let pv = try r.readInt(), ev = try r.readInt()
            particles.append(GenParticle(pdgID: id, status: status, momentum: p4, generatedMass: mass,
                                         productionVertex: pv >= 0 ? pv : nil, endVertex: ev >= 0 ? ev : nil))
        }
        let nv = try r.readCount()
        vertices.reserveCapacity(nv)
        for _ in 0..<nv {
            let status = try r.readInt()
            let pos = try Self.readFourVector(&r)
            let incoming = try (0..<r.readCount()).map { _ in try r.readInt() }
            let outgoing = try (0..<r.readCount()).map { _ in try r.readInt() }
            vertices.append(GenVertex(status: status, position: pos, incoming: ParticleIndices(incoming), outgoing: ParticleIndices(outgoing)))
        }
        attributes = try (0..<r.readCount()).map { _ in
            GenAttribute(owner: try r.readInt(), name: try r.readString(), value: try r.readString())
        }
        runInfo.weightNames = try (0..<r.readCount()).map { _ in try r.readString() }
        runInfo.tools = try (0..<r.readCount()).map { _ in
            GenRunInfo.Tool(name: try r.readString(), version: try r.readString(), description: try r.readString())
        }
        runInfo.attributes = try (0..<r.readCount()).map { _ in
            GenRunInfo.Attribute(name: try r.readString(), value: try r.readString())
        }
        if let problem = linkProblem { throw BinaryFormatError("decoded event \(eventNumber) is inconsistent: \(problem)") }
    }

    /// Several events in one buffer: a count, then the events.
    public static func encode(_ events: [GenEvent]) -> [UInt8] {
        var w = BinaryWriter(capacity: 1 << 16)
        w.write(events.count)
        for e in events { e.encode(into: &w) }
        return w.bytes
    }

    public static func decodeAll(_ bytes: [UInt8]) throws -> [GenEvent] {
        var r = BinaryReader(bytes)
        let n = try r.readCount()
        var events: [GenEvent] = []
        events.reserveCapacity(n)
        for _ in 0..<n { events.append(try GenEvent(from: &r)) }
        guard r.isAtEnd else { throw BinaryFormatError("\(bytes.count - r.offset) bytes left after \(n) events") }
        return events
    }

    private static func write(_ v: FourVector, _ w: inout BinaryWriter) {
        w.write(v.px); w.write(v.py); w.write(v.pz); w.write(v.e)
    }

    private static func readFourVector(_ r: inout BinaryReader) throws -> FourVector {
        FourVector(px: try r.readDouble(), py: try r.readDouble(), pz: try r.readDouble(), e: try r.readDouble())
    }
}

/// Bytes that are not what the binary form says they should be.
public struct BinaryFormatError: Error, CustomStringConvertible {
    public var description: String
    public init(_ d: String) { description = d }
}
