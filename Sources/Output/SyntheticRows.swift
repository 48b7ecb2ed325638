import Foundation
import EventModel

/// Random rows with plausible ranges, for tests and benchmarks of the file format only:
/// they exercise every column (NaN LLP fields, all labels, empty and over-full per-jet
/// arrays) but model no physics.
///
/// Seeded from identity like everything else (DESIGN.md §3): the rows of event `e` come
/// from `RandomStream(seed:, event: e, stage: .reconstruction)`, so they do not depend on
/// how events are grouped into batches.
public enum SyntheticRows {
    /// How full the per-jet arrays are.
    public enum Fill: Sendable {
        /// 0…35 clusters, 0…25 tracks, 0…35 segments: empty, partial and over the limit.
        case random
        /// Exactly 30 clusters, 20 tracks, 30 segments: the worst case for writing speed.
        case full
    }

    /// One event with 1…6 jets.
    public static func event(_ eventID: Int64, seed: UInt64, runNumber: Int32 = 304_795,
                             fill: Fill = .random) -> (event: EventRow, jets: [JetRecord]) {
        var rng = RandomStream(seed: seed, event: UInt64(eventID), stage: .reconstruction)
        let nJets = 1 + Int(rng.next() % 6)
        var jets: [JetRecord] = []
        var nLLP: Int32 = 0
        for j in 0..<nJets {
            let label = JetLabel(rawValue: Int8(rng.next() % 3))!
            let pt = Float(rng.uniform(20, 400))
            let eta = Float(rng.uniform(-2.5, 2.5))
            var jet = JetRow(eventID: eventID, jetIndex: Int32(j), pt: pt, eta: eta,
                             phi: Float(rng.uniform(-.pi, .pi)), energy: pt * Float(cosh(Double(eta))),
                             emFraction: Float(rng.uniform01()), logRatio: Float(rng.uniform(-1, 2)),
                             nTracks2GeV: Int32(rng.next() % 15), sumPtTracks2GeV: Float(rng.uniform(0, 100)),
                             width: Float(rng.uniform(0, 0.4)), time: Float(rng.gaussian(sigma: 1.5)),
                             label: label, weight: rng.uniform(0.5, 1.5))
            if label == .signal {
                jet.llpLxy = Float(rng.uniform(1200, 4000))
                jet.llpLz = Float(rng.uniform(-6000, 6000))
                jet.llpPt = Float(rng.uniform(10, 200))
                nLLP += 1
            }
            func count(_ limit: Int) -> Int { fill == .full ? limit : Int(rng.next() % UInt64(limit + 6)) }
            let clusters = (0..<count(DatasetSchema.clustersPerJet)).map { _ in
                ClusterRow(pt: Float(rng.uniform(0.5, 100)), eta: Float(rng.uniform(-2.5, 2.5)),
                           phi: Float(rng.uniform(-.pi, .pi)),
                           emLayerEnergies: (Float(rng.uniform01()), Float(rng.uniform(0, 10)), Float(rng.uniform(0, 50)), Float(rng.uniform01())),
                           hadLayerEnergies: (Float(rng.uniform(0, 50)), Float(rng.uniform(0, 30)), Float(rng.uniform(0, 10)), 0),
                           time: Float(rng.gaussian(sigma: 2)))
            }
            let tracks = (0..<count(DatasetSchema.tracksPerJet)).map { _ in
                TrackRow(pt: Float(rng.uniform(1, 80)), eta: Float(rng.uniform(-2.5, 2.5)), phi: Float(rng.uniform(-.pi, .pi)),
                         d0: Float(rng.gaussian(sigma: 0.05)), z0: Float(rng.gaussian(sigma: 45)),
                         chi2PerNDF: Float(rng.uniform(0.3, 3)), hits: Int16(rng.next() % 16),
                         holes: Int16(rng.next() % 3), sharedHits: Int16(rng.next() % 2),
                         trtHits: Int16(rng.next() % 40))
            }
            let segments = (0..<count(DatasetSchema.segmentsPerJet)).map { _ in
                SegmentRow(positionEta: Float(rng.uniform(-2.7, 2.7)), positionPhi: Float(rng.uniform(-.pi, .pi)),
                           directionEta: Float(rng.uniform(-2.7, 2.7)), directionPhi: Float(rng.uniform(-.pi, .pi)),
                           chi2: Float(rng.uniform(0, 20)), t0: Float(rng.gaussian(sigma: 5)))
            }
            jets.append(JetRecord(jet: jet, clusters: clusters, tracks: tracks, segments: segments))
        }
        let event = EventRow(eventID: eventID, runNumber: runNumber, nJets: Int32(nJets),
                             nPileupVertices: Int32(rng.poisson(mean: 40)), mu: 40, weight: rng.uniform(0.5, 1.5),
                             nTrueLLPs: nLLP)
        return (event, jets)
    }

    /// The events `ids` with all their jets, in order.
    public static func batch(events ids: Range<Int64>, seed: UInt64, fill: Fill = .random) -> (jets: [JetRecord], events: [EventRow]) {
        var jets: [JetRecord] = []
        var events: [EventRow] = []
        for id in ids {
            let e = event(id, seed: seed, fill: fill)
            events.append(e.event)
            jets += e.jets
        }
        return (jets, events)
    }
}
