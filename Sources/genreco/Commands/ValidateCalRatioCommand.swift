import ArgumentParser
import Detector
import Foundation
import Generation
import Reconstruction

/// `genreco validate calratio`: the CalRatio selection on labelled signal jets and on QCD jets.
struct ValidateCalRatioCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calratio",
        abstract: "Check the CalRatio selection on signal (hss-ggf) and QCD dijet jets.",
        discussion: """
            Runs N events of the benchmark signal point (gg → H → ss, m_s = 40 GeV, cτ = 760 mm) and
            N QCD dijet events (pT-hat > 40 GeV) through simulation, digitization and reconstruction, at
            μ = 0. A jet passes the CalRatio selection when log10(E_H/E_EM) > 1.2 and no track with
            pT > 2 GeV lies within ΔR < 0.2 (ATLAS, arXiv:1902.03094). Checks: ≥ 50 % of signal-labelled
            jets pass; ≤ 1 % of QCD jets of the dijet sample pass. Build in release mode.

            Examples:
              genreco validate calratio
              genreco validate calratio -n 5000 --seed 7 --json
            """
    )

    @Option(name: .customShort("n"), help: ArgumentHelp("Events per sample.", valueName: "events"))
    var events: Int = 2000

    @Option(name: .long, help: "Run seed.")
    var seed: UInt64 = 12345

    @Option(name: .long, help: ArgumentHelp("The detector card (default: the built-in ATLAS Run 2 one).", valueName: "card"))
    var card: String = "builtin:atlas-run2"

    @Flag(name: .long, help: "Print the report as JSON.")
    var json = false

    @Flag(name: .shortAndLong, help: "No progress bar.")
    var quiet = false

    func validate() throws {
        guard events >= 1 else { throw ValidationError("-n must be at least 1") }
    }

    struct Report: Encodable {
        var signal: CalRatioValidation.Sample
        var qcd: CalRatioValidation.Sample
        var checks: [CalRatioValidation.Check]
    }

    func run() throws {
        let detector: Detector
        do {
            detector = try Detector.load(card)
        } catch {
            throw ValidationError("\(error)")
        }
        let validation = CalRatioValidation()
        let bar = ProgressBar("signal", total: events, enabled: !quiet)
        defer { bar.finish() }
        func sample(_ process: RunCard.Process) throws -> CalRatioValidation.Sample {
            bar.phase(process.rawValue, total: events)
            var runCard = RunCard()
            runCard.run.seed = seed
            runCard.generation.process = process
            let generator = try EventGenerators.make(for: runCard)
            let events = (1...self.events).lazy.map { n in
                defer { bar.advance() }
                return generator.generate(eventNumber: n)
            }
            return validation.run(process.rawValue, events: events, detector: detector, seed: seed)
        }
        let signal = try sample(.hssGGF)
        let qcd = try sample(.dijet)
        let report = Report(signal: signal, qcd: qcd, checks: validation.checks(signal: signal, qcd: qcd))
        if json {
            let e = JSONEncoder()
            e.outputFormatting = [.prettyPrinted, .sortedKeys]
            e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
            print(String(decoding: try e.encode(report), as: UTF8.self))
        } else {
            print(Self.table(report))
        }
        if !report.checks.allSatisfy(\.passed) { throw ExitCode(1) }
    }

    static func table(_ r: Report) -> String {
        func pct(_ c: CalRatioValidation.Count) -> String {
            c.jets > 0 ? String(format: "%5d / %6d = %6.2f ± %.2f %%", c.passing, c.jets, 100 * c.fraction, 100 * c.error) : "   no jets"
        }
        var s = "CalRatio selection: log10(E_H/E_EM) > 1.2 and no track (pT > 2 GeV, ΔR < 0.2)\n"
        s += "sample     events  label    passing / jets\n"
        for sample in [r.signal, r.qcd] {
            for (name, c) in [("signal", sample.signal), ("QCD", sample.qcd), ("BIB", sample.bib)] where c.jets > 0 {
                s += sample.name.padding(toLength: 10, withPad: " ", startingAt: 0)
                    + String(format: "%7d  ", sample.events) + name.padding(toLength: 7, withPad: " ", startingAt: 0) + "  " + pct(c) + "\n"
            }
        }
        for c in r.checks {
            s += (c.passed ? "  ok    " : "  FAIL  ") + c.name + String(format: ": %.2f %%", 100 * c.value) + "  (" + c.reference + ")\n"
        }
        return s
    }
}
