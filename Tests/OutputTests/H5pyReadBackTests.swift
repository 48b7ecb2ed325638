import Foundation
import XCTest
@testable import Output

/// h5py (HDF5's reference C library behind numpy) reads our files as we wrote them:
/// scripts/h5_check.py prints shapes, dtypes, filters, attributes, per-field sums and first
/// values as JSON, compared here with the Swift rows. Skipped without Python + h5py unless
/// GENRECO_REQUIRE_EXTERNAL=1.
final class H5pyReadBackTests: XCTestCase {
    typealias Support = OutputTestSupport

    func testH5pyReadsWhatSwiftWrote() throws {
        let path = try Support.temporaryDirectory(for: self) + "/h5py.h5"
        let writer = try DatasetWriter(path: path, metadata: Support.metadata)
        var jets: [JetRecord] = []
        var events: [EventRow] = []
        for ids in [Int64(500)..<530, 530..<575] {
            let batch = SyntheticRows.batch(events: ids, seed: 2_024)
            try writer.append(jets: batch.jets, events: batch.events)
            jets += batch.jets.map(\.truncatedToFileLimits)
            events += batch.events
        }
        try writer.close()

        let json = try Support.runScript("h5_check.py", [path])
        let root = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let attrs = try XCTUnwrap(root["attrs"] as? [String: Any])
        XCTAssertEqual(attrs["format"] as? String, DatasetSchema.formatName)
        XCTAssertEqual(attrs["schema_version"] as? Int, DatasetSchema.version)
        XCTAssertEqual(attrs["genreco_version"] as? String, Support.metadata.genrecoVersion)
        XCTAssertEqual(attrs["run_card_toml"] as? String, Support.metadata.runCardTOML)
        XCTAssertEqual(attrs["schema"] as? String, DatasetSchema.markdown())

        let labelCounts = JetLabel.allCases.map { label in jets.filter { $0.jet.label == label }.count }
        XCTAssertEqual(root["label_counts"] as? [Int], labelCounts)

        let datasets = try XCTUnwrap(root["datasets"] as? [String: [String: Any]])
        XCTAssertEqual(Set(datasets.keys), Set(DatasetSchema.tables.map(\.name)))
        let n = jets.count
        let padded = jets.map {
            StoredJet(jet: $0.jet, clusterCount: Int16($0.clusters.count), trackCount: Int16($0.tracks.count),
                      segmentCount: Int16($0.segments.count))
        }
        try check(datasets["jets"], DatasetSchema.jets, StoredJet.layout, rows: padded, shape: [n])
        try check(datasets["clusters"], DatasetSchema.clusters, ClusterRow.layout,
                  rows: jets.flatMap { $0.clusters + Array(repeating: .zero, count: 30 - $0.clusters.count) }, shape: [n, 30])
        try check(datasets["tracks"], DatasetSchema.tracks, TrackRow.layout,
                  rows: jets.flatMap { $0.tracks + Array(repeating: .zero, count: 20 - $0.tracks.count) }, shape: [n, 20])
        try check(datasets["segments"], DatasetSchema.segments, SegmentRow.layout,
                  rows: jets.flatMap { $0.segments + Array(repeating: .zero, count: 30 - $0.segments.count) }, shape: [n, 30])
        try check(datasets["events"], DatasetSchema.events, EventRow.layout, rows: events, shape: [events.count])
    }

    /// One dataset as h5py saw it against the Swift rows (in file order, padding included).
    private func check<Row>(_ seen: [String: Any]?, _ table: TableSchema, _ layout: RowLayout, rows: [Row], shape: [Int],
                            file: StaticString = #filePath, line: UInt = #line) throws {
        let seen = try XCTUnwrap(seen, "h5py did not see \(table.name)", file: file, line: line)
        let what = table.name
        XCTAssertEqual(seen["shape"] as? [Int], shape, what, file: file, line: line)
        XCTAssertEqual(seen["maxshape"] as? [Int], [-1] + shape.dropFirst(), "\(what): extendible along axis 0", file: file, line: line)
        XCTAssertEqual(seen["compression"] as? String, "gzip", what, file: file, line: line)
        XCTAssertEqual(seen["shuffle"] as? Bool, true, what, file: file, line: line)
        let fields = try XCTUnwrap(seen["fields"] as? [[String]], file: file, line: line)
        XCTAssertEqual(fields, table.columns.map { [$0.name, $0.kind.numpyType] }, "\(what) dtype", file: file, line: line)
        let attrs = try XCTUnwrap(seen["attrs"] as? [String: Any], file: file, line: line)
        XCTAssertEqual(attrs["fields"] as? String, DatasetSchema.fieldsJSON(table), file: file, line: line)
        XCTAssertEqual(attrs["description"] as? String, table.description, file: file, line: line)

        let sums = try XCTUnwrap(seen["sums"] as? [String: Any], file: file, line: line)
        let nans = try XCTUnwrap(seen["nan_counts"] as? [String: Int], file: file, line: line)
        let first = try XCTUnwrap(seen["first"] as? [String: Any], file: file, line: line)
        rows.withUnsafeBytes { raw in
            for (k, column) in layout.columns.enumerated() {
                var sum = 0.0
                var nanCount = 0
                for i in 0..<rows.count {
                    let v = column.kind.load(from: raw.baseAddress! + i * layout.stride + layout.memoryOffsets[k])
                    if v.isNaN { nanCount += 1 } else { sum += v }
                }
                let label = "\(what).\(column.name)"
                XCTAssertEqual(nans[column.name], nanCount, "\(label) NaN count", file: file, line: line)
                let firstValue = column.kind.load(from: raw.baseAddress! + layout.memoryOffsets[k])
                switch column.kind {
                case .float32, .float64:
                    // float.hex() is exact; the first value must match bit for bit.
                    let theirs = (first[column.name] as? String).flatMap(Double.init)
                    XCTAssertEqual(theirs?.bitPattern, firstValue.bitPattern, "\(label) first value", file: file, line: line)
                    // numpy sums pairwise, we sum in order: same to 1e-12 relative.
                    let theirSum = try? XCTUnwrap((sums[column.name] as? String).flatMap(Double.init))
                    XCTAssertEqual(theirSum ?? .nan, sum, accuracy: 1e-12 * max(1, abs(sum)), "\(label) sum", file: file, line: line)
                default:
                    XCTAssertEqual(first[column.name] as? Int, Int(firstValue), "\(label) first value", file: file, line: line)
                    XCTAssertEqual(sums[column.name] as? Int, Int(sum), "\(label) sum", file: file, line: line)
                }
            }
        }
    }
}
