import ArgumentParser
import Detector
import EventModel
import Foundation
import Generation
import Reconstruction

/// `genreco calibrate jets`: derives the jet energy scale table (numerical inversion) and
/// checks its closure on an independent sample.
struct CalibrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Derive calibrations from simulated samples.",
        discussion: """
            Examples:
              genreco calibrate jets --events 40000 --closure-events 10000 \\
                  --output Sources/Reconstruction/Jets/JetCalibration+ATLASRun2.swift
            """,
        subcommands: [CalibrateJetsCommand.self]
    )
}

struct CalibrateJetsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jets",
        abstract: "Derive the jet energy scale calibration (numerical inversion) and print its closure.",
        discussion: """
            Events: back-to-back light-quark pairs (u, d, s) with pT log-uniform in 25–700 GeV and
            η uniform in ±4.4 (E ≤ 3 TeV), showered, hadronized and decayed with the Generation
            module's final-state shower, string hadronizer and hadron decays — jets like QCD
            dijets' quark jets. Simulated and digitized at μ = 0 with the built-in card;
            anti-kt R = 0.4 on topo-clusters and on truth particles, matched within ΔR < 0.3.

            The table is written as Swift source (the built-in one lives in
            Sources/Reconstruction/Jets/JetCalibration+ATLASRun2.swift). The closure (calibrated
            response in bins of truth pT and |η|) is computed on a sample with seed + 1.

            Examples:
              genreco calibrate jets --events 40000 --output Sources/Reconstruction/Jets/JetCalibration+ATLASRun2.swift
              genreco calibrate jets --events 0 --closure-events 5000     closure of the built-in table
            """
    )

    @Option(help: "Events for the derivation (0: skip it and check the built-in table).")
    var events = 40_000

    @Option(help: "Events for the closure check (seed + 1).")
    var closureEvents = 10_000

    @Option(help: "Random seed of the derivation sample.")
    var seed: UInt64 = 20_261_129

    @Option(help: ArgumentHelp("Write the table as Swift source here (default: standard output).", valueName: "file"))
    var output: String?

    func run() throws {
        let detector = Detector.atlasRun2
        let sample = JetCalibrationSample()
        var calibration = JetCalibration.atlasRun2
        if events > 0 {
            let start = Date()
            let pairs = QuarkPairEvents(seed: seed).pairs(events, sample: sample, detector: detector)
            calibration = JetCalibrationDerivation().derive(pairs)
            let comment = "\(events) q q̄ events, seed \(seed), \(pairs.count) matched jets"
            let source = JetCalibrationDerivation.swiftSource(calibration, name: "atlasRun2", comment: comment)
            if let output {
                try source.write(toFile: output, atomically: true, encoding: .utf8)
                FileHandle.standardError.write(Data(("genreco calibrate jets: wrote \(output) (\(comment), "
                    + String(format: "%.0f s", Date().timeIntervalSince(start)) + ")\n").utf8))
            } else {
                print(source)
            }
        }
        guard closureEvents > 0 else { return }
        let pairs = QuarkPairEvents(seed: seed &+ 1).pairs(closureEvents, sample: sample, detector: detector)
        let bins = calibration.closure(pairs, ptEdges: [20, 40, 60, 100, 150, 250, 500, 800],
                                       absEtaEdges: [0, 0.8, 1.37, 1.52, 2.1, 2.5, 3.2, 4.5])
        let stream = output == nil ? FileHandle.standardError : FileHandle.standardOutput
        func write(_ text: String) { stream.write(Data(text.utf8)) }
        write("closure on \(closureEvents) events (seed \(seed &+ 1)), \(pairs.count) matched jets:\n")
        write("  |η| range     pT range (GeV)   jets   ⟨E_cal/E_truth⟩ ± stat\n")
        for b in bins {
            write(String(format: "  %4.2f–%4.2f   %4.0f–%4.0f      %6d   %.4f ± %.4f\n", b.absEtaRange.lowerBound,
                                b.absEtaRange.upperBound, b.ptRange.lowerBound, b.ptRange.upperBound, b.count, b.mean, b.error))
        }
    }
}

/// The jets the calibration is derived on: quark pairs with pT log-uniform in 25–700 GeV,
/// |η| < 4.4, E ≤ 3 TeV.
struct QuarkPairEvents {
    var seed: UInt64

    func pairs(_ count: Int, sample: JetCalibrationSample, detector: Detector) -> [JetResponsePair] {
        let jets = QuarkPairJets(seed: seed, ptRangeGeV: 25...700, maxAbsEta: 4.4, maxEnergyGeV: 3_000)
        var out: [JetResponsePair] = []
        for n in 0..<count { out += sample.pairs(jets.generate(eventNumber: n), detector: detector, seed: seed) }
        return out
    }
}
