import Foundation
import XCTest

/// An output folder that cannot be written, or fills up mid-run: a clear error, a journal
/// that stays true, and a rerun that finishes the run once the disk is fixed.
final class OutputFailureTests: XCTestCase {
    var work: String!

    override func setUpWithError() throws {
        work = try Harness.temporaryDirectory("output")
        try "[generation]\nprocess = \"gun\"\n[gun]\npdg_id = 11\n".write(toFile: work + "/gun.toml", atomically: true, encoding: .utf8)
    }

    override func tearDownWithError() throws {
        _ = try? Harness.run("/bin/umount", [work + "/evnt"])
        try? FileManager.default.removeItem(atPath: work)
    }

    func testAnOutputFolderThatCannotExistIsReportedBeforeAnyWork() throws {
        try "not a folder".write(toFile: work + "/file", atomically: true, encoding: .utf8)
        let r = try Harness.genreco(["generate", "-b", "5", "-n", "2", "--evnt-dir", work + "/file/evnt",
                                     "--card", work + "/gun.toml", "--work-dir", work + "/w"])
        XCTAssertEqual(r.status, 2, r.output)
        XCTAssertTrue(r.stderr.contains(work + "/file/evnt"), r.output)
        XCTAssertFalse(r.stdout.contains("jobs done"), "no job ran")
        let runs = (try? FileManager.default.contentsOfDirectory(atPath: work + "/w/runs")) ?? []
        XCTAssertEqual(runs, [], "no run folder is left for a run that never started")
    }

    /// A 64 KiB file system holds the first EVNT files only; the others fail with "No space
    /// left on device". After the disk is enlarged, `-r` writes exactly the missing ones.
    func testAFullDiskFailsTheJobsItCannotHoldAndARerunFinishes() throws {
        let evnt = work + "/evnt"
        try FileManager.default.createDirectory(atPath: evnt, withIntermediateDirectories: true)
        let mount = try Harness.run("/bin/mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", evnt])
        if mount.status != 0 {
            let why = "cannot mount a small tmpfs here: \(mount.output)"
            if Harness.requireExternal { XCTFail(why) }
            throw XCTSkip(why)
        }
        let args = ["generate", "-b", "100", "-n", "6", "--evnt-dir", evnt, "--card", work + "/gun.toml", "--work-dir", work + "/w", "-q"]
        let r = try Harness.mpirun(3, args)
        XCTAssertEqual(r.status, 1, r.output)
        XCTAssertTrue(r.stdout.contains("No space left on device"), r.output)
        let ts = try XCTUnwrap(Harness.timestamp(in: r.output))
        let status = try Harness.genreco(["status", ts, "--work-dir", work + "/w", "--json"])
        let s = try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as! [String: Any]
        let failed = s["failed"] as! [Int]
        XCTAssertFalse(failed.isEmpty)
        // The journal says done only for files that are there, complete.
        let present = try FileManager.default.contentsOfDirectory(atPath: evnt).filter { !$0.hasPrefix(".") }
        XCTAssertEqual(present.count, s["done"] as! Int, "\(present)")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: evnt).filter { $0.hasPrefix(".") }, [],
                       "no half-written temporary file is left")

        XCTAssertEqual(try Harness.run("/bin/mount", ["-o", "remount,size=16m", evnt]).status, 0)
        let again = try Harness.mpirun(3, ["generate", "-r", ts, "--work-dir", work + "/w", "-q"])
        XCTAssertEqual(again.status, 0, again.output)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: evnt).sorted(),
                       (0..<6).map { "304795.100.\($0).hepmc" })
        // Identical to a run on a disk that never filled.
        let clean = try Harness.genreco(["generate", "-b", "100", "-n", "6", "--evnt-dir", work + "/clean",
                                         "--card", work + "/gun.toml", "--work-dir", work + "/w2", "-q"])
        XCTAssertEqual(clean.status, 0, clean.output)
        XCTAssertEqual(try Harness.checksums(evnt), try Harness.checksums(work + "/clean"))
    }
}
