import ArgumentParser
import Detector
import EventModel
import Foundation
import Generation
import Reconstruction

/// `genreco validate tracking`: tracks and primary vertices against generator truth and the
/// issue-6 targets.
struct ValidateTrackingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tracking",
        abstract: "Reconstruct tracks and primary vertices in signal events and single-particle guns; compare with truth.",
        discussion: """
            Signal events (hss-ggf, the built-in benchmark point, pile-up μ from --mu) and
            single μ± and π± at pT = 10 and 100 GeV (|η| < 1) go through simulation and
            digitization as in a production job, then tracking and vertexing. Printed: the
            efficiency for prompt charged pions (pT > 1 GeV, |η| < 2.5), the fake rate (tracks
            whose majority particle gives fewer than half of the clusters), σ(pT)/pT, σ(d0),
            pull widths, the hard-scatter vertex z resolution and, at μ > 0, the pile-up vertex
            efficiency. Exit status 1 if a target is missed. Build in release mode.

            Examples:
              genreco validate tracking
              genreco validate tracking -n 50 --mu 40 --seed 7
              genreco validate tracking -n 50 --mu 40 --pileup-reuse 1   own collisions per event
            """
    )

    @Option(name: .customShort("n"), help: ArgumentHelp("Signal events.", valueName: "events"))
    var events: Int = 100

    @Option(name: .long, help: "Mean pile-up μ of the signal events (0 or 40 are the targets' points).")
    var mu: Double = 0

    @Option(name: .long, help: ArgumentHelp("Events per pile-up collision (the card's pileup_reuse): 1 own, > 1 shared.",
                                            valueName: "R"))
    var pileupReuse: Double = RunCard().generation.pileupReuse

    @Option(name: .long, help: ArgumentHelp("Single particles per gun point (0: no guns).", valueName: "n"))
    var gunEvents: Int = 500

    @Option(name: .long, help: "Run seed.")
    var seed: UInt64 = 12345

    @Flag(name: .long, help: "Print the report as JSON.")
    var json = false

    @Flag(name: .shortAndLong, help: "No progress indicator.")
    var quiet = false

    func validate() throws {
        guard events >= 0, gunEvents >= 0, events + gunEvents > 0 else { throw ValidationError("nothing to do: -n and --gun-events are 0") }
        guard mu >= 0, mu.isFinite else { throw ValidationError("--mu must be ≥ 0") }
        guard pileupReuse >= 1, pileupReuse.isFinite else { throw ValidationError("--pileup-reuse must be ≥ 1") }
    }

    func run() throws {
        var card = RunCard()
        card.run.seed = seed
        card.generation.process = .hssGGF
        card.generation.pileupMu = mu
        card.generation.pileupReuse = pileupReuse
        let generator = try EventGenerators.make(for: card)
        let detector = try Detector.load(card.detector.card)
        let report = ElapsedTicker.run("validate tracking", enabled: !quiet) {
            TrackingValidation.report(signalEvents: events, pileupMu: mu, gunEvents: gunEvents, seed: seed,
                                      detector: detector) { generator.generate(eventNumber: $0) }
        }
        if json {
            let e = JSONEncoder()
            e.outputFormatting = [.prettyPrinted, .sortedKeys]
            e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
            print(String(decoding: try e.encode(report), as: UTF8.self))
        } else {
            print("\(events) signal events at μ = \(mu)" + (pileupReuse > 1 ? " (collisions shared, R = \(pileupReuse))" : "")
                + ", \(gunEvents) particles per gun point, seed \(seed)")
            print(report.table)
            let s = report.stats
            print("signal: \(s.spacePoints) space points, \(s.seeds) seeds, \(s.candidates) candidates, \(s.fitted) fitted, "
                + "\(s.rejectedLowPt) below the pT cut before the fit, \(s.failedFits) failed fits, \(s.rejectedAmbiguity) rejected as ambiguous, "
                + "\(s.trtExtended) of \(s.trtReaching) tracks reaching the TRT straws extended; "
                + String(format: "tracking + vertexing %.1f ms/event (use `genreco bench tracking` for timing)", report.trackingMsPerEvent))
        }
        if !report.allPassed { throw ExitCode(1) }
    }
}
