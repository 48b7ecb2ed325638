import Foundation
import EventModel

/// The result of clustering a list of four-momenta with a `JetDefinition`: the inclusive
/// jets, with their constituents as indices into the inputs — FastJet's `ClusterSequence`
/// reduced to what reconstruction needs.
///
/// The jets are FastJet's (3.4.0 and 3.5.2) to the last bit for the same inputs: same
/// distances (`fastJetRapidity`, `fastJetPhi`, ΔR² = Δφ² + Δy²), same merging order, E-scheme
/// sums taken in the same order. Inputs with pT = 0 are accepted, as in FastJet. Inputs must
/// be finite.
///
/// ```swift
/// let sequence = ClusterSequence(particles, definition: .antiKt4)
/// for jet in sequence.inclusiveJets(ptMin: 20 * GeV) { print(jet.pt, jet.constituents) }
/// ```
public struct ClusterSequence: Sendable {
    public let definition: JetDefinition
    /// The strategy that ran (`definition.strategy(forCount:)`).
    public let strategy: JetDefinition.Strategy
    public let inputCount: Int
    /// All inclusive jets, highest pT first (equal pT: the one finished last first).
    public let jets: [Jet]
    /// d_iB at which each of `jets` was finished, as FastJet records it.
    private let beamDistances: [Double]

    public init(_ inputs: [FourVector], definition: JetDefinition) {
        self = JetClusterer().cluster(inputs, definition)
    }

    /// `jets` already in their final order (`ClusteringWorkspace.collectJets`).
    init(definition: JetDefinition, strategy: JetDefinition.Strategy, inputCount: Int,
         jets: [Jet], beamDistances: [Double]) {
        self.definition = definition
        self.strategy = strategy
        self.inputCount = inputCount
        self.jets = jets
        self.beamDistances = beamDistances
    }

    /// The inclusive jets with pT ≥ `ptMin`, highest pT first — FastJet's
    /// `sorted_by_pt(inclusive_jets(ptmin))`. For kt FastJet compares d_iB = (R²·pT²)/R²
    /// rather than pT² with ptmin², which can differ in the last bit; so do we.
    public func inclusiveJets(ptMin: Double = 0) -> [Jet] {
        let cut = ptMin * ptMin
        if definition.algorithm == .kt {
            return zip(jets, beamDistances).filter { $0.1 >= cut }.map(\.0)
        }
        return jets.filter { $0.momentum.pt2 >= cut }
    }
}

/// Inclusive jets of `inputs`, highest pT first, constituents as indices into `inputs`.
public func cluster(_ inputs: [FourVector], _ definition: JetDefinition) -> [Jet] {
    JetClusterer.pool.withClusterer { $0.cluster(inputs, definition).jets }
}

/// The inclusive jets of `inputs` with pT ≥ `ptMin`, highest pT first — the same jets as
/// `ClusterSequence(inputs, definition:).inclusiveJets(ptMin:)`, without building the
/// constituent lists of the jets below the cut (most of them, for particle-level inputs).
public func cluster(_ inputs: [FourVector], _ definition: JetDefinition, ptMin: Double) -> [Jet] {
    JetClusterer.pool.withClusterer { $0.cluster(inputs, definition, minimumScale: ptMin * ptMin).jets }
}

/// Clusters event after event reusing its working memory, so that the clustering loops do
/// not allocate. Not thread-safe: use one per thread.
public final class JetClusterer {
    private let workspace = ClusteringWorkspace()

    public init() {}

    public func cluster(_ inputs: [FourVector], _ definition: JetDefinition) -> ClusterSequence {
        cluster(inputs, definition, minimumScale: nil)
    }

    /// `minimumScale`: only the jets with pT² (kt: d_iB) at least that are kept (see
    /// ``ClusterSequence/inclusiveJets(ptMin:)``).
    func cluster(_ inputs: [FourVector], _ definition: JetDefinition, minimumScale: Double?) -> ClusterSequence {
        for p in inputs {
            precondition(p.px.isFinite && p.py.isFinite && p.pz.isFinite && p.e.isFinite,
                         "jet clustering needs finite four-momenta, got \(p)")
        }
        let strategy = definition.strategy(forCount: inputs.count)
        workspace.beamJetCount = 0
        inputs.withUnsafeBufferPointer { buffer in
            switch strategy {
            case .plain, .best: workspace.clusterPlain(buffer, definition)
            case .tiled: workspace.clusterTiled(buffer, definition, useHeap: false)
            case .minHeapTiled: workspace.clusterTiled(buffer, definition, useHeap: true)
            }
        }
        let (jets, beamDistances) = workspace.collectJets(minimumScale: minimumScale, kt: definition.algorithm == .kt)
        return ClusterSequence(definition: definition, strategy: strategy, inputCount: inputs.count,
                               jets: jets, beamDistances: beamDistances)
    }
}

extension JetClusterer {
    /// Clusterers kept between calls of `cluster(_:_:)`, so that an event's clustering does
    /// not allocate its working memory anew: each call takes one (or makes one) and gives it
    /// back; calls on several threads each hold their own.
    static let pool = JetClustererPool()
}

final class JetClustererPool: @unchecked Sendable {
    private let lock = NSLock()
    private var free: [JetClusterer] = []

    func withClusterer<T>(_ body: (JetClusterer) -> T) -> T {
        lock.lock()
        let clusterer = free.popLast() ?? JetClusterer()
        lock.unlock()
        defer {
            lock.lock()
            if free.count < 8 { free.append(clusterer) }
            lock.unlock()
        }
        return body(clusterer)
    }
}
