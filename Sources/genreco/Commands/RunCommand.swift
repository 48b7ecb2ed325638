import ArgumentParser
import Farm
import Foundation
import Generation

/// `genreco run`: generation and the whole chain in one pass, no EVNT files.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Generate events and run them through the chain in one pass (no EVNT files).",
        discussion: """
            Outputs go to <work_dir>/out/<TIMESTAMP>/: one file per job and the run's merged file.

            Examples:
              genreco run -b 100 -n 4                 400 events, here
              ./mpirun.sh -np 3 genreco run -b 100 -n 40 --card run.toml
              genreco run -r 20261129-101500          rerun what failed or never ran
            """
    )

    @Option(name: .customShort("b"), help: ArgumentHelp("Events per job.", valueName: "events"))
    var batchSize: Int = 100

    @Option(name: .customShort("n"), help: ArgumentHelp("Number of jobs.", valueName: "jobs"))
    var batches: Int = 1

    /// Jobs that do nothing, to measure the farm itself (`genreco bench farm`).
    @Flag(name: .long, help: .hidden)
    var noop = false

    /// Jobs that keep a core busy for -b milliseconds each (`genreco bench farm`).
    @Flag(name: .long, help: .hidden)
    var spin = false

    @OptionGroup var farm: FarmOptions

    func validate() throws {
        guard batchSize >= 1 else { throw ValidationError("-b (events per job) must be at least 1") }
        guard batches >= 1 else { throw ValidationError("-n (jobs) must be at least 1") }
    }

    func run() throws {
        let code = try FarmDriver(options: farm).run { dir, card in
            let kind: JobSpec.Kind = noop ? .noop : (spin ? .spin : .run)
            if kind == .run { try JobRunner.checkGenerator(card) }
            return RunPlan(timestamp: dir.timestamp, command: kind == .run ? .run : .bench, commandLine: CommandLine.arguments,
                           card: card, batchSize: batchSize, evntDir: nil, outputDir: absolute(dir.defaultOutputDir),
                           sharedFS: farm.sharedFS,
                           jobs: RunPlan.generationJobs(kind: kind, runNumber: card.run.number,
                                                        batchSize: batchSize, batches: batches))
        }
        if code != 0 { throw ExitCode(code) }
    }
}
