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
              genreco generate -b 100 -n 10                       1000 events, 10 files, on this node
              ./mpirun.sh -np 3 genreco generate -b 100 -n 10 --evnt-dir /data/evnt --card run.toml
              genreco generate -r 20261129-101500                 rerun what failed or never finished
            """
    )

    @Option(name: .customShort("b"), help: "Events per batch (per job and per file).")
    var batchSize: Int = 100

    @Option(name: .customShort("n"), help: "Number of batches.")
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

/// `genreco run`: generation and the whole chain in one pass, no EVNT files.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Generate events and run them through the chain in one pass (no EVNT files).",
        discussion: """
            Outputs go to <work_dir>/out/<TIMESTAMP>/: one file per job and the run's merged file.

            Examples:
              genreco run -b 100 -n 4                             400 events on this node
              ./mpirun.sh -np 3 genreco run -b 100 -n 40 --card run.toml
              genreco run -r 20261129-101500                      rerun what failed or never finished
            """
    )

    @Option(name: .customShort("b"), help: "Events per job.")
    var batchSize: Int = 100

    @Option(name: .customShort("n"), help: "Number of jobs.")
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

/// `genreco reco`: run existing HepMC3 files (ours or any generator's) through the chain.
struct RecoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reco",
        abstract: "Run HepMC3 files through the chain, in jobs of B events each.",
        discussion: """
            Reads every *.hepmc file of the EVNT folder (GenReco's, Pythia 8's, MadGraph+Pythia's …).
            Without --shared-fs rank 0 reads the files and sends each job its events over MPI, so the
            other hosts need not see them.

            Examples:
              ./mpirun.sh -np 3 genreco reco -b 50 --evnt-dir /data/evnt
              genreco reco -b 50 --evnt-dir /data/evnt -t         print the plan, try 3 events, keep nothing
              genreco reco -r 20261129-101500                     rerun what failed or never finished
            """
    )

    @Option(name: .customShort("b"), help: "Events per job.")
    var batchSize: Int = 100

    @Option(name: .customLong("evnt-dir"), help: ArgumentHelp("Folder of HepMC3 files (default: <work_dir>/evnt).", valueName: "dir"))
    var evntDir: String?

    @OptionGroup var farm: FarmOptions

    func validate() throws {
        guard batchSize >= 1 else { throw ValidationError("-b (events per job) must be at least 1") }
    }

    func run() throws {
        let code = try FarmDriver(options: farm).run { dir, card in
            let evnt = absolute(evntDir ?? dir.workDir + "/evnt")
            let files = try JobRunner.countInputs(in: evnt)
            return RunPlan(timestamp: dir.timestamp, command: .reco, commandLine: CommandLine.arguments, card: card,
                           batchSize: batchSize, evntDir: evnt, outputDir: absolute(dir.defaultOutputDir), sharedFS: farm.sharedFS,
                           jobs: RunPlan.recoJobs(runNumber: card.run.number, batchSize: batchSize, files: files))
        }
        if code != 0 { throw ExitCode(code) }
    }
}

/// An absolute path, so that plans and journals mean the same from any folder.
func absolute(_ path: String) -> String {
    path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
}
