import Foundation
import EventModel

/// Decays of unstable hadrons and τ leptons in a ``GenEvent``, recursively, where they
/// happen in the lab:
///
/// * a particle decays if it has channels in ``DecayTable`` and its mean proper decay
///   length is at most ``Config/maxCTauMM`` (10 mm, the ATLAS generator-level convention and
///   the reference's `ParticleDecays:limitTau0 = on, tau0Max = 10`): K⁰S, K⁰L, Λ, Σ±, Ξ, Ω, n,
///   π±, K± and μ stay stable (status 1);
/// * the proper decay length l is drawn from exp(−l/cτ)/cτ (cτ from PDG 2024 via
///   ``HadronTable``), and the decay vertex is the production vertex plus (p⃗/m) l in space and
///   (E/m) l in c·t (L = βγ cτ on average);
/// * the channel is drawn by branching fraction among those open at the parent's mass;
///   resonant daughters get Breit–Wigner masses (``HadronMasses``); momenta by phase space
///   (``PhaseSpace``), weighted by the V − A matrix element for semileptonic and leptonic
///   weak decays (``WeakDecayMatrixElement``), so four-momentum is conserved at every vertex.
///
/// The decayed particle gets status 2; its daughters status 1 until they decay in turn.
public struct HadronDecays: Sendable {
    public struct Config: Sendable, Equatable {
        /// Particles with cτ above this (mm) are stable.
        public var maxCTauMM = 10.0
        public init() {}
    }

    public let config: Config
    public let table: DecayTable
    public let masses: HadronMasses
    /// For |id| < ``DecayTable/denseLimit`` (index id + limit): whether it decays here, and the
    /// summed smallest daughter masses of each channel (``lowMass(_:)``), worked out once: every
    /// final-state particle is asked, and the table lookups per daughter cost more than the
    /// decision.
    let denseDecays: [Bool]
    let denseChannelLowMass: [[Double]]
    /// cτ (mm) per id, the same way (``HadronTable/ctau(_:)``), for the decay length.
    let denseCTau: [Double]

    public init(config: Config = Config(), table: DecayTable = .standard) {
        self.config = config
        self.table = table
        masses = HadronMasses()
        let limit = DecayTable.denseLimit
        var decaysHere = [Bool](repeating: false, count: 2 * limit)
        var lowMasses = [[Double]](repeating: [], count: 2 * limit)
        var ctaus = [Double](repeating: .infinity, count: 2 * limit)
        for id in (1 - limit)..<limit {
            ctaus[id + limit] = HadronTable.ctau(id)
            decaysHere[id + limit] = table.hasChannels(id) && HadronTable.ctau(id) <= config.maxCTauMM
            guard let channels = table.channels(of: id) else { continue }
            lowMasses[id + limit] = channels.map { c in c.daughters.reduce(0) { $0 + Self.lowMass($1, table: table) } }
        }
        denseDecays = decaysHere
        denseChannelLowMass = lowMasses
        denseCTau = ctaus
    }

    /// Whether `id` decays at generator level.
    public func decays(_ id: Int) -> Bool {
        let limit = DecayTable.denseLimit
        if id > -limit && id < limit { return denseDecays[id + limit] }
        return table.hasChannels(id) && HadronTable.ctau(id) <= config.maxCTauMM
    }

    /// The summed smallest daughter masses of each channel of `id`, in the table's order.
    func channelLowMasses(_ id: Int, _ channels: [DecayTable.Channel]) -> [Double] {
        let limit = DecayTable.denseLimit
        if id > -limit && id < limit { return denseChannelLowMass[id + limit] }
        return channels.map { c in c.daughters.reduce(0) { $0 + lowMass($1) } }
    }

    /// Decays every particle of `event` with index ≥ `first` that should decay, and their
    /// products, appending daughters and vertices.
    public func callAsFunction(_ event: inout GenEvent, from first: Int, rng: inout RandomStream) {
        var momenta = [FourVector]()
        var dMasses = [Double]()
        var scratch = [Double]()
        momenta.reserveCapacity(10); dMasses.reserveCapacity(10); scratch.reserveCapacity(30)
        var i = first
        while i < event.particles.count {
            defer { i += 1 }
            // Most particles are stable: decide from the id and status before copying one.
            let id = event.particles[i].pdgID
            guard event.particles[i].status == 1, decays(id), let channels = table.channels(of: id) else { continue }
            let particle = event.particles[i]
            let mParent = particle.momentum.m
            let lowMasses = channelLowMasses(id, channels)
            // Channel: by branching fraction among the open ones. (Channels are read in place,
            // by index: a `for c in channels` copy retains and releases each daughter list.)
            var chosen = -1
            for _ in 0..<50 {
                var u = rng.uniform01()
                var pick = channels.count - 1
                for n in channels.indices {
                    u -= channels[n].branchingFraction
                    if u <= 0 { pick = n; break }
                }
                if channels[pick].daughters.count == 1 || lowMasses[pick] < mParent { chosen = pick; break }
            }
            if chosen < 0 {
                // The lightest channel (the first of equal ones).
                chosen = lowMasses.indices.min { lowMasses[$0] < lowMasses[$1] } ?? -1
            }
            guard chosen >= 0 else { continue }
            let daughters = channels[chosen].daughters
            // Daughter masses.
            var ok = false
            PhaseSpace.resize(&dMasses, to: daughters.count, with: 0)
            for attempt in 0..<30 {
                var sum = 0.0
                for k in daughters.indices {
                    let d = daughters[k]
                    let m = attempt < 29 ? masses.sample(d, rng: &rng) : HadronTable.mass(d)
                    dMasses[k] = m; sum += m
                }
                if sum < mParent || daughters.count == 1 { ok = true; break }
            }
            guard ok else { continue }
            if let pairing = channels[chosen].vMinusA {
                WeakDecayMatrixElement.decay(particle.momentum, masses: dMasses, pairing: pairing, into: &momenta, scratch: &scratch, rng: &rng)
            } else {
                PhaseSpace.decay(particle.momentum, masses: dMasses, into: &momenta, scratch: &scratch, rng: &rng)
            }
            // Where: production vertex + (p⃗/m) l.
            let start = particle.productionVertex.map { event.vertices[$0].position } ?? event.eventPosition
            let ctau = id > -DecayTable.denseLimit && id < DecayTable.denseLimit ? denseCTau[id + DecayTable.denseLimit] : HadronTable.ctau(id)
            var position = start
            if ctau > 0 && ctau.isFinite && mParent > 0 {
                let k = rng.exponential(mean: ctau) / mParent
                let p = particle.momentum
                position = FourVector(px: start.px + p.px * k, py: start.py + p.py * k, pz: start.pz + p.pz * k, e: start.e + p.e * k)
            }
            // The daughters get consecutive indices.
            let firstDaughter = event.particles.count
            for k in daughters.indices {
                event.addParticle(GenParticle(pdgID: daughters[k], status: 1, momentum: momenta[k], generatedMass: dMasses[k]))
            }
            event.particles[i].status = 2
            event.addVertex(position: position, incoming: [i],
                            outgoing: Self.consecutive(firstDaughter, daughters.count))
        }
    }

    /// The indices first ..< first + n as an array. Array literals cost one allocation with
    /// the element type known at compile time; `Array(range)`, `init(repeating:count:)` and
    /// growing an empty array go through the library's unspecialized code, which looks the
    /// storage type up at run time and cost 3–4 times as much (callgrind) — per decay vertex.
    @inline(__always)
    static func consecutive(_ first: Int, _ n: Int) -> [Int] {
        switch n {
        case 1: return [first]
        case 2: return [first, first + 1]
        case 3: return [first, first + 1, first + 2]
        case 4: return [first, first + 1, first + 2, first + 3]
        default: return Array(first..<(first + n))
        }
    }

    /// The smallest mass a daughter can take: its nominal mass, less 2Γ for a broad one
    /// (never below its own lightest channel).
    func lowMass(_ id: Int) -> Double { Self.lowMass(id, table: table) }

    static func lowMass(_ id: Int, table: DecayTable) -> Double {
        let m = HadronTable.mass(id), w = HadronTable.width(id)
        guard w > 1e-3 else { return m }
        return max(m - 2 * w, table.threshold(id) + 0.01)
    }
}
