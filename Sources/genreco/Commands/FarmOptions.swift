import ArgumentParser
import Farm
import Generation

/// Options every farm command shares (`generate`, `reco`, `run`).
struct FarmOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The run card (TOML). Without it, the built-in defaults: the benchmark signal point.",
                                            valueName: "run.toml"))
    var card: String?

    @Option(name: .long, help: ArgumentHelp("Work directory; overrides the card's run.work_dir.", valueName: "dir"))
    var workDir: String?

    @Flag(name: [.customShort("t"), .long], help: "Check the settings: print the plan, run a few events here, keep nothing.")
    var test = false

    @Flag(name: [.customShort("l"), .long], help: "Run every job on this node (rank 0), even under mpirun.")
    var local = false

    @Option(name: [.customShort("r"), .long], help: ArgumentHelp(
        "Rerun the jobs of run TIMESTAMP that failed or never finished, with the same events and seeds.",
        valueName: "TIMESTAMP"))
    var rerun: String?

    @Flag(name: .long, help: "Every host sees the work directory: workers read inputs and write outputs themselves.")
    var sharedFS = false

    @Option(name: .long, help: ArgumentHelp("Folder for a worker's temporary files on its own host.", valueName: "dir"))
    var scratch: String?

    @Flag(name: [.customShort("q"), .long], help: "No progress line.")
    var quiet = false

    @Flag(name: .long, help: "Print the run summary as JSON at the end.")
    var json = false

    /// The card: from --card, or the defaults.
    func loadCard() throws -> RunCard {
        guard let path = card else { return RunCard() }
        do {
            return try RunCard.load(path: path)
        } catch let e as RunCardError {
            throw ValidationError(e.description)
        }
    }

    /// The work directory, absolute, so that plans and journals mean the same from any folder.
    func workDirectory(_ card: RunCard) -> String { absolute(workDir ?? card.run.workDir) }
}
