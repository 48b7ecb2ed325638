import Foundation

/// Builds one `GenEvent` from its E, U, W, A, P and V lines with the rules of HepMC3's
/// ReaderAscii (Asciiv3), checking as it goes what HepMC3 leaves unchecked.
///
/// The part that needs care is the vertex numbering. A P line names its parent either as a
/// vertex id (negative: a vertex with a V line, an "explicit" vertex), as 0 (no production
/// vertex), or as a particle id (positive): then the parent is that particle's end vertex,
/// made on first use if the particle has none — an "implicit" vertex, which the writer
/// leaves out for a vertex with one incoming particle, status 0 and no position. Implicit
/// vertices have no id in the file, but they count in the E line's vertex total and take the
/// ids the explicit ones leave free: in order of first appearance, the first implicit vertex
/// gets the free id closest to zero (−1, −2, …). Both HepMC3 3.2 (`ReaderAscii::read_event`,
/// the "bank of available ids") and 3.3 (the gap filling before `GenEvent::read_data`) number
/// them so; we do the same and index `GenEvent.vertices` by id (index = −id − 1).
struct HepMC3EventAssembly {
    var path = ""
    /// Largest particle or vertex count an E line may announce (bounded by the file size, so
    /// that a corrupt count cannot make us allocate without limit).
    var maxAnnounced = 50_000_000
    let powersOfFive = HepMC3NumberParsing.powersOfFive

    // The event being read.
    var eventLine = 0
    var eventNumber = 0
    var announcedVertices = 0
    var announcedParticles = 0
    var eventPosition = FourVector.zero
    var momentumUnit: GenEvent.MomentumUnit? = nil
    var lengthUnit = GenEvent.LengthUnit.MM
    var weights: [Double] = []
    var attributes: [GenAttribute] = []
    var particles: [GenParticle] = []
    var vertices: [GenVertex] = []
    /// HepMC3 ends an event at a W line once it has weights, and at an A line once it has
    /// particles or vertices: such lines open the next run-info block.
    var parsedWeights = false
    var parsedParticlesOrVertices = false

    // Scratch state, kept from event to event to reuse its memory.
    private static let hasVLine: UInt8 = 1
    private static let namedAsParent: UInt8 = 2
    private var vertexFlags: [UInt8] = []
    private var firstParentReferenceLine: [Int] = []
    /// Per particle: 0 no end vertex yet, k > 0 explicit vertex index k − 1,
    /// k < 0 implicit vertex number −k − 1 (in order of appearance).
    private var endVertexCode: [Int32] = []
    private var implicitMother: [Int] = []
    private var implicitOutgoing: [[Int]] = []
    /// `endVertexCode` of particles named before their own P line (as the mother of an
    /// implicit vertex, or in a V line's incoming list); rare.
    private var forwardEndVertexCode: [Int: Int32] = [:]
    private var incomingScratch: [Int] = []

    // MARK: Errors

    @inline(never)
    func error(_ kind: HepMC3Error.Kind, _ line: Int, _ message: String) -> HepMC3Error {
        HepMC3Error(kind, path: path, line: line, message)
    }

    @inline(never)
    func numberError(_ field: String, _ lineType: String, _ cursor: HepMC3LineCursor, _ line: Int) -> HepMC3Error {
        error(.badNumber, line, "expected a number for \(field) in \(lineType) line, found \(cursor.found())")
    }

    // MARK: E line: E number nvertices nparticles [@ x y z t]

    mutating func beginEvent(_ line: (UnsafePointer<UInt8>, Int), lineNumber: Int) throws(HepMC3Error) {
        var c = HepMC3LineCursor(line, from: 1, powersOfFive: powersOfFive)
        guard let number = c.int() else { throw numberError("the event number", "an E", c, lineNumber) }
        guard let nv = c.int() else { throw numberError("the vertex count", "an E", c, lineNumber) }
        guard let np = c.int() else { throw numberError("the particle count", "an E", c, lineNumber) }
        guard nv >= 0, np >= 0, nv <= maxAnnounced, np <= maxAnnounced else {
            throw error(.malformed, lineNumber, "E line announces \(nv) vertices and \(np) particles, more than the file can hold")
        }
        var position = FourVector.zero
        if c.consume(UInt8(ascii: "@")) {
            guard let x = c.double() else { throw numberError("the event x", "an E", c, lineNumber) }
            guard let y = c.double() else { throw numberError("the event y", "an E", c, lineNumber) }
            guard let z = c.double() else { throw numberError("the event z", "an E", c, lineNumber) }
            guard let t = c.double() else { throw numberError("the event t", "an E", c, lineNumber) }
            position = FourVector(px: x, py: y, pz: z, e: t)
        }
        c.skipBlanks()
        guard c.atEnd else { throw error(.malformed, lineNumber, "expected the end of the E line or \"@ x y z t\", found \(c.found())") }

        eventLine = lineNumber
        eventNumber = number
        announcedVertices = nv
        announcedParticles = np
        eventPosition = position
        momentumUnit = nil
        lengthUnit = .MM
        weights = []
        attributes = []
        particles = []
        particles.reserveCapacity(np)
        vertices = [GenVertex](repeating: GenVertex(), count: nv)
        parsedWeights = false
        parsedParticlesOrVertices = false

        vertexFlags.removeAll(keepingCapacity: true)
        vertexFlags.append(contentsOf: repeatElement(0, count: nv))
        firstParentReferenceLine.removeAll(keepingCapacity: true)
        firstParentReferenceLine.append(contentsOf: repeatElement(0, count: nv))
        endVertexCode.removeAll(keepingCapacity: true)
        endVertexCode.reserveCapacity(np)
        implicitMother.removeAll(keepingCapacity: true)
        implicitOutgoing.removeAll(keepingCapacity: true)
        forwardEndVertexCode.removeAll()
    }

    // MARK: U line: U GEV|MEV MM|CM

    mutating func units(_ line: (UnsafePointer<UInt8>, Int), lineNumber: Int) throws(HepMC3Error) {
        var c = HepMC3LineCursor(line, from: 1, powersOfFive: powersOfFive)
        let m = String(decoding: c.token(), as: UTF8.self)
        let l = String(decoding: c.token(), as: UTF8.self)
        guard let mu = GenEvent.MomentumUnit(rawValue: m) else {
            throw error(.malformed, lineNumber, "expected GEV or MEV as momentum unit in a U line, found \"\(m)\"")
        }
        guard let lu = GenEvent.LengthUnit(rawValue: l) else {
            throw error(.malformed, lineNumber, "expected MM or CM as length unit in a U line, found \"\(l)\"")
        }
        momentumUnit = mu
        lengthUnit = lu
    }

    // MARK: W line (in an event): W w1 w2 …

    mutating func weightValues(_ line: (UnsafePointer<UInt8>, Int), lineNumber: Int, names: [String]) throws(HepMC3Error) {
        var c = HepMC3LineCursor(line, from: 1, powersOfFive: powersOfFive)
        var values: [Double] = []
        while true {
            c.skipBlanks()
            if c.atEnd { break }
            guard let w = c.double() else { throw numberError("weight \(values.count + 1)", "a W", c, lineNumber) }
            values.append(w)
        }
        // HepMC3 throws here too (std::logic_error in parse_weight_values).
        if !names.isEmpty && names.count != values.count {
            throw error(.malformed, lineNumber, "W line has \(values.count) weights but the run info names \(names.count)")
        }
        weights = values
        parsedWeights = true
    }

    // MARK: A line (in an event): A owner name value

    mutating func attribute(_ line: (UnsafePointer<UInt8>, Int), lineNumber: Int) throws(HepMC3Error) {
        var c = HepMC3LineCursor(line, from: 1, powersOfFive: powersOfFive)
        guard let owner = c.int() else { throw numberError("the owner id", "an A", c, lineNumber) }
        let name = c.token()
        guard !name.isEmpty else { throw error(.malformed, lineNumber, "expected an attribute name in an A line") }
        // The value is everything after the one blank that follows the name, as HepMC3 3.2
        // reads it (the writer puts exactly one).
        guard !c.atEnd else { throw error(.malformed, lineNumber, "expected a value after the attribute name \"\(String(decoding: name, as: UTF8.self))\"") }
        c.p += 1
        attributes.append(GenAttribute(owner: owner, name: HepMC3Escaping.unescape(name),
                                       value: HepMC3Escaping.unescape(c.rest)))
    }

    // MARK: P line: P id parent pdg px py pz e m status

    mutating func particle(_ line: (UnsafePointer<UInt8>, Int), lineNumber: Int) throws(HepMC3Error) {
        guard momentumUnit != nil else { throw missingUnits(lineNumber, "P") }
        parsedParticlesOrVertices = true
        var c = HepMC3LineCursor(line, from: 1, powersOfFive: powersOfFive)
        let index = particles.count
        guard let id = c.int() else { throw numberError("the particle id", "a P", c, lineNumber) }
        guard id == index + 1 else {
            if id < 1 || id > announcedParticles {
                throw error(.malformed, lineNumber, "particle id \(id) is out of the range 1...\(announcedParticles) that the E line announced")
            }
            throw error(.malformed, lineNumber, "expected particle id \(index + 1) (P lines come in order), found \(id)")
        }
        guard let parent = c.int() else { throw numberError("the parent id", "a P", c, lineNumber) }
        guard let pdg = c.int() else { throw numberError("the PDG id", "a P", c, lineNumber) }
        guard let px = c.double() else { throw numberError("px", "a P", c, lineNumber) }
        guard let py = c.double() else { throw numberError("py", "a P", c, lineNumber) }
        guard let pz = c.double() else { throw numberError("pz", "a P", c, lineNumber) }
        guard let e = c.double() else { throw numberError("e", "a P", c, lineNumber) }
        guard let mass = c.double() else { throw numberError("the mass", "a P", c, lineNumber) }
        guard let status = c.int() else { throw numberError("the status", "a P", c, lineNumber) }

        var production: Int? = nil
        if parent < 0 {
            let slot = -parent - 1
            guard slot < announcedVertices else {
                throw error(.danglingReference, lineNumber, "P line names vertex \(parent) as parent, but the E line announced only \(announcedVertices) vertices")
            }
            if vertexFlags[slot] == 0 { firstParentReferenceLine[slot] = lineNumber }
            vertexFlags[slot] |= Self.namedAsParent
            vertices[slot].outgoing.append(index)
            production = slot
        } else if parent > 0 {
            let mother = parent - 1
            guard mother < announcedParticles else {
                throw error(.danglingReference, lineNumber, "P line names particle \(parent) as parent, but the E line announced only \(announcedParticles) particles")
            }
            production = attachToEndVertex(of: mother, child: index)
        }
        particles.append(GenParticle(pdgID: pdg, status: status,
                                     momentum: FourVector(px: px, py: py, pz: pz, e: e),
                                     generatedMass: mass, productionVertex: production, endVertex: nil))
        endVertexCode.append(forwardEndVertexCode.isEmpty ? 0 : forwardEndVertexCode.removeValue(forKey: index) ?? 0)
    }

    /// A P line whose parent is particle `mother`: the child comes out of the mother's end
    /// vertex, made (implicit) if it has none yet. Returns the vertex index when it is already
    /// known (an explicit vertex); implicit vertices get theirs at the end of the event.
    @inline(__always)
    private mutating func attachToEndVertex(of mother: Int, child: Int) -> Int? {
        let known = mother < endVertexCode.count
        let code = known ? endVertexCode[mother] : forwardEndVertexCode[mother] ?? 0
        if code > 0 {
            vertices[Int(code) - 1].outgoing.append(child)
            return Int(code) - 1
        }
        if code < 0 {
            implicitOutgoing[Int(-code) - 1].append(child)
            return nil
        }
        let newCode = Int32(-(implicitMother.count + 1))
        if known { endVertexCode[mother] = newCode } else { forwardEndVertexCode[mother] = newCode }
        implicitMother.append(mother)
        implicitOutgoing.append([child])
        return nil
    }

    // MARK: V line: V id status [in1,in2,...] [@ x y z t]

    mutating func vertex(_ line: (UnsafePointer<UInt8>, Int), lineNumber: Int) throws(HepMC3Error) {
        guard momentumUnit != nil else { throw missingUnits(lineNumber, "V") }
        parsedParticlesOrVertices = true
        var c = HepMC3LineCursor(line, from: 1, powersOfFive: powersOfFive)
        guard let id = c.int() else { throw numberError("the vertex id", "a V", c, lineNumber) }
        guard id < 0 && -id <= announcedVertices else {
            throw error(.malformed, lineNumber, "vertex id \(id) is out of the range -1...-\(announcedVertices) that the E line announced")
        }
        let slot = -id - 1
        guard vertexFlags[slot] & Self.hasVLine == 0 else {
            throw error(.malformed, lineNumber, "a second V line for vertex \(id)")
        }
        guard let status = c.int() else { throw numberError("the status", "a V", c, lineNumber) }
        guard c.consume(UInt8(ascii: "[")) else {
            throw error(.malformed, lineNumber, "expected \"[\" and the incoming particle ids in a V line, found \(c.found())")
        }
        incomingScratch.removeAll(keepingCapacity: true)
        var sorted = true
        while true {
            guard let p = c.listInt() else {
                // HepMC3 cannot read an empty list either: a vertex needs an incoming particle.
                throw numberError("an incoming particle id", "a V", c, lineNumber)
            }
            guard p >= 1 && p <= announcedParticles else {
                throw error(.danglingReference, lineNumber, "V line lists incoming particle \(p), but the E line announced particles 1...\(announcedParticles)")
            }
            if let last = incomingScratch.last, p <= last { sorted = false }
            incomingScratch.append(p - 1)
            if c.consume(UInt8(ascii: ",")) { continue }
            if c.consume(UInt8(ascii: "]")) { break }
            throw error(.malformed, lineNumber, "expected \",\" or \"]\" in the incoming list of a V line, found \(c.found())")
        }
        var position = FourVector.zero
        if c.consume(UInt8(ascii: "@")) {
            guard let x = c.double() else { throw numberError("x", "a V", c, lineNumber) }
            guard let y = c.double() else { throw numberError("y", "a V", c, lineNumber) }
            guard let z = c.double() else { throw numberError("z", "a V", c, lineNumber) }
            guard let t = c.double() else { throw numberError("t", "a V", c, lineNumber) }
            position = FourVector(px: x, py: y, pz: z, e: t)
        }
        c.skipBlanks()
        guard c.atEnd else { throw error(.malformed, lineNumber, "expected the end of the V line or \"@ x y z t\", found \(c.found())") }
        if !sorted {
            incomingScratch = Array(Set(incomingScratch)).sorted()
        }
        for p in incomingScratch {
            let known = p < endVertexCode.count
            guard (known ? endVertexCode[p] : forwardEndVertexCode[p] ?? 0) == 0 else {
                throw error(.malformed, lineNumber, "V line lists particle \(p + 1) as incoming, but it already ends in another vertex")
            }
            if known { endVertexCode[p] = Int32(slot + 1) } else { forwardEndVertexCode[p] = Int32(slot + 1) }
        }
        vertexFlags[slot] |= Self.hasVLine
        vertices[slot].status = status
        vertices[slot].position = position
        vertices[slot].incoming = ParticleIndices(incomingScratch)
    }

    @inline(never)
    private func missingUnits(_ lineNumber: Int, _ type: String) -> HepMC3Error {
        error(.missingUnits, lineNumber, "expected a U (units) line before the first \(type) line of event \(eventNumber) (E line at line \(eventLine))")
    }

    // MARK: End of the event

    /// Checks the event against its E line, numbers the implicit vertices, links both ends
    /// of every particle–vertex edge, converts to GeV and mm and hands the event out.
    /// `endLine` is the line number where the event ended (for messages).
    mutating func finish(endLine: Int, runInfo: GenRunInfo) throws(HepMC3Error) -> GenEvent {
        guard momentumUnit != nil else {
            throw error(.missingUnits, eventLine, "event \(eventNumber) has no U (units) line")
        }
        guard particles.count == announcedParticles else {
            throw error(.truncated, eventLine, "event \(eventNumber) announced \(announcedParticles) particles but has \(particles.count) P lines (event ends at line \(endLine))")
        }
        // Explicit vertices: named by a P line must mean a V line exists.
        var explicitCount = 0
        for slot in 0..<announcedVertices where vertexFlags[slot] != 0 {
            if vertexFlags[slot] & Self.hasVLine == 0 {
                throw error(.danglingReference, firstParentReferenceLine[slot], "P line names vertex \(-slot - 1) as parent, but event \(eventNumber) has no V line for it")
            }
            explicitCount += 1
        }
        let implicitCount = implicitMother.count
        if explicitCount + implicitCount != announcedVertices {
            let kind: HepMC3Error.Kind = explicitCount + implicitCount < announcedVertices ? .truncated : .malformed
            throw error(kind, eventLine, "event \(eventNumber) announced \(announcedVertices) vertices but has \(explicitCount) with V lines and \(implicitCount) implicit ones (event ends at line \(endLine))")
        }
        // Implicit vertices take the free ids, the first to appear the id closest to zero.
        var j = 0
        for slot in 0..<announcedVertices where vertexFlags[slot] == 0 {
            let mother = implicitMother[j]
            var outgoing: [Int] = []
            swap(&outgoing, &implicitOutgoing[j])
            for o in outgoing { particles[o].productionVertex = slot }
            endVertexCode[mother] = Int32(slot + 1)
            vertices[slot] = GenVertex(status: 0, position: .zero, incoming: ParticleIndices(mother), outgoing: ParticleIndices(outgoing))
            j += 1
        }
        for i in 0..<particles.count {
            let code = endVertexCode[i]
            if code > 0 { particles[i].endVertex = Int(code) - 1 }
        }
        // Outgoing lists are ascending already: P lines come in id order.
        convertToNativeUnits()

        var event = GenEvent(eventNumber: eventNumber, momentumUnit: momentumUnit!, lengthUnit: lengthUnit,
                             eventPosition: eventPosition, runInfo: runInfo)
        swap(&event.particles, &particles)
        swap(&event.vertices, &vertices)
        swap(&event.weights, &weights)
        swap(&event.attributes, &attributes)
        return event
    }

    /// The file's units → GeV and mm. Division by 1000 rather than HepMC3's multiplication
    /// by 0.001: it is correctly rounded, so MeV values that are whole GeV stay exact.
    private mutating func convertToNativeUnits() {
        if momentumUnit == .MEV {
            for i in particles.indices {
                particles[i].momentum = FourVector(px: particles[i].momentum.px / 1000, py: particles[i].momentum.py / 1000,
                                                   pz: particles[i].momentum.pz / 1000, e: particles[i].momentum.e / 1000)
                particles[i].generatedMass /= 1000
            }
        }
        if lengthUnit == .CM {
            for j in vertices.indices where vertices[j].position != .zero {
                vertices[j].position = vertices[j].position * 10
            }
            eventPosition = eventPosition * 10
        }
    }
}

/// HepMC3's escaping of free text in T, W and A lines: "\\" for a backslash and "\|" for a
/// newline (`WriterAscii::escape`, `ReaderAscii::unescape`).
enum HepMC3Escaping {
    static func unescape(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        if bytes.isEmpty { return "" }
        guard memchr(bytes.baseAddress!, 0x5C, bytes.count) != nil else {
            return String(decoding: bytes, as: UTF8.self)
        }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x5C && i + 1 < bytes.count {
                let next = bytes[i + 1]
                out.append(next == UInt8(ascii: "|") ? 0x0A : next)
                i += 2
            } else {
                out.append(b)
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func escape(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        for b in text.utf8 {
            switch b {
            case 0x5C: out.append(0x5C); out.append(0x5C)
            case 0x0A: out.append(0x5C); out.append(UInt8(ascii: "|"))
            default: out.append(b)
            }
        }
        return out
    }
}
