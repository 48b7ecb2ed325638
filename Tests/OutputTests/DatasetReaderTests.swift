import CHDF5
import Foundation
import XCTest
@testable import Output

/// The reader refuses what it cannot trust, each time saying why and naming the file.
final class DatasetReaderTests: XCTestCase {
    typealias Support = OutputTestSupport

    func testMissingFileIsReported() throws {
        let path = try Support.temporaryDirectory(for: self) + "/missing.h5"
        XCTAssertThrowsError(try DatasetReader(path: path)) { error in
            XCTAssertEqual(error as? DatasetError, .fileNotFound(file: path))
            XCTAssertEqual("\(error)", "\(path): no such file")
        }
    }

    func testFileThatIsNotHDF5IsReported() throws {
        let path = try Support.temporaryDirectory(for: self) + "/events.hepmc"
        try Data("HepMC::Version 3.02.05\nHepMC::Asciiv3-START_EVENT_LISTING\n".utf8).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try DatasetReader(path: path)) { error in
            XCTAssertEqual(error as? DatasetError, .notHDF5(file: path))
            XCTAssertEqual("\(error)", "\(path): not an HDF5 file")
        }
    }

    /// An HDF5 file from elsewhere (no `format` attribute) is not mistaken for a dataset.
    func testOtherHDF5FileIsReported() throws {
        let path = try Support.temporaryDirectory(for: self) + "/other.h5"
        let file = H5Fcreate(path, H5F_ACC_TRUNC, hid_t(H5P_DEFAULT), hid_t(H5P_DEFAULT))
        XCTAssertGreaterThanOrEqual(file, 0)
        H5Fclose(file)
        XCTAssertThrowsError(try DatasetReader(path: path)) { error in
            guard case .notADataset(path, let reason)? = error as? DatasetError else { return XCTFail("\(error)") }
            XCTAssertTrue(reason.contains("format"), reason)
        }
    }

    /// A file of a later schema version is refused with both versions named, rather than
    /// read wrongly; one that claims to be a dataset but lacks `jets` is refused too.
    func testOtherSchemaVersionOrMissingDatasetIsReported() throws {
        let folder = try Support.temporaryDirectory(for: self)
        func fakeDataset(_ name: String, version: Int64) throws -> String {
            let path = folder + "/" + name
            let file = H5Fcreate(path, H5F_ACC_TRUNC, hid_t(H5P_DEFAULT), hid_t(H5P_DEFAULT))
            XCTAssertGreaterThanOrEqual(file, 0)
            defer { H5Fclose(file) }
            try HDF5.writeAttribute("format", DatasetSchema.formatName, on: file, file: path)
            try HDF5.writeAttribute("schema_version", version, on: file, file: path)
            return path
        }
        let v = Int64(DatasetSchema.version)
        let future = try fakeDataset("future.h5", version: v + 1)
        XCTAssertThrowsError(try DatasetReader(path: future)) { error in
            XCTAssertEqual(error as? DatasetError, .notADataset(
                file: future, reason: "schema version \(v + 1); this GenReco reads version \(v)"))
        }
        let hollow = try fakeDataset("hollow.h5", version: v)
        XCTAssertThrowsError(try DatasetReader(path: hollow)) { error in
            XCTAssertEqual(error as? DatasetError, .notADataset(file: hollow, reason: "no dataset \"jets\""))
        }
    }

    /// A truncated file (a copy cut short) is HDF5 by its signature but cannot be opened:
    /// the error names H5Fopen and carries HDF5's reason.
    func testTruncatedFileIsReported() throws {
        let folder = try Support.temporaryDirectory(for: self)
        let good = folder + "/good.h5"
        let batch = SyntheticRows.batch(events: 0..<20, seed: 3)
        try DatasetWriter.write(jets: batch.jets, events: batch.events, to: good, metadata: Support.metadata)
        let cut = folder + "/cut.h5"
        try Support.bytes(good).prefix(3000).write(to: URL(fileURLWithPath: cut))
        XCTAssertThrowsError(try DatasetReader(path: cut)) { error in
            guard let e = error as? DatasetError, e.file == cut else { return XCTFail("\(error)") }
            if case let .hdf5(_, call, message) = e {
                XCTAssertTrue(call.hasPrefix("H5"), call)
                XCTAssertFalse(message.isEmpty)
            }
        }
    }

    /// Shapes are those of the schema: N, N × 30, N × 20, N × 30, M.
    func testShapes() throws {
        let path = try Support.temporaryDirectory(for: self) + "/shapes.h5"
        let batch = SyntheticRows.batch(events: 0..<10, seed: 5)
        try DatasetWriter.write(jets: batch.jets, events: batch.events, to: path, metadata: Support.metadata)
        let reader = try DatasetReader(path: path)
        let n = batch.jets.count
        XCTAssertEqual(try reader.shape(of: "jets"), [n])
        XCTAssertEqual(try reader.shape(of: "clusters"), [n, 30])
        XCTAssertEqual(try reader.shape(of: "tracks"), [n, 20])
        XCTAssertEqual(try reader.shape(of: "segments"), [n, 30])
        XCTAssertEqual(try reader.shape(of: "events"), [10])
        reader.close()
        XCTAssertThrowsError(try reader.jets()) { error in
            XCTAssertEqual(error as? DatasetError, .closed(file: path))
        }
    }
}
