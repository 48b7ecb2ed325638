import Detector
import Digitization
import EventModel
import Foundation

/// Times the sub-stages of reconstruction (for `genreco bench chain` and the job's table);
/// ``UntimedStages`` when nobody asks.
public protocol ReconstructionStageTimer {
    func time<T>(_ stage: String, _ body: () throws -> T) rethrows -> T
}

/// Runs each sub-stage and measures nothing.
public struct UntimedStages: ReconstructionStageTimer {
    public init() {}
    @inline(__always) public func time<T>(_ stage: String, _ body: () throws -> T) rethrows -> T { try body() }
}

/// Reconstruction of one event (DESIGN.md §6): tracks, primary vertices, topo-clusters,
/// calibrated anti-kt R = 0.4 jets on the clusters, truth jets on the stable particles,
/// muon segments, then the CalRatio variables and truth label of every jet.
///
/// A pure stage: output = f(raw event, truth record, detector). No random numbers are drawn.
/// Bad input is skipped and counted in ``ReconstructionStats``, never fatal: an empty
/// calorimeter gives no clusters and no jets, failed track fits are dropped by the
/// tracking, non-finite or negative-energy clusters are left out of jet finding.
public struct Reconstruction: Sendable {
    public struct Config: Sendable {
        public var tracking = TrackingConfig()
        public var vertexing = VertexingConfig()
        public var topoClusters = TopoClusterConfig()
        public var segments = SegmentFinderConfig()
        /// Anti-kt radius (ATLAS small-R jets).
        public var jetRadius = 0.4
        /// Calibrated jets below this pT are not kept, GeV (the CalRatio analyses' 20 GeV
        /// lower edge; the dataset's jets).
        public var jetMinPtGeV = 20.0
        /// Truth jets below this pT are not kept, GeV.
        public var truthJetMinPtGeV = 20.0
        public var truthJetInputs = TruthJetInputSelection()
        public var calibration = JetCalibration.atlasRun2
        public var variables = JetVariableCalculator.Config()
        public var labels = CalRatioTruthLabeller.Config()

        public init() {}

        /// The defaults, with the topo-cluster noise for `mu` pile-up interactions.
        public init(pileupMu: Double) {
            topoClusters = TopoClusterConfig(pileupMu: pileupMu)
        }
    }

    public var config: Config

    public init(config: Config = Config()) {
        self.config = config
    }

    public func callAsFunction(_ raw: RawEvent, truth: GenEvent, in detector: Detector) -> ReconstructedEvent {
        callAsFunction(raw, truth: truth, in: detector, timer: UntimedStages())
    }

    public func callAsFunction<Timer: ReconstructionStageTimer>(_ raw: RawEvent, truth: GenEvent, in detector: Detector,
                                                                timer: Timer) -> ReconstructedEvent {
        var stats = ReconstructionStats()
        stats.events = 1
        let tracking = timer.time("tracking") { TrackFinder(config: config.tracking)(raw, in: detector) }
        stats.tracks = tracking.tracks.count
        stats.failedTrackFits = tracking.stats.failedFits
        stats.badTrackerClusters = tracking.stats.badClusters
        let vertices = timer.time("vertexing") { VertexFinder(config: config.vertexing)(tracking.tracks) }
        stats.vertices = vertices.count

        if raw.calorimeterCells.isEmpty { stats.emptyCalorimeterEvents = 1 }
        let clusters = timer.time("topo-clustering") { TopoClusterer(config: config.topoClusters)(raw, in: detector) }
        stats.clusters = clusters.count
        let segments = timer.time("segments") { SegmentFinder(config: config.segments)(raw, in: detector) }
        stats.segments = segments.count

        let (recoJets, llps) = timer.time("jets") { () -> ([ReconstructedJet], [TruthLLP]) in
            let labeller = CalRatioTruthLabeller(config: config.labels)
            let llps = labeller.llps(in: truth)
            let bib = labeller.isBeamInducedBackground(truth)
            stats.bibEvents = bib ? 1 : 0
            let jets = clusterJets(clusters, tracks: tracking.tracks, segments: segments, stats: &stats) { eta, phi in
                labeller.label(jetEta: eta, jetPhi: phi, llps: llps, beamInducedBackground: bib)
            }
            return (jets, llps)
        }
        stats.jets = recoJets.count
        stats.eventsWithoutJets = recoJets.isEmpty ? 1 : 0
        for j in recoJets {
            switch j.truth.label {
            case .qcd: stats.qcdJets += 1
            case .signal: stats.signalJets += 1
            case .bib: stats.bibJets += 1
            }
        }
        let truthJets = timer.time("truth jets") { () -> [Jet] in
            let (momenta, indices) = config.truthJetInputs(truth)
            // Constituents as indices into the truth record's particles.
            // Only the jets above the cut are built (of ≈ 100 inclusive jets of ≈ 420
            // particles, ≈ 3 pass).
            return cluster(momenta, JetDefinition(.antiKt, radius: config.jetRadius), ptMin: config.truthJetMinPtGeV)
                .map { Jet(momentum: $0.momentum, constituents: $0.constituents.map { indices[$0] }.sorted()) }
        }
        stats.truthJets = truthJets.count
        return ReconstructedEvent(eventNumber: raw.eventNumber, tracks: tracking.tracks, vertices: vertices, clusters: clusters,
                                  jets: recoJets, truthJets: truthJets, segments: segments, llps: llps, stats: stats)
    }

    /// Anti-kt on the clusters with E > 0 (noise clusters of negative energy are not jet
    /// inputs, as in ATLAS), calibration, the pT cut, then variables, association and label.
    public func clusterJets(_ clusters: [TopoCluster], tracks: [Track], segments: [MuonSegment], stats: inout ReconstructionStats,
                     label: (Double, Double) -> JetTruth) -> [ReconstructedJet] {
        var inputs: [FourVector] = []
        var inputCluster: [Int] = []
        inputs.reserveCapacity(clusters.count)
        // Each cluster's pT and massless momentum as `TopoCluster.pt` and `.momentum` compute
        // them (the same expressions, so the same bits), read through the buffer — a copy of
        // the cluster would retain and release its three arrays — and the pT kept for the
        // jet variables.
        var clusterPt = [Double](repeating: 0, count: clusters.count)
        clusters.withUnsafeBufferPointer { clusters in
            for i in clusters.indices {
                let energy = clusters[i].energy, eta = clusters[i].eta, phi = clusters[i].phi
                let pt = energy / cosh(eta)
                clusterPt[i] = pt
                let p = FourVector(px: pt * cos(phi), py: pt * sin(phi), pz: pt * sinh(eta), e: energy)
                guard energy > 0, p.px.isFinite, p.py.isFinite, p.pz.isFinite, p.e.isFinite else {
                    stats.clustersNotJetInputs += 1
                    continue
                }
                inputs.append(p)
                inputCluster.append(i)
            }
        }
        let calculator = JetVariableCalculator(config: config.variables)
        let jetInputs = JetVariableInputs(clusterPt: clusterPt, tracks: tracks, segments: segments)
        var jets: [ReconstructedJet] = []
        for jet in cluster(inputs, JetDefinition(.antiKt, radius: config.jetRadius)) {
            let calibrated = config.calibration.calibrated(jet.momentum)
            guard calibrated.pt >= config.jetMinPtGeV, calibrated.e.isFinite else {
                stats.jetsBelowPtCut += 1
                continue
            }
            let constituents = jet.constituents.map { inputCluster[$0] }.sorted()
            let eta = calibrated.eta, phi = calibrated.phi
            jets.append(ReconstructedJet(
                momentum: calibrated, emScaleMomentum: jet.momentum, constituents: constituents,
                variables: calculator.variables(eta: eta, phi: phi, constituents: constituents, clusters: clusters,
                                                inputs: jetInputs),
                association: calculator.association(eta: eta, phi: phi, constituents: constituents, inputs: jetInputs),
                truth: label(eta, phi)))
        }
        // Calibration may reorder jets of similar pT; the dataset's jet_index is by calibrated pT.
        jets.sort { $0.momentum.pt2 > $1.momentum.pt2 }
        return jets
    }
}
