import EventModel
import Foundation
import XCTest
@testable import Reconstruction

/// FastJet's jets for given inputs, from scripts/fastjet_cluster.py (the `fastjet` PyPI
/// package: FastJet 3.5.2, default strategy `Best`, E-scheme), and the comparison with ours.
enum FastJetReference {
    struct Event {
        var strategy: String
        var jets: [Jet]
    }

    static func scriptName(_ algorithm: JetDefinition.Algorithm) -> String {
        switch algorithm {
        case .antiKt: return "antikt"
        case .kt: return "kt"
        case .cambridgeAachen: return "cambridge"
        }
    }

    /// Clusters `events` with FastJet through the script.
    static func cluster(_ events: [[FourVector]], _ definition: JetDefinition, test: XCTestCase) throws -> [Event] {
        let python = try ReconstructionTestSupport.fastjetPython()
        let directory = try ReconstructionTestSupport.temporaryDirectory(for: test)
        let input = directory.appendingPathComponent("inputs.bin").path
        let output = directory.appendingPathComponent("jets.json").path
        try FourVectorEventFile.write(events, to: input)
        let result = try ReconstructionTestSupport.run(python, [
            ReconstructionTestSupport.script("fastjet_cluster.py"), input, output,
            scriptName(definition.algorithm), String(definition.radius),
        ])
        guard result.status == 0 else {
            XCTFail("fastjet_cluster.py failed (\(result.status)): \(result.stderr)")
            throw XCTSkip("fastjet_cluster.py failed")
        }
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: output))) as? [String: Any])
        let list = try XCTUnwrap(json["events"] as? [[String: Any]])
        return try list.map { event in
            let jets = try XCTUnwrap(event["jets"] as? [[String: Any]]).map { jet -> Jet in
                let p = (jet["p"] as? [String] ?? []).compactMap(Double.init)
                precondition(p.count == 4, "bad momentum in FastJet output")
                return Jet(momentum: FourVector(px: p[0], py: p[1], pz: p[2], e: p[3]),
                           constituents: jet["c"] as? [Int] ?? [])
            }
            return Event(strategy: event["strategy"] as? String ?? "?", jets: jets)
        }
    }

    /// Our strategy for FastJet's `strategy_string()` (lazy tilings run as N2MinHeapTiled here).
    static func expectedStrategy(_ fastjet: String) -> JetDefinition.Strategy? {
        switch fastjet {
        case "N2Plain": return .plain
        case "N2Tiled": return .tiled
        case "N2MinHeapTiled", "N2MHTLazy9", "N2MHTLazy25": return .minHeapTiled
        default: return nil
        }
    }

    struct Tally: CustomStringConvertible {
        var events = 0, inputs = 0, jets = 0, bitIdenticalJets = 0
        var strategies: [String: Int] = [:]
        var description: String {
            "\(events) events, \(inputs) inputs, \(jets) jets (\(bitIdenticalJets) bit-identical), FastJet strategies \(strategies.sorted { $0.key < $1.key })"
        }
    }

    /// Asserts that our clustering of each event equals FastJet's: same number of jets, the
    /// same constituent sets, four-momenta equal to 1e-9 relative, the same pT order.
    @discardableResult
    static func compare(_ events: [[FourVector]], _ definition: JetDefinition, label: String,
                        test: XCTestCase, file: StaticString = #filePath, line: UInt = #line) throws -> Tally {
        let reference = try cluster(events, definition, test: test)
        XCTAssertEqual(reference.count, events.count, "\(label): FastJet returned another number of events", file: file, line: line)
        var tally = Tally()
        let clusterer = JetClusterer()
        var failures = 0
        for (k, (inputs, fastjet)) in zip(events, reference).enumerated() {
            let ours = clusterer.cluster(inputs, definition)
            tally.events += 1
            tally.inputs += inputs.count
            tally.jets += ours.jets.count
            tally.strategies[fastjet.strategy, default: 0] += 1
            let context = "\(label) event \(k) (N = \(inputs.count), \(definition))"
            if let expected = expectedStrategy(fastjet.strategy) {
                XCTAssertEqual(ours.strategy, expected, "\(context): FastJet ran \(fastjet.strategy)", file: file, line: line)
            }
            guard ours.jets.count == fastjet.jets.count else {
                XCTFail("\(context): \(ours.jets.count) jets, FastJet \(fastjet.jets.count)", file: file, line: line)
                failures += 1
                if failures > 5 { return tally }
                continue
            }
            var byConstituents: [[Int]: Jet] = [:]
            for jet in fastjet.jets { byConstituents[jet.constituents] = jet }
            for (j, jet) in ours.jets.enumerated() {
                guard let match = byConstituents[jet.constituents] else {
                    XCTFail("\(context): jet \(j) (pT \(jet.pt), \(jet.constituents.count) constituents) has no FastJet jet with the same constituents", file: file, line: line)
                    failures += 1
                    break
                }
                let a = jet.momentum, b = match.momentum
                let scale = max(abs(b.e), abs(b.px), abs(b.py), abs(b.pz), 1e-300)
                let worst = [a.px - b.px, a.py - b.py, a.pz - b.pz, a.e - b.e].map { abs($0) }.max()!
                if worst > 1e-9 * scale {
                    XCTFail("\(context): jet \(j) momentum \(a) vs FastJet \(b)", file: file, line: line)
                    failures += 1
                }
                if a == b { tally.bitIdenticalJets += 1 }
                // Same pT order: FastJet's j-th jet has our j-th jet's pT (ties may swap).
                XCTAssertEqual(jet.momentum.pt2, fastjet.jets[j].momentum.pt2, accuracy: 1e-9 * max(jet.momentum.pt2, 1e-300),
                               "\(context): pT order differs at jet \(j)", file: file, line: line)
            }
            if failures > 5 { return tally }
        }
        return tally
    }
}
