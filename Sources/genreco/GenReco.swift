import ArgumentParser
import CHostCPU

/// `genreco`: generation → simulation → digitization → reconstruction for an ATLAS-like
/// detector, writing the per-jet variables that train a CalRatio displaced-jet network.
@main
struct GenReco: ParsableCommand {
    static let version = "0.1.0"
    /// "x86-64-v3" or "portable": what the Swift code was compiled for (Package.swift).
    static let instructionSet = String(cString: genreco_build_instruction_set())

    static let configuration = CommandConfiguration(
        commandName: "genreco",
        abstract: "Synthetic collision data for an ATLAS-like detector, run with mpirun.",
        discussion: """
            Examples:
              genreco inspect events.hepmc                 count events, particles, PDG ids
              genreco inspect events.hepmc --event 3 --tree
              genreco card > genreco.toml                  a run card with every key and its default
              genreco bench hepmc3                         HepMC3 read/write speed (release build)
              ./mpirun.sh -np 3 genreco run -b 500 -n 8    the chain on the default card, HDF5 dataset out
              genreco inspect genreco-work/out/<TS>/304795.h5   jets per label, range of every variable
              genreco display --event 3 --run <TS>         an SVG of one event, remade from the run's card and seed
              genreco report <TS>                          one HTML page: the run, its physics plots
            """,
        version: "genreco \(version) (built for \(instructionSet))",
        subcommands: [InspectCommand.self, GenerateCommand.self, RecoCommand.self, RunCommand.self, StatusCommand.self, CleanCommand.self,
                      CardCommand.self, ValidateCommand.self, BenchCommand.self, DisplayCommand.self, ReportCommand.self, CalibrateCommand.self,
                      JobExecCommand.self]
    )
}
