import ArgumentParser
import Farm
import Foundation
import Generation

/// `genreco generate`: make events and write them as HepMC3 EVNT files, one per batch.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Generate events into HepMC3 EVNT files, one per batch: {run}.{batchsize}.{batchno}.hepmc.",
        discussion: """
            Batch b of size B holds the run's events b·B+1 … (b+1)·B; each event's random numbers
            depend only on the card's seed and the event number, so any split of the same run
            gives the same events.

            Examples:
              genreco generate -b 100 -n 10           1000 events in 10 files, here
              ./mpirun.sh -np 3 genreco generate -b 100 -n 10 --evnt-dir /data/evnt --card run.toml
              genreco generate -r 20261129-101500     rerun what failed or never ran
            """
    )

    @Option(name: .customShort("b"), help: ArgumentHelp("Events per batch (per job and per file).", valueName: "events"))
    var batchSize: Int = 100

    @Option(name: .customShort("n"), help: ArgumentHelp("Number of batches.", valueName: "batches"))
    var batches: Int = 1

    @Option(name: .customLong("first-batch"), help: "Number of the first batch, to extend a run with more files.")
    var firstBatch: Int = 0

    @Option(name: .customLong("evnt-dir"), help: ArgumentHelp("Where the EVNT files go (default: <work_dir>/evnt).", valueName: "dir"))
    var evntDir: String?

    @OptionGroup var farm: FarmOptions

    func validate() throws {
        guard batchSize >= 1 else { throw ValidationError("-b (events per batch) must be at least 1") }
        guard batches >= 1 else { throw ValidationError("-n (batches) must be at least 1") }
        guard firstBatch >= 0 else { throw ValidationError("--first-batch must be ≥ 0") }
    }

    func run() throws {
        let code = try FarmDriver(options: farm).run { dir, card in
            try JobRunner.checkGenerator(card)
            let evnt = absolute(evntDir ?? dir.workDir + "/evnt")
            return RunPlan(timestamp: dir.timestamp, command: .generate, commandLine: CommandLine.arguments, card: card,
                           batchSize: batchSize, evntDir: evnt, outputDir: evnt, sharedFS: farm.sharedFS,
                           jobs: RunPlan.generationJobs(kind: .generate, runNumber: card.run.number, batchSize: batchSize,
                                                        batches: batches, firstBatch: firstBatch))
        }
        if code != 0 { throw ExitCode(code) }
    }
}

/// An absolute path, so that plans and journals mean the same from any folder.
func absolute(_ path: String) -> String {
    path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
}
