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
    /// The table flattened for the decay loop (``Flat``), built once.
    let flat: Flat
    /// Two-body phase-space decays written out in the decay loop (the same draws and
    /// arithmetic as through ``PhaseSpace``; false only in the test that checks exactly that).
    var twoBodyShortcut = true

    /// One channel as the decay loop reads it: branching fraction, the summed smallest
    /// daughter masses (``lowMass(_:)``), its daughters in ``Flat/daughters`` and the V − A
    /// pairing (a < 0: phase space).
    struct FlatChannel: Sendable {
        var branchingFraction: Double
        var lowMass: Double
        var firstDaughter: Int32
        var daughterCount: Int32
        var pairingA: Int32
        var pairingB: Int32
    }

    /// What the decay loop needs per id, in flat storage read through raw pointers: every
    /// final-state particle is asked whether it decays, and per decay the channel list, its
    /// low masses and the daughters were read from nested arrays (`[[Channel]?]`, `[[Double]]`),
    /// each access a retain and a release, ≈ 8 % of the decays' instructions in callgrind.
    /// Immutable after init.
    final class Flat: @unchecked Sendable {
        /// For |id| < ``DecayTable/denseLimit`` (index id + limit): first channel and channel
        /// count, count 0 when `id` does not decay here (no channels, or cτ above the limit).
        let ranges: UnsafeMutableBufferPointer<(Int32, Int32)>
        /// cτ (mm) per id, the same way (``HadronTable/ctau(_:)``), for the decay length.
        let ctau: UnsafeMutableBufferPointer<Double>
        let channels: UnsafeMutableBufferPointer<FlatChannel>
        let daughters: UnsafeMutableBufferPointer<Int>
        /// The same for ids beyond the dense range.
        let farRanges: [Int: (Int32, Int32)]

        init(table: DecayTable, maxCTauMM: Double) {
            let limit = DecayTable.denseLimit
            var channelList = [FlatChannel](), daughterList = [Int]()
            var dense = [(Int32, Int32)](repeating: (0, 0), count: 2 * limit)
            var far = [Int: (Int32, Int32)]()
            func add(_ id: Int) -> (Int32, Int32) {
                guard table.hasChannels(id), HadronTable.ctau(id) <= maxCTauMM, let list = table.channels(of: id) else { return (0, 0) }
                let first = Int32(channelList.count)
                for c in list {
                    channelList.append(FlatChannel(
                        branchingFraction: c.branchingFraction,
                        lowMass: c.daughters.reduce(0) { $0 + HadronDecays.lowMass($1, table: table) },
                        firstDaughter: Int32(daughterList.count), daughterCount: Int32(c.daughters.count),
                        pairingA: Int32(c.vMinusA?.a ?? -1), pairingB: Int32(c.vMinusA?.b ?? -1)))
                    daughterList.append(contentsOf: c.daughters)
                }
                return (first, Int32(list.count))
            }
            for id in (1 - limit)..<limit { dense[id + limit] = add(id) }
            for id in table.channels.keys where id >= limit {
                for signed in [id, -id] {
                    let r = add(signed)
                    if r.1 > 0 { far[signed] = r }
                }
            }
            ranges = .allocate(capacity: dense.count)
            _ = ranges.initialize(from: dense)
            ctau = .allocate(capacity: 2 * limit)
            for id in (1 - limit)..<limit { ctau[id + limit] = HadronTable.ctau(id) }
            ctau[0] = .infinity
            channels = .allocate(capacity: max(channelList.count, 1))
            _ = channels.initialize(from: channelList)
            daughters = .allocate(capacity: max(daughterList.count, 1))
            _ = daughters.initialize(from: daughterList)
            farRanges = far
        }

        deinit {
            ranges.deallocate(); ctau.deallocate(); channels.deallocate(); daughters.deallocate()
        }

        /// First channel and channel count of `id`; count 0 if it does not decay here.
        @inline(__always)
        func range(_ id: Int) -> (Int32, Int32) {
            let limit = DecayTable.denseLimit
            if id > -limit && id < limit { return ranges[id + limit] }
            return farRanges[id] ?? (0, 0)
        }

        @inline(__always)
        func cTau(_ id: Int) -> Double {
            let limit = DecayTable.denseLimit
            return id > -limit && id < limit ? ctau[id + limit] : HadronTable.ctau(id)
        }
    }

    public init(config: Config = Config(), table: DecayTable = .standard) {
        self.config = config
        self.table = table
        masses = HadronMasses()
        flat = Flat(table: table, maxCTauMM: config.maxCTauMM)
    }

    /// Whether `id` decays at generator level.
    public func decays(_ id: Int) -> Bool { flat.range(id).1 > 0 }

    /// Decays every particle of `event` with index ≥ `first` that should decay, and their
    /// products, appending daughters and vertices.
    public func callAsFunction(_ event: inout GenEvent, from first: Int, rng: inout RandomStream) {
        var momenta = [FourVector]()
        var dMasses = [Double]()
        var scratch = [Double]()
        momenta.reserveCapacity(10); dMasses.reserveCapacity(10); scratch.reserveCapacity(30)
        let flat = self.flat
        let channels = flat.channels, allDaughters = flat.daughters
        let shortcut = twoBodyShortcut
        var i = first
        while i < event.particles.count {
            defer { i += 1 }
            // Most particles are stable: decide from the id and status before copying one.
            let id = event.particles[i].pdgID
            guard event.particles[i].status == 1 else { continue }
            let (firstChannel32, count32) = flat.range(id)
            guard count32 > 0 else { continue }
            let firstChannel = Int(firstChannel32), count = Int(count32)
            let particle = event.particles[i]
            let mParent = particle.momentum.m
            // Channel: by branching fraction among the open ones.
            var chosen = -1
            for _ in 0..<50 {
                var u = rng.uniform01()
                var pick = count - 1
                for n in 0..<count {
                    u -= channels[firstChannel + n].branchingFraction
                    if u <= 0 { pick = n; break }
                }
                let c = channels[firstChannel + pick]
                if c.daughterCount == 1 || c.lowMass < mParent { chosen = pick; break }
            }
            if chosen < 0 {
                // The lightest channel (the first of equal ones).
                chosen = 0
                for n in 1..<count where channels[firstChannel + n].lowMass < channels[firstChannel + chosen].lowMass { chosen = n }
            }
            let channel = channels[firstChannel + chosen]
            let d0 = Int(channel.firstDaughter), nd = Int(channel.daughterCount)
            let start = particle.productionVertex.map { event.vertices[$0].position } ?? event.eventPosition
            let ctau = flat.cTau(id)
            if shortcut && nd == 2 && channel.pairingA < 0 {
                // Two bodies by phase space (most decays: π⁰, η → γγ, ρ → ππ, K* → Kπ …): the
                // mass draws and `PhaseSpace.decay`'s two-body branch written out here, the
                // same arithmetic and draws in the same order, without the arrays and the call.
                let da = allDaughters[d0], db = allDaughters[d0 + 1]
                var ma = 0.0, mb = 0.0, fits = false
                for attempt in 0..<30 {
                    if attempt < 29 {
                        ma = masses.sample(da, rng: &rng); mb = masses.sample(db, rng: &rng)
                    } else {
                        ma = HadronTable.mass(da); mb = HadronTable.mass(db)
                    }
                    if 0.0 + ma + mb < mParent { fits = true; break }
                }
                guard fits else { continue }
                let parent = particle.momentum
                let mRest = max(parent.m, 0)
                let p = TwoBodyDecay.restFrameMomentum(parentMass: mRest, ma, mb) ?? 0
                let dir = PhaseSpace.direction(rng: &rng)
                let pa = FourVector(dir * p, mass: ma).boostedToLab(of: parent, mass: mRest)
                let pb = FourVector(-(dir * p), mass: mb).boostedToLab(of: parent, mass: mRest)
                let position = Self.decayPosition(start: start, momentum: parent, mass: mParent, ctau: ctau, rng: &rng)
                let firstDaughter = event.particles.count
                event.addParticle(GenParticle(pdgID: da, status: 1, momentum: pa, generatedMass: ma))
                event.addParticle(GenParticle(pdgID: db, status: 1, momentum: pb, generatedMass: mb))
                event.particles[i].status = 2
                event.addVertex(position: position, incoming: ParticleIndices(i), outgoing: ParticleIndices(run: firstDaughter..<(firstDaughter + 2)))
                continue
            }
            // Daughter masses.
            var ok = false
            PhaseSpace.resize(&dMasses, to: nd, with: 0)
            for attempt in 0..<30 {
                var sum = 0.0
                for k in 0..<nd {
                    let d = allDaughters[d0 + k]
                    let m = attempt < 29 ? masses.sample(d, rng: &rng) : HadronTable.mass(d)
                    dMasses[k] = m; sum += m
                }
                if sum < mParent || nd == 1 { ok = true; break }
            }
            guard ok else { continue }
            if channel.pairingA >= 0 {
                let pairing = WeakDecayMatrixElement.Pairing(a: Int(channel.pairingA), b: Int(channel.pairingB))
                WeakDecayMatrixElement.decay(particle.momentum, masses: dMasses, pairing: pairing, into: &momenta, scratch: &scratch, rng: &rng)
            } else {
                PhaseSpace.decay(particle.momentum, masses: dMasses, into: &momenta, scratch: &scratch, rng: &rng)
            }
            let position = Self.decayPosition(start: start, momentum: particle.momentum, mass: mParent, ctau: ctau, rng: &rng)
            // The daughters get consecutive indices.
            let firstDaughter = event.particles.count
            for k in 0..<nd {
                event.addParticle(GenParticle(pdgID: allDaughters[d0 + k], status: 1, momentum: momenta[k], generatedMass: dMasses[k]))
            }
            event.particles[i].status = 2
            event.addVertex(position: position, incoming: ParticleIndices(i),
                            outgoing: ParticleIndices(run: firstDaughter..<(firstDaughter + nd)))
        }
    }

    /// Where a particle of four-momentum `momentum` and mass `mass` produced at `start`
    /// decays: start + (p⃗/m) l in space and (E/m) l in c·t, l ~ exp(−l/cτ)/cτ (no draw, and
    /// `start`, for cτ = 0, an infinite cτ or a massless particle).
    @inline(__always)
    static func decayPosition(start: FourVector, momentum p: FourVector, mass: Double, ctau: Double,
                              rng: inout RandomStream) -> FourVector {
        guard ctau > 0 && ctau.isFinite && mass > 0 else { return start }
        let k = rng.exponential(mean: ctau) / mass
        return FourVector(px: start.px + p.px * k, py: start.py + p.py * k, pz: start.pz + p.pz * k, e: start.e + p.e * k)
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
