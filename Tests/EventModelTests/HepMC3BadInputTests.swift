import Foundation
import XCTest
@testable import EventModel

/// Bad input gives a typed `HepMC3Error` naming file, line and what was expected — never a
/// crash, never a silently dropped event. One test per kind of damage; the files are written
/// into a temporary directory.
final class HepMC3BadInputTests: XCTestCase {
    let header = "HepMC::Version 3.02.05\nHepMC::Asciiv3-START_EVENT_LISTING\n"
    let end = "HepMC::Asciiv3-END_EVENT_LISTING\n"
    let beam = "P 1 0 2212 0 0 6500 6500 0.938 4\n"

    /// Reads every event of `text`; returns the events read before the first error, and it.
    func read(_ text: String, name: String = "bad.hepmc") throws -> (events: [GenEvent], error: HepMC3Error?, path: String) {
        let path = try TestSupport.writeTemporaryFile(name, text, for: self)
        var events: [GenEvent] = []
        do {
            let reader = try HepMC3Reader(path: path)
            while let e = try reader.next() { events.append(e) }
            return (events, nil, path)
        } catch {
            return (events, error, path)
        }
    }

    func testEmptyFile() throws {
        let r = try read("")
        XCTAssertEqual(r.error?.kind, .emptyFile)
        XCTAssertEqual(r.error?.description, "\(r.path): empty file: expected a HepMC3 ASCII header (HepMC::Asciiv3-START_EVENT_LISTING)")
        XCTAssertEqual(try read("\n  \n\n").error?.kind, .emptyFile)
    }

    func testWrongHeader() throws {
        // A HepMC2 file (IO_GenEvent) is not Asciiv3.
        let r = try read("HepMC::Version 2.06.09\nHepMC::IO_GenEvent-START_EVENT_LISTING\nE 1 -1 -1 0 0 0 0 0 1 2 0 1 0\n")
        XCTAssertEqual(r.error?.kind, .badHeader)
        XCTAssertEqual(r.error?.line, 2)
        XCTAssertTrue(r.error?.message.contains("HepMC2") ?? false)
    }

    func testMissingHeader() throws {
        let r = try read("E 1 0 1\nU GEV MM\n" + beam + end)
        XCTAssertEqual(r.error?.kind, .badHeader)
        XCTAssertEqual(r.error?.description, "\(r.path):1: expected the header HepMC::Asciiv3-START_EVENT_LISTING before the first line, found \"E 1 0 1\"")
    }

    func testMissingUnitsLine() throws {
        let r = try read(header + "E 1 0 1\n" + beam + end)
        XCTAssertEqual(r.error?.kind, .missingUnits)
        XCTAssertEqual(r.error?.line, 4)                    // the first P line
    }

    func testFewerParticlesThanTheELineAnnounced() throws {
        let r = try read(header + "E 1 0 2\nU GEV MM\n" + beam + end)
        XCTAssertEqual(r.error?.kind, .truncated)
        XCTAssertEqual(r.error?.line, 3)                    // the E line
        XCTAssertTrue(r.error?.message.contains("announced 2 particles but has 1 P lines") ?? false)
    }

    func testFewerVerticesThanTheELineAnnounced() throws {
        let r = try read(header + "E 1 2 2\nU GEV MM\n" + beam + "P 2 1 21 0 0 1 1 0 1\n" + end)
        XCTAssertEqual(r.error?.kind, .truncated)
        XCTAssertTrue(r.error?.message.contains("announced 2 vertices but has 0 with V lines and 1 implicit") ?? false)
    }

    func testFileEndsInsideAnEvent() throws {
        // The first event is complete and delivered; the second is cut off by the end of the file.
        let first = "E 1 0 1\nU GEV MM\n" + beam
        let r = try read(header + first + "E 2 1 3\nU GEV MM\n" + beam + "P 2 1 21 0 0 1 1 0 1\n")
        XCTAssertEqual(r.events.map(\.eventNumber), [1])
        XCTAssertEqual(r.error?.kind, .truncated)
        XCTAssertEqual(r.error?.line, 9)
        XCTAssertTrue(r.error?.message.contains("file ends inside event 2 (E line at line 6)") ?? false)
        // Even complete-looking, an event without the end line after it is not trusted.
        XCTAssertEqual(try read(header + first).error?.kind, .truncated)
    }

    func testNonNumericField() throws {
        let r = try read(header + "E 1 0 1\nU GEV MM\nP 1 0 2212 abc 0 6500 6500 0.938 4\n" + end, name: "file.hepmc")
        XCTAssertEqual(r.error?.kind, .badNumber)
        XCTAssertEqual(r.error?.description, "\(r.path):5: expected a number for px in a P line, found \"abc\"")
        XCTAssertTrue(r.path.hasSuffix("file.hepmc"))
        let short = try read(header + "E 1 0 1\nU GEV MM\nP 1 0 2212 0 0 6500\n" + end)
        XCTAssertEqual(short.error?.message, "expected a number for e in a P line, found end of line")
    }

    func testReferencesThatPointNowhere() throws {
        // A parent vertex beyond the E line's count.
        let a = try read(header + "E 1 1 2\nU GEV MM\n" + beam + "V -1 0 [1]\nP 2 -3 21 0 0 1 1 0 1\n" + end)
        XCTAssertEqual(a.error?.kind, .danglingReference)
        XCTAssertEqual(a.error?.line, 7)
        // An incoming particle beyond the E line's count.
        let b = try read(header + "E 1 1 2\nU GEV MM\n" + beam + "V -1 0 [9]\nP 2 -1 21 0 0 1 1 0 1\n" + end)
        XCTAssertEqual(b.error?.kind, .danglingReference)
        XCTAssertEqual(b.error?.line, 6)
        // A parent vertex in range but without a V line.
        let c = try read(header + "E 1 1 2\nU GEV MM\n" + beam + "P 2 -1 21 0 0 1 1 0 1\n" + end)
        XCTAssertEqual(c.error?.kind, .danglingReference)
        XCTAssertEqual(c.error?.line, 6)
        XCTAssertTrue(c.error?.message.contains("no V line") ?? false)
        // A parent particle beyond the E line's count.
        let d = try read(header + "E 1 1 2\nU GEV MM\n" + beam + "P 2 5 21 0 0 1 1 0 1\n" + end)
        XCTAssertEqual(d.error?.kind, .danglingReference)
    }

    func testUnknownLineType() throws {
        let r = try read(header + "E 1 0 1\nU GEV MM\nX 1 2 3\n" + beam + end)
        XCTAssertEqual(r.error?.kind, .unknownLineType)
        XCTAssertEqual(r.error?.line, 5)
    }

    func testAfterAnErrorTheReaderKeepsSayingSo() throws {
        let path = try TestSupport.writeTemporaryFile("x.hepmc", header + "E 1 0 1\nU GEV MM\nQ\n", for: self)
        let reader = try HepMC3Reader(path: path)
        XCTAssertThrowsError(try reader.next())
        XCTAssertThrowsError(try reader.next()) { XCTAssertEqual(($0 as? HepMC3Error)?.line, 5) }
        XCTAssertThrowsError(try reader.skip(1))
    }

    func testAMissingFileIsAnIOError() {
        XCTAssertThrowsError(try HepMC3Reader(path: "/nonexistent/file.hepmc")) {
            XCTAssertEqual(($0 as? HepMC3Error)?.kind, .io)
        }
    }

    /// Every prefix of a valid file, and many random one-byte changes to it, either read
    /// cleanly or throw: no trap, no hang.
    func testDamagedFilesNeverCrash() throws {
        let good = HepMC3ReaderTests.implicitVertexFile
        let bytes = Array(good.utf8)
        let directory = try TestSupport.temporaryDirectory(for: self)
        let path = directory.appendingPathComponent("damaged.hepmc").path
        func attempt(_ data: [UInt8]) {
            _ = FileManager.default.createFile(atPath: path, contents: Data(data))
            do {
                let reader = try HepMC3Reader(path: path)
                var n = 0
                while try reader.next() != nil { n += 1; if n > 10 { XCTFail("too many events"); break } }
            } catch {
                XCTAssertFalse(error.description.isEmpty)
            }
        }
        for cut in 0...bytes.count { attempt(Array(bytes[0..<cut])) }
        var rng = SystemRandomNumberGenerator()
        let alphabet = Array("0123456789-+.e@[], \nEPVUWATHX\\|".utf8)
        for _ in 0..<3000 {
            var damaged = bytes
            damaged[Int.random(in: 0..<bytes.count, using: &rng)] = alphabet.randomElement(using: &rng)!
            attempt(damaged)
        }
    }
}
