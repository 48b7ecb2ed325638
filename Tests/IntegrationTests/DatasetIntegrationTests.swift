import Foundation
import GenRecoTestSupport
import XCTest

/// The training dataset end to end (issue 6, item 7): a signal run under mpirun, its merged
/// `<run>.h5` read back with h5py (scripts/h5_dataset_check.py) and compared with the
/// program's own summary (`genreco inspect FILE.h5 --json`, Output's DatasetSummary).
final class DatasetIntegrationTests: XCTestCase {
    var work: String!
    var card: String!

    override func setUpWithError() throws {
        work = try Harness.temporaryDirectory("dataset")
        card = work + "/signal.toml"
        // The benchmark signal point: each event holds two long-lived scalars.
        try """
            [run]
            number = 5151
            seed = 99

            [generation]
            process = "hss-ggf"
            """.write(toFile: card, atomically: true, encoding: .utf8)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: work)
    }

    private func json(_ text: String) throws -> [String: Any] {
        try XCTUnwrap(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], text)
    }

    func testMergedDatasetReadsBackWithH5pyAsTheProgramSummarizesIt() throws {
        let w = work + "/w"
        let r = try Harness.mpirun(3, ["run", "-b", "3", "-n", "4", "--card", card, "--work-dir", w, "-q"])
        XCTAssertEqual(r.status, 0, r.output)
        let out = w + "/out/" + (try XCTUnwrap(Harness.timestamp(in: r.output), r.output))
        let files = try FileManager.default.contentsOfDirectory(atPath: out).filter { !$0.hasPrefix(".") }.sorted()
        XCTAssertEqual(files, ["5151.3.0.events.jsonl", "5151.3.0.h5", "5151.3.1.events.jsonl", "5151.3.1.h5",
                               "5151.3.2.events.jsonl", "5151.3.2.h5", "5151.3.3.events.jsonl", "5151.3.3.h5",
                               "5151.events.jsonl", "5151.h5"])
        let merged = out + "/5151.h5"

        let inspect = try Harness.genreco(["inspect", merged, "--json"])
        XCTAssertEqual(inspect.status, 0, inspect.output)
        let ours = try json(inspect.stdout)
        let python = try External.runScript("h5_dataset_check.py", [merged], importing: "h5py, numpy")
        let theirs = try json(python)

        XCTAssertEqual(theirs["problems"] as? [String], [], "the schema's promises hold in the file")
        XCTAssertEqual(theirs["events"] as? Int, 12)
        XCTAssertEqual(ours["events"] as? Int, 12)
        let jets = try XCTUnwrap(ours["jets"] as? Int)
        XCTAssertEqual(theirs["jets"] as? Int, jets)
        XCTAssertGreaterThan(jets, 12, "signal events have jets above 20 GeV")
        let shapes = try XCTUnwrap(theirs["shapes"] as? [String: [Int]])
        XCTAssertEqual(shapes, ["jets": [jets], "clusters": [jets, 30], "tracks": [jets, 20], "segments": [jets, 30], "events": [12]])
        let perLabel = try XCTUnwrap(ours["jetsPerLabel"] as? [String: Int])
        XCTAssertEqual(theirs["jetsPerLabel"] as? [String: Int], perLabel)
        XCTAssertGreaterThan(perLabel["signal"] ?? 0, 0, "some jets come from an LLP decaying in the calorimeter")

        // dtypes: little-endian float32 for measured quantities, int64 ids, int8 label, float64 weight.
        let dtypes = try XCTUnwrap(theirs["dtypes"] as? [String: [[String]]])
        let jetTypes = Dictionary(uniqueKeysWithValues: (dtypes["jets"] ?? []).map { ($0[0], $0[1]) })
        XCTAssertEqual(jetTypes["event_id"], "<i8")
        XCTAssertEqual(jetTypes["pt_gev"], "<f4")
        XCTAssertEqual(jetTypes["log_ratio"], "<f4")
        XCTAssertEqual(jetTypes["n_tracks_pt2"], "<i4")
        XCTAssertEqual(jetTypes["label"], "|i1")
        XCTAssertEqual(jetTypes["weight"], "<f8")
        XCTAssertEqual(jetTypes["n_clusters"], "<i2")

        // Every column of every table: same names in the same order, same counts, NaNs,
        // minimum and maximum (exact: both read the same float32), mean to rounding.
        let ourTables = try XCTUnwrap(ours["tables"] as? [String: [[String: Any]]])
        let theirTables = try XCTUnwrap(theirs["tables"] as? [String: [[String: Any]]])
        XCTAssertEqual(Set(ourTables.keys), ["jets", "clusters", "tracks", "segments", "events"])
        for (table, columns) in ourTables {
            let other = try XCTUnwrap(theirTables[table], table)
            XCTAssertEqual(columns.map { $0["name"] as? String }, other.map { $0["name"] as? String }, table)
            XCTAssertEqual(dtypes[table]?.map { $0[0] }, columns.compactMap { $0["name"] as? String }, table)
            for (a, b) in zip(columns, other) {
                let name = "\(table).\(a["name"] as? String ?? "?")"
                XCTAssertEqual(a["count"] as? Int, b["count"] as? Int, name)
                XCTAssertEqual(a["nan"] as? Int, b["nan"] as? Int, name)
                XCTAssertEqual(a["min"] as? Double, b["min"] as? Double, name)
                XCTAssertEqual(a["max"] as? Double, b["max"] as? Double, name)
                if let x = a["mean"] as? Double, let y = b["mean"] as? Double {
                    // Sums of float32 values in float64, in different orders: 1e-9 relative.
                    XCTAssertEqual(x, y, accuracy: 1e-9 * max(1, abs(x)), name)
                } else {
                    // No valid value on either side (JSON null, or the key left out).
                    XCTAssertNil(a["mean"] as? Double, name)
                    XCTAssertNil(b["mean"] as? Double, name)
                    XCTAssertEqual(a["count"] as? Int, 0, name)
                }
            }
        }
        // The clusters of a jet are real: at least one per jet, EM-scale pT above zero.
        let clusterColumns = try XCTUnwrap(ourTables["clusters"])
        XCTAssertGreaterThanOrEqual(clusterColumns[0]["count"] as? Int ?? 0, jets)
        let jetColumns = try XCTUnwrap(ourTables["jets"])
        let ptMin = try XCTUnwrap(jetColumns.first { $0["name"] as? String == "pt_gev" }?["min"] as? Double)
        XCTAssertGreaterThanOrEqual(ptMin, 20, "jets above the 20 GeV cut only")

        // The job log carries the reconstruction counts, bad input included.
        let runDir = w + "/runs/" + URL(fileURLWithPath: out).lastPathComponent
        let log = try String(contentsOfFile: runDir + "/logs/job0000.log", encoding: .utf8)
        XCTAssertTrue(log.contains("reconstruction: 3 events"), log)
        XCTAssertTrue(log.contains("failed fits") && log.contains("empty calorimeter"), log)
    }
}
