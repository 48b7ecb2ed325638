import ArgumentParser
import Detector
import EventModel
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

            Also printed: the signal jets split at the back of the EM calorimeter on the s's line of
            flight, and binned in the s's decay position (Lxy, |Lz|). --origins adds where the EM-layer
            energy of signal jets failing the ratio cut comes from (photons, electrons, muons, charged
            and neutral hadrons of the s, everything else), each source simulated alone without noise.

            Examples:
              genreco validate calratio
              genreco validate calratio -n 5000 --seed 7 --json
              genreco validate calratio -n 5000 --origins
            """
    )

    @Option(name: .customShort("n"), help: ArgumentHelp("Events per sample.", valueName: "events"))
    var events: Int = 2000

    @Option(name: .long, help: "Run seed.")
    var seed: UInt64 = 12345

    @Option(name: .long, help: ArgumentHelp("The detector card (default: the built-in ATLAS Run 2 one).", valueName: "card"))
    var card: String = "builtin:atlas-run2"

    @Flag(name: .long, help: "Also split the EM-layer energy of signal jets failing the ratio cut by source (simulates each source alone; slower).")
    var origins = false

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
        var origins: CalRatioEnergyOrigin?
    }

    func run() throws {
        let detector: Detector
        do {
            detector = try Detector.load(card)
        } catch {
            throw ValidationError("\(error)")
        }
        let validation = CalRatioValidation()
        var origin = CalRatioEnergyOrigin()
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
            guard origins, process == .hssGGF else {
                return validation.run(process.rawValue, events: events, detector: detector, seed: seed)
            }
            return validation.run(process.rawValue, events: events, detector: detector, seed: seed) { gen, reco in
                origin.add(event: gen, reconstructed: reco, detector: detector, seed: seed) { !validation.passesRatio($0) }
            }
        }
        let signal = try sample(.hssGGF)
        let qcd = try sample(.dijet)
        let report = Report(signal: signal, qcd: qcd, checks: validation.checks(signal: signal, qcd: qcd),
                            origins: origins ? origin : nil)
        if json {
            let e = JSONEncoder()
            e.outputFormatting = [.prettyPrinted, .sortedKeys]
            e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
            print(String(decoding: try e.encode(report), as: UTF8.self))
        } else {
            print(Self.table(report, detector: detector))
        }
        if !report.checks.allSatisfy(\.passed) { throw ExitCode(1) }
    }

    static func table(_ r: Report, detector: Detector? = nil) -> String {
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
        let front = r.signal.signalInFrontOfEMBack, behind = r.signal.signalBehindEMBack
        s += "\nsignal jets whose s decayed in front of the back of the EM calorimeter (on its line of flight): " + pct(front) + "\n"
        s += "signal jets whose s decayed behind it:                                                  " + pct(behind) + "\n"
        s += "\n" + decayTable(r.signal.decays, detector: detector)
        if let o = r.origins { s += "\n" + originTable(o) }
        return s
    }

    /// Signal jets by where their s decayed, with the card's volume at the bin's centre
    /// (barrel: at η = 0; end-cap: at η = 1.9).
    static func decayTable(_ t: CalRatioDecayTable, detector: Detector?) -> String {
        var s = "Signal jets by decay position of the matched s (pass = ratio and track veto; ratio = log10(E_H/E_EM) > 1.2 only)\n"
        func volume(at p: Vector3) -> String {
            guard let detector, let b = detector.calorimeterBoxes.firstIndex(where: { $0.contains(p) }) else { return "" }
            return detector.card.calorimeter.volumes[detector.calorimeterBoxes[b].volume].name
        }
        func rows(_ title: String, _ bins: [CalRatioDecayTable.Bin], _ point: (Double) -> Vector3) {
            s += title + "      jets   pass %   ratio %   <log10(E_H/E_EM)>   <E_EM/E>   volume\n"
            for b in bins where b.jets > 0 {
                s += String(format: "%5.0f–%-5.0f  %6d   %6.1f    %6.1f     %8.2f          %6.3f    ", b.low, b.high, b.jets,
                            100 * b.fraction, 100 * Double(b.passingRatio) / Double(b.jets), b.meanLogRatio, b.meanEMFraction)
                    + volume(at: point(0.5 * (b.low + b.high))) + "\n"
            }
        }
        rows("Lxy (mm), |η_s| < 1.4", t.barrel) { Vector3($0, 0, 0) }
        rows("|Lz| (mm), end-cap   ", t.endcap) { Vector3($0 / sinh(1.9), 0, $0) }
        return s
    }

    /// Where the EM-layer energy of failing signal jets comes from.
    static func originTable(_ o: CalRatioEnergyOrigin) -> String {
        var s = "Signal jets failing log10(E_H/E_EM) > 1.2: mean energy per jet in the ΔR < 0.4 cone, GeV, EM scale, no noise\n"
        s += "(EM layers / hadronic layers / true energy of the particles in the cone), and the reconstructed E_EM / E_H\n"
        for (title, regions) in [("barrel Lxy", o.barrel), ("end-cap |Lz|", o.endcap)] {
            s += title + "\n"
            for r in regions where r.jets > 0 {
                let n = Double(max(r.failing, 1))
                s += String(format: "  %-20@ %4.0f–%-4.0f mm  jets %5d  failing %5d (%5.1f %%)  reco E_EM %6.2f  E_H %6.2f\n",
                            r.name as NSString, r.low, r.high, r.jets, r.failing, 100 * Double(r.failing) / Double(r.jets),
                            r.recoEM / n, r.recoHadronic / n)
                guard r.failing > 0 else { continue }
                for src in CalRatioEnergyOrigin.Source.allCases {
                    let k = src.rawValue
                    s += String(format: "      %-12@  EM %6.2f   had %6.2f   true %6.2f\n", src.name as NSString,
                                r.sourceEM[k] / n, r.sourceHadronic[k] / n, r.sourceTrueEnergy[k] / n)
                }
            }
        }
        return s
    }
}
