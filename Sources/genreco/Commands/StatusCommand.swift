import ArgumentParser
import Farm
import Foundation

/// `genreco status TIMESTAMP`: what the journal says about a run.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show a run's jobs: done, failed, never finished.",
        discussion: """
            Examples:
              genreco status 20261129-101500
              genreco status genreco-work/runs/20261129-101500 --json
            """
    )

    @Argument(help: "The run's TIMESTAMP (in the work directory) or the path to its folder.")
    var timestamp: String

    @Option(name: .long, help: ArgumentHelp("Work directory.", valueName: "dir"))
    var workDir: String = "genreco-work"

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    struct Status: Encodable {
        var timestamp: String
        var command: String
        var jobs: Int
        var done: Int
        var failed: [Int]
        var notFinished: [Int]
        var events: Int
        var eventsDone: Int
    }

    func run() throws {
        let dir = try FarmDriver.existingRun(timestamp, workDir: workDir)
        let plan = try dir.readPlan()
        let states = Journal.states(try Journal.read(path: dir.journal))
        let done = plan.jobs.filter { states[$0.id]?.status == .done }
        let failed = plan.jobs.filter { states[$0.id]?.status == .failed }
        let open = plan.jobs.filter { states[$0.id] == nil || states[$0.id]?.status == .dispatched }
        let s = Status(timestamp: dir.timestamp, command: plan.command.rawValue, jobs: plan.jobs.count, done: done.count,
                       failed: failed.map(\.id), notFinished: open.map(\.id), events: plan.totalEvents,
                       eventsDone: done.reduce(0) { $0 + $1.eventCount })
        if json {
            let e = JSONEncoder()
            e.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try e.encode(s), as: UTF8.self))
            return
        }
        print("run \(s.timestamp) (\(s.command)): \(s.done)/\(s.jobs) jobs done, \(failed.count) failed, \(open.count) not finished; "
              + "\(s.eventsDone)/\(s.events) events")
        for job in failed {
            print("  failed: job \(job.id) \(job.name): \(states[job.id]?.error ?? "?") — \(dir.path)/\(states[job.id]?.log ?? "")")
        }
        if !open.isEmpty { print("  not finished: jobs " + open.prefix(30).map { String($0.id) }.joined(separator: ", ")
                                 + (open.count > 30 ? " …" : "")) }
        if !failed.isEmpty || !open.isEmpty { print("  finish them with: genreco \(s.command) -r \(s.timestamp)") }
    }
}
