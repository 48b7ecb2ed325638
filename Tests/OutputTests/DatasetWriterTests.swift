import EventModel
import Foundation
import XCTest
@testable import Output

/// The writer's contract: what goes in comes back out, files appear whole or not at all,
/// the same rows make the same bytes, and mistakes are reported with the file's name.
final class DatasetWriterTests: XCTestCase {
    typealias Support = OutputTestSupport

    // MARK: Round trip

    /// 40 seeded events (≈ 140 jets, every label, NaN LLP fields, empty and over-full arrays)
    /// appended in three uneven batches read back bit for bit (arrays cut to 30/20/30).
    func testRowsReadBackAsWritten() throws {
        let folder = try Support.temporaryDirectory(for: self)
        let path = folder + "/roundtrip.h5"
        let writer = try DatasetWriter(path: path, metadata: Support.metadata)
        var allJets: [JetRecord] = []
        var allEvents: [EventRow] = []
        for ids in [Int64(0)..<7, 7..<8, 8..<40] {
            let batch = SyntheticRows.batch(events: ids, seed: 12_345)
            try writer.append(jets: batch.jets, events: batch.events)
            allJets += batch.jets
            allEvents += batch.events
        }
        XCTAssertEqual(writer.jetCount, allJets.count)
        XCTAssertEqual(writer.eventCount, 40)
        try writer.close()

        let reader = try DatasetReader(path: path)
        XCTAssertEqual(reader.jetCount, allJets.count)
        XCTAssertEqual(reader.eventCount, 40)
        XCTAssertEqual(reader.metadata, Support.metadata)
        XCTAssertEqual(try reader.records(), allJets.map(\.truncatedToFileLimits))
        XCTAssertEqual(try reader.events(), allEvents)
        XCTAssertEqual(try reader.jets(5..<9), allJets[5..<9].map(\.jet))
        // The synthetic rows do exercise what the round trip should cover.
        XCTAssertTrue(allJets.contains { $0.clusters.count > DatasetSchema.clustersPerJet })
        XCTAssertTrue(allJets.contains { $0.tracks.isEmpty })
        XCTAssertTrue(allJets.contains { $0.jet.llpLxy.isNaN })
        XCTAssertEqual(Set(allJets.map(\.jet.label)), Set(JetLabel.allCases))
    }

    /// Arrays longer than the limits keep their first 30 / 20 / 30 rows, as the network takes
    /// the leading ones; padding rows are zero and the counts say how many are real.
    func testLongArraysKeepTheirFirstRowsAndPaddingIsZero() throws {
        let path = try Support.temporaryDirectory(for: self) + "/limits.h5"
        let clusters = (0..<33).map { ClusterRow(pt: Float(100 - $0), time: Float($0)) }
        let tracks = (0..<3).map { TrackRow(pt: Float($0 + 1), hits: 12) }
        try DatasetWriter.write(jets: [JetRecord(jet: JetRow(pt: 50), clusters: clusters, tracks: tracks)],
                                events: [], to: path, metadata: Support.metadata)
        let reader = try DatasetReader(path: path)
        let record = try XCTUnwrap(try reader.records().first)
        XCTAssertEqual(record.clusters, Array(clusters.prefix(30)))
        XCTAssertEqual(record.tracks, tracks)
        XCTAssertEqual(record.segments, [])
        let stored = try XCTUnwrap(try reader.storedJets(0..<1).first)
        XCTAssertEqual([stored.clusterCount, stored.trackCount, stored.segmentCount], [30, 3, 0])
        let paddedTracks: [TrackRow] = try reader.readRows(2, 0..<1)
        XCTAssertEqual(paddedTracks.count, 20)
        XCTAssertEqual(Array(paddedTracks[3...]), Array(repeating: TrackRow.zero, count: 17))
    }

    /// A file with no rows is still a valid dataset with all five (empty) datasets.
    func testEmptyFileIsAValidDataset() throws {
        let path = try Support.temporaryDirectory(for: self) + "/empty.h5"
        try DatasetWriter.write(jets: [], events: [], to: path, metadata: DatasetMetadata(genrecoVersion: "0.1.0"))
        let reader = try DatasetReader(path: path)
        XCTAssertEqual(reader.jetCount, 0)
        XCTAssertEqual(try reader.shape(of: "clusters"), [0, 30])
        XCTAssertEqual(try reader.shape(of: "tracks"), [0, 20])
        XCTAssertEqual(try reader.records(), [])
        XCTAssertNil(reader.metadata.runCardTOML)
    }

    /// The schema travels with the file: versions, labels, padding, the run card, and per
    /// dataset its description and the fields with units (as JSON).
    func testSchemaIsStoredAsAttributes() throws {
        let path = try Support.temporaryDirectory(for: self) + "/attributes.h5"
        try DatasetWriter.write(jets: [], events: [], to: path, metadata: Support.metadata)
        let reader = try DatasetReader(path: path)
        let root = try reader.fileAttributes()
        XCTAssertEqual(root["format"], .string("GenReco CalRatio dataset"))
        XCTAssertEqual(root["schema_version"], .integer(2))
        XCTAssertEqual(root["genreco_version"], .string("0.1.0-test"))
        XCTAssertEqual(root["labels"], .string(#"{"0": "QCD", "1": "signal", "2": "BIB"}"#))
        XCTAssertEqual(root["run_card_toml"], .string(try XCTUnwrap(Support.metadata.runCardTOML)))
        XCTAssertEqual(root["schema"], .string(DatasetSchema.markdown()))
        XCTAssertEqual(root["padding"], .string(DatasetSchema.padding))

        let clusters = try reader.attributes(of: "clusters")
        XCTAssertEqual(clusters["rows_per_jet"], .integer(30))
        XCTAssertEqual(clusters["count_field"], .string("n_clusters"))
        XCTAssertEqual(clusters["shape"], .string("N × 30"))
        let fieldsJSON = try XCTUnwrap(clusters["fields"]?.stringValue)
        let fields = try JSONDecoder().decode([Column].self, from: Data(fieldsJSON.utf8))
        XCTAssertEqual(fields, DatasetSchema.clusters.columns)
        XCTAssertEqual(fields.first { $0.name == "time_ns" }?.unit, "ns")
    }

    // MARK: Atomic files

    /// Until close() the rows live under a temporary name; close() renames; nothing else is left.
    func testFileAppearsUnderItsNameOnlyWhenClosed() throws {
        let folder = try Support.temporaryDirectory(for: self)
        let path = folder + "/job.h5"
        let writer = try DatasetWriter(path: path, metadata: Support.metadata)
        try writer.append(jets: SyntheticRows.batch(events: 0..<3, seed: 1).jets, events: [])
        XCTAssertFalse(FileManager.default.fileExists(atPath: path))
        XCTAssertEqual(try Support.files(in: folder), [(writer.temporaryPath as NSString).lastPathComponent])
        XCTAssertTrue(writer.temporaryPath.contains(".tmp-"), "the farm's marker for leftovers")
        try writer.close()
        XCTAssertEqual(try Support.files(in: folder), ["job.h5"])
        XCTAssertThrowsError(try writer.append([EventRow()])) { error in
            XCTAssertEqual(error as? DatasetError, .closed(file: path))
        }
    }

    /// A writer dropped without close() (a job that threw) removes its temporary file.
    func testAbandonedWriterLeavesNothing() throws {
        let folder = try Support.temporaryDirectory(for: self)
        do {
            let writer = try DatasetWriter(path: folder + "/abandoned.h5", metadata: Support.metadata)
            try writer.append([EventRow(eventID: 1)])
        }
        XCTAssertEqual(try Support.files(in: folder), [])
    }

    // MARK: Reproducibility

    /// The same rows in the same batches give the same bytes (no timestamps in the file),
    /// whatever the folder or the process id in the temporary name.
    func testSameRowsGiveIdenticalBytes() throws {
        let batch = SyntheticRows.batch(events: 100..<160, seed: 7)
        var hashes: [String] = []
        for name in ["a", "b"] {
            let folder = try Support.temporaryDirectory(for: self)
            let path = folder + "/\(name).h5"
            let writer = try DatasetWriter(path: path, metadata: Support.metadata)
            try writer.append(jets: Array(batch.jets.prefix(50)), events: Array(batch.events.prefix(20)))
            try writer.append(jets: Array(batch.jets.dropFirst(50)), events: Array(batch.events.dropFirst(20)))
            try writer.close()
            hashes.append(try Support.sha256(path))
        }
        XCTAssertEqual(hashes[0], hashes[1])
        // And a different row changes the hash (the check is not vacuous).
        let path = try Support.temporaryDirectory(for: self) + "/c.h5"
        var changed = batch.jets
        changed[0].jet.pt += 1
        let writer = try DatasetWriter(path: path, metadata: Support.metadata)
        try writer.append(jets: Array(changed.prefix(50)), events: Array(batch.events.prefix(20)))
        try writer.append(jets: Array(changed.dropFirst(50)), events: Array(batch.events.dropFirst(20)))
        try writer.close()
        XCTAssertNotEqual(try Support.sha256(path), hashes[0])
    }

    // MARK: Bad input

    /// A path in a folder that does not exist: a clear error naming the file and the folder,
    /// and nothing created.
    func testMissingFolderIsReported() throws {
        let folder = try Support.temporaryDirectory(for: self) + "/no/such/folder"
        let path = folder + "/out.h5"
        XCTAssertThrowsError(try DatasetWriter(path: path, metadata: Support.metadata)) { error in
            XCTAssertEqual(error as? DatasetError, .missingFolder(file: path, folder: folder))
            XCTAssertEqual("\(error)", "\(path): cannot create the file, folder \(folder) does not exist")
        }
    }

    /// HDF5's own failures carry the call and HDF5's message. Here the temporary name is
    /// taken by a folder, which even root cannot open as a file.
    func testHDF5FailureNamesTheCall() throws {
        let folder = try Support.temporaryDirectory(for: self)
        let path = folder + "/x.h5"
        try FileManager.default.createDirectory(atPath: folder + "/.x.h5.tmp-\(getpid())", withIntermediateDirectories: false)
        XCTAssertThrowsError(try DatasetWriter(path: path, metadata: Support.metadata)) { error in
            guard case let .hdf5(file, call, message)? = error as? DatasetError else { return XCTFail("\(error)") }
            XCTAssertEqual(file, path)
            XCTAssertEqual(call, "H5Fcreate")
            XCTAssertTrue(message.hasPrefix("unable to create file"), message)
            XCTAssertTrue("\(error)".hasPrefix("\(path): H5Fcreate failed: unable to create file"), "\(error)")
        }
    }
}
