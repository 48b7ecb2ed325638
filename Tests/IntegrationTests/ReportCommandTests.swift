import Foundation
import GenRecoTestSupport
import XCTest

/// `genreco report` on a real (small) run: every section present with its plots, the page
/// self-contained, and Chromium shows it.
final class ReportCommandTests: XCTestCase {
    func testHelpShowsExamples() throws {
        let h = try Harness.genreco(["report", "--help"])
        XCTAssertEqual(h.status, 0)
        XCTAssertTrue(h.stdout.contains("Examples:"), h.stdout)
        XCTAssertTrue(h.stdout.contains("genreco report 20261129-101500"), h.stdout)
    }

    func testTheReportOfARunHasEverySectionAndRenders() throws {
        let work = try Harness.temporaryDirectory("report")
        defer { try? FileManager.default.removeItem(atPath: work) }
        let run = try Harness.genreco(["run", "-b", "2", "-n", "1", "--work-dir", work, "-q"], timeout: 300)
        XCTAssertEqual(run.status, 0, run.output)
        let ts = try XCTUnwrap(Harness.timestamp(in: run.output), run.output)
        let html = work + "/report.html"
        // Small samples: this checks the page, not the physics (`genreco validate` does that).
        let r = try Harness.genreco(["report", ts, "--work-dir", work, "-o", html, "--generator-events", "10",
                                     "--detector-particles", "10", "--tracking-particles", "3", "--json"], timeout: 300)
        XCTAssertEqual(r.status, 0, r.output)
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], r.stdout)
        let sections = try XCTUnwrap(json["sections"] as? [[String: Any]])
        XCTAssertEqual(sections.map { $0["id"] as? String }, ["summary", "generator", "llp", "calorimeter", "jets", "tracking"])
        for s in sections {
            XCTAssertEqual(s["status"] as? String, "ok", "section \(s)")
            XCTAssertGreaterThanOrEqual(s["plots"] as? Int ?? 0, 2, "section \(s)")
        }
        XCTAssertFalse(r.stderr.contains("\u{1B}"), "no progress bar when standard error is not a terminal")

        let page = try String(contentsOfFile: html, encoding: .utf8)
        for id in ["run-summary", "plot-hosts", "plot-stages", "gen-llp_pt", "llp-lxy", "llp-lz", "calo-electrons", "calo-pions",
                   "jet-logratio", "jet-tracks", "tracking-efficiency", "tracking-resolution"] {
            XCTAssertTrue(page.contains("id=\"\(id)\""), "no element \(id)")
        }
        XCTAssertTrue(page.contains("Pythia 8.318"))
        XCTAssertTrue(page.contains("ATLAS design"))
        XCTAssertFalse(page.contains("<script"))
        XCTAssertFalse(page.contains("src="))
        XCTAssertFalse(page.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "").contains("http"), "nothing loaded from elsewhere")

        let m = try ChromiumRender.measure(html, size: "1240x3000")
        XCTAssertGreaterThan(try XCTUnwrap(m["non_background_fraction"] as? Double), 0.1, "\(m)")

        // A run folder that is not there is named, with the latest ones.
        let bad = try Harness.genreco(["report", "19990101-000000", "--work-dir", work])
        XCTAssertNotEqual(bad.status, 0)
        XCTAssertTrue(bad.stderr.contains("no run 19990101-000000"), bad.stderr)
    }
}
