import Foundation
import XCTest
@testable import Output

/// Merging per-job files: the merged file is their concatenation in the order given, and
/// the same inputs always make the same bytes.
final class DatasetMergerTests: XCTestCase {
    typealias Support = OutputTestSupport

    /// Three job files (events 0–9, 10–11 and 12–39; the middle one small) and their batches.
    private func jobFiles(in folder: String) throws -> (paths: [String], jets: [JetRecord], events: [EventRow]) {
        var paths: [String] = []
        var jets: [JetRecord] = []
        var events: [EventRow] = []
        for (k, ids) in [Int64(0)..<10, 10..<12, 12..<40].enumerated() {
            let batch = SyntheticRows.batch(events: ids, seed: 99)
            let path = folder + "/304795.job\(k).h5"
            try DatasetWriter.write(jets: batch.jets, events: batch.events, to: path, metadata: Support.metadata)
            paths.append(path)
            jets += batch.jets.map(\.truncatedToFileLimits)
            events += batch.events
        }
        return (paths, jets, events)
    }

    func testMergedFileIsTheConcatenationInOrder() throws {
        let folder = try Support.temporaryDirectory(for: self)
        let jobs = try jobFiles(in: folder)
        let merged = folder + "/merged.h5"
        let summary = try DatasetMerger.merge(jobs.paths, into: merged)
        XCTAssertEqual(summary, DatasetMerger.Summary(jets: jobs.jets.count, events: 40, inputs: 3))
        let reader = try DatasetReader(path: merged)
        XCTAssertEqual(try reader.records(), jobs.jets)
        XCTAssertEqual(try reader.events(), jobs.events)
        XCTAssertEqual(reader.metadata, Support.metadata)

        // Another order, another concatenation.
        let reversed = folder + "/reversed.h5"
        try DatasetMerger.merge(jobs.paths.reversed(), into: reversed)
        let events = try DatasetReader(path: reversed).events()
        XCTAssertEqual(events.map(\.eventID), Array(12..<40) + Array(10..<12) + Array(0..<10))
    }

    /// Merging the same files twice, into different folders, gives identical bytes (sha256).
    func testSameInputsGiveIdenticalMergedBytes() throws {
        let folder = try Support.temporaryDirectory(for: self)
        let jobs = try jobFiles(in: folder)
        let first = folder + "/merged-1.h5"
        let otherFolder = try Support.temporaryDirectory(for: self)
        let second = otherFolder + "/merged-2.h5"
        try DatasetMerger.merge(jobs.paths, into: first)
        try DatasetMerger.merge(jobs.paths, into: second)
        XCTAssertEqual(try Support.sha256(first), try Support.sha256(second))
        XCTAssertEqual(try Support.bytes(first), try Support.bytes(second))
    }

    /// The merged bytes depend on the rows only: the same 40 events split into jobs another
    /// way (as another batch size or number of ranks would) merge to the same file, also
    /// when appends cross job boundaries (a block of 16 jets).
    func testMergedBytesDoNotDependOnHowEventsWereSplitIntoJobs() throws {
        let folder = try Support.temporaryDirectory(for: self)
        func jobs(_ splits: [Range<Int64>], _ tag: String) throws -> [String] {
            try splits.enumerated().map { k, ids in
                let batch = SyntheticRows.batch(events: ids, seed: 99)
                let path = folder + "/\(tag)-\(k).h5"
                try DatasetWriter.write(jets: batch.jets, events: batch.events, to: path, metadata: Support.metadata)
                return path
            }
        }
        let threeJobs = try jobs([0..<10, 10..<12, 12..<40], "a")
        let twoJobs = try jobs([0..<25, 25..<40], "b")
        for blockSize in [16, DatasetMerger.defaultBlockSize] {
            try DatasetMerger.merge(threeJobs, into: folder + "/three.h5", blockSize: blockSize)
            try DatasetMerger.merge(twoJobs, into: folder + "/two.h5", blockSize: blockSize)
            XCTAssertEqual(try Support.sha256(folder + "/three.h5"), try Support.sha256(folder + "/two.h5"), "block \(blockSize)")
        }
        let reader = try DatasetReader(path: folder + "/two.h5")
        XCTAssertEqual(try reader.events().map(\.eventID), Array(0..<40))
    }

    /// Files of different runs (another run card) or code versions are not mixed.
    func testInputsWithDifferentRunCardsAreRefused() throws {
        let folder = try Support.temporaryDirectory(for: self)
        let jobs = try jobFiles(in: folder)
        let stranger = folder + "/other-run.h5"
        try DatasetWriter.write(jets: [], events: [], to: stranger,
                                metadata: DatasetMetadata(genrecoVersion: "0.1.0-test", runCardTOML: "[run]\nseed = 1\n"))
        let merged = folder + "/merged.h5"
        XCTAssertThrowsError(try DatasetMerger.merge(jobs.paths + [stranger], into: merged)) { error in
            guard case .incompatibleInputs(stranger, let reason)? = error as? DatasetError else { return XCTFail("\(error)") }
            XCTAssertTrue(reason.contains("run card"), reason)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: merged), "no partial merged file")
        XCTAssertFalse(try Support.files(in: folder).contains { $0.contains(".tmp-") }, "no temporary file left")
    }

    func testNothingToMergeIsAnError() throws {
        let out = try Support.temporaryDirectory(for: self) + "/merged.h5"
        XCTAssertThrowsError(try DatasetMerger.merge([], into: out)) { error in
            XCTAssertEqual(error as? DatasetError, .incompatibleInputs(file: out, reason: "no input files to merge"))
        }
    }
}
