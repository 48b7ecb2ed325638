import EventModel
import Foundation

/// The per-object state of the N² algorithms, one 48-byte record per live object as in
/// FastJet's `BriefJet`/`TiledJet`: what a nearest-neighbour scan reads sits in one cache line.
struct BriefJet {
    /// Rapidity, FastJet convention.
    var y: Double
    /// Azimuth in [0, 2π).
    var phi: Double
    /// pT^{2p} (`JetDefinition.momentumScale`).
    var scale: Double
    /// ΔR² to the nearest neighbour, R² when there is none within R.
    var nnDist: Double
    /// Slot of the nearest neighbour, −1 for none (the beam). (Tiled strategies: slots are
    /// storage positions in tile order, `ClusteringWorkspace.fastJetIndex`.)
    var nn: Int32
    /// Links of the tile's list (tiled strategies), −1 at the ends.
    var next: Int32
    var previous: Int32
    var tile: Int32
}

/// A jet that reached the beam: slot state copied out at that moment.
struct BeamJet {
    var momentum: FourVector
    /// First input of its constituent list (`ClusteringWorkspace.constituentNext` links the rest).
    var firstConstituent: Int32
    /// d_iB as FastJet records it in its history, (R²·pT^{2p})·(1/R²): it can differ from
    /// pT^{2p} in the last bit, which matters for FastJet's kt `inclusive_jets(ptmin)`.
    var beamDistance: Double
}

/// Reusable storage for clustering: all arrays are allocated once and grown on demand, so
/// clustering event after event does not allocate in its loops.
final class ClusteringWorkspace {
    private(set) var capacity = 0
    var jets: UnsafeMutablePointer<BriefJet>
    var momenta: UnsafeMutablePointer<FourVector>
    /// Per slot: head and tail of its constituent list (input indices).
    var listHead: UnsafeMutablePointer<Int32>
    var listTail: UnsafeMutablePointer<Int32>
    /// Per input: the next input of the same jet, −1 at the end.
    var constituentNext: UnsafeMutablePointer<Int32>
    /// diJ per slot (plain), or the compact (diJ, slot) table of the linear tiled scan.
    var distances: UnsafeMutablePointer<Double>
    var tableSlots: UnsafeMutablePointer<Int32>
    var tablePositions: UnsafeMutablePointer<Int32>
    /// Minimum of each block of 16 consecutive entries of the linear tiled table.
    var blockMinima: UnsafeMutablePointer<Double>
    /// Jets whose diJ must be refreshed at the end of a step, and their flags.
    var updateList: UnsafeMutablePointer<Int32>
    var updateFlags: UnsafeMutablePointer<Bool>
    /// Tiled strategies: objects are stored in tile order (`jets`, `momenta`, lists indexed by
    /// storage position), while FastJet's tie rules need its own numbering — the input order.
    /// `fastJetIndex[position]` and `position[fastJetIndex]` translate.
    var fastJetIndex: UnsafeMutablePointer<Int32>
    var position: UnsafeMutablePointer<Int32>
    /// Scratch for reordering.
    var spareJets: UnsafeMutablePointer<BriefJet>
    var heap = TournamentMinHeap(capacity: 16)
    var tiling = Tiling()
    /// The jets that reached the beam so far, in that order (at most one per input).
    var beamJets: UnsafeMutablePointer<BeamJet>
    var beamJetCount = 0
    /// (pT², rank) of the inclusive jets, for sorting them.
    private var sortKeys: [(pt2: Double, rank: Int)] = []

    init() {
        jets = .allocate(capacity: 1)
        momenta = .allocate(capacity: 1)
        listHead = .allocate(capacity: 1)
        listTail = .allocate(capacity: 1)
        constituentNext = .allocate(capacity: 1)
        distances = .allocate(capacity: 1)
        tableSlots = .allocate(capacity: 1)
        tablePositions = .allocate(capacity: 1)
        blockMinima = .allocate(capacity: 2)
        beamJets = .allocate(capacity: 1)
        updateList = .allocate(capacity: 1)
        updateFlags = .allocate(capacity: 1)
        fastJetIndex = .allocate(capacity: 1)
        position = .allocate(capacity: 1)
        spareJets = .allocate(capacity: 1)
        capacity = 1
    }

    deinit {
        freeAll()
        heap.deallocate()
        tiling.deallocate()
    }

    private func freeAll() {
        jets.deallocate(); momenta.deallocate(); listHead.deallocate(); listTail.deallocate()
        constituentNext.deallocate(); distances.deallocate(); tableSlots.deallocate()
        tablePositions.deallocate(); updateList.deallocate(); updateFlags.deallocate()
        fastJetIndex.deallocate(); position.deallocate(); spareJets.deallocate(); blockMinima.deallocate()
        beamJets.deallocate()
    }

    func reserve(_ n: Int) {
        guard n > capacity else { return }
        freeAll()
        capacity = n
        jets = .allocate(capacity: n)
        momenta = .allocate(capacity: n)
        listHead = .allocate(capacity: n)
        listTail = .allocate(capacity: n)
        constituentNext = .allocate(capacity: n)
        distances = .allocate(capacity: n)
        tableSlots = .allocate(capacity: n)
        tablePositions = .allocate(capacity: n)
        blockMinima = .allocate(capacity: n / 16 + 2)
        beamJets = .allocate(capacity: n)
        updateList = .allocate(capacity: n)
        updateFlags = .allocate(capacity: n)
        fastJetIndex = .allocate(capacity: n)
        position = .allocate(capacity: n)
        spareJets = .allocate(capacity: n)
    }

    // MARK: Shared steps

    /// Loads input i into slot i: momentum, (y, φ, scale), no neighbour, a one-element list.
    @inline(__always)
    func load(_ inputs: UnsafeBufferPointer<FourVector>, _ definition: JetDefinition, r2: Double) {
        for i in 0..<inputs.count {
            let p = inputs[i]
            momenta[i] = p
            jets[i] = BriefJet(y: p.fastJetRapidity, phi: p.fastJetPhi,
                               scale: definition.momentumScale(pt2: p.px * p.px + p.py * p.py),
                               nnDist: r2, nn: -1, next: -1, previous: -1, tile: 0)
            listHead[i] = Int32(i)
            listTail[i] = Int32(i)
            constituentNext[i] = -1
        }
    }

    /// Sets slot `s`'s clustering variables from its momentum, with no neighbour.
    @inline(__always)
    func refresh(_ s: Int, _ definition: JetDefinition, r2: Double) {
        let p = momenta[s]
        jets[s].y = p.fastJetRapidity
        jets[s].phi = p.fastJetPhi
        jets[s].scale = definition.momentumScale(pt2: p.px * p.px + p.py * p.py)
        jets[s].nnDist = r2
        jets[s].nn = -1
    }

    /// E-scheme merge of slot a into slot b: p_b ← p_a + p_b, constituent lists joined.
    @inline(__always)
    func merge(_ a: Int, into b: Int) {
        let pa = momenta[a], pb = momenta[b]
        momenta[b] = FourVector(px: pa.px + pb.px, py: pa.py + pb.py, pz: pa.pz + pb.pz, e: pa.e + pb.e)
        constituentNext[Int(listTail[b])] = listHead[a]
        listTail[b] = listTail[a]
    }

    @inline(__always)
    func recordBeamJet(_ a: Int, beamDistance: Double) {
        beamJets[beamJetCount] = BeamJet(momentum: momenta[a], firstConstituent: listHead[a], beamDistance: beamDistance)
        beamJetCount += 1
    }

    /// ΔR² in (y, φ) as FastJet's `_bj_dist`: Δφ = |φ_a − φ_b|, folded to 2π − Δφ above π.
    @inline(__always)
    static func distance(_ a: UnsafeMutablePointer<BriefJet>, _ b: UnsafeMutablePointer<BriefJet>) -> Double {
        var dphi = abs(a.pointee.phi - b.pointee.phi)
        let dy = a.pointee.y - b.pointee.y
        if dphi > Double.pi { dphi = 2 * Double.pi - dphi }
        return dphi * dphi + dy * dy
    }

    /// d_iJ · R² of slot s: ΔR²_{s,NN} · min(scale_s, scale_NN), or R² · scale_s without a neighbour.
    @inline(__always)
    func scaledDistance(_ s: Int) -> Double {
        let j = jets + s
        var k = j.pointee.scale
        let nn = Int(j.pointee.nn)
        if nn >= 0 {
            let kn = jets[nn].scale
            if kn < k { k = kn }
        }
        return j.pointee.nnDist * k
    }

    /// The inclusive jets, highest pT first, and their d_iB. FastJet lists inclusive jets
    /// from the last finished to the first and then sorts them by pT, keeping that order
    /// for equal pT: so equal pT² goes by rank in the reversed list.
    ///
    /// With `minimumScale`, only the jets with pT² (kt: d_iB, as `ClusterSequence.inclusiveJets`
    /// compares) at least that are made — the others would be built only to be dropped.
    func collectJets(minimumScale: Double? = nil, kt: Bool = false) -> (jets: [Jet], beamDistances: [Double]) {
        if let cut = minimumScale {
            // Keep the first beamJetCount entries' order: compact the passing ones in place.
            var kept = 0
            for k in 0..<beamJetCount {
                let b = beamJets[k]
                let value = kt ? b.beamDistance : b.momentum.px * b.momentum.px + b.momentum.py * b.momentum.py
                if value >= cut { beamJets[kept] = b; kept += 1 }
            }
            beamJetCount = kept
        }
        let m = beamJetCount
        sortKeys.removeAll(keepingCapacity: true)
        for k in 0..<m {
            let p = beamJets[k].momentum
            sortKeys.append((pt2: p.px * p.px + p.py * p.py, rank: m - 1 - k))
        }
        sortKeys.sort { $0.pt2 > $1.pt2 || ($0.pt2 == $1.pt2 && $0.rank < $1.rank) }
        let constituentNext = self.constituentNext
        let beam = beamJets
        return sortKeys.withUnsafeBufferPointer { keys in
            let jets = [Jet](unsafeUninitializedCapacity: m) { out, initialized in
                for i in 0..<m {
                    let b = beam[m - 1 - keys[i].rank]
                    var count = 0
                    var c = Int(b.firstConstituent)
                    while c >= 0 { count += 1; c = Int(constituentNext[c]) }
                    var members: [Int]
                    if count == 1 {
                        members = [Int(b.firstConstituent)]
                    } else {
                        members = [Int](repeating: 0, count: count)
                        members.withUnsafeMutableBufferPointer { list in
                            var c = Int(b.firstConstituent)
                            for j in 0..<count { list[j] = c; c = Int(constituentNext[c]) }
                            list.sort()
                        }
                    }
                    (out.baseAddress! + i).initialize(to: Jet(momentum: b.momentum, constituents: members))
                }
                initialized = m
            }
            let distances = [Double](unsafeUninitializedCapacity: m) { out, initialized in
                for i in 0..<m { out[i] = beam[m - 1 - keys[i].rank].beamDistance }
                initialized = m
            }
            return (jets, distances)
        }
    }
}
