import Detector
import Digitization
import EventModel
import Foundation
import Generation
@testable import Reconstruction
import Simulation
import XCTest

/// The reconstruction stage as a whole: bad input counted, never fatal; jets from clusters
/// with their variables and labels; the same input giving the same output.
final class ReconstructionPipelineTests: XCTestCase {
    let detector = Detector.atlasRun2

    func cluster(e: Double, eta: Double, phi: Double, em: Double = 0) -> TopoCluster {
        TopoCluster(energy: e, eta: eta, phi: phi, time: 0, emLayerEnergies: [0, em, 0, 0],
                    hadronicLayerEnergies: [e - em, 0, 0, 0], cells: [])
    }

    func testAnEmptyEventGivesNoJetsAndIsCounted() {
        let reco = Reconstruction()(RawEvent(eventNumber: 7), truth: GenEvent(eventNumber: 7), in: detector)
        XCTAssertEqual(reco.eventNumber, 7)
        XCTAssertTrue(reco.jets.isEmpty && reco.clusters.isEmpty && reco.tracks.isEmpty && reco.truthJets.isEmpty)
        XCTAssertEqual(reco.stats.events, 1)
        XCTAssertEqual(reco.stats.emptyCalorimeterEvents, 1)
        XCTAssertEqual(reco.stats.eventsWithoutJets, 1)
        XCTAssertEqual(reco.pileupVertexCount, 0)
    }

    func testNegativeAndNonFiniteClustersAreLeftOutOfJetsAndCounted() {
        let clusters = [
            cluster(e: 40, eta: 0.1, phi: 1.0, em: 4),
            cluster(e: 30, eta: 0.2, phi: 1.1, em: 3),
            cluster(e: -0.5, eta: 0.15, phi: 1.05),          // noise: E < 0
            cluster(e: 10, eta: .nan, phi: 1.0),             // broken: η is NaN
            cluster(e: 5, eta: -2, phi: -2),                 // a lone 5 GeV cluster: a jet below the cut
        ]
        var stats = ReconstructionStats()
        let jets = Reconstruction().clusterJets(clusters, tracks: [], segments: [], stats: &stats) { _, _ in JetTruth(label: .qcd) }
        XCTAssertEqual(stats.clustersNotJetInputs, 2)
        XCTAssertEqual(stats.jetsBelowPtCut, 1)
        XCTAssertEqual(jets.count, 1)
        let jet = jets[0]
        XCTAssertEqual(jet.constituents, [0, 1], "indices into the event's clusters, not the jet inputs")
        // EM scale: the sum of the two massless clusters (E-scheme).
        let sum = clusters[0].momentum + clusters[1].momentum
        XCTAssertEqual(jet.emScaleMomentum.e, sum.e, accuracy: 1e-9)
        XCTAssertEqual(jet.variables.emFraction, 7.0 / 70.0, accuracy: 1e-12)
        XCTAssertEqual(jet.variables.logRatio, log10(63.0 / 7.0), accuracy: 1e-12)
        XCTAssertEqual(jet.association.clusters, [0, 1], "leading pT first")
        XCTAssertFalse(jet.variables.width.isNaN || jet.variables.time.isNaN)
    }

    /// Three benchmark signal events through simulation, digitization and reconstruction.
    func testSignalEventsThroughTheChain() throws {
        var card = RunCard()
        card.run.seed = 4711
        let generator = try EventGenerators.make(for: card)
        let labeller = CalRatioTruthLabeller()
        let reconstruction = Reconstruction()
        var total = ReconstructionStats()
        var labels: [TruthClass: Int] = [:]
        for n in 1...3 {
            let truth = generator.generate(eventNumber: n)
            var simRNG = RandomStream(seed: 4711, event: UInt64(n), stage: Simulation.stage)
            let hits = Simulation()(truth, in: detector, rng: &simRNG)
            var digiRNG = RandomStream(seed: 4711, event: UInt64(n), stage: Digitization.stage)
            let raw = Digitization()(hits, in: detector, rng: &digiRNG)
            let reco = reconstruction(raw, truth: truth, in: detector)
            total += reco.stats
            XCTAssertEqual(reco.llps.count, 2, "H → s s")
            XCTAssertEqual(reco.stats.jets, reco.jets.count)
            XCTAssertEqual(reco.stats.clusters, reco.clusters.count)
            // Leading jet first, every jet above the cut.
            XCTAssertEqual(reco.jets.map(\.pt), reco.jets.map(\.pt).sorted(by: >))
            for jet in reco.jets {
                XCTAssertGreaterThanOrEqual(jet.pt, 20)
                XCTAssertLessThanOrEqual(jet.association.clusters.count, 30)
                XCTAssertLessThanOrEqual(jet.association.tracks.count, 20)
                XCTAssertLessThanOrEqual(jet.association.segments.count, 30)
                XCTAssertTrue(Set(jet.association.clusters).isSubset(of: Set(jet.constituents)))
                XCTAssertTrue((-4...4).contains(jet.variables.logRatio))
                XCTAssertTrue((0...1).contains(jet.variables.emFraction))
                // The label is the labeller's on the jet axis and the event's LLPs.
                let expected = labeller.label(jetEta: jet.eta, jetPhi: jet.phi, llps: reco.llps, beamInducedBackground: false)
                XCTAssertEqual(jet.truth, expected)
                labels[jet.truth.label, default: 0] += 1
            }
            // Pure: the same input gives the same jets.
            let again = reconstruction(raw, truth: truth, in: detector)
            XCTAssertEqual(again.jets.map(\.momentum), reco.jets.map(\.momentum))
            XCTAssertEqual(again.jets.map(\.variables), reco.jets.map(\.variables))
        }
        XCTAssertEqual(total.events, 3)
        XCTAssertEqual(total.signalJets + total.qcdJets + total.bibJets, total.jets)
        XCTAssertEqual(total.signalJets, labels[.signal] ?? 0)
        XCTAssertGreaterThan(total.jets, 0)
        XCTAssertGreaterThan(total.truthJets, 0)
    }

    /// The tally behind `genreco validate calratio` on a small hand-made event: a passing
    /// signal jet (all hadronic, no track), a failing signal jet (a track), a QCD jet.
    func testCalRatioValidationTallies() {
        func jet(logRatio: Double, tracks: Int, label: TruthClass) -> ReconstructedJet {
            ReconstructedJet(momentum: FourVector(pt: 50, eta: 0, phi: 0, mass: 5), emScaleMomentum: .zero, constituents: [],
                             variables: JetVariables(logRatio: logRatio, nTracks2GeV: tracks), association: JetAssociation(),
                             truth: JetTruth(label: label))
        }
        let event = ReconstructedEvent(eventNumber: 1, jets: [
            jet(logRatio: 1.5, tracks: 0, label: .signal),
            jet(logRatio: 1.5, tracks: 1, label: .signal),
            jet(logRatio: 1.2, tracks: 0, label: .signal),   // the cut is strict: > 1.2
            jet(logRatio: -0.3, tracks: 0, label: .qcd),
        ])
        let v = CalRatioValidation()
        var sample = CalRatioValidation.Sample(name: "test")
        v.add(event, to: &sample)
        XCTAssertEqual(sample.signal.jets, 3)
        XCTAssertEqual(sample.signal.passing, 1)
        XCTAssertEqual(sample.qcd.jets, 1)
        XCTAssertEqual(sample.qcd.passing, 0)
        let checks = v.checks(signal: sample, qcd: sample)
        XCTAssertFalse(checks[0].passed, "1/3 < 50 %")
        XCTAssertTrue(checks[1].passed, "0/1 ≤ 1 %")
    }
}
