import ArgumentParser
import Farm
import Foundation
import Generation

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
              genreco reco -b 50 --evnt-dir /data/evnt -t    plan, try 3 events, keep nothing
              genreco reco -r 20261129-101500         rerun what failed or never ran
            """
    )

    @Option(name: .customShort("b"), help: ArgumentHelp("Events per job.", valueName: "events"))
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
            _ = try EventChain.detector(named: card.detector.card)
            let files = try JobRunner.countInputs(in: evnt)
            return RunPlan(timestamp: dir.timestamp, command: .reco, commandLine: CommandLine.arguments, card: card,
                           batchSize: batchSize, evntDir: evnt, outputDir: absolute(dir.defaultOutputDir), sharedFS: farm.sharedFS,
                           jobs: RunPlan.recoJobs(runNumber: card.run.number, batchSize: batchSize, files: files))
        }
        if code != 0 { throw ExitCode(code) }
    }
}
