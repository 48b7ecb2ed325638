import Foundation
import EventModel

/// Hadronization of a colour-singlet parton system by Lund strings (``LundFragmentation``).
///
/// **Strings.** The partons are followed along their colour connections into open chains
/// q g … g q̄ (a closed gluon loop is cut at one gluon, split into a collinear q q̄ of half
/// its momentum each).
///
/// **Gluons: the "cut kink" approximation (ours, not Pythia's).** In the Lund model a
/// gluon is a kink on the string, and Pythia fragments the whole kinked string, each region
/// between two partons spanned by the endpoint and half of each adjacent gluon's momentum
/// (T. Sjöstrand, Nucl. Phys. B248 (1984) 469). Here each such region is fragmented as a
/// straight string of its own: the gluon's momentum is shared half and half between the two
/// regions and a light q q̄ pair (u : d : s = 1 : 1 : 0.217) is created at the kink to end
/// them. The rapidity plateau of each region is the same as in the full model; what differs
/// is how the hadrons nearest the kink are formed. Regions too light to fragment
/// (below m_q₁ + m_q₂ + 1 GeV) first have their gluon absorbed into the colour neighbour of
/// smaller invariant mass with it (as Pythia joins nearly collinear partons before
/// fragmenting).
///
/// **Small systems.** A q q̄ chain that still cannot make two hadrons becomes one hadron,
/// which exchanges momentum with another hadron of the same system to get on shell (a
/// two-body rescaling in their rest frame, as Pythia's "ministring" fallback). Four-momentum
/// is conserved exactly for the system.
public struct StringHadronizer: Sendable {
    public struct Config: Sendable, Equatable {
        /// Extra mass (GeV) above the summed constituent masses a region needs to fragment.
        public var minRegionExtraMassGeV = 1.0
        public init() {}
    }

    public let config: Config
    public let fragmentation: LundFragmentation

    public init(config: Config = Config(), fragmentation: LundFragmentation = LundFragmentation()) {
        self.config = config
        self.fragmentation = fragmentation
    }

    struct Link { var flavour: Int; var momentum: FourVector }

    /// Hadronizes the colour-singlet system `partons`, appending primary hadrons to `hadrons`.
    /// Returns false if it could not (the hadrons of this call are then removed).
    @discardableResult
    public func callAsFunction(_ partons: [ShowerParton], into hadrons: inout [PrimaryHadron],
                               rng: inout RandomStream) -> Bool {
        let firstHadron = hadrons.count
        var used = [Bool](repeating: false, count: partons.count)
        // All chains in one flat list (`links`, chain c at `ends[c - 1] ..< ends[c]`), then
        // each worked on in one reused buffer: an array per chain grown link by link cost
        // about 1.3 reallocations per chain (callgrind), more than the chain building itself.
        var links = [Link]()
        links.reserveCapacity(partons.count + partons.count / 2 + 2)
        var ends = [0]
        func next(afterColour c: Int32) -> Int? {
            for k in partons.indices where !used[k] && partons[k].anticolour == c { return k }
            return nil
        }
        for s in partons.indices where partons[s].colour != 0 && partons[s].anticolour == 0 && !used[s] {
            links.append(Link(flavour: Int(partons[s].pdgID), momentum: partons[s].momentum))
            used[s] = true
            var cur = s
            while partons[cur].colour != 0, let k = next(afterColour: partons[cur].colour) {
                used[k] = true
                links.append(Link(flavour: Int(partons[k].pdgID), momentum: partons[k].momentum))
                cur = k
            }
            ends.append(links.count)
        }
        // Closed gluon loops.
        for s in partons.indices where !used[s] && partons[s].isGluon {
            used[s] = true
            let f = fragmentation.flavour.pickQuark(rng: &rng)
            let half = partons[s].momentum * 0.5
            links.append(Link(flavour: f, momentum: half))
            var cur = s
            while let k = next(afterColour: partons[cur].colour) {
                used[k] = true
                links.append(Link(flavour: 21, momentum: partons[k].momentum))
                cur = k
            }
            links.append(Link(flavour: -f, momentum: half))
            ends.append(links.count)
        }

        var pending = [(Int, FourVector)]()
        var scratch = [(Int, Double, Double, Double, Double, Double)]()
        scratch.reserveCapacity(64)
        var longest = 0
        for c in 1..<ends.count { longest = max(longest, ends[c] - ends[c - 1]) }
        var chain = [Link]()
        chain.reserveCapacity(longest)
        for c in 1..<ends.count {
            chain.removeAll(keepingCapacity: true)
            chain.append(contentsOf: links[ends[c - 1]..<ends[c]])
            while true {
                if chain.count < 2 { break }
                mergeSoftGluons(&chain)
                let chainStart = hadrons.count
                var failedRegion = -1
                // Kink flavours: a quark q at each gluon; region k ends in q̄ on its right.
                var kink = 0
                var plus = chain[0].flavour
                for k in 0..<(chain.count - 1) {
                    let left = k == 0 ? chain[0].momentum : chain[k].momentum * 0.5
                    let last = k + 1 == chain.count - 1
                    let right = last ? chain[k + 1].momentum : chain[k + 1].momentum * 0.5
                    if !last { kink = fragmentation.flavour.pickQuark(rng: &rng) }
                    let minus = last ? chain[k + 1].flavour : -kink
                    if !fragmentation.fragment(total: left + right, plusDirection: left, plus: plus, minus: minus,
                                               into: &hadrons, scratch: &scratch, rng: &rng) {
                        failedRegion = k
                        break
                    }
                    plus = kink
                }
                if failedRegion < 0 { break }
                hadrons.removeSubrange(chainStart...)
                if chain.count > 2 {
                    // Absorb a gluon next to the failed region and try again.
                    let g = failedRegion == 0 ? 1 : failedRegion
                    absorb(g, in: &chain)
                    continue
                }
                // A q q̄ too light for two hadrons: one hadron, put on shell later.
                var id: Int? = nil
                for _ in 0..<50 {
                    id = fragmentation.flavour.hadron(triplet: chain[0].flavour, antitriplet: chain[1].flavour, rng: &rng)
                    if id != nil { break }
                }
                guard let h = id else {
                    hadrons.removeSubrange(firstHadron...)
                    return false
                }
                pending.append((h, chain[0].momentum + chain[1].momentum))
                break
            }
        }
        for (id, p) in pending {
            let m = HadronTable.mass(id)
            // Partner: the hadron of this system with the largest pair mass.
            var best = -1, bestM2 = 0.0
            for j in firstHadron..<hadrons.count {
                let s = (p + hadrons[j].momentum).m2
                if s > bestM2 { bestM2 = s; best = j }
            }
            if best >= 0, let moved = Self.reshuffle(p, toMass: m, with: hadrons[best].momentum, mass: hadrons[best].massGeV) {
                hadrons[best].momentum = moved.1
                hadrons.append(PrimaryHadron(pdgID: id, momentum: moved.0, massGeV: m))
            } else {
                hadrons.append(PrimaryHadron(pdgID: id, momentum: p, massGeV: max(p.m, 0)))
            }
        }
        return true
    }

    /// Absorbs too-light regions' gluons into a neighbour until every region can fragment.
    ///
    /// After a gluon g is absorbed the scan resumes at region g − 2: the regions before it
    /// keep their partons, their momenta and their end flags (the first region's, and "last",
    /// which no region before g can be), and they had all passed.
    func mergeSoftGluons(_ chain: inout [Link]) {
        var from = 0
        while chain.count > 2 {
            var bad = -1
            for k in from..<(chain.count - 1) {
                let left = k == 0 ? chain[0].momentum : chain[k].momentum * 0.5
                let last = k + 1 == chain.count - 1
                let right = last ? chain[k + 1].momentum : chain[k + 1].momentum * 0.5
                let mL = k == 0 ? StringFlavour.constituentMass(chain[0].flavour) : 0.33
                let mR = last ? StringFlavour.constituentMass(chain[k + 1].flavour) : 0.33
                let need = mL + mR + config.minRegionExtraMassGeV
                if (left + right).m2 < need * need { bad = k; break }
            }
            if bad < 0 { return }
            // The gluon at one end of the region (the softer if both are gluons).
            let lIsGluon = bad > 0, rIsGluon = bad + 1 < chain.count - 1
            let g: Int
            if lIsGluon && rIsGluon { g = chain[bad].momentum.e < chain[bad + 1].momentum.e ? bad : bad + 1 }
            else { g = lIsGluon ? bad : bad + 1 }
            absorb(g, in: &chain)
            from = max(g - 2, 0)
        }
    }

    /// Adds gluon `g`'s momentum to the neighbour with which it has the smaller mass.
    func absorb(_ g: Int, in chain: inout [Link]) {
        let p = chain[g].momentum
        let mPrev = (p + chain[g - 1].momentum).m2, mNext = (p + chain[g + 1].momentum).m2
        if mPrev < mNext { chain[g - 1].momentum += p } else { chain[g + 1].momentum += p }
        chain.remove(at: g)
    }

    /// Two momenta a, b rescaled in their common rest frame to masses ma, mb (directions
    /// kept, sum unchanged), or nil below threshold.
    static func reshuffle(_ a: FourVector, toMass ma: Double, with b: FourVector, mass mb: Double) -> (FourVector, FourVector)? {
        let total = a + b
        let s = total.m2
        guard s > (ma + mb) * (ma + mb) else { return nil }
        let m = s.squareRoot()
        let toRest = -(total.p3 / total.e)
        let dir = a.boosted(by: toRest).p3.unit
        guard let p = TwoBodyDecay.restFrameMomentum(parentMass: m, ma, mb) else { return nil }
        let back = total.p3 / total.e
        let na = FourVector(dir * p, mass: ma).boosted(by: back)
        return (na, total - na)
    }
}
