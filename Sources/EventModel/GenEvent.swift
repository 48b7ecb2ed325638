import Foundation

/// One particle of the generator record: what the event generator produced, before any
/// detector. Momenta and masses are in GeV (native units, `Units.swift`), whatever units the
/// file used.
///
/// The record is a graph, as in HepMC3 (Buckley et al., Comput. Phys. Commun. 260 (2021)
/// 107310, doi:10.1016/j.cpc.2020.107310): a particle leaves one production vertex and may
/// end in one end vertex. Links are indices into `GenEvent.vertices`, so the record is a plain
/// value that copies, compares and crosses MPI as bytes.
public struct GenParticle: Hashable, Sendable, Codable {
    /// PDG Monte Carlo particle number (PDG RPP, "Monte Carlo particle numbering scheme"):
    /// 11 e⁻, 13 μ⁻, 5 b, 25 the Higgs boson, 35 the long-lived scalar s of the CalRatio signal.
    public var pdgID: Int
    /// HepMC status: 1 final state (stable, enters the detector), 2 decayed by the generator,
    /// 4 beam particle; other values are generator-specific history entries (Pythia: 11–200).
    public var status: Int
    /// Four-momentum (px, py, pz, E) in GeV.
    public var momentum: FourVector
    /// The mass the generator assigned, in GeV (kept apart from √(E² − p²), which rounding
    /// and off-shell propagators make differ).
    public var generatedMass: Double
    /// Index in `GenEvent.vertices` of the vertex the particle comes out of; nil for a root
    /// particle such as a beam proton.
    public var productionVertex: Int?
    /// Index in `GenEvent.vertices` of the vertex where it decays or interacts; nil if it
    /// leaves the event (a stable particle).
    public var endVertex: Int?

    public init(pdgID: Int, status: Int, momentum: FourVector, generatedMass: Double,
                productionVertex: Int? = nil, endVertex: Int? = nil) {
        self.pdgID = pdgID
        self.status = status
        self.momentum = momentum
        self.generatedMass = generatedMass
        self.productionVertex = productionVertex
        self.endVertex = endVertex
    }

    /// Status 1: a final-state particle, the input to the detector simulation.
    @inlinable public var isStable: Bool { status == 1 }
    /// |PDG id|: particle and antiparticle alike.
    @inlinable public var absPDGID: Int { abs(pdgID) }
}

/// A point of the record where particles meet: a decay, a splitting, a hadronization
/// string. Position (x, y, z) in mm and c·t in mm, as HepMC3 stores it (`FourVector.position`,
/// `.timeNS`). A zero position means "not set": HepMC3 then takes the position of the
/// ancestors (`GenEvent.resolvedPosition(ofVertex:)`).
public struct GenVertex: Hashable, Sendable, Codable {
    /// HepMC vertex status; 0 unless the generator says otherwise.
    public var status: Int
    /// (x, y, z, c·t) in mm; `.zero` when the file gave none.
    public var position: FourVector
    /// Indices in `GenEvent.particles` of the particles that end here, ascending.
    public var incoming: ParticleIndices
    /// Indices in `GenEvent.particles` of the particles produced here, ascending.
    public var outgoing: ParticleIndices

    public init(status: Int = 0, position: FourVector = .zero, incoming: ParticleIndices = [], outgoing: ParticleIndices = []) {
        self.status = status
        self.position = position
        self.incoming = incoming
        self.outgoing = outgoing
    }
}

/// A named string attached to the event, a particle or a vertex (HepMC3 `A` lines): colour
/// flow (`flow1`, `flow2`), PDF information (`GenPdfInfo`), cross-section, scales …
/// Kept as the file's text so that a read–write round trip is exact.
public struct GenAttribute: Hashable, Sendable, Codable {
    /// HepMC id of the owner: 0 the event, k > 0 particle k (index k − 1), k < 0 vertex k
    /// (index −k − 1).
    public var owner: Int
    public var name: String
    public var value: String

    public init(owner: Int = 0, name: String, value: String) {
        self.owner = owner
        self.name = name
        self.value = value
    }

    /// Who owns the attribute, in terms of indices into the event's arrays.
    public enum Owner: Hashable, Sendable {
        case event
        case particle(Int)
        case vertex(Int)
    }

    public var ownerKind: Owner {
        if owner > 0 { return .particle(owner - 1) }
        if owner < 0 { return .vertex(-owner - 1) }
        return .event
    }
}

/// What a run shares with all its events (HepMC3 `GenRunInfo`): the names of the event
/// weights, the tools that made the events (generator name, version, description: `T` lines)
/// and run-level attributes.
public struct GenRunInfo: Hashable, Sendable, Codable {
    public struct Tool: Hashable, Sendable, Codable {
        public var name: String
        public var version: String
        public var description: String
        public init(name: String, version: String, description: String) {
            self.name = name
            self.version = version
            self.description = description
        }
    }

    /// A run-level attribute, by name (HepMC3 keeps one value per name).
    public struct Attribute: Hashable, Sendable, Codable {
        public var name: String
        public var value: String
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// One name per entry of `GenEvent.weights`; names contain no white space.
    public var weightNames: [String]
    public var tools: [Tool]
    public var attributes: [Attribute]

    public init(weightNames: [String] = [], tools: [Tool] = [], attributes: [Attribute] = []) {
        self.weightNames = weightNames
        self.tools = tools
        self.attributes = attributes
    }

    public var isEmpty: Bool { weightNames.isEmpty && tools.isEmpty && attributes.isEmpty }
}

/// One generated collision: the generator's full record as a graph of particles and
/// vertices, in native units (GeV, mm, c·t in mm). This is what Generation produces and
/// Simulation consumes (DESIGN.md §1), and what a HepMC3 file holds per event.
///
/// Particles and vertices are referred to by index (0-based). In a HepMC3 file the same
/// objects have ids: particle index i is id i + 1, vertex index j is id −(j + 1).
public struct GenEvent: Hashable, Sendable, Codable {
    /// Momentum unit of the HepMC3 file (values in memory are always GeV).
    public enum MomentumUnit: String, Hashable, Sendable, Codable {
        case GEV, MEV
        /// Size of the unit in GeV.
        public var inGeV: Double { self == .GEV ? GeV : MeV }
    }

    /// Length unit of the HepMC3 file (values in memory are always mm).
    public enum LengthUnit: String, Hashable, Sendable, Codable {
        case MM, CM
        /// Size of the unit in mm.
        public var inMM: Double { self == .MM ? mm : cm }
    }

    public var eventNumber: Int
    public var particles: [GenParticle]
    public var vertices: [GenVertex]
    /// Event weights; `runInfo.weightNames` names them when it is not empty.
    public var weights: [Double]
    /// Units the event was read in, and will be written in.
    public var momentumUnit: MomentumUnit
    public var lengthUnit: LengthUnit
    /// Where the whole event sits ((x, y, z, c·t) in mm): the HepMC3 event shift (`E … @`),
    /// the position of particles without production vertex.
    public var eventPosition: FourVector
    /// Event-, particle- and vertex-level attributes in file order. HepMC3 keeps one value
    /// per (owner, name); `attribute(_:owner:)` returns the last, as HepMC3 does.
    public var attributes: [GenAttribute]
    public var runInfo: GenRunInfo

    public init(eventNumber: Int = 0, particles: [GenParticle] = [], vertices: [GenVertex] = [],
                weights: [Double] = [], momentumUnit: MomentumUnit = .GEV, lengthUnit: LengthUnit = .MM,
                eventPosition: FourVector = .zero, attributes: [GenAttribute] = [],
                runInfo: GenRunInfo = GenRunInfo()) {
        self.eventNumber = eventNumber
        self.particles = particles
        self.vertices = vertices
        self.weights = weights
        self.momentumUnit = momentumUnit
        self.lengthUnit = lengthUnit
        self.eventPosition = eventPosition
        self.attributes = attributes
        self.runInfo = runInfo
    }
}

// MARK: - Navigation

extension GenEvent {
    /// Indices of the final-state (status 1) particles: what enters the detector.
    public var stableParticleIndices: [Int] {
        particles.indices.filter { particles[$0].status == 1 }
    }

    /// The final-state (status 1) particles.
    public var stableParticles: [GenParticle] { particles.filter { $0.status == 1 } }

    /// Indices of the particles with |PDG id| = `absPDGID` (e.g. 35 for the long-lived scalar,
    /// 5 for b quarks of either charge).
    public func particleIndices(withAbsPDGID absPDGID: Int) -> [Int] {
        let wanted = abs(absPDGID)
        return particles.indices.filter { abs(particles[$0].pdgID) == wanted }
    }

    /// Indices of the particles made where particle `index` ends (its decay products);
    /// empty for a particle without end vertex.
    public func children(of index: Int) -> ParticleIndices {
        guard let v = particles[index].endVertex else { return [] }
        return vertices[v].outgoing
    }

    /// Indices of the particles that meet where particle `index` is produced (its mothers);
    /// empty for a root particle.
    public func parents(of index: Int) -> ParticleIndices {
        guard let v = particles[index].productionVertex else { return [] }
        return vertices[v].incoming
    }

    /// Position of a vertex as HepMC3's `GenVertex::position()` gives it: its own if set,
    /// else that of the production vertex of its first incoming particle (recursively), else
    /// the event position. This is where a particle without own vertex position was made.
    public func resolvedPosition(ofVertex index: Int) -> FourVector {
        var v = index
        // A well-formed record is acyclic; the step limit only guards against a malformed one.
        for _ in 0...vertices.count {
            let vertex = vertices[v]
            if vertex.position != .zero { return vertex.position }
            guard let first = vertex.incoming.first, let up = particles[first].productionVertex else { break }
            v = up
        }
        return eventPosition
    }

    /// The value of the last attribute called `name` of `owner` (HepMC id: 0 the event,
    /// i + 1 particle i, −(j + 1) vertex j), or nil.
    public func attribute(_ name: String, owner: Int = 0) -> String? {
        attributes.last { $0.owner == owner && $0.name == name }?.value
    }
}

// MARK: - Building

extension GenEvent {
    /// Appends a particle and returns its index. Links are made by `addVertex`.
    @discardableResult
    public mutating func addParticle(_ particle: GenParticle) -> Int {
        particles.append(particle)
        return particles.count - 1
    }

    /// Appends a vertex joining existing particles and returns its index: `incoming` get it
    /// as end vertex, `outgoing` as production vertex.
    @discardableResult
    public mutating func addVertex(status: Int = 0, position: FourVector = .zero,
                                   incoming: consuming [Int], outgoing: consuming [Int]) -> Int {
        // Generators pass indices in ascending order almost always: sort only when needed.
        if !Self.isAscending(incoming) { incoming.sort() }
        if !Self.isAscending(outgoing) { outgoing.sort() }
        return appendVertex(status: status, position: position,
                            incoming: ParticleIndices(incoming), outgoing: ParticleIndices(outgoing))
    }

    /// Appends a vertex joining existing particles, given as ascending `ParticleIndices`
    /// (a decay's daughters as `ParticleIndices(run:)`: no array is made), and returns its index.
    @discardableResult
    public mutating func addVertex(status: Int = 0, position: FourVector = .zero,
                                   incoming: ParticleIndices, outgoing: ParticleIndices) -> Int {
        precondition((incoming.list.map(Self.isAscending) ?? true) && (outgoing.list.map(Self.isAscending) ?? true),
                     "addVertex: particle indices must be ascending")
        return appendVertex(status: status, position: position, incoming: incoming, outgoing: outgoing)
    }

    /// Links and appends a vertex whose lists are known to be ascending (both `addVertex`
    /// forms end here; the array form has just sorted, so it skips the check).
    private mutating func appendVertex(status: Int, position: FourVector,
                                       incoming: ParticleIndices, outgoing: ParticleIndices) -> Int {
        let index = vertices.count
        Self.link(&particles, vertex: index, incoming: incoming, outgoing: outgoing)
        vertices.append(GenVertex(status: status, position: position, incoming: incoming, outgoing: outgoing))
        return index
    }

    /// Sets the end vertex of `incoming` and the production vertex of `outgoing` to `vertex`,
    /// through one buffer access (one uniqueness check, not one per particle); an index out
    /// of range traps as the subscript would.
    static func link(_ particles: inout [GenParticle], vertex: Int, incoming: ParticleIndices, outgoing: ParticleIndices) {
        particles.withUnsafeMutableBufferPointer { p in
            for i in incoming {
                precondition(i >= 0 && i < p.count, "addVertex: incoming particle \(i) out of range")
                p[i].endVertex = vertex
            }
            for o in outgoing {
                precondition(o >= 0 && o < p.count, "addVertex: outgoing particle \(o) out of range")
                p[o].productionVertex = vertex
            }
        }
    }

    static func isAscending(_ a: [Int]) -> Bool {
        var k = 1
        while k < a.count {
            if a[k - 1] > a[k] { return false }
            k += 1
        }
        return true
    }

    /// Adds an attribute (owner is a HepMC id: 0 the event, i + 1 particle i, −(j + 1) vertex j).
    public mutating func addAttribute(_ name: String, _ value: String, owner: Int = 0) {
        attributes.append(GenAttribute(owner: owner, name: name, value: value))
    }

    /// The first broken link, described, or nil when every particle–vertex link is present
    /// from both ends and every index is in range.
    public var linkProblem: String? {
        for (j, v) in vertices.enumerated() {
            for i in v.incoming {
                guard particles.indices.contains(i) else { return "vertex \(j) has incoming particle \(i) out of range" }
                if particles[i].endVertex != j { return "vertex \(j) lists particle \(i) as incoming, but its end vertex is \(String(describing: particles[i].endVertex))" }
            }
            for o in v.outgoing {
                guard particles.indices.contains(o) else { return "vertex \(j) has outgoing particle \(o) out of range" }
                if particles[o].productionVertex != j { return "vertex \(j) lists particle \(o) as outgoing, but its production vertex is \(String(describing: particles[o].productionVertex))" }
            }
        }
        for (i, p) in particles.enumerated() {
            if let v = p.productionVertex, !(vertices.indices.contains(v) && vertices[v].outgoing.contains(i)) {
                return "particle \(i) has production vertex \(v), which does not list it"
            }
            if let v = p.endVertex, !(vertices.indices.contains(v) && vertices[v].incoming.contains(i)) {
                return "particle \(i) has end vertex \(v), which does not list it"
            }
        }
        return nil
    }
}
