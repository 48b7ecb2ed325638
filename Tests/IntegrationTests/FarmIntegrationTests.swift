import Foundation
import XCTest

/// The farm under the real mpirun (DESIGN.md §4, issue "The MPI job farm"): several ranks,
/// injected faults, reruns from the journal. Events come from the particle gun, so each
/// run takes a second or two.
final class FarmIntegrationTests: XCTestCase {
    var work: String!
    var card: String!

    override func setUpWithError() throws {
        work = try Harness.temporaryDirectory("farm")
        card = work + "/gun.toml"
        try """
            [run]
            number = 4242
            seed = 2718

            [generation]
            process = "gun"

            [gun]
            pdg_id = -211
            energy_gev = [5.0, 50.0]
            """.write(toFile: card, atomically: true, encoding: .utf8)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: work)
    }

    private func common(_ workDir: String) -> [String] { ["--card", card, "--work-dir", workDir, "-q"] }

    private func runDir(_ workDir: String, _ result: Harness.Result) throws -> String {
        let ts = try XCTUnwrap(Harness.timestamp(in: result.output), result.output)
        return workDir + "/runs/" + ts
    }

    private func journal(_ runDir: String) throws -> [[String: Any]] {
        try String(contentsOfFile: runDir + "/journal.jsonl", encoding: .utf8).split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }

    private func doneCounts(_ runDir: String) throws -> [Int: Int] {
        var counts: [Int: Int] = [:]
        for r in try journal(runDir) where r["status"] as? String == "done" { counts[r["job"] as! Int, default: 0] += 1 }
        return counts
    }

    /// Every output of a `run` (per job and merged), by name.
    private func outputs(_ workDir: String, _ runDir: String) throws -> [String: String] {
        try Harness.checksums(workDir + "/out/" + URL(fileURLWithPath: runDir).lastPathComponent)
    }

    // MARK: -

    func testGenerateUnderMpirunWritesOneEVNTFilePerBatch() throws {
        let w = work + "/w"
        let r = try Harness.mpirun(3, ["generate", "-b", "5", "-n", "4", "--evnt-dir", work + "/evnt"] + common(w))
        XCTAssertEqual(r.status, 0, r.output)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: work + "/evnt").sorted(),
                       ["4242.5.0.hepmc", "4242.5.1.hepmc", "4242.5.2.hepmc", "4242.5.3.hepmc"])
        let dir = try runDir(w, r)
        XCTAssertEqual(try doneCounts(dir), [0: 1, 1: 1, 2: 1, 3: 1])
        for f in ["plan.json", "journal.jsonl", "failed_jobs.json", "summary.json"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/" + f), f)
        }
        XCTAssertTrue(r.stdout.contains("4/4 jobs done, 0 failed"), r.output)
        // Two workers did the work, not rank 0.
        let ranks = Set(try journal(dir).compactMap { $0["status"] as? String == "done" ? $0["rank"] as? Int : nil })
        XCTAssertTrue(ranks.isSubset(of: [1, 2]) && !ranks.isEmpty, "\(ranks)")
    }

    /// Same card and seed ⇒ bit-identical events and dataset, whatever the ranks or the batch size.
    func testSameRunGivesIdenticalEventsWithAnyRanksAndBatchSize() throws {
        try assertSameOutputs(splits: [(1, 6, 4), (3, 6, 4), (3, 4, 6), (2, 12, 2)])
    }

    /// With shared pile-up (`pileup_reuse` > 1) each job keeps the collisions it has
    /// transported for its later events; what an event is must still not depend on which
    /// job, rank or batch it falls in.
    func testSharedPileUpGivesIdenticalEventsWithAnyRanksAndBatchSize() throws {
        var text = try String(contentsOfFile: card, encoding: .utf8)
        text = text.replacingOccurrences(of: "process = \"gun\"", with: "process = \"gun\"\npileup_mu = 6\npileup_reuse = 3")
        try text.write(toFile: card, atomically: true, encoding: .utf8)
        try assertSameOutputs(splits: [(1, 8, 1), (3, 2, 4), (2, 4, 2)])
    }

    /// Runs the card once per (ranks, events per job, jobs) — the same events each time —
    /// and checks that the merged summaries and datasets are byte-identical.
    private func assertSameOutputs(splits: [(ranks: Int, events: Int, jobs: Int)],
                                   file: StaticString = #filePath, line: UInt = #line) throws {
        var merged: [String] = []
        var datasets: [String] = []
        for (ranks, b, n) in splits {
            let w = work + "/w\(ranks)-\(b)"
            let r = ranks == 1 ? try Harness.genreco(["run", "-b", "\(b)", "-n", "\(n)"] + common(w))
                               : try Harness.mpirun(ranks, ["run", "-b", "\(b)", "-n", "\(n)"] + common(w))
            XCTAssertEqual(r.status, 0, r.output, file: file, line: line)
            let sums = try outputs(w, try runDir(w, r))
            merged.append(try XCTUnwrap(sums["4242.events.jsonl"], "\(sums.keys.sorted())", file: file, line: line))
            datasets.append(try XCTUnwrap(sums["4242.h5"], "\(sums.keys.sorted())", file: file, line: line))
        }
        XCTAssertEqual(Set(merged).count, 1, "merged outputs differ: \(merged)", file: file, line: line)
        XCTAssertEqual(Set(datasets).count, 1, "merged datasets differ: \(datasets)", file: file, line: line)
    }

    func testAThrowingJobFailsAloneAndARerunRedoesOnlyIt() throws {
        let clean = work + "/clean"
        let c = try Harness.mpirun(3, ["run", "-b", "4", "-n", "5"] + common(clean))
        XCTAssertEqual(c.status, 0, c.output)

        let w = work + "/w"
        let r = try Harness.mpirun(3, ["run", "-b", "4", "-n", "5"] + common(w), environment: ["GENRECO_INJECT": "throw:2"])
        XCTAssertNotEqual(r.status, 0, "a run with a failed job exits non-zero")
        let dir = try runDir(w, r)
        let failed = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/failed_jobs.json"))) as! [[String: Any]]
        XCTAssertEqual(failed.map { $0["id"] as! Int }, [2])
        XCTAssertTrue((failed[0]["error"] as! String).contains("job 2 throws"), "\(failed)")
        XCTAssertTrue(try String(contentsOfFile: dir + "/logs/job0002.log", encoding: .utf8).contains("job 2 throws"))
        XCTAssertEqual(try doneCounts(dir), [0: 1, 1: 1, 3: 1, 4: 1])

        let ts = URL(fileURLWithPath: dir).lastPathComponent
        let again = try Harness.mpirun(3, ["run", "-r", ts] + common(w))
        XCTAssertEqual(again.status, 0, again.output)
        XCTAssertEqual(try doneCounts(dir), [0: 1, 1: 1, 2: 1, 3: 1, 4: 1], "only job 2 ran again")
        let dispatched = try journal(dir).filter { $0["status"] as? String == "dispatched" }.map { $0["job"] as! Int }
        XCTAssertEqual(dispatched.sorted(), [0, 1, 2, 2, 3, 4])
        XCTAssertEqual(try outputs(w, dir), try outputs(clean, try runDir(clean, c)))
    }

    func testATrappingJobCostsOnlyThatJob() throws {
        let w = work + "/w"
        let r = try Harness.mpirun(3, ["run", "-b", "3", "-n", "4"] + common(w), environment: ["GENRECO_INJECT": "trap:1"])
        XCTAssertEqual(r.status, 1, r.output)
        let dir = try runDir(w, r)
        XCTAssertEqual(try doneCounts(dir), [0: 1, 2: 1, 3: 1], "the other jobs completed on the same ranks")
        let failed = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/failed_jobs.json"))) as! [[String: Any]]
        XCTAssertTrue((failed.first?["error"] as? String ?? "").contains("signal"), "\(failed)")
        let again = try Harness.mpirun(3, ["run", "-r", URL(fileURLWithPath: dir).lastPathComponent] + common(w))
        XCTAssertEqual(again.status, 0, again.output)
    }

    /// A rank killed with SIGKILL takes the whole run down (Open MPI 4.1); the journal lets
    /// a rerun finish it without redoing or losing a job.
    func testAKilledWorkerRankIsRecoveredByARerun() throws {
        try assertKilledRunRecovers(inject: "kill-worker:3")
    }

    func testAKilledCoordinatorIsRecoveredByARerun() throws {
        try assertKilledRunRecovers(inject: "kill-coordinator:3")
    }

    private func assertKilledRunRecovers(inject: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let clean = work + "/clean"
        let c = try Harness.mpirun(3, ["run", "-b", "3", "-n", "8"] + common(clean))
        XCTAssertEqual(c.status, 0, c.output, file: file, line: line)

        let w = work + "/w"
        let r = try Harness.mpirun(3, ["run", "-b", "3", "-n", "8"] + common(w), environment: ["GENRECO_INJECT": inject])
        XCTAssertNotEqual(r.status, 0, "mpirun reports the killed rank", file: file, line: line)
        let dir = try runDir(w, r)
        let before = try doneCounts(dir)
        XCTAssertLessThan(before.count, 8, "the run died before finishing: \(before)", file: file, line: line)

        let again = try Harness.mpirun(3, ["run", "-r", URL(fileURLWithPath: dir).lastPathComponent] + common(w))
        XCTAssertEqual(again.status, 0, again.output, file: file, line: line)
        let after = try doneCounts(dir)
        XCTAssertEqual(after.keys.sorted(), Array(0..<8), "no job lost", file: file, line: line)
        XCTAssertTrue(after.values.allSatisfy { $0 == 1 }, "no job done twice: \(after)", file: file, line: line)
        XCTAssertEqual(try outputs(w, dir), try outputs(clean, try runDir(clean, c)), file: file, line: line)
    }

    func testTestModeRunsAFewEventsAndKeepsNothing() throws {
        let w = work + "/w"
        let r = try Harness.genreco(["run", "-b", "50", "-n", "3", "-t"] + common(w))
        XCTAssertEqual(r.status, 0, r.output)
        XCTAssertTrue(r.stdout.contains("3 jobs, 150 events"), r.output)
        XCTAssertTrue(r.stdout.contains("ran 3 events"), r.output)
        XCTAssertFalse(FileManager.default.fileExists(atPath: w), "nothing written to the work directory")
    }

    func testLocalModeUnderMpirunRunsEverythingOnRankZero() throws {
        let w = work + "/w"
        let r = try Harness.mpirun(2, ["run", "-b", "3", "-n", "3", "-l"] + common(w))
        XCTAssertEqual(r.status, 0, r.output)
        let ranks = Set(try journal(try runDir(w, r)).compactMap { $0["rank"] as? Int })
        XCTAssertEqual(ranks, [0])
    }

    func testRerunOfAnUnknownRunIsAClearError() throws {
        let r = try Harness.genreco(["run", "-r", "20000101-000000"] + common(work + "/w"))
        XCTAssertNotEqual(r.status, 0)
        XCTAssertTrue(r.stderr.contains("no run 20000101-000000"), r.output)
    }

    func testStatusListsWhatFailed() throws {
        let w = work + "/w"
        let r = try Harness.genreco(["run", "-b", "2", "-n", "3"] + common(w), environment: ["GENRECO_INJECT": "throw:1"])
        let dir = try runDir(w, r)
        let s = try Harness.genreco(["status", dir])
        XCTAssertEqual(s.status, 0, s.output)
        XCTAssertTrue(s.stdout.contains("2/3 jobs done, 1 failed"), s.output)
        XCTAssertTrue(s.stdout.contains("-r \(URL(fileURLWithPath: dir).lastPathComponent)"), s.output)
    }
}

extension FarmIntegrationTests {
    /// Real Pythia 8 events through `reco`: shipped over MPI by rank 0, read by the workers
    /// from a shared folder, or all on one rank — the same outputs.
    func testRecoGivesTheSameOutputWithOrWithoutASharedFilesystem() throws {
        let evnt = work + "/evnt"
        try FileManager.default.createDirectory(atPath: evnt, withIntermediateDirectories: true)
        for name in ["pythia8_ggH125_mS40_ctau760_20ev.hepmc", "pythia8_ggH125_mS40_ctau760_noMPI_80ev.hepmc"] {
            try FileManager.default.copyItem(atPath: Harness.shared.appendingPathComponent("fixtures/hepmc3/" + name).path,
                                             toPath: evnt + "/" + name)
        }
        var sums: [[String: String]] = []
        var singleOut = ""
        for (label, ranks, extra) in [("mpi", 3, [String]()), ("shared", 3, ["--shared-fs"]), ("single", 1, [])] {
            let w = work + "/" + label
            let args = ["reco", "-b", "15", "--evnt-dir", evnt, "--work-dir", w, "-q"] + extra
            let r = ranks == 1 ? try Harness.genreco(args) : try Harness.mpirun(ranks, args)
            XCTAssertEqual(r.status, 0, r.output)
            // 20 events in slices of 15: 2 jobs; 80 events: 6 jobs.
            XCTAssertTrue(r.stdout.contains("8/8 jobs done"), r.stdout)
            singleOut = w + "/out/" + (try XCTUnwrap(Harness.timestamp(in: r.output)))
            sums.append(try Harness.checksums(singleOut))
        }
        XCTAssertEqual(sums[0].count, 18, "eight jobs' datasets and summaries, and the merged two")
        XCTAssertNotNil(sums[0]["304795.h5"])
        XCTAssertEqual(sums[0], sums[1])
        XCTAssertEqual(sums[0], sums[2])
        // Event numbers run on from the first file into the second, and every event keeps
        // its two long-lived scalars (fixture JSON: n_llp = 2 in every event).
        let lines = try String(contentsOfFile: singleOut + "/304795.events.jsonl", encoding: .utf8).split(separator: "\n")
        let events = try lines.map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        let truth = events.map { $0["truth"] as! [String: Any] }
        XCTAssertEqual(truth.map { $0["event"] as! Int }, Array(1...100))
        XCTAssertTrue(truth.allSatisfy { ($0["llps"] as! [Any]).count == 2 })
        // Every event went through the detector: hits in the tracker and energy in the calorimeter.
        let detector = events.map { $0["detector"] as! [String: Any] }
        XCTAssertTrue(detector.allSatisfy { ($0["trackerClusters"] as! Int) > 0 && ($0["calorimeterEnergyGeV"] as! Double) > 0 })
    }
}

extension FarmIntegrationTests {
    /// A malformed event in an input file fails the job that holds it, with the file and
    /// line; every other job, before and after it, is done.
    func testAMalformedInputEventFailsOnlyItsJob() throws {
        let evnt = work + "/evnt"
        try FileManager.default.createDirectory(atPath: evnt, withIntermediateDirectories: true)
        let original = try String(contentsOfFile: Harness.shared.appendingPathComponent(
            "fixtures/hepmc3/pythia8_ggH125_mS40_ctau760_noMPI_80ev.hepmc").path, encoding: .utf8)
        // Spoil the px of the first particle of event 30 (the 30th "E " line).
        var lines = original.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let eLines = lines.indices.filter { lines[$0].hasPrefix("E ") }
        let p = try XCTUnwrap((eLines[29]..<lines.count).first { lines[$0].hasPrefix("P ") })
        var fields = lines[p].split(separator: " ").map(String.init)
        fields[4] = "1.2.3"
        lines[p] = fields.joined(separator: " ")
        try lines.joined(separator: "\n").write(toFile: evnt + "/bad.hepmc", atomically: true, encoding: .utf8)

        for (label, extra) in [("mpi", [String]()), ("shared", ["--shared-fs"])] {
            let w = work + "/" + label
            let r = try Harness.mpirun(3, ["reco", "-b", "20", "--evnt-dir", evnt, "--work-dir", w, "-q"] + extra)
            XCTAssertEqual(r.status, 1, r.output)
            XCTAssertTrue(r.stdout.contains("3/4 jobs done, 1 failed"), r.stdout)
            XCTAssertTrue(r.stdout.contains("bad.hepmc:\(p + 1):"), "the error names the file and line: \(r.stdout)")
            XCTAssertTrue(r.stdout.contains("1.2.3"), r.stdout)
            let dir = try runDir(w, r)
            XCTAssertEqual(try doneCounts(dir), [0: 1, 2: 1, 3: 1], "events 21–40 hold the bad one")
        }
    }
}

extension FarmIntegrationTests {
    /// `generate` then `reco` gives the same bytes as `run`: HepMC3 keeps every event exactly,
    /// and `reco` numbers the events of the EVNT files in batch order (…5.2 before …5.10),
    /// so each keeps its random streams.
    func testGenerateThenRecoEqualsRun() throws {
        let direct = try Harness.genreco(["run", "-b", "2", "-n", "11"] + common(work + "/run"))
        XCTAssertEqual(direct.status, 0, direct.output)
        let gen = try Harness.mpirun(3, ["generate", "-b", "2", "-n", "11", "--evnt-dir", work + "/evnt"] + common(work + "/gen"))
        XCTAssertEqual(gen.status, 0, gen.output)
        let reco = try Harness.mpirun(3, ["reco", "-b", "5", "--evnt-dir", work + "/evnt"] + common(work + "/gen"))
        XCTAssertEqual(reco.status, 0, reco.output)
        let a = try Harness.checksums(work + "/run/out/" + XCTUnwrap(Harness.timestamp(in: direct.output)))
        let b = try Harness.checksums(work + "/gen/out/" + XCTUnwrap(Harness.timestamp(in: reco.output)))
        XCTAssertNotNil(a["4242.events.jsonl"])
        XCTAssertEqual(a["4242.events.jsonl"], b["4242.events.jsonl"])
        XCTAssertNotNil(a["4242.h5"])
        XCTAssertEqual(a["4242.h5"], b["4242.h5"], "the same dataset, bit for bit")
    }
}
