import ArgumentParser
import Detector
import Digitization
import Foundation
import Generation

/// `genreco validate`: the physics set side by side with its reference.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Compare GenReco's physics with its references.",
        subcommands: [ValidateGenerationCommand.self, ValidateDetectorCommand.self]
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

/// `genreco validate detector`: single particles through simulation and digitization, against
/// ATLAS design performance (JINST 3 (2008) S08003).
struct ValidateDetectorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "detector",
        abstract: "Shoot single particles through the detector and check resolutions and responses.",
        discussion: """
            Electrons, photons and pions at 10–500 GeV (σ/E fitted as a/√E ⊕ b), π/e at 10 GeV, muon
            hits, and a 40 GeV long-lived scalar decaying at Lxy = 0.1 m and 2.5 m (log10 E_H/E_EM).
            Build in release mode: the default sample takes about a minute.

            Examples:
              genreco validate detector
              genreco validate detector --particles 100 --json
            """
    )

    @Option(name: .long, help: ArgumentHelp("Particles per energy point.", valueName: "n"))
    var particles: Int = 400

    @Option(name: .long, help: ArgumentHelp("The detector card (default: the built-in ATLAS Run 2 one).", valueName: "card"))
    var card: String = "builtin:atlas-run2"

    @Flag(name: .long, help: "Print the report as JSON.")
    var json = false

    func validate() throws {
        guard particles >= 10 else { throw ValidationError("--particles must be at least 10") }
    }

    func run() throws {
        let detector: Detector
        do {
            detector = try Detector.load(card)
        } catch {
            throw ValidationError("\(error)")
        }
        var config = DetectorValidation.Config()
        config.particlesPerPoint = particles
        let report = DetectorValidation(config: config).run(detector: detector)
        if json {
            let e = JSONEncoder()
            e.outputFormatting = [.prettyPrinted, .sortedKeys]
            // A log-ratio with no EM energy at all is +∞: written as a string, as Python's json reads it.
            e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
            print(String(decoding: try e.encode(report), as: UTF8.self))
        } else {
            func fit(_ name: String, _ f: DetectorValidation.ResolutionFit) -> String {
                String(format: "%@ σ/E = %.1f %%/√E ⊕ %.2f %%  (a ± %.1f %%, b ± %.2f %%)", name,
                       100 * f.stochastic, 100 * f.constant, 100 * f.stochasticError, 100 * f.constantError)
            }
            print(fit("electrons ", report.electron))
            print(fit("photons   ", report.photon))
            print(fit("pions     ", report.pion))
            print(String(format: "π/e at 10 GeV = %.3f", report.pionOverElectronAt10GeV))
            for c in report.checks {
                print((c.passed ? "  ok    " : "  FAIL  ") + c.name + String(format: ": %.4g", c.value) + "  (" + c.reference + ")")
            }
        }
        if !report.allPassed { throw ExitCode(1) }
    }
}
