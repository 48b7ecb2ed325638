import ArgumentParser
import Detector
import Digitization
import EventModel
import Foundation
import Generation
import Output
import Reconstruction
import Simulation

/// `genreco display --event N (--run RUN | FILE.hepmc)`: one event as an SVG picture.
struct DisplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "display",
        abstract: "Draw one event as an SVG: x–y and r–z views of the detector, hits, cells, jets, LLP decays.",
        discussion: """
            The event is made again exactly as the run made it (every stage is a pure function of
            the card, the seed and the event number): simulated, digitized and reconstructed by
            the run's own chain. The picture has an x–y and an r–z view of the whole detector
            (fish-eye) and an x–y view of the inner detector: the detector outline (tracker
            layers and discs, EM and hadronic calorimeters, muon stations), tracker hits,
            reconstructed tracks as helices in the solenoid field (charged generator particles
            faint and dashed), calorimeter cells shaded by energy (EM green, hadronic red), jets
            as cones labelled with log10(E_H/E_EM), long-lived-particle decay vertices, muon hits
            and segments. Open the SVG in a web browser; hover for values.

            Examples:
              genreco display --event 17 --run 20261129-101500
              genreco display --event 3 --run genreco-work/runs/20261129-101500 -o event3.svg
              genreco display --event 5 events.hepmc --card run.toml
              genreco display --event 5 events.hepmc --json
            """
    )

    @Option(name: .long, help: ArgumentHelp("The event number (global in a run; the file's own number in a HepMC3 file).", valueName: "N"))
    var event: Int

    @Option(name: .customLong("run"), help: ArgumentHelp("A run: its TIMESTAMP in the work directory, or the path of its run folder.", valueName: "RUN"))
    var runName: String?

    @Argument(help: ArgumentHelp("A HepMC3 file to take the event from (instead of --run).", valueName: "FILE.hepmc"))
    var file: String?

    @Option(name: .long, help: ArgumentHelp("Work directory holding runs/ (with --run).", valueName: "dir"))
    var workDir: String = "genreco-work"

    @Option(name: .long, help: ArgumentHelp("Run card for a HepMC3 file: its seed and detector card (default: the built-in defaults).",
                                            valueName: "run.toml"))
    var card: String?

    @Option(name: [.customShort("o"), .long], help: ArgumentHelp("Where to write the SVG (default: event-<N>.svg here).", valueName: "file.svg"))
    var output: String?

    @Option(name: .long, help: ArgumentHelp("Cells below this energy are not drawn, GeV.", valueName: "GeV"))
    var cellThreshold: Double = DisplayStyle().cellThresholdGeV

    @Flag(name: .long, help: "Do not draw the charged generator particles.")
    var noTruth = false

    @Flag(name: [.customShort("q"), .long], help: "Print nothing but errors.")
    var quiet = false

    @Flag(name: .long, help: "Print a JSON summary of what was drawn.")
    var json = false

    func validate() throws {
        guard (runName == nil) != (file == nil) else { throw ValidationError("give either --run RUN or a FILE.hepmc, not both or neither") }
        if runName != nil && card != nil { throw ValidationError("--card is for a HepMC3 file; a run uses its own card") }
        guard cellThreshold >= 0, cellThreshold.isFinite else { throw ValidationError("--cell-threshold must be ≥ 0") }
    }

    /// What `--json` prints.
    struct Summary: Encodable {
        var output: String
        var event: Int
        var origin: String
        var seed: UInt64
        var trackerHits: Int
        var cellsDrawnAboveThreshold: Int
        var truthTracks: Int
        var tracks: Int
        var jets: [JetSummary]
        var llpDecays: Int
        var muonHits: Int
        var muonSegments: Int
        var bytes: Int

        struct JetSummary: Encodable {
            var eGeV: Double
            var ptGeV: Double
            var eta: Double
            var phi: Double
            /// nil when the jet has no EM energy (+∞).
            var logRatio: Double?
        }
    }

    func run() throws {
        let bar = ProgressBar("display", total: 4, enabled: !quiet && !json)
        defer { bar.finish() }
        let source: DisplayEventSource
        if let runName {
            source = try DisplayEventSource.fromRun(runName, workDir: workDir, number: event)
        } else {
            let runCard: RunCard
            do { runCard = try card.map { try RunCard.load(path: $0) } ?? RunCard() } catch let e as RunCardError {
                throw ValidationError(e.description)
            }
            source = try DisplayEventSource.fromFile(file!, number: event, card: runCard)
        }
        bar.advance()
        // The run's own chain (same stages, same configuration, same streams), so the
        // picture shows exactly what the job wrote.
        let chain = EventChain(detector: try EventChain.detector(named: source.card.detector.card), seed: source.card.run.seed,
                               pileupMu: source.card.generation.pileupMu)
        let detector = chain.detector
        let seed = source.card.run.seed
        var simRNG = RandomStream(seed: seed, event: UInt64(source.event.eventNumber), stage: .simulation)
        let hits = chain.simulation(source.event, in: detector, rng: &simRNG)
        var digiRNG = RandomStream(seed: seed, event: UInt64(source.event.eventNumber), stage: .digitization)
        let raw = chain.digitization(hits, in: detector, rng: &digiRNG)
        bar.advance()
        let reco = chain.reconstruction(raw, truth: source.event, in: detector)
        bar.advance()

        var style = DisplayStyle()
        style.cellThresholdGeV = cellThreshold
        style.showTruthTracks = !noTruth
        let builder = DisplaySceneBuilder(detector: detector)
        let g = source.card.generation
        let title = "GenReco — run \(source.card.run.number), event \(source.event.eventNumber)"
        var caption = ["\(source.origin); seed \(seed); process \(g.process.rawValue)"
            + (g.process == .hssGGF ? String(format: " (m_H = %.0f GeV, m_s = %.0f GeV, cτ = %.0f mm)", g.mediatorMassGeV,
                                              g.scalarMassGeV, g.scalarCtauMM) : "")
            + "; detector \(detector.card.name), B = \(SVGBuilder.number(detector.fieldTesla)) T"]
        var scene = builder.scene(event: source.event, raw: raw, reco: reco, title: title, caption: [])
        let drawnCells = scene.cells.filter { $0.energyGeV > cellThreshold }.count
        caption.append("\(raw.trackerClusters.count) tracker clusters, \(raw.calorimeterCells.count) cells read out "
                       + "(\(drawnCells) above \(SVGBuilder.number(cellThreshold, decimals: 2)) GeV drawn), \(raw.muonDigits.count) muon hits, "
                       + "\(scene.vertices.filter { $0.kind == .llpDecay }.count) LLP decays; \(reco.tracks.count) tracks, "
                       + "\(reco.jets.count) jets (calibrated anti-kt R = 0.4 on topo-clusters, pT > \(Int(chain.reconstruction.config.jetMinPtGeV)) GeV), "
                       + "\(reco.segments.count) muon segments")
        scene.caption = caption
        let svg = EventDisplayRenderer(style: style).svg(scene)
        let path = output ?? "event-\(source.event.eventNumber).svg"
        do {
            try Data(svg.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw ValidationError("cannot write \(path): \(error.localizedDescription)")
        }
        bar.advance()
        bar.finish()
        if json {
            let s = Summary(output: path, event: source.event.eventNumber, origin: source.origin, seed: seed,
                            trackerHits: scene.trackerHits.count, cellsDrawnAboveThreshold: drawnCells,
                            truthTracks: scene.truthTracks.count, tracks: scene.tracks.count,
                            jets: scene.jets.map { .init(eGeV: $0.energyGeV, ptGeV: $0.ptGeV, eta: $0.eta, phi: $0.phi,
                                                         logRatio: $0.logRatio.isFinite ? $0.logRatio : nil) },
                            llpDecays: scene.vertices.filter { $0.kind == .llpDecay }.count,
                            muonHits: scene.muonHits.count, muonSegments: scene.muonSegments.count, bytes: svg.utf8.count)
            let e = JSONEncoder()
            e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try e.encode(s), as: UTF8.self))
        } else if !quiet {
            print("genreco: event \(source.event.eventNumber) (\(source.origin)) drawn to \(path): "
                  + "\(scene.trackerHits.count) hits, \(drawnCells) cells, \(scene.jets.count) jets, "
                  + "\(scene.vertices.filter { $0.kind == .llpDecay }.count) LLP decays")
        }
    }
}
