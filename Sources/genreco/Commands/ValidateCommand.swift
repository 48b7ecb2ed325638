import ArgumentParser
import Foundation
import Generation

/// `genreco validate`: the physics set side by side with its reference.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Compare GenReco's physics with its references.",
        subcommands: [ValidateGenerationCommand.self]
    )
}

/// `genreco validate generation`: the signal generator against Pythia 8 at the reference's point.
struct ValidateGenerationCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generation",
        abstract: "Generate events at a Pythia 8 reference's point and print every observable beside it.",
        discussion: """
            The reference files (shared/reference/pythia8/*.json) hold Pythia 8.318 distributions
            with their settings. Columns: mean, RMS and median of ours and of the reference, χ²/ndf
            on the reference's binning and the Kolmogorov distance.

            Examples:
              genreco validate generation
              genreco validate generation --reference ../shared/reference/pythia8/ggH125_mS40_ctau760_noMPI.json -n 100000
            """
    )

    @Option(name: .long, help: ArgumentHelp("A Pythia 8 reference JSON (default: the benchmark point, MPI on).", valueName: "file.json"))
    var reference: String?

    @Option(name: .customShort("n"), help: ArgumentHelp("Events to generate.", valueName: "events"))
    var events: Int = 20000

    @Option(name: .long, help: "Run seed.")
    var seed: UInt64 = 12345

    func validate() throws {
        guard events >= 1 else { throw ValidationError("-n must be at least 1") }
    }

    func run() throws {
        let path = reference ?? Resources.shared.map { $0.path + "/reference/pythia8/ggH125_mS40_ctau760.json" } ?? ""
        guard FileManager.default.fileExists(atPath: path) else {
            throw ValidationError("no reference file at \(path); give --reference FILE.json or set GENRECO_SHARED")
        }
        let ref = try PythiaReference(contentsOf: URL(fileURLWithPath: path))
        let generator = try HiddenValleyGenerator(card: SignalValidation.referenceCard(seed: seed))
        print("\(events) GenReco events vs \(ref.nEvents) Pythia 8 events (\(ref.point), \(ref.variant ?? "")) from \(path)")
        print(SignalValidation.table(SignalValidation.compare(generator, events: events, with: ref)))
    }
}
