import Foundation
import XCTest
@testable import Output

/// `genreco inspect dataset.h5`: jets per label and the range of every jet variable.
final class DatasetSummaryTests: XCTestCase {
    typealias Support = OutputTestSupport

    /// Four hand-made jets: counts, min, max and mean are known exactly; NaNs are counted
    /// apart and kept out of the ranges.
    func testCountsAndRangesOfKnownJets() throws {
        let path = try Support.temporaryDirectory(for: self) + "/known.h5"
        let jets = [
            JetRow(eventID: 1, pt: 40, eta: -1.5, label: .qcd),
            JetRow(eventID: 1, jetIndex: 1, pt: 60, eta: 0.5, label: .signal, llpLxy: 2000, llpLz: 100, llpPt: 50),
            JetRow(eventID: 2, pt: 100, eta: 1.0, label: .signal, llpLxy: 3000, llpLz: -300, llpPt: 70),
            JetRow(eventID: 3, pt: 200, eta: 2.0, label: .bib),
        ].map { JetRecord(jet: $0, clusters: [ClusterRow(pt: 1)]) }
        try DatasetWriter.write(jets: jets, events: [EventRow(eventID: 1), EventRow(eventID: 2), EventRow(eventID: 3)],
                                to: path, metadata: Support.metadata)
        // A block smaller than the file, so that the streaming pass is tested too.
        let summary = try DatasetSummary(try DatasetReader(path: path), blockSize: 3)
        XCTAssertEqual(summary.jetCount, 4)
        XCTAssertEqual(summary.eventCount, 3)
        XCTAssertEqual(summary.jetsPerLabel, [.qcd: 1, .signal: 2, .bib: 1])

        func column(_ name: String) throws -> DatasetSummary.ColumnStatistics {
            try XCTUnwrap(summary.columns.first { $0.name == name }, name)
        }
        let pt = try column("pt_gev")
        XCTAssertEqual([pt.minimum, pt.maximum, pt.mean], [40, 200, 100])
        XCTAssertEqual(pt.nanCount, 0)
        let lxy = try column("llp_lxy_mm")
        XCTAssertEqual([lxy.minimum, lxy.maximum, lxy.mean, Double(lxy.nanCount)], [2000, 3000, 2500, 2])
        let clusters = try column("n_clusters")
        XCTAssertEqual([clusters.minimum, clusters.maximum], [1, 1])
        XCTAssertEqual(summary.columns.map(\.name), DatasetSchema.jets.columns.map(\.name))

        let text = summary.text
        XCTAssertTrue(text.hasPrefix("\(path): GenReco CalRatio dataset, schema 2, genreco 0.1.0-test\n"), text)
        XCTAssertTrue(text.contains("jets per label:  0 QCD 1 (25.0 %)  1 signal 2 (50.0 %)  2 BIB 1 (25.0 %)"), text)
        XCTAssertTrue(text.contains("run card  6 lines"), text)   // Support.metadata's card
        let ptLine = try XCTUnwrap(text.split(separator: "\n").first { $0.hasPrefix("  pt_gev ") })
        XCTAssertEqual(ptLine.split(separator: " "), ["pt_gev", "40", "200", "100"])
        let lxyLine = try XCTUnwrap(text.split(separator: "\n").first { $0.hasPrefix("  llp_lxy_mm ") })
        XCTAssertEqual(lxyLine.split(separator: " "), ["llp_lxy_mm", "2000", "3000", "2500", "2"])
    }

    /// An empty file summarizes without dividing by zero: no range, dashes.
    func testEmptyFile() throws {
        let path = try Support.temporaryDirectory(for: self) + "/empty.h5"
        try DatasetWriter.write(jets: [], events: [], to: path, metadata: DatasetMetadata(genrecoVersion: "0.1.0"))
        let summary = try DatasetSummary(path: path)
        XCTAssertEqual(summary.jetsPerLabel, [.qcd: 0, .signal: 0, .bib: 0])
        XCTAssertTrue(summary.columns.allSatisfy { $0.count == 0 && $0.mean.isNaN })
        XCTAssertTrue(summary.text.contains("  pt_gev "), summary.text)
    }
}
