import Foundation
import GenRecoTestSupport
import Output
import XCTest

/// `genreco display` as a user runs it: on a Pythia 8 HepMC3 file and on an event of a run,
/// checked in the SVG's elements, against the run's own dataset, and as Chromium shows it.
final class DisplayCommandTests: XCTestCase {
    /// The smaller of the Pythia 8 fixtures (no multi-parton interactions): a quicker chain in debug builds.
    var fixture: String { Harness.shared.appendingPathComponent("fixtures/hepmc3/pythia8_ggH125_mS40_ctau760_noMPI_80ev.hepmc").path }

    /// One `genreco reco` of two one-event jobs over the first two events of the fixture,
    /// made once for the class (it is the slow part). `reco` renumbers them 1 and 2.
    nonisolated(unsafe) static var runDir: (work: String, timestamp: String)?

    func run() throws -> (work: String, timestamp: String) {
        if let r = Self.runDir { return r }
        let work = try Harness.temporaryDirectory("display")
        let evnt = work + "/evnt"
        try FileManager.default.createDirectory(atPath: evnt, withIntermediateDirectories: true)
        try Self.firstEvents(2, of: fixture, into: evnt + "/two.hepmc")
        let r = try Harness.genreco(["reco", "-b", "1", "--evnt-dir", evnt, "--work-dir", work, "-q"], timeout: 300)
        XCTAssertEqual(r.status, 0, r.output)
        let ts = try XCTUnwrap(Harness.timestamp(in: r.output), r.output)
        Self.runDir = (work, ts)
        return (work, ts)
    }

    /// The header and the first `n` events of a HepMC3 ASCII file, closed with the footer.
    static func firstEvents(_ n: Int, of path: String, into out: String) throws {
        var lines: [Substring] = []
        var events = 0
        for line in try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("E ") { events += 1 }
            if events > n || line.hasPrefix("HepMC::Asciiv3-END_EVENT_LISTING") { break }
            lines.append(line)
        }
        try (lines.joined(separator: "\n") + "\nHepMC::Asciiv3-END_EVENT_LISTING\n").write(toFile: out, atomically: true, encoding: .utf8)
    }

    override class func tearDown() {
        if let r = runDir { try? FileManager.default.removeItem(atPath: r.work) }
        super.tearDown()
    }

    func testAHepMC3EventIsDrawnWithEveryKindOfObjectAndRenders() throws {
        let dir = try Harness.temporaryDirectory("display-file")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let svgPath = dir + "/event.svg"
        let r = try Harness.genreco(["display", "--event", "1", fixture, "-o", svgPath, "--json"])
        XCTAssertEqual(r.status, 0, r.output)
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], r.stdout)
        XCTAssertEqual(json["event"] as? Int, 1)
        XCTAssertGreaterThan(json["trackerHits"] as? Int ?? 0, 100)
        XCTAssertGreaterThan(json["tracks"] as? Int ?? 0, 0)
        XCTAssertEqual(json["llpDecays"] as? Int, 2, "gg → H → s s: two long-lived scalars")
        let svg = try String(contentsOfFile: svgPath, encoding: .utf8)
        for cls in ["tracker-layer", "tracker-disc", "calo-em", "calo-had", "muon-station", "tracker-hit", "straw-hit", "track",
                    "truth-track", "cell-em", "cell-had", "jet", "jet-label", "llp-vertex", "primary-vertex"] {
            XCTAssertTrue(svg.contains("class=\"\(cls)") || svg.contains(" \(cls)\""), "no element of class \(cls)")
        }
        for id in ["xy-view", "rz-view", "xy-inner-view"] { XCTAssertTrue(svg.contains("id=\"\(id)\"")) }
        XCTAssertTrue(svg.contains("log₁₀(E_H/E_EM) = "), "jets carry their calorimeter ratio")
        // Nothing on standard error when it is not a terminal: no progress bar, no escapes.
        XCTAssertFalse(r.stderr.contains("\u{1B}"), r.stderr)

        let m = try ChromiumRender.measure(svgPath, size: "1380x1440")
        XCTAssertGreaterThan(try XCTUnwrap(m["non_background_fraction"] as? Double), 0.2, "\(m)")
        XCTAssertGreaterThan(try XCTUnwrap(m["distinct_colours"] as? Int), 100, "\(m)")
    }

    func testARunsEventIsRemadeExactlyAsItsJobMadeIt() throws {
        // A `reco` run: the event is read again from the same slice of the same input file,
        // renumbered as the job renumbered it, and goes through the same chain.
        let (work, ts) = try run()
        let dir = try Harness.temporaryDirectory("display-run")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let a = try Harness.genreco(["display", "--event", "2", "--run", ts, "--work-dir", work, "-o", dir + "/a.svg", "--json"])
        XCTAssertEqual(a.status, 0, a.output)
        let b = try Harness.genreco(["display", "--event", "2", "--run", work + "/runs/" + ts, "-o", dir + "/b.svg", "-q"])
        XCTAssertEqual(b.status, 0, b.output)
        XCTAssertEqual(b.stdout, "", "--quiet prints nothing")
        XCTAssertEqual(try Harness.sha256(dir + "/a.svg"), try Harness.sha256(dir + "/b.svg"), "the same event gives the same picture")

        // The jets drawn are the jets the run wrote for event 2 into its dataset.
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(a.stdout.utf8)) as? [String: Any])
        let drawn = try XCTUnwrap(json["jets"] as? [[String: Any]])
        let h5 = work + "/out/" + ts + "/304795.h5"
        let stored = try DatasetReader(path: h5).jets().filter { $0.eventID == 2 }
        XCTAssertEqual(drawn.count, stored.count, "jets of event 2: display \(drawn.count), dataset \(stored.count)")
        for (d, s) in zip(drawn.sorted { ($0["ptGeV"] as! Double) > ($1["ptGeV"] as! Double) }, stored.sorted { $0.pt > $1.pt }) {
            // Float storage in the file: 1e-6 relative.
            XCTAssertEqual(d["ptGeV"] as! Double, Double(s.pt), accuracy: 1e-5 * Double(s.pt))
            XCTAssertEqual(d["eta"] as! Double, Double(s.eta), accuracy: 1e-5)
        }
    }

    func testHelpShowsExamples() throws {
        let h = try Harness.genreco(["display", "--help"])
        XCTAssertEqual(h.status, 0)
        XCTAssertTrue(h.stdout.contains("Examples:"), h.stdout)
        XCTAssertTrue(h.stdout.contains("genreco display --event 17 --run 20261129-101500"), h.stdout)
        let top = try Harness.genreco(["--help"])
        XCTAssertTrue(top.stdout.contains("  display "), "the top-level help lists display")
        XCTAssertTrue(top.stdout.contains("  report "), "the top-level help lists report")
    }

    func testAnEventThatIsNotThereIsNamedWithTheRange() throws {
        let (work, ts) = try run()
        let r = try Harness.genreco(["display", "--event", "99", "--run", ts, "--work-dir", work])
        XCTAssertNotEqual(r.status, 0)
        XCTAssertTrue(r.stderr.contains("has events 1…2; there is no event 99"), r.stderr)
        let f = try Harness.genreco(["display", "--event", "5000", fixture])
        XCTAssertNotEqual(f.status, 0)
        XCTAssertTrue(f.stderr.contains("there is no event 5000"), f.stderr)
        let both = try Harness.genreco(["display", "--event", "1", fixture, "--run", ts])
        XCTAssertNotEqual(both.status, 0)
        XCTAssertTrue(both.stderr.contains("either --run RUN or a FILE.hepmc"), both.stderr)
    }
}

/// Headless Chromium through scripts/render_svg.py: the measurements of the rendered picture.
/// Skips without Chromium, fails under GENRECO_REQUIRE_EXTERNAL=1.
enum ChromiumRender {
    static func measure(_ file: String, size: String, file testFile: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
        let python = try External.python(importing: "zlib, json", file: testFile, line: line)
        let r = try External.run(python, [External.script("render_svg.py"), file, file + ".png", "--size", size])
        if r.status == 3 { try External.unavailable("no Chromium (apt-get install chromium): \(r.stderr)", file: testFile, line: line) }
        guard r.status == 0, let m = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any] else {
            XCTFail("render_svg.py failed (\(r.status)): \(r.stderr)", file: testFile, line: line)
            throw XCTSkip("render failed")
        }
        return m
    }
}
