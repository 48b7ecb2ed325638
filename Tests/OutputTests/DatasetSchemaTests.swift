import Foundation
import XCTest
@testable import Output

/// The schema is data, and it says what the brief and the public CalRatio RNN ask for.
final class DatasetSchemaTests: XCTestCase {
    /// Every stored property is a column (nothing reconstruction fills goes unwritten), and
    /// building the layouts checked that every column's type is its property's type.
    func testEveryStoredPropertyIsAColumn() {
        XCTAssertEqual(Mirror(reflecting: JetRow()).children.count, JetRow.layout.columns.count)
        XCTAssertEqual(Mirror(reflecting: ClusterRow()).children.count, ClusterRow.layout.columns.count)
        XCTAssertEqual(Mirror(reflecting: TrackRow()).children.count, TrackRow.layout.columns.count)
        XCTAssertEqual(Mirror(reflecting: SegmentRow()).children.count, SegmentRow.layout.columns.count)
        XCTAssertEqual(Mirror(reflecting: EventRow()).children.count, EventRow.layout.columns.count)
    }

    /// Five datasets; per-jet arrays of 30 clusters, 20 tracks, 30 segments (CalRatio RNN).
    func testDatasetsAndShapes() {
        XCTAssertEqual(DatasetSchema.tables.map(\.name), ["jets", "clusters", "tracks", "segments", "events"])
        XCTAssertEqual(DatasetSchema.tables.map(\.shapeDescription), ["N", "N × 30", "N × 20", "N × 30", "M"])
        XCTAssertEqual(DatasetSchema.tables.map(\.countColumn), [nil, "n_clusters", "n_tracks", "n_segments", nil])
        for table in DatasetSchema.tables {
            XCTAssertEqual(Set(table.columns.map(\.name)).count, table.columns.count, "\(table.name): unique names")
        }
    }

    /// Physics quantities are float32 but for the weight (float64, summed over millions);
    /// ids and counts are integers; the label is int8.
    func testColumnTypes() {
        let integers: Set = ["event_id", "jet_index", "n_tracks_pt2", "label", "n_clusters", "n_tracks", "n_segments",
                             "n_hits", "n_holes", "n_shared_hits", "n_trt_hits", "run_number", "n_jets", "n_pileup_vertices", "n_true_llps"]
        for table in DatasetSchema.tables {
            for c in table.columns {
                let name = "\(table.name).\(c.name)"
                if integers.contains(c.name) {
                    XCTAssertTrue([.int8, .int16, .int32, .int64].contains(c.kind), name)
                } else if c.name == "weight" {
                    XCTAssertEqual(c.kind, .float64, name)
                } else {
                    XCTAssertEqual(c.kind, .float32, name)
                }
            }
        }
        XCTAssertEqual(DatasetSchema.jets.columns.first { $0.name == "event_id" }?.kind, .int64)
        XCTAssertEqual(DatasetSchema.jets.columns.first { $0.name == "label" }?.kind, .int8)
    }

    /// A dimensionful column carries its unit in its name, and the unit field agrees.
    func testUnitsAreInTheNames() {
        let suffix = ["GeV": "_gev", "mm": "_mm", "ns": "_ns"]
        for table in DatasetSchema.tables {
            for c in table.columns {
                if let s = suffix[c.unit] {
                    XCTAssertTrue(c.name.hasSuffix(s), "\(table.name).\(c.name) in \(c.unit)")
                } else {
                    XCTAssertTrue(c.unit.isEmpty || c.unit == "rad", "\(table.name).\(c.name): unexpected unit \(c.unit)")
                }
                XCTAssertFalse(c.description.isEmpty, "\(table.name).\(c.name) needs a description")
            }
        }
    }

    /// The class codes are those of the network's output: QCD 0, signal 1, BIB 2.
    func testLabelCodes() {
        XCTAssertEqual(JetLabel.allCases.map(\.rawValue), [0, 1, 2])
        XCTAssertEqual(DatasetSchema.labelsJSON, #"{"0": "QCD", "1": "signal", "2": "BIB"}"#)
        var jet = JetRow()
        XCTAssertEqual(jet.label, .qcd)
        XCTAssertTrue(jet.llpLxy.isNaN, "no LLP matched by default")
        jet.label = .bib
        XCTAssertEqual(jet.labelCode, 2)
    }

    /// The README's table: a section per dataset listing every column with type and unit,
    /// the label codes, the padding rule; no stray `|` breaks a row.
    func testMarkdownListsEveryColumn() {
        let text = DatasetSchema.markdown()
        for table in DatasetSchema.tables {
            XCTAssertTrue(text.contains("### `\(table.name)` (\(table.shapeDescription))"), table.name)
            for c in table.columns {
                XCTAssertTrue(text.contains("| `\(c.name)` | \(c.kind.rawValue) |"), "\(table.name).\(c.name)")
            }
        }
        XCTAssertTrue(text.contains("| `time_ns` | float32 | ns | energy-weighted mean cluster time |"))
        XCTAssertTrue(text.contains("| 2 | BIB |"))
        XCTAssertTrue(text.contains("### Padding"))
        for line in text.split(separator: "\n") where line.hasPrefix("| ") {
            let cells = line.replacingOccurrences(of: "\\|", with: "").filter { $0 == "|" }.count
            XCTAssertTrue(cells == 5 || cells == 4, "a table row with \(cells - 1) cells: \(line)")
        }
    }

    /// Each dataset's `fields` attribute is JSON that decodes back to its columns.
    func testFieldsJSONRoundTrips() throws {
        for table in DatasetSchema.tables {
            let json = DatasetSchema.fieldsJSON(table)
            XCTAssertEqual(try JSONDecoder().decode([Column].self, from: Data(json.utf8)), table.columns)
        }
        XCTAssertTrue(DatasetSchema.fieldsJSON(DatasetSchema.tracks)
            .hasPrefix(#"[{"description":"track transverse momentum","name":"pt_gev","type":"float32","unit":"GeV"}"#))
    }
}
