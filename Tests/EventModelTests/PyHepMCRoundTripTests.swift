import Foundation
import XCTest
@testable import EventModel

/// Both directions against pyhepmc 2.16.1, i.e. HepMC3's own C++ ReaderAscii and WriterAscii:
///
/// (a) files our writer writes are read by pyhepmc with the same content;
/// (b) files pyhepmc writes are read by our reader with the content pyhepmc reads.
///
/// pyhepmc's view comes from scripts/pyhepmc_dump.py (doubles as float.hex(), exact). The
/// comparison is bit for bit, except that values written in MEV or CM units (converted from
/// GeV and mm on the way out) may differ by one unit in the last place, as stated where used.
/// Needs Python with pyhepmc (see TestSupport); skipped without it, failed if
/// GENRECO_REQUIRE_EXTERNAL=1.
final class PyHepMCRoundTripTests: XCTestCase {

    // MARK: (a) our writer → pyhepmc

    func testPyhepmcReadsTheFixturesAsWeWroteThem() throws {
        let directory = try TestSupport.temporaryDirectory(for: self)
        for name in TestSupport.pythiaFixtures {
            let events = try HepMC3Reader.readAll(try TestSupport.hepmcFixture(name + ".hepmc"))
            let written = directory.appendingPathComponent(name + ".hepmc").path
            let writer = try HepMC3Writer(path: written)
            for e in events { try writer.write(e) }
            try writer.close()
            try compare(events, withPyhepmcReading: written, ownPositionsKnown: true)
        }
    }

    func testPyhepmcReadsOurSmallEventsInEveryUnit() throws {
        let directory = try TestSupport.temporaryDirectory(for: self)
        var events: [GenEvent] = []
        for (k, units) in [(GenEvent.MomentumUnit.GEV, GenEvent.LengthUnit.MM), (.MEV, .CM), (.GEV, .CM)].enumerated() {
            var e = HepMC3WriterTests.smallEvent()
            e.eventNumber = k
            e.momentumUnit = units.0
            e.lengthUnit = units.1
            e.eventPosition = k == 0 ? .zero : FourVector(px: 0.125, py: -0.5, pz: 17.25, e: 0.1)
            events.append(e)
        }
        let path = directory.appendingPathComponent("small.hepmc").path
        let writer = try HepMC3Writer(path: path)
        for e in events { try writer.write(e) }
        try writer.close()
        // ×1000 / ÷10 on the way out: compared to one unit in the last place.
        try compare(events, withPyhepmcReading: path, ownPositionsKnown: false, ulps: 1)
    }

    // MARK: (b) pyhepmc's writer → our reader

    func testWeReadPyhepmcRewrittenFixturesAsPyhepmcDoes() throws {
        let directory = try TestSupport.temporaryDirectory(for: self)
        for name in TestSupport.pythiaFixtures {
            let path = directory.appendingPathComponent(name + ".hepmc").path
            try TestSupport.runScript("pyhepmc_write_events.py", ["rewrite", try TestSupport.hepmcFixture(name + ".hepmc"), path])
            try compare(try HepMC3Reader.readAll(path), withPyhepmcReading: path, ownPositionsKnown: true)
        }
    }

    func testWeReadPyhepmcBuiltEventsAsPyhepmcDoes() throws {
        // Run info, MEV/CM, positions, statuses, implicit vertices, escaped attribute text.
        let path = try TestSupport.temporaryDirectory(for: self).appendingPathComponent("synthetic.hepmc").path
        try TestSupport.runScript("pyhepmc_write_events.py", ["synthetic", path])
        let events = try HepMC3Reader.readAll(path)
        XCTAssertEqual(events.count, 3)
        try compare(events, withPyhepmcReading: path, ownPositionsKnown: true)
    }

    /// The grammar corner cases of HepMC3ReaderTests (explicit and implicit vertex ids
    /// interleaved, event shift, MEV/CM, escapes, a run attribute) read the same in both.
    func testHandWrittenFileReadsAsInPyhepmc() throws {
        let path = try TestSupport.writeTemporaryFile("hand.hepmc", HepMC3ReaderTests.implicitVertexFile, for: self)
        try compare(try HepMC3Reader.readAll(path), withPyhepmcReading: path, ownPositionsKnown: true)
    }

    // MARK: The comparison

    /// Compares our events with pyhepmc's reading of `path`. Values in pyhepmc are in the
    /// file's units; ours in GeV and mm, converted the way HepMC3Reader converts (÷1000 for
    /// MEV, ×10 for CM), so equal bits are expected when `ulps` is 0.
    /// `ownPositionsKnown`: our vertices hold exactly the positions the file has (true for
    /// events read from a file); otherwise only the positions as HepMC3 resolves them compare.
    private func compare(_ events: [GenEvent], withPyhepmcReading path: String, ownPositionsKnown: Bool,
                         ulps: Int = 0, file: StaticString = #filePath, line: UInt = #line) throws {
        let dumpPath = path + ".json"
        try TestSupport.runScript("pyhepmc_dump.py", [path, dumpPath])
        let root = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dumpPath))) as? [String: Any])
        let dumped = try XCTUnwrap(root["events"] as? [[String: Any]])
        XCTAssertEqual(dumped.count, events.count, "event count of \(path)", file: file, line: line)

        func same(_ ours: Double, _ theirs: Any?, _ scale: (Double) -> Double, _ what: @autoclosure () -> String) {
            guard let t = TestSupport.hexDouble(theirs) else { return XCTFail("no number for \(what())", file: file, line: line) }
            let expected = scale(t)
            let ok = ulps == 0 ? ours.bitPattern == expected.bitPattern
                               : (ours == expected || abs(ours - expected) <= Double(ulps) * expected.ulp)
            if !ok { XCTFail("\(what()): ours \(ours) vs pyhepmc \(expected)", file: file, line: line) }
        }

        for (event, d) in zip(events, dumped) {
            let label = "\((path as NSString).lastPathComponent) event \(event.eventNumber)"
            XCTAssertEqual(event.eventNumber, d["event_number"] as? Int, label, file: file, line: line)
            XCTAssertEqual(event.momentumUnit.rawValue, d["momentum_unit"] as? String, label, file: file, line: line)
            XCTAssertEqual(event.lengthUnit.rawValue, d["length_unit"] as? String, label, file: file, line: line)
            let momentum: (Double) -> Double = event.momentumUnit == .MEV ? { $0 / 1000 } : { $0 }
            let length: (Double) -> Double = event.lengthUnit == .CM ? { $0 * 10 } : { $0 }
            let identity: (Double) -> Double = { $0 }

            let weights = try XCTUnwrap(d["weights"] as? [Any])
            XCTAssertEqual(weights.count, event.weights.count, label, file: file, line: line)
            for (w, t) in zip(event.weights, weights) { same(w, t, identity, "\(label) weight") }
            let shift = try XCTUnwrap(d["event_pos"] as? [Any])
            for (k, v) in [event.eventPosition.px, event.eventPosition.py, event.eventPosition.pz, event.eventPosition.e].enumerated() {
                same(v, shift[k], length, "\(label) event position \(k)")
            }

            let particles = try XCTUnwrap(d["particles"] as? [[Any]])
            XCTAssertEqual(particles.count, event.particles.count, label, file: file, line: line)
            for (i, (p, t)) in zip(event.particles, particles).enumerated() {
                let what = "\(label) particle \(i + 1)"
                XCTAssertEqual(t[0] as? Int, i + 1, what, file: file, line: line)
                XCTAssertEqual(t[1] as? Int, p.pdgID, what, file: file, line: line)
                XCTAssertEqual(t[2] as? Int, p.status, what, file: file, line: line)
                same(p.momentum.px, t[3], momentum, "\(what) px")
                same(p.momentum.py, t[4], momentum, "\(what) py")
                same(p.momentum.pz, t[5], momentum, "\(what) pz")
                same(p.momentum.e, t[6], momentum, "\(what) e")
                same(p.generatedMass, t[7], momentum, "\(what) mass")
                XCTAssertEqual(t[8] as? Int, p.productionVertex.map { -($0 + 1) } ?? 0, "\(what) production vertex", file: file, line: line)
                XCTAssertEqual(t[9] as? Int, p.endVertex.map { -($0 + 1) } ?? 0, "\(what) end vertex", file: file, line: line)
            }

            let vertices = try XCTUnwrap(d["vertices"] as? [[Any]])
            XCTAssertEqual(vertices.count, event.vertices.count, label, file: file, line: line)
            for t in vertices {
                let id = try XCTUnwrap(t[0] as? Int)
                let j = -id - 1
                guard event.vertices.indices.contains(j) else { XCTFail("\(label): pyhepmc vertex \(id) unknown", file: file, line: line); continue }
                let v = event.vertices[j]
                let what = "\(label) vertex \(id)"
                XCTAssertEqual(t[1] as? Int, v.status, what, file: file, line: line)
                if ownPositionsKnown {
                    XCTAssertEqual(t[2] as? Bool, v.position != .zero, "\(what) has a position", file: file, line: line)
                }
                let resolved = event.resolvedPosition(ofVertex: j)
                same(resolved.px, t[3], length, "\(what) x")
                same(resolved.py, t[4], length, "\(what) y")
                same(resolved.pz, t[5], length, "\(what) z")
                same(resolved.e, t[6], length, "\(what) t")
                XCTAssertEqual(t[7] as? [Int], v.incoming.map { $0 + 1 }.sorted(), "\(what) incoming", file: file, line: line)
                XCTAssertEqual(t[8] as? [Int], v.outgoing.map { $0 + 1 }.sorted(), "\(what) outgoing", file: file, line: line)
            }

            // Attributes as HepMC3 keeps them: one value per (owner, name), the last one set.
            var ours: [String: String] = [:]
            for a in event.attributes { ours["\(a.owner) \(a.name)"] = a.value }
            var theirs: [String: String] = [:]
            for a in try XCTUnwrap(d["attributes"] as? [[Any]]) {
                theirs["\(a[0] as? Int ?? 0) \(a[1] as? String ?? "")"] = a[2] as? String
            }
            XCTAssertEqual(ours, theirs, "\(label) attributes", file: file, line: line)

            let run = try XCTUnwrap(d["run_info"] as? [String: Any])
            XCTAssertEqual(event.runInfo.weightNames, run["weight_names"] as? [String], "\(label) weight names", file: file, line: line)
            XCTAssertEqual(event.runInfo.tools.map { [$0.name, $0.version, $0.description] }, run["tools"] as? [[String]],
                           "\(label) tools", file: file, line: line)
            let runAttributes = Dictionary((run["attributes"] as? [[String]] ?? []).map { ($0[0], $0[1]) }, uniquingKeysWith: { $1 })
            XCTAssertEqual(Dictionary(event.runInfo.attributes.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 }), runAttributes,
                           "\(label) run attributes", file: file, line: line)
        }
    }
}
