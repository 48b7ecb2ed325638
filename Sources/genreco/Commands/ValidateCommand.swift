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
        discussion: """
            Each subcommand makes its own sample, prints every number beside its reference, \
            and exits with status 1 when a check fails. Build in release mode first.

            Examples:
              genreco validate generation        generator vs Pythia 8
              genreco validate detector --json   resolutions vs the ATLAS design
              genreco validate tracking          track efficiency and resolution
              genreco validate calratio          CalRatio jet variables and labels
            """,
        subcommands: [ValidateGenerationCommand.self, ValidateDetectorCommand.self, ValidateCalRatioCommand.self, ValidateTrackingCommand.self]
    )
}

/// `genreco validate generation`: the signal generator against Pythia 8 at the reference's point.
struct ValidateGenerationCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generation",
        abstract: "Generate events at a Pythia 8 reference's point and print every observable beside it.",
        discussion: """
            The reference files (shared/reference/pythia8/*.json for the benchmark point,
            reference/pythia8/*.json for the other signal points, W H, inelastic minimum bias and
            QCD dijets) hold Pythia 8 distributions with their settings; the process and point are
            read from those settings. Columns: mean, RMS and median of ours and of the reference,
            χ²/ndf on the reference's binning and the Kolmogorov distance.

            Examples:
              genreco validate generation
              genreco validate generation --reference ../shared/reference/pythia8/ggH125_mS40_ctau760_noMPI.json -n 100000
              genreco validate generation --reference reference/pythia8/minbias_inelastic_13TeV.json -n 10000
              genreco validate generation --reference reference/pythia8/dijet_pthat40_13TeV.json -n 4000
              genreco validate generation -n 2000 --json
            """
    )

    @Option(name: .long, help: ArgumentHelp("A Pythia 8 reference JSON (default: the benchmark point, MPI on).", valueName: "file.json"))
    var reference: String?

    @Option(name: .customShort("n"), help: ArgumentHelp("Events to generate.", valueName: "events"))
    var events: Int = 20000

    @Option(name: .long, help: "Run seed.")
    var seed: UInt64 = 12345

    @Flag(name: .long, help: "Print the comparison as JSON.")
    var json = false

    @Flag(name: [.customShort("q"), .long], help: "No progress bar.")
    var quiet = false

    func validate() throws {
        guard events >= 1 else { throw ValidationError("-n must be at least 1") }
    }

    /// One row of `--json`.
    struct Row: Encodable {
        var name: String
        var unit: String
        var mean: Double
        var referenceMean: Double
        var rms: Double
        var referenceRMS: Double
        var median: Double
        var referenceMedian: Double
        var chi2: Double
        var ndf: Int
        var kolmogorovDistance: Double
    }

    func run() throws {
        let path = reference ?? Resources.shared.map { $0.path + "/reference/pythia8/ggH125_mS40_ctau760.json" } ?? ""
        guard FileManager.default.fileExists(atPath: path) else {
            throw ValidationError("no reference file at \(path); give --reference FILE.json or set GENRECO_SHARED")
        }
        let ref = try PythiaReference(contentsOf: URL(fileURLWithPath: path))
        // The reference's own point and settings (process, masses, cτ, decays, MPI on or off).
        let card = try ref.runCard(seed: seed)
        let generator = try EventGenerators.make(for: card)
        // SignalValidation.compare's loop, with a progress bar on a terminal.
        let bar = ProgressBar("generating", total: events, enabled: !quiet)
        var observables = SignalObservables()
        for n in 0..<events {
            observables.fill(generator.generate(eventNumber: n))
            bar.advance()
        }
        bar.finish()
        let rows = SignalObservables.names.compactMap { name in
            ref.observables[name].map { DistributionComparison(name: name, values: observables.values[name] ?? [], reference: $0) }
        }
        if json {
            let out = rows.map { Row(name: $0.name, unit: $0.unit, mean: $0.ours.mean, referenceMean: $0.reference.mean, rms: $0.ours.rms,
                                     referenceRMS: $0.reference.rms, median: $0.ours.median, referenceMedian: $0.reference.median,
                                     chi2: $0.chi2, ndf: $0.ndf, kolmogorovDistance: $0.kolmogorovDistance) }
            let e = JSONEncoder()
            e.outputFormatting = [.prettyPrinted, .sortedKeys]
            e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
            print(String(decoding: try e.encode(out), as: UTF8.self))
            return
        }
        print("\(events) GenReco events vs \(ref.nEvents) Pythia 8 events (\(ref.point), \(ref.variant ?? "")) from \(path)")
        print(SignalValidation.table(rows))
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

    @Flag(name: [.customShort("q"), .long], help: "No progress line.")
    var quiet = false

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
        let report = ElapsedTicker.run("validate detector", enabled: !quiet) { DetectorValidation(config: config).run(detector: detector) }
        if json {
            let e = JSONEncoder()
            e.outputFormatting = [.prettyPrinted, .sortedKeys]
            // A log-ratio with no EM energy at all is +∞: written as a string, as Python's json reads it.
            e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
            print(String(decoding: try e.encode(report), as: UTF8.self))
        } else {
            print(Self.table(report))
        }
        if !report.allPassed { throw ExitCode(1) }
    }

    /// Every issue-5 figure beside its target: the fits with their errors, the responses per
    /// energy, the muon hit counts, the LLP fractions without and with noise, then the checks.
    static func table(_ r: DetectorValidation.Report) -> String {
        var lines: [String] = []
        func pad(_ s: String, _ n: Int) -> String { s + String(repeating: " ", count: max(0, n - s.count)) }
        func row(_ quantity: String, _ found: String, _ target: String) {
            lines.append(pad(quantity, 44) + " " + pad(found, 34) + " " + target)
        }
        row("quantity", "found", "target (source)")
        row(String(repeating: "-", count: 44), String(repeating: "-", count: 34), String(repeating: "-", count: 30))
        let s08003 = "S08003 Table 1.1"
        for (name, f) in [("electrons |η| < 1.2, 10–500 GeV", r.electron), ("photons |η| < 1.2, 10–500 GeV", r.photon)] {
            row(name + ": a", String(format: "%.1f ± %.1f %%", 100 * f.stochastic, 100 * f.stochasticError), "10 % ± 1.5 % (\(s08003))")
            row(name + ": b", String(format: "%.2f ± %.2f %%", 100 * f.constant, 100 * f.constantError), "0.7 % ± 0.5 % (\(s08003))")
        }
        row("π± |η| < 0.5, 10–500 GeV: a", String(format: "%.1f ± %.1f %%", 100 * r.pion.stochastic, 100 * r.pion.stochasticError),
            "50 % ± 10 % (\(s08003))")
        row("π± |η| < 0.5, 10–500 GeV: b", String(format: "%.2f ± %.2f %%", 100 * r.pion.constant, 100 * r.pion.constantError),
            "3 % ± 2 % (\(s08003))")
        row("π/e response at 10 GeV (EM scale)", String(format: "%.3f", r.pionOverElectronAt10GeV), "0.70–0.85")
        for (name, f) in [("e", r.electron), ("γ", r.photon), ("π", r.pion)] {
            let points = f.points.map { String(format: "%.0f:%.1f%%", $0.energyGeV, 100 * $0.sigmaOverE) }.joined(separator: " ")
            row("  \(name) σ/E per energy (GeV:σ/E)", points, "")
        }
        let m = r.muons
        row("muons 10–100 GeV |η| < 1: pixel clusters", String(format: "%.2f per muon, ≥ 3 in %.1f %%", m.meanPixelHits,
                                                                 100 * m.fractionWithThreePixelHits), "≥ 3 (IBL + 3 layers)")
        row("muons: strip clusters", String(format: "%.2f per muon, ≥ 8 in %.1f %%", m.meanStripHits, 100 * m.fractionWithEightStripHits),
            "≥ 8 (4 double-sided layers)")
        row("muons: calorimeter energy", String(format: "%.2f GeV, MIP-like in %.1f %%", m.meanCalorimeterEnergyGeV,
                                                100 * m.fractionWithMIPDeposit), "minimum ionising")
        row("muons: muon-station digits", String(format: "%.2f per muon, ≥ 2 in %.1f %%", m.meanStationHits,
                                                 100 * m.fractionWithStationHits), "hits in the stations")
        for l in [r.llpAt2500mm, r.llpWithNoiseAt2500mm] {
            row(String(format: "s at Lxy = %.1f m: log10(E_H/E_EM) > 1.2", l.lxyMM / 1000),
                String(format: "%.1f %% (median %.2f)", 100 * l.fractionAbove1p2, l.medianLogRatio), "> 80 %  [\(l.method)]")
        }
        for l in [r.llpAt100mm, r.llpWithNoiseAt100mm] {
            row(String(format: "s at Lxy = %.1f m: log10(E_H/E_EM) < 0.5", l.lxyMM / 1000),
                String(format: "%.1f %% (median %.2f)", 100 * l.fractionBelow0p5, l.medianLogRatio), "> 80 %  [\(l.method)]")
        }
        lines.append("")
        for c in r.checks {
            lines.append((c.passed ? "  ok    " : "  FAIL  ") + c.name + String(format: ": %.4g", c.value) + "  (" + c.reference + ")")
        }
        return lines.joined(separator: "\n")
    }
}
