import ArgumentParser

/// `genreco`: generation → simulation → digitization → reconstruction for an ATLAS-like
/// detector, writing the per-jet variables that train a CalRatio displaced-jet network.
@main
struct GenReco: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "genreco",
        abstract: "Synthetic collision data for an ATLAS-like detector, run with mpirun.",
        discussion: """
            Examples:
              genreco inspect events.hepmc                 count events, particles, PDG ids
              genreco inspect events.hepmc --event 3 --tree
              genreco card > genreco.toml                  a run card with every key and its default
              genreco bench hepmc3                         HepMC3 read/write speed (release build)
            """,
        version: "genreco \(version)",
        subcommands: [InspectCommand.self, GenerateCommand.self, RecoCommand.self, RunCommand.self, StatusCommand.self, CleanCommand.self,
                      CardCommand.self, ValidateCommand.self, BenchCommand.self, JobExecCommand.self]
    )
}
