import ArgumentParser
import Foundation

/// `genreco report RUN`: one self-contained HTML page about a run.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write a run's report: one self-contained HTML page with its summary and physics plots.",
        discussion: """
            The page holds the run summary (jobs, failures, throughput per host, time per stage,
            from the plan and the journal) and SVG plots: the generator's observables over the
            Pythia 8 reference, the LLP decay Lxy and |Lz| of the run's events, the calorimeter
            resolution against the ATLAS design, jet log10(E_H/E_EM) and tracks per jet by label
            (from the run's HDF5 dataset), and tracking efficiency and σ(pT)/pT against the ATLAS
            design. A plot whose
            input is missing says why. No scripts, fonts or images are loaded from anywhere.
            Build in release mode: the generator and calorimeter samples take about a minute.

            Examples:
              genreco report 20261129-101500
              genreco report genreco-work/runs/20261129-101500 -o run.html
              genreco report 20261129-101500 --generator-events 500 --detector-particles 50
              genreco report 20261129-101500 --generator-events 0 --detector-particles 0 --tracking-particles 0 --json
            """
    )

    @Argument(help: ArgumentHelp("The run: its TIMESTAMP in the work directory, or the path of its run folder.", valueName: "RUN"))
    var runName: String

    @Option(name: .long, help: ArgumentHelp("Work directory holding runs/.", valueName: "dir"))
    var workDir: String = "genreco-work"

    @Option(name: [.customShort("o"), .long], help: ArgumentHelp("Where to write the page (default: report.html in the run folder).",
                                                                 valueName: "file.html"))
    var output: String?

    @Option(name: .long, help: ArgumentHelp("Generator events compared with Pythia 8 (0: leave that section out).", valueName: "n"))
    var generatorEvents: Int = 2000

    @Option(name: .long, help: ArgumentHelp("Single particles per energy for the calorimeter resolution (0: leave it out).", valueName: "n"))
    var detectorParticles: Int = 100

    @Option(name: .long, help: ArgumentHelp("Single pions per pT point for the tracking curves (0: leave them out).", valueName: "n"))
    var trackingParticles: Int = 100

    @Option(name: .long, help: "Seed of the generator, calorimeter and tracking samples.")
    var seed: UInt64 = 12345

    @Flag(name: [.customShort("q"), .long], help: "Print nothing but errors.")
    var quiet = false

    @Flag(name: .long, help: "Print a JSON summary: the page's path and each section's status.")
    var json = false

    func validate() throws {
        guard generatorEvents >= 0 else { throw ValidationError("--generator-events must be ≥ 0") }
        guard trackingParticles >= 0 else { throw ValidationError("--tracking-particles must be ≥ 0") }
        guard detectorParticles == 0 || detectorParticles >= 10 else {
            throw ValidationError("--detector-particles must be 0 or at least 10 (a resolution needs a sample)")
        }
    }

    struct Summary: Encodable {
        var output: String
        var run: String
        var bytes: Int
        var sections: [RunReport.Section]
    }

    func run() throws {
        let dir = try FarmDriver.existingRun(runName, workDir: workDir)
        let bar = ProgressBar("report", total: 1, enabled: !quiet && !json)
        defer { bar.finish() }
        var report = try RunReport(directory: dir, options: .init(generatorEvents: generatorEvents, detectorParticles: detectorParticles,
                                                                  trackingParticles: trackingParticles, seed: seed), progress: bar)
        let html = try report.html()
        let path = output ?? dir.path + "/report.html"
        do {
            try Data(html.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw ValidationError("cannot write \(path): \(error.localizedDescription)")
        }
        bar.finish()
        if json {
            let e = JSONEncoder()
            e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try e.encode(Summary(output: path, run: dir.timestamp, bytes: html.utf8.count, sections: report.sections)),
                         as: UTF8.self))
        } else if !quiet {
            print("genreco: report of run \(dir.timestamp) written to \(path)")
            for s in report.sections {
                print("  " + s.title.padding(toLength: 42, withPad: " ", startingAt: 0)
                      + (s.status == "ok" ? "\(s.plots) plots" : "missing: \(s.reason ?? "")"))
            }
        }
    }
}
