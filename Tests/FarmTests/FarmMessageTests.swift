import XCTest
import EventModel
@testable import Farm

/// The wire format between ranks: every message survives encoding exactly, and a damaged
/// message is an error, never a trap.
final class FarmMessageTests: XCTestCase {
    func testEveryMessageRoundTrips() throws {
        let job = JobSpec(id: 7, name: "304795.100.7", kind: .reco, firstEvent: 701, eventCount: 100,
                          input: .init(path: "/data/evnt/a.hepmc", skip: 200, count: 100))
        let messages: [FarmMessage] = [
            .ready(host: "node-17"),
            .job(job, payload: [1, 2, 3, 255]),
            .job(JobSpec(id: 0, name: "1.1.0", kind: .noop, firstEvent: 1, eventCount: 1), payload: []),
            .done(JobResult(jobID: 7, host: "node-17", rank: 3, events: 100,
                            outputs: [OutputFile(name: "a", sha256: String(repeating: "ab", count: 32), size: 3, data: [9, 8, 7]),
                                      OutputFile(name: "b", sha256: "", size: 0)],
                            stages: [StageTime(stage: "simulation", seconds: 0.125)], seconds: 1.5, log: "line\nline")),
            .failed(JobFailure(jobID: 3, host: "h", rank: 1, error: "trap", log: "…", seconds: 0.25)),
            .stop,
        ]
        for m in messages {
            XCTAssertEqual(try FarmMessage(tag: m.tag.rawValue, bytes: m.encoded()), m)
        }
    }

    func testTruncatedOrUnknownMessagesAreErrors() {
        let m = FarmMessage.done(JobResult(jobID: 1, host: "h", rank: 1, events: 1, outputs: [], stages: [], seconds: 1, log: ""))
        let bytes = m.encoded()
        for cut in [0, 5, bytes.count - 1] {
            XCTAssertThrowsError(try FarmMessage(tag: m.tag.rawValue, bytes: Array(bytes.prefix(cut))))
        }
        XCTAssertThrowsError(try FarmMessage(tag: 99, bytes: []))
        XCTAssertThrowsError(try FarmMessage(tag: FarmMessage.Tag.stop.rawValue, bytes: [0]), "trailing bytes")
        // A count field claiming more items than bytes left.
        var w = BinaryWriter()
        w.write(1); w.write("h"); w.write(1); w.write(1); w.write(Int.max)
        XCTAssertThrowsError(try FarmMessage(tag: FarmMessage.Tag.done.rawValue, bytes: w.bytes))
    }

    /// FIPS 180-4 examples (NIST CSRC, "SHA256.pdf" example values).
    func testSHA256KnownAnswers() {
        XCTAssertEqual(SHA256.hex(Array("abc".utf8)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(SHA256.hex([UInt8]()), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)),
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        // One million 'a' fed in uneven pieces.
        var s = SHA256()
        var left = 1_000_000
        var piece = 1
        while left > 0 {
            let n = min(piece, left)
            s.update([UInt8](repeating: UInt8(ascii: "a"), count: n))
            left -= n
            piece = piece * 3 + 1
        }
        XCTAssertEqual(s.finalizeHex(), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// Inputs of every length 0…200 bytes and a few of several MB, fed whole and in
    /// random-sized chunks, against the system's `sha256sum` (GNU coreutils), run once
    /// over all of them as a child process. The lengths cover every padding case (tail of
    /// 0…63 bytes, one or two final blocks) and every way a chunk can straddle a block edge.
    func testSHA256MatchesSystemTool() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("genreco-sha-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var rng = SplitMix(state: 0x5ea_256)
        let lengths = Array(0...200) + [1 << 20, 3 * (1 << 20) + 37, 4 * (1 << 20) - 1]
        var inputs: [[UInt8]] = []
        var paths: [String] = []
        for (i, n) in lengths.enumerated() {
            let bytes = (0..<n).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            let path = dir.appendingPathComponent("in\(i)").path
            XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
            inputs.append(bytes)
            paths.append(path)
        }
        let tool = Process()
        tool.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        tool.arguments = ["sha256sum"] + paths
        let pipe = Pipe()
        tool.standardOutput = pipe
        try tool.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        tool.waitUntilExit()
        XCTAssertEqual(tool.terminationStatus, 0, "sha256sum failed")
        // Each line: "<64 hex digits>  <path>", in argument order.
        let expected = String(decoding: output, as: UTF8.self).split(separator: "\n").map { String($0.prefix(64)) }
        XCTAssertEqual(expected.count, inputs.count)
        for (i, bytes) in inputs.enumerated() where i < expected.count {
            XCTAssertEqual(SHA256.hex(bytes), expected[i], "whole, \(bytes.count) bytes")
            // Chunks up to ~1.5 blocks for short inputs, up to ~100 kB for the large ones.
            let maxChunk = bytes.count < 1000 ? 97 : 100_000
            var s = SHA256()
            var start = 0
            while start < bytes.count {
                let end = min(bytes.count, start + Int(rng.next() % UInt64(maxChunk + 1)))
                s.update(bytes[start..<end])
                start = end
            }
            XCTAssertEqual(s.finalizeHex(), expected[i], "in chunks, \(bytes.count) bytes")
        }
    }

    func testFaultInjectionRules() throws {
        let f = try FaultInjection(parsing: "throw:3, trap:4,kill-worker:5,kill-coordinator:2")
        XCTAssertEqual(f.throwJobs, [3])
        XCTAssertEqual(f.trapJobs, [4])
        XCTAssertEqual(f.killWorkerJobs, [5])
        XCTAssertEqual(f.killCoordinatorAfter, 2)
        XCTAssertThrowsError(try FaultInjection(parsing: "explode:1"))
        XCTAssertThrowsError(try f.applyInJob(3))
        XCTAssertNoThrow(try f.applyInJob(1))
    }
}

/// A small seeded generator (SplitMix64) so the test's inputs and chunk sizes repeat exactly.
private struct SplitMix {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9e3779b97f4a7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58476d1ce4e5b9
        z = (z ^ (z >> 27)) &* 0x94d049bb133111eb
        return z ^ (z >> 31)
    }
}
