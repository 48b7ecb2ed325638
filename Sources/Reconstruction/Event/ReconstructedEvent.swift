import EventModel
import Foundation

/// A calibrated anti-kt R = 0.4 topo-cluster jet with its CalRatio variables, the objects
/// it carries into the dataset and its truth label.
public struct ReconstructedJet: Sendable {
    /// Calibrated four-momentum (``JetCalibration``), GeV.
    public var momentum: FourVector
    /// The sum of the constituents at the EM scale, GeV.
    public var emScaleMomentum: FourVector
    /// Constituents: indices into ``ReconstructedEvent/clusters``, ascending.
    public var constituents: [Int]
    public var variables: JetVariables
    /// Clusters, tracks and segments kept with the jet (indices into the event's arrays).
    public var association: JetAssociation
    public var truth: JetTruth

    public init(momentum: FourVector, emScaleMomentum: FourVector, constituents: [Int],
                variables: JetVariables, association: JetAssociation, truth: JetTruth) {
        self.momentum = momentum
        self.emScaleMomentum = emScaleMomentum
        self.constituents = constituents
        self.variables = variables
        self.association = association
        self.truth = truth
    }

    public var pt: Double { momentum.pt }
    public var eta: Double { momentum.eta }
    public var phi: Double { momentum.phi }
}

/// What reconstruction made of one event (DESIGN.md §1 "RecoEvent").
public struct ReconstructedEvent: Sendable {
    public var eventNumber: Int
    public var tracks: [Track]
    /// Primary vertices by Σ pT², descending: [0] is the hard scatter.
    public var vertices: [Vertex]
    /// Topo-clusters by pT, descending.
    public var clusters: [TopoCluster]
    /// Calibrated jets with pT above the cut, leading first.
    public var jets: [ReconstructedJet]
    /// Anti-kt R = 0.4 jets of the stable visible generator particles, leading first.
    public var truthJets: [Jet]
    public var segments: [MuonSegment]
    /// The long-lived scalars of the truth record (whether matched to a jet or not).
    public var llps: [TruthLLP]
    public var stats: ReconstructionStats

    public init(eventNumber: Int, tracks: [Track] = [], vertices: [Vertex] = [], clusters: [TopoCluster] = [],
                jets: [ReconstructedJet] = [], truthJets: [Jet] = [], segments: [MuonSegment] = [],
                llps: [TruthLLP] = [], stats: ReconstructionStats = ReconstructionStats()) {
        self.eventNumber = eventNumber
        self.tracks = tracks
        self.vertices = vertices
        self.clusters = clusters
        self.jets = jets
        self.truthJets = truthJets
        self.segments = segments
        self.llps = llps
        self.stats = stats
    }

    /// Reconstructed pile-up vertices: all but the hard-scatter one.
    public var pileupVertexCount: Int { max(vertices.count - 1, 0) }
}

/// Counts from reconstructing events: what was made, and what was bad and skipped. Sums
/// over events with `+=`, so a job can report its totals (none of this is ever fatal).
public struct ReconstructionStats: Sendable, Codable, Equatable {
    public var events = 0
    public var tracks = 0
    /// Track candidates whose fit failed (singular covariance, non-finite numbers): dropped.
    public var failedTrackFits = 0
    /// Tracker clusters the tracking skipped as unusable.
    public var badTrackerClusters = 0
    public var vertices = 0
    public var clusters = 0
    /// Clusters left out of jet finding: E ≤ 0 (noise) or a non-finite energy or direction.
    public var clustersNotJetInputs = 0
    /// Jets with pT above the cut, and anti-kt jets below it.
    public var jets = 0
    public var jetsBelowPtCut = 0
    public var truthJets = 0
    public var segments = 0
    /// Events without any calorimeter cell read out.
    public var emptyCalorimeterEvents = 0
    /// Events without a jet above the cut (still written to the `events` table).
    public var eventsWithoutJets = 0
    /// Jets per truth class.
    public var signalJets = 0
    public var qcdJets = 0
    public var bibJets = 0
    /// Events recognised as beam-induced background.
    public var bibEvents = 0

    public init() {}

    public static func += (a: inout ReconstructionStats, b: ReconstructionStats) {
        a.events += b.events
        a.tracks += b.tracks
        a.failedTrackFits += b.failedTrackFits
        a.badTrackerClusters += b.badTrackerClusters
        a.vertices += b.vertices
        a.clusters += b.clusters
        a.clustersNotJetInputs += b.clustersNotJetInputs
        a.jets += b.jets
        a.jetsBelowPtCut += b.jetsBelowPtCut
        a.truthJets += b.truthJets
        a.segments += b.segments
        a.emptyCalorimeterEvents += b.emptyCalorimeterEvents
        a.eventsWithoutJets += b.eventsWithoutJets
        a.signalJets += b.signalJets
        a.qcdJets += b.qcdJets
        a.bibJets += b.bibJets
        a.bibEvents += b.bibEvents
    }

    /// One line for a job log: the counts, bad input named.
    public var logLine: String {
        "reconstruction: \(events) events, \(tracks) tracks (\(failedTrackFits) failed fits, \(badTrackerClusters) bad clusters skipped), "
            + "\(vertices) vertices, \(clusters) clusters (\(clustersNotJetInputs) not jet inputs), "
            + "\(jets) jets (QCD \(qcdJets), signal \(signalJets), BIB \(bibJets); \(jetsBelowPtCut) below the pT cut), "
            + "\(truthJets) truth jets, \(segments) segments; \(eventsWithoutJets) events without jets, "
            + "\(emptyCalorimeterEvents) with an empty calorimeter, \(bibEvents) BIB events"
    }
}
