import XCTest
import Generation
@testable import Farm

/// The coordinator's bookkeeping (DESIGN.md §4), on an in-process farm.
final class FarmBookkeepingTests: XCTestCase {
    var work: String!

    override func setUpWithError() throws {
        work = NSTemporaryDirectory() + "genreco-farm-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: work)
    }

    private func makePlan(_ dir: RunDirectory, batches: Int = 6, batchSize: Int = 10) -> RunPlan {
        RunPlan(timestamp: dir.timestamp, command: .generate, commandLine: ["test"], card: RunCard(), batchSize: batchSize,
                evntDir: work + "/evnt", outputDir: work + "/evnt", sharedFS: false,
                jobs: RunPlan.generationJobs(kind: .generate, runNumber: 304795, batchSize: batchSize, batches: batches))
    }

    private func coordinator(_ plan: RunPlan, _ dir: RunDirectory, _ transport: FarmTransport?,
                             executor: JobExecutor = FakeExecutor()) throws -> Coordinator {
        var options = Coordinator.Options()
        options.silent = true
        try FileManager.default.createDirectory(atPath: plan.outputDir, withIntermediateDirectories: true)
        return try Coordinator(plan: plan, directory: dir, transport: transport, localExecutor: executor,
                               localContext: WorkerContext(rank: 0, host: "local", scratch: work, sharedOutputDir: nil),
                               payload: nil, finisher: nil, options: options)
    }

    func testBatchesNumberEventsGloballyAndNameFilesLikeTheOriginal() {
        let jobs = RunPlan.generationJobs(kind: .generate, runNumber: 304795, batchSize: 100, batches: 3)
        XCTAssertEqual(jobs.map(\.name), ["304795.100.0", "304795.100.1", "304795.100.2"])
        XCTAssertEqual(jobs.map(\.events), [1..<101, 101..<201, 201..<301])
        // Split differently, the same run covers the same global events.
        let halves = RunPlan.generationJobs(kind: .generate, runNumber: 304795, batchSize: 50, batches: 6)
        XCTAssertEqual(halves.flatMap { Array($0.events) }, jobs.flatMap { Array($0.events) })
    }

    func testRecoJobsSliceEachFileAndNeverOverlap() {
        let jobs = RunPlan.recoJobs(runNumber: 7, batchSize: 30, files: [("a.hepmc", 70), ("b.hepmc", 20)])
        XCTAssertEqual(jobs.map { $0.input!.path }, ["a.hepmc", "a.hepmc", "a.hepmc", "b.hepmc"])
        XCTAssertEqual(jobs.map { $0.input!.skip }, [0, 30, 60, 0])
        XCTAssertEqual(jobs.map(\.eventCount), [30, 30, 10, 20])
        XCTAssertEqual(jobs.flatMap { Array($0.events) }, Array(1...90))
    }

    func testEveryJobRunsOnceAndOutputsAreInPlaceAndReadOnly() throws {
        let dir = try RunDirectory.create(workDir: work)
        let plan = makePlan(dir)
        try dir.writePlan(plan)
        let farm = LoopbackTransport(workers: 3, executor: FakeExecutor())
        let summary = try coordinator(plan, dir, farm).run()
        XCTAssertEqual(summary.jobsDone, 6)
        XCTAssertEqual(summary.jobsFailed, 0)
        XCTAssertEqual(summary.events, 60)
        XCTAssertEqual(farm.jobsPerWorker.values.flatMap { $0 }.sorted(), Array(0..<6))
        XCTAssertEqual(Set(farm.jobsPerWorker.keys), [1, 2, 3], "every idle worker gets work")
        for job in plan.jobs {
            let path = plan.outputDir + "/" + job.name + ".txt"
            XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), job.events.map(String.init).joined(separator: "\n"))
            let perms = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
            XCTAssertEqual(perms, 0o444)
        }
        let states = Journal.states(try Journal.read(path: dir.journal))
        XCTAssertEqual(states.values.filter { $0.status == .done }.count, 6)
        XCTAssertEqual(try JSONDecoder().decode([FailedJob].self, from: Data(contentsOf: URL(fileURLWithPath: dir.failedJobs))), [])
    }

    func testAFailedJobIsRecordedWithItsLogAndARerunDoesOnlyThatJob() throws {
        let dir = try RunDirectory.create(workDir: work)
        let plan = makePlan(dir)
        try dir.writePlan(plan)
        let first = try coordinator(plan, dir, LoopbackTransport(workers: 2, executor: FakeExecutor(failing: [2, 4]))).run()
        XCTAssertEqual(first.jobsDone, 4)
        XCTAssertEqual(first.failed.map(\.id), [2, 4])
        XCTAssertEqual(first.failed.first?.log, "logs/job0002.log")
        XCTAssertTrue(try String(contentsOfFile: dir.logs + "/job0002.log", encoding: .utf8).contains("went boom"))
        let failedFile = try JSONDecoder().decode([FailedJob].self, from: Data(contentsOf: URL(fileURLWithPath: dir.failedJobs)))
        XCTAssertEqual(failedFile.map(\.name), ["304795.10.2", "304795.10.4"])

        let rerunFarm = LoopbackTransport(workers: 2, executor: FakeExecutor())
        let second = try coordinator(try dir.readPlan(), dir, rerunFarm).run()
        XCTAssertEqual(rerunFarm.jobsPerWorker.values.flatMap { $0 }.sorted(), [2, 4], "only the failed jobs run again")
        XCTAssertEqual(second.jobsDone, 6)
        XCTAssertEqual(second.jobsFailed, 0)
    }

    func testADoneJobWhoseOutputVanishedRunsAgain() throws {
        let dir = try RunDirectory.create(workDir: work)
        let plan = makePlan(dir, batches: 3)
        try dir.writePlan(plan)
        _ = try coordinator(plan, dir, nil).run()
        try FileManager.default.removeItem(atPath: plan.outputDir + "/304795.10.1.txt")
        let farm = LoopbackTransport(workers: 1, executor: FakeExecutor())
        _ = try coordinator(plan, dir, farm).run()
        XCTAssertEqual(farm.jobsPerWorker[1], [1])
    }

    func testSingleRankRunsTheJobsItself() throws {
        let dir = try RunDirectory.create(workDir: work)
        let plan = makePlan(dir, batches: 4)
        let summary = try coordinator(plan, dir, nil).run()
        XCTAssertEqual(summary.jobsDone, 4)
        XCTAssertEqual(summary.hosts.map(\.host), ["local"])
    }

    func testJournalSkipsATornLastRecord() throws {
        let path = work + "/journal.jsonl"
        let j = try Journal(path: path)
        try j.append(JournalRecord(job: 0, status: .done, events: 10))
        try j.append(JournalRecord(job: 1, status: .dispatched))
        try j.sync()
        // A coordinator killed in the middle of a write leaves half a line.
        let h = FileHandle(forWritingAtPath: path)!
        h.seekToEndOfFile()
        h.write(Data("{\"job\":1,\"status\":\"do".utf8))
        h.closeFile()
        XCTAssertEqual(try Journal.read(path: path).map(\.job), [0, 1])
        // Appending after the torn line starts a fresh line, and the new record is read.
        let again = try Journal(path: path)
        try again.append(JournalRecord(job: 1, status: .done, events: 10))
        try again.sync()
        let states = Journal.states(try Journal.read(path: path))
        XCTAssertEqual(states[1]?.status, .done)
    }

    func testRunFoldersStartingInTheSameSecondGetDistinctNames() throws {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let a = try RunDirectory.create(workDir: work, now: now)
        let b = try RunDirectory.create(workDir: work, now: now)
        XCTAssertEqual(a.timestamp, "20270115-080000")
        XCTAssertEqual(b.timestamp, "20270115-080000-2")
    }

    func testPlanRoundTripsThroughJSONWithTheCard() throws {
        var card = RunCard()
        card.generation.scalarMassGeV = 15
        card.run.seed = 99
        let plan = RunPlan(timestamp: "t", command: .run, commandLine: ["genreco", "run"], card: card, batchSize: 5,
                           evntDir: nil, outputDir: "/o", sharedFS: true,
                           jobs: RunPlan.generationJobs(kind: .run, runNumber: 1, batchSize: 5, batches: 2))
        let back = try JSONDecoder().decode(RunPlan.self, from: JSONEncoder().encode(plan))
        XCTAssertEqual(back, plan)
    }
}
