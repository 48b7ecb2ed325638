import EventModel
import Foundation
import Generation
import Output
import Reconstruction
import TOMLKit

/// A reconstructed event as rows of the training dataset (Sources/Output/README.md): one
/// ``JetRecord`` per jet, with its clusters, tracks and segments in the order
/// reconstruction chose (leading pT first; segments nearest in φ first), and one ``EventRow``.
enum DatasetRows {
    static func records(_ reco: ReconstructedEvent, eventID: Int64, weight: Double) -> [JetRecord] {
        reco.jets.enumerated().map { k, jet in
            let v = jet.variables
            let llp = jet.truth.llp
            let row = JetRow(
                eventID: eventID, jetIndex: Int32(k),
                pt: Float(jet.momentum.pt), eta: Float(jet.momentum.eta), phi: Float(jet.momentum.phi),
                energy: Float(jet.momentum.e), emFraction: Float(v.emFraction), logRatio: Float(v.logRatio),
                nTracks2GeV: Int32(v.nTracks2GeV), sumPtTracks2GeV: Float(v.sumPtTracks2GeV),
                width: Float(v.width), time: Float(v.time), label: label(jet.truth.label),
                llpLxy: llp?.lxy.map(Float.init) ?? .nan, llpLz: llp?.lz.map(Float.init) ?? .nan,
                llpPt: llp.map { Float($0.momentum.pt) } ?? .nan, weight: weight)
            return JetRecord(jet: row,
                             clusters: jet.association.clusters.map { cluster(reco.clusters[$0]) },
                             tracks: jet.association.tracks.map { track(reco.tracks[$0]) },
                             segments: jet.association.segments.map { segment(reco.segments[$0]) })
        }
    }

    static func event(_ reco: ReconstructedEvent, eventID: Int64, runNumber: Int, mu: Double, weight: Double) -> EventRow {
        EventRow(eventID: eventID, runNumber: Int32(truncatingIfNeeded: runNumber), nJets: Int32(reco.jets.count),
                 nPileupVertices: Int32(reco.pileupVertexCount), mu: Float(mu), weight: weight,
                 nTrueLLPs: Int32(reco.llps.count))
    }

    /// The generator's first weight (1 for unweighted events and records without weights).
    static func weight(_ event: GenEvent) -> Double { event.weights.first ?? 1 }

    static func label(_ c: TruthClass) -> JetLabel {
        switch c {
        case .qcd: .qcd
        case .signal: .signal
        case .bib: .bib
        }
    }

    static func cluster(_ c: TopoCluster) -> ClusterRow {
        func four(_ a: [Double]) -> (Float, Float, Float, Float) {
            func at(_ i: Int) -> Float { i < a.count ? Float(a[i]) : 0 }
            return (at(0), at(1), at(2), at(3))
        }
        return ClusterRow(pt: Float(c.pt), eta: Float(c.eta), phi: Float(c.phi),
                          emLayerEnergies: four(c.emLayerEnergies), hadLayerEnergies: four(c.hadronicLayerEnergies),
                          time: Float(c.time))
    }

    static func track(_ t: Track) -> TrackRow {
        TrackRow(pt: Float(t.pt), eta: Float(t.eta), phi: Float(t.phi), d0: Float(t.parameters.d0), z0: Float(t.parameters.z0),
                 chi2PerNDF: Float(t.chi2PerNDF), hits: Int16(clamping: t.pixelHits + t.stripHits),
                 holes: Int16(clamping: t.holes), sharedHits: Int16(clamping: t.sharedHits),
                 trtHits: Int16(clamping: t.trtHits))
    }

    static func segment(_ s: MuonSegment) -> SegmentRow {
        SegmentRow(positionEta: Float(s.position.eta), positionPhi: Float(s.position.phi),
                   directionEta: Float(s.direction.eta), directionPhi: Float(s.direction.phi),
                   chi2: Float(s.chi2), t0: Float(s.t0))
    }

    /// What every file of a run carries: this version and the run card (as TOML, encoded
    /// from the plan's card, so every job of a run writes the same text).
    static func metadata(_ card: RunCard) -> DatasetMetadata {
        DatasetMetadata(genrecoVersion: GenReco.version, runCardTOML: try? TOMLEncoder().encode(card))
    }
}
