import ArgumentParser
import Foundation

/// `genreco bench`: named speed measurements, each repeated, with a peer in the same run.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure speed: median, min and max over repetitions, against a peer where one is installed.",
        discussion: """
            Build in release mode first: numbers from a debug build mean nothing.
            Suites: \(BenchSuite.allCases.map(\.rawValue).joined(separator: ", ")).

            Examples:
              swift build -c release && .build/release/genreco bench
              .build/release/genreco bench hepmc3 --repeat 9 --json
              .build/release/genreco bench farm          (launches mpirun with up to 32 ranks)
            """
    )

    @Argument(help: "Suites to run (default: all).")
    var suites: [BenchSuite] = []

    @Option(name: .long, help: "Timed repetitions per measurement (after one warm-up).")
    var `repeat`: Int = 5

    @Option(name: .long, help: ArgumentHelp("A HepMC3 file to read (default: the Pythia 8 fixtures).", valueName: "file.hepmc"))
    var input: [String] = []

    @Flag(name: .long, help: "Print the results as JSON as well.")
    var json = false

    func validate() throws {
        guard self.repeat >= 1 else { throw ValidationError("--repeat must be at least 1") }
    }

    func run() throws {
        #if DEBUG
        print("warning: this is a debug build; build with `swift build -c release` for meaningful numbers")
        #endif
        print("genreco \(GenReco.version), built for \(GenReco.instructionSet)")
        let runner = BenchRunner(repeats: self.repeat)
        var rows: [BenchRunner.Row] = []
        for suite in suites.isEmpty ? BenchSuite.allCases : suites {
            print("== \(suite.rawValue)")
            switch suite {
            case .hepmc3: rows += try runner.run(try HepMC3Bench.benchmarks(inputs: input))
            case .farm: rows += try FarmBench(repeats: self.repeat).run()
            case .hdf5: rows += try runner.run([DatasetBench.benchmark()])
            case .jets: rows += try runner.run(try JetBench.benchmarks(repeats: self.repeat))
            case .generation: rows += try GenerationBench.run(repeats: self.repeat)
            case .chain: rows += try ChainBench.run(repeats: self.repeat)
            case .simulation: let r = try runner.run(try SimulationBench.benchmarks()); SimulationBench.summary(r); rows += r
            case .tracking: let r = try runner.run(try TrackingBench.benchmarks()); TrackingBench.summary(r); rows += r
            }
        }
        if json {
            let enc = JSONEncoder()
            enc.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try enc.encode(rows), as: UTF8.self))
        }
    }
}

enum BenchSuite: String, CaseIterable, ExpressibleByArgument {
    case hepmc3
    case jets
    case hdf5
    case farm
    case generation
    case simulation
    case chain
    case tracking
}
