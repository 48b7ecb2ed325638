import EventModel
import Foundation

/// The per-jet quantities the CalRatio network and its cut-based predecessor use (ATLAS,
/// arXiv:1902.03094 and arXiv:2203.01009; DESIGN.md §6), from the jet's constituent
/// topo-clusters and the event's tracks and muon segments. Energies at the EM scale, GeV.
public struct JetVariables: Sendable, Equatable, Codable {
    /// Σ EM-layer energy of the constituents, GeV (negative layer sums count as 0).
    public var emEnergy: Double
    /// Σ hadronic-layer energy of the constituents, GeV (negative sums count as 0).
    public var hadronicEnergy: Double
    /// E_EM / (E_EM + E_H); 0 when both are 0.
    public var emFraction: Double
    /// log10(E_H / E_EM), clamped to ±`JetVariableCalculator.Config.maxAbsLogRatio` (see there).
    public var logRatio: Double
    /// Tracks with pT > 2 GeV within ΔR < 0.2 of the jet axis, and the scalar sum of their pT (GeV).
    public var nTracks2GeV: Int
    public var sumPtTracks2GeV: Double
    /// Σ pT_i ΔR(i, jet) / Σ pT_i over the constituents (η–φ).
    public var width: Double
    /// Σ E_i t_i / Σ E_i over the constituents, ns.
    public var time: Double

    public init(emEnergy: Double = 0, hadronicEnergy: Double = 0, emFraction: Double = 0, logRatio: Double = 0,
                nTracks2GeV: Int = 0, sumPtTracks2GeV: Double = 0, width: Double = 0, time: Double = 0) {
        self.emEnergy = emEnergy
        self.hadronicEnergy = hadronicEnergy
        self.emFraction = emFraction
        self.logRatio = logRatio
        self.nTracks2GeV = nTracks2GeV
        self.sumPtTracks2GeV = sumPtTracks2GeV
        self.width = width
        self.time = time
    }
}

/// Which of the event's clusters, tracks and segments a jet carries into the dataset,
/// as indices into the event's arrays, in the order the network sees them.
public struct JetAssociation: Sendable, Equatable {
    /// Constituent clusters, leading pT first, at most `maxClusters`.
    public var clusters: [Int]
    /// Tracks within ΔR < `trackConeRadius` of the axis, leading pT first, at most `maxTracks`.
    public var tracks: [Int]
    /// Segments within |Δφ| < `segmentMaxDeltaPhi` of the axis, nearest in φ first, at most `maxSegments`.
    public var segments: [Int]

    public init(clusters: [Int] = [], tracks: [Int] = [], segments: [Int] = []) {
        self.clusters = clusters
        self.tracks = tracks
        self.segments = segments
    }
}

/// Computes ``JetVariables`` and ``JetAssociation`` for a jet axis and its constituents.
public struct JetVariableCalculator: Sendable {
    public struct Config: Sendable, Codable, Equatable {
        /// Track pT threshold and cone of the CalRatio track veto (arXiv:1902.03094), GeV and ΔR.
        public var vetoTrackMinPtGeV = 2.0
        public var vetoConeRadius = 0.2
        /// |log10(E_H/E_EM)| is clamped here. A jet with E_EM ≤ 0 (all its energy hadronic)
        /// gets +maxAbsLogRatio, one with E_H ≤ 0 gets −maxAbsLogRatio, and both ≤ 0 gives 0:
        /// finite values the network can take, far beyond the 1.2 signal cut and beyond any
        /// measured ratio (4 means E_EM < E_H / 10⁴, a few MeV for a 50 GeV jet — the noise).
        public var maxAbsLogRatio = 4.0
        /// Per-jet array lengths of the dataset (the public CalRatio RNN's).
        public var maxClusters = 30
        public var maxTracks = 20
        public var maxSegments = 30
        /// Tracks kept with a jet: within the jet radius of its axis (any pT the tracking keeps).
        public var trackConeRadius = 0.4
        /// Segments kept with a jet: |Δφ(segment position, jet axis)| below this, whatever
        /// their η. Collision muons and punch-through keep their φ through the toroid field
        /// (it bends in r–z), and a beam-halo muon keeps its φ as it travels along z, so its
        /// segments sit in the end-cap stations at the jet's φ but far from its η; a cone in
        /// η–φ would miss exactly the segments that tell BIB apart.
        public var segmentMaxDeltaPhi = 0.4

        public init() {}
    }

    public var config: Config

    public init(config: Config = Config()) {
        self.config = config
    }

    /// Variables of a jet with axis (`eta`, `phi`) made of `constituents` (indices into
    /// `clusters`), with the event's `tracks`.
    public func variables(eta: Double, phi: Double, constituents: [Int], clusters: [TopoCluster], tracks: [Track]) -> JetVariables {
        variables(eta: eta, phi: phi, constituents: constituents, clusters: clusters,
                  inputs: JetVariableInputs(clusters: clusters, tracks: tracks, segments: []))
    }

    func variables(eta: Double, phi: Double, constituents: [Int], clusters: [TopoCluster], inputs: JetVariableInputs) -> JetVariables {
        var v = JetVariables()
        var em = 0.0, had = 0.0, sumPt = 0.0, sumPtDR = 0.0, sumE = 0.0, sumEt = 0.0
        for i in constituents {
            let c = clusters[i]
            em += c.emEnergy
            had += c.hadronicEnergy
            let pt = inputs.clusterPt[i]
            sumPt += pt
            sumPtDR += pt * deltaR(eta1: eta, phi1: phi, eta2: c.eta, phi2: c.phi)
            sumE += c.energy
            sumEt += c.energy * c.time
        }
        v.emEnergy = max(em, 0)
        v.hadronicEnergy = max(had, 0)
        v.emFraction = Self.emFraction(em: v.emEnergy, hadronic: v.hadronicEnergy)
        v.logRatio = logRatio(em: v.emEnergy, hadronic: v.hadronicEnergy)
        v.width = sumPt > 0 ? sumPtDR / sumPt : 0
        v.time = sumE > 0 ? sumEt / sumE : 0
        for k in inputs.trackPt.indices where inputs.trackPt[k] > config.vetoTrackMinPtGeV
            && deltaR(eta1: eta, phi1: phi, eta2: inputs.trackEta[k], phi2: inputs.trackPhi[k]) < config.vetoConeRadius {
            v.nTracks2GeV += 1
            v.sumPtTracks2GeV += inputs.trackPt[k]
        }
        return v
    }

    static func emFraction(em: Double, hadronic: Double) -> Double {
        em + hadronic > 0 ? em / (em + hadronic) : 0
    }

    /// log10(E_H / E_EM) with the clamp of ``Config/maxAbsLogRatio``; energies ≥ 0.
    public func logRatio(em: Double, hadronic: Double) -> Double {
        let cap = config.maxAbsLogRatio
        switch (em > 0, hadronic > 0) {
        case (false, false): return 0
        case (false, true): return cap
        case (true, false): return -cap
        case (true, true): return min(max(log10(hadronic / em), -cap), cap)
        }
    }

    /// The clusters, tracks and segments the jet carries (see ``JetAssociation``).
    public func association(eta: Double, phi: Double, constituents: [Int], clusters: [TopoCluster],
                            tracks: [Track], segments: [MuonSegment]) -> JetAssociation {
        association(eta: eta, phi: phi, constituents: constituents,
                    inputs: JetVariableInputs(clusters: clusters, tracks: tracks, segments: segments))
    }

    func association(eta: Double, phi: Double, constituents: [Int], inputs: JetVariableInputs) -> JetAssociation {
        // Ties broken by index, so the order never depends on the sort's stability.
        let clusterPt = inputs.clusterPt, trackPt = inputs.trackPt
        let byPt = constituents.sorted { (clusterPt[$0], -$0) > (clusterPt[$1], -$1) }
        var near: [Int] = []
        for k in trackPt.indices
        where deltaR(eta1: eta, phi1: phi, eta2: inputs.trackEta[k], phi2: inputs.trackPhi[k]) < config.trackConeRadius {
            near.append(k)
        }
        near.sort { (trackPt[$0], -$0) > (trackPt[$1], -$1) }
        var segs: [(Int, Double)] = []
        for (k, segmentPhi) in inputs.segmentPhi.enumerated() {
            let dphi = abs(deltaPhi(segmentPhi, phi))
            if dphi < config.segmentMaxDeltaPhi { segs.append((k, dphi)) }
        }
        segs.sort { ($0.1, $0.0) < ($1.1, $1.0) }
        return JetAssociation(clusters: Array(byPt.prefix(config.maxClusters)),
                              tracks: Array(near.prefix(config.maxTracks)),
                              segments: Array(segs.prefix(config.maxSegments).map(\.0)))
    }
}

/// What ``JetVariableCalculator`` reads of the event's clusters, tracks and segments, computed
/// once per event instead of once per jet and comparison (a cluster's pT is a cosh, a
/// track's η a log and a tan, a segment's φ an atan2): the same functions, so the same values.
struct JetVariableInputs {
    var clusterPt: [Double]
    var trackPt: [Double]
    var trackEta: [Double]
    var trackPhi: [Double]
    var segmentPhi: [Double]

    init(clusters: [TopoCluster], tracks: [Track], segments: [MuonSegment]) {
        self.init(clusterPt: clusters.map(\.pt), tracks: tracks, segments: segments)
    }

    /// With the clusters' pT already computed (`TopoCluster.pt` of each).
    init(clusterPt: [Double], tracks: [Track], segments: [MuonSegment]) {
        self.clusterPt = clusterPt
        trackPt = tracks.map(\.pt)
        trackEta = tracks.map(\.eta)
        trackPhi = tracks.map(\.phi)
        segmentPhi = segments.map(\.position.phi)
    }
}
