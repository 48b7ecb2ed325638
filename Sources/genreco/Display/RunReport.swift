import Detector
import Digitization
import EventModel
import Farm
import Foundation
import Generation
import Output
import Reconstruction

/// Builds the HTML report of one run: what the farm did (from the plan and the journal,
/// so an unfinished or rerun run is reported as it stands), then the physics plots, each
/// from its own source. A plot whose source is missing says so instead of vanishing, and
/// the report records why in ``sections``.
struct RunReport {
    struct Options {
        /// Generator events at the Pythia 8 reference point (0: skip that section).
        var generatorEvents = 2000
        /// Single particles per energy point for the calorimeter resolution (0: skip).
        var detectorParticles = 100
        /// Single pions per pT point for the tracking curves (0: skip).
        var trackingParticles = 100
        var seed: UInt64 = 12345
    }

    /// What each section of the report drew, for `--json` and the tests.
    struct Section: Codable {
        var id: String
        var title: String
        /// "ok", or "missing" with `reason`.
        var status: String
        var reason: String?
        var plots: Int
    }

    let directory: RunDirectory
    let plan: RunPlan
    let options: Options
    let progress: ProgressBar
    private(set) var sections: [Section] = []

    init(directory: RunDirectory, options: Options, progress: ProgressBar) throws {
        self.directory = directory
        plan = try directory.readPlan()
        self.options = options
        self.progress = progress
    }

    var mergedJSONL: String { plan.outputDir + "/\(plan.card.run.number).events.jsonl" }
    var mergedH5: String { plan.outputDir + "/\(plan.card.run.number).h5" }

    mutating func html() throws -> String {
        var page = ReportPage(title: "GenReco run \(plan.timestamp) — \(plan.command.rawValue), run number \(plan.card.run.number)")
        page.raw("<p class=\"note\">Made by genreco \(ReportPage.escape(GenReco.version)) on "
                 + ReportPage.escape(ISO8601DateFormatter().string(from: Date())) + " from " + ReportPage.escape(directory.path)
                 + ". Sections: <a href=\"#summary\">summary</a> · <a href=\"#generator\">generator vs Pythia 8</a> · "
                 + "<a href=\"#llp\">LLP decays</a> · <a href=\"#calorimeter\">calorimeter resolution</a> · "
                 + "<a href=\"#jets\">jets</a> · <a href=\"#tracking\">tracking</a></p>\n")
        try summarySection(&page)
        generatorSection(&page)
        llpSection(&page)
        calorimeterSection(&page)
        jetSection(&page)
        trackingSection(&page)
        return page.html
    }

    private mutating func record(_ id: String, _ title: String, plots: Int, missing reason: String? = nil) {
        sections.append(Section(id: id, title: title, status: reason == nil ? "ok" : "missing", reason: reason, plots: plots))
    }

    // MARK: Summary

    private mutating func summarySection(_ page: inout ReportPage) throws {
        progress.phase("report: run summary", total: 1)
        page.section("Run summary", id: "summary")
        let records = (try? Journal.read(path: directory.journal)) ?? []
        let states = Journal.states(records)
        let done = plan.jobs.filter { states[$0.id]?.status == .done }
        let failed = plan.jobs.filter { states[$0.id]?.status == .failed }
        let open = plan.jobs.count - done.count - failed.count
        let doneRecords = records.filter { $0.status == .done }
        let eventsDone = done.reduce(0) { $0 + $1.eventCount }
        let summary: RunSummary? = FileManager.default.contents(atPath: directory.summary).flatMap {
            try? JSONDecoder().decode(RunSummary.self, from: $0)
        }
        let g = plan.card.generation
        var rows: [[String]] = [
            ["command line", plan.commandLine.joined(separator: " ")],
            ["process", g.process.rawValue + (g.process == .hssGGF
                ? String(format: " (m_H = %.0f GeV, m_s = %.0f GeV, cτ = %.0f mm, μ = %.0f)", g.mediatorMassGeV, g.scalarMassGeV,
                         g.scalarCtauMM, g.pileupMu) : "")],
            ["seed", String(plan.card.run.seed)],
            ["detector card", plan.card.detector.card],
            ["jobs", "\(plan.jobs.count) of \(plan.batchSize) events"],
            ["jobs done", String(done.count)],
            ["jobs failed", String(failed.count)],
            ["jobs not finished", String(open)],
            ["events done / planned", "\(eventsDone) / \(plan.totalEvents)"],
            ["output folder", plan.outputDir],
        ]
        if let s = summary {
            rows.append(["last session", String(format: "%.1f s wall, %.1f events/s, coordinator CPU %.2f s", s.wallSeconds,
                                                s.eventsPerSecond, s.coordinatorCPUSeconds)])
        }
        page.table(header: [], rows: rows, id: "run-summary")

        // Throughput per host and time per stage, from every done job in the journal.
        var byHost: [String: (jobs: Int, events: Int, seconds: Double)] = [:]
        var stageSeconds: [String: Double] = [:]
        var stageOrder: [String] = []
        for r in doneRecords {
            let h = r.host ?? "?"
            byHost[h, default: (0, 0, 0)].jobs += 1
            byHost[h, default: (0, 0, 0)].events += r.events ?? 0
            byHost[h, default: (0, 0, 0)].seconds += r.seconds ?? 0
            for s in r.stages ?? [] {
                if stageSeconds[s.stage] == nil { stageOrder.append(s.stage) }
                stageSeconds[s.stage, default: 0] += s.seconds
            }
        }
        let eventsInRecords = doneRecords.reduce(0) { $0 + ($1.events ?? 0) }
        let hosts = byHost.keys.sorted()
        page.subsection("Throughput per host")
        page.table(header: ["host", "jobs", "events", "busy s", "events/s per worker"],
                   rows: hosts.map { h in
                       let v = byHost[h]!
                       return [h, String(v.jobs), String(v.events), String(format: "%.1f", v.seconds),
                               String(format: "%.2f", v.seconds > 0 ? Double(v.events) / v.seconds : 0)]
                   }, id: "hosts")
        let stageBars = stageOrder.map { (label: $0, value: eventsInRecords > 0 ? 1000 * stageSeconds[$0]! / Double(eventsInRecords) : 0) }
        page.plots([
            BarChart(title: "Throughput per host", unit: "events/s",
                     bars: hosts.map { h in let v = byHost[h]!; return (h, v.seconds > 0 ? Double(v.events) / v.seconds : 0) })
                .svg(id: "plot-hosts"),
            BarChart(title: "Time per stage", unit: "ms/event", bars: stageBars, colour: "#2e933c").svg(id: "plot-stages"),
        ], captions: ["Events per second of job time on each host (one worker's speed).",
                      "Mean wall time per event in each stage, over all done jobs."])
        if !failed.isEmpty {
            page.subsection("Failed jobs")
            page.table(header: ["job", "name", "events", "error", "log"], rows: failed.map { j in
                [String(j.id), j.name, "\(j.firstEvent)…\(j.firstEvent + j.eventCount - 1)", states[j.id]?.error ?? "?",
                 states[j.id]?.log.map { directory.path + "/" + $0 } ?? ""]
            }, id: "failed-jobs")
            page.paragraph("Rerun them with: genreco \(plan.command.rawValue) -r \(plan.timestamp)", cssClass: "note")
        }
        record("summary", "Run summary", plots: 2, missing: doneRecords.isEmpty ? "no job of this run is done yet" : nil)
        progress.advance()
    }

    // MARK: Generator

    /// Observables drawn over the reference, in this order (those the reference has).
    static let generatorPlots = ["llp_pt", "llp_betagamma", "llp_lxy", "llp_abslz", "med_pt", "med_y", "llp_n_stable_charged_desc",
                                 "nch_pt05_eta25", "ch_pt", "ch_eta", "njet_pt20", "jet1_pt", "met_nu", "llp_bhad_xb"]

    private mutating func generatorSection(_ page: inout ReportPage) {
        page.section("Generator vs Pythia 8", id: "generator")
        let title = "Generator vs Pythia 8"
        guard options.generatorEvents > 0 else {
            page.paragraph("Skipped (--generator-events 0).", cssClass: "missing")
            return record("generator", title, plots: 0, missing: "skipped")
        }
        guard let path = Resources.shared.map({ $0.path + "/reference/pythia8/ggH125_mS40_ctau760.json" }),
              FileManager.default.fileExists(atPath: path), let ref = try? PythiaReference(contentsOf: URL(fileURLWithPath: path)) else {
            page.paragraph("No Pythia 8 reference found (set GENRECO_SHARED to the folder holding reference/pythia8).", cssClass: "missing")
            return record("generator", title, plots: 0, missing: "no reference file")
        }
        let generator: HiddenValleyGenerator
        do { generator = try HiddenValleyGenerator(card: SignalValidation.referenceCard(seed: options.seed)) } catch {
            page.paragraph("The generator could not be set up: \(error)", cssClass: "missing")
            return record("generator", title, plots: 0, missing: "\(error)")
        }
        progress.phase("report: generating events", total: options.generatorEvents)
        var observables = SignalObservables()
        for n in 0..<options.generatorEvents {
            observables.fill(generator.generate(eventNumber: n))
            progress.advance()
        }
        page.paragraph("\(options.generatorEvents) GenReco events against \(ref.nEvents) Pythia 8.318 events at the reference point "
                       + "(\(ref.point), \(ref.variant ?? "MPI on")): gg → H(125) → s s, m_s = 40 GeV, cτ = 760 mm, s → b b̄, "
                       + "no beam spot. Both normalized to unit area over all entries (under- and overflow included). "
                       + "This checks the generator itself, whatever the run's card.", cssClass: "note")
        var svgs: [String] = [], captions: [String] = []
        for name in Self.generatorPlots {
            guard let r = ref.observables[name] else { continue }
            let values = observables.values[name] ?? []
            let comparison = DistributionComparison(name: name, values: values, reference: r)
            var ours = Histogram1D(edges: r.binEdges)
            ours.fill(values)
            var theirs = Histogram1D(edges: r.binEdges)
            theirs.counts = r.counts
            theirs.underflow = r.underflow
            theirs.overflow = r.overflow
            let logX = Self.isLogSpaced(r.binEdges)
            let unit = (r.unit ?? "").isEmpty ? "" : " [\(r.unit!)]"
            let plot = Plot(title: name, x: PlotAxis(name + unit, scale: logX ? .log : .linear),
                            y: PlotAxis("fraction per bin", scale: .log),
                            series: [.histogram(theirs.normalized(), Plot.Style("Pythia 8.318", colour: "#d1495b", filled: true)),
                                     .histogram(ours.normalized(), Plot.Style("GenReco", colour: "#1f4fd0"))])
            svgs.append(plot.svg(id: "gen-" + name))
            captions.append((r.description ?? name) + String(format: ". Mean %.4g vs %.4g; χ²/ndf = %.1f/%d; KS distance %.3f.",
                                                              comparison.ours.mean, comparison.reference.mean, comparison.chi2,
                                                              comparison.ndf, comparison.kolmogorovDistance))
        }
        page.plots(svgs, captions: captions)
        record("generator", title, plots: svgs.count)
    }

    static func isLogSpaced(_ edges: [Double]) -> Bool {
        guard edges.count >= 3, edges[0] > 0 else { return false }
        let r0 = edges[1] / edges[0], r1 = edges[edges.count - 1] / edges[edges.count - 2]
        return abs(r0 - r1) < 1e-6 * r0 && r0 > 1.01
    }

    // MARK: LLP decays

    private struct EventLine: Decodable {
        struct Truth: Decodable {
            struct LLP: Decodable {
                var lxyMM: Double?
                var lzMM: Double?
            }
            var llps: [LLP]?
        }
        var truth: Truth?
    }

    private mutating func llpSection(_ page: inout ReportPage) {
        page.section("Long-lived particle decays", id: "llp")
        let title = "LLP decay Lxy and Lz"
        progress.phase("report: LLP decays", total: 1)
        defer { progress.advance() }
        var lxy: [Double] = [], lz: [Double] = []
        var sourceText = ""
        if let data = FileManager.default.contents(atPath: mergedJSONL) {
            let decoder = JSONDecoder()
            var lines = 0
            for line in data.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
                guard let e = try? decoder.decode(EventLine.self, from: Data(line)) else { continue }
                lines += 1
                for l in e.truth?.llps ?? [] {
                    if let x = l.lxyMM { lxy.append(x) }
                    if let z = l.lzMM { lz.append(abs(z)) }
                }
            }
            sourceText = "every long-lived scalar (PDG 35) of the run's \(lines) events, from \(mergedJSONL)"
        } else if let reader = try? DatasetReader(path: mergedH5), let jets = try? reader.jets() {
            for j in jets where j.llpLxy.isFinite {
                lxy.append(Double(j.llpLxy))
                lz.append(abs(Double(j.llpLz)))
            }
            sourceText = "the LLPs matched to jets in \(mergedH5) (one entry per matched jet)"
        }
        guard !lxy.isEmpty || !lz.isEmpty else {
            let reason = "neither \(mergedJSONL) nor \(mergedH5) holds a decayed LLP (not a signal run, or not merged yet)"
            page.paragraph(reason, cssClass: "missing")
            page.plots([Plot.unavailable(title: "LLP decay Lxy", reason: "no LLP decays in this run's outputs").svg(id: "llp-lxy"),
                        Plot.unavailable(title: "LLP decay |Lz|", reason: "no LLP decays in this run's outputs").svg(id: "llp-lz")])
            return record("llp", title, plots: 0, missing: reason)
        }
        page.paragraph("Decay distance of \(sourceText). Shaded: where a CalRatio signal jet's LLP decays (JHEP 06 (2022) 005) — "
                       + "1.2 < Lxy < 4 m in the barrel (|η| < 1.4), 3.5 < |Lz| < 6 m in the end-caps.", cssClass: "note")
        var hx = Histogram1D(bins: 50, from: 0, to: 10_000)
        hx.fill(lxy)
        var hz = Histogram1D(bins: 50, from: 0, to: 20_000)
        hz.fill(lz)
        let px = Plot(title: "LLP decay Lxy", x: PlotAxis("Lxy [mm]"), y: PlotAxis("LLPs per 200 mm", scale: .log),
                      series: [.band(1200...4000, Plot.Style("CalRatio barrel region", colour: "#2e933c")),
                               .histogram(hx, Plot.Style("GenReco (\(lxy.count) LLPs)", colour: "#1f4fd0", filled: true))],
                      message: hx.overflow > 0 ? "\(Int(hx.overflow)) above 10 m" : nil)
        let pz = Plot(title: "LLP decay |Lz|", x: PlotAxis("|Lz| [mm]"), y: PlotAxis("LLPs per 400 mm", scale: .log),
                      series: [.band(3500...6000, Plot.Style("CalRatio end-cap region", colour: "#2e933c")),
                               .histogram(hz, Plot.Style("GenReco (\(lz.count) LLPs)", colour: "#7b1fa2", filled: true))],
                      message: hz.overflow > 0 ? "\(Int(hz.overflow)) above 20 m" : nil)
        page.plots([px.svg(id: "llp-lxy"), pz.svg(id: "llp-lz")])
        record("llp", title, plots: 2)
    }

    // MARK: Calorimeter

    private mutating func calorimeterSection(_ page: inout ReportPage) {
        page.section("Calorimeter resolution", id: "calorimeter")
        let title = "Calorimeter resolution"
        guard options.detectorParticles > 0 else {
            page.paragraph("Skipped (--detector-particles 0).", cssClass: "missing")
            return record("calorimeter", title, plots: 0, missing: "skipped")
        }
        let detector: Detector
        do { detector = try EventChain.detector(named: plan.card.detector.card) } catch {
            page.paragraph("\(error)", cssClass: "missing")
            return record("calorimeter", title, plots: 0, missing: "\(error)")
        }
        var config = DetectorValidation.Config()
        config.particlesPerPoint = options.detectorParticles
        let validation = DetectorValidation(config: config)
        progress.phase("report: calorimeter resolution", total: 2)
        let e = validation.resolution(pdgID: 11, energies: config.electronEnergiesGeV, etaMax: config.electronEtaMax,
                                      detector: detector, studyIndex: 1)
        progress.advance()
        let pi = validation.resolution(pdgID: 211, energies: config.pionEnergiesGeV, etaMax: config.pionEtaMax,
                                       detector: detector, studyIndex: 3)
        progress.advance()
        func curve(_ a: Double, _ b: Double) -> [Plot.Point] {
            (0...60).map { i in
                let energy = 5 * pow(200, Double(i) / 60)
                return Plot.Point(x: energy, y: (a * a / energy + b * b).squareRoot())
            }
        }
        func plot(_ name: String, _ fit: DetectorValidation.ResolutionFit, designA: Double, designB: Double, colour: String, id: String) -> String {
            Plot(title: "\(name): σ/E", x: PlotAxis("E [GeV]", scale: .log), y: PlotAxis("σ/E", scale: .log),
                 series: [.curve(curve(designA, designB), Plot.Style(String(format: "ATLAS design %.0f%%/√E ⊕ %.1f%%", 100 * designA, 100 * designB),
                                                                     colour: "#d1495b", dashed: true)),
                          .curve(curve(fit.stochastic, fit.constant),
                                 Plot.Style(String(format: "fit %.1f%%/√E ⊕ %.2f%%", 100 * fit.stochastic, 100 * fit.constant), colour: colour)),
                          .points(fit.points.map { Plot.Point(x: $0.energyGeV, y: $0.sigmaOverE, yError: $0.sigmaOverEError) },
                                  Plot.Style("GenReco, \(options.detectorParticles) per point", colour: colour))]).svg(id: id)
        }
        page.paragraph("Single particles from the origin through simulation and digitization (the detector validation of "
                       + "`genreco validate detector`, here with \(options.detectorParticles) particles per energy), against the "
                       + "ATLAS design resolutions of JINST 3 (2008) S08003: EM 10 %/√E ⊕ 0.7 %, hadronic 50 %/√E ⊕ 3 %.", cssClass: "note")
        page.plots([plot("Electrons", e, designA: 0.10, designB: 0.007, colour: "#2e933c", id: "calo-electrons"),
                    plot("Charged pions", pi, designA: 0.50, designB: 0.03, colour: "#aa3311", id: "calo-pions")],
                   captions: [String(format: "Electrons, |η| < %.1f.", config.electronEtaMax),
                              String(format: "π±, |η| < %.1f.", config.pionEtaMax)])
        record("calorimeter", title, plots: 2)
    }

    // MARK: Jets

    private mutating func jetSection(_ page: inout ReportPage) {
        page.section("Jets: calorimeter ratio and tracks", id: "jets")
        let title = "Jet log10(E_H/E_EM) and tracks per jet"
        guard FileManager.default.fileExists(atPath: mergedH5) else {
            let reason = "no dataset \(mergedH5) yet (the run's jobs write the HDF5 dataset once reconstruction is in the chain)"
            page.paragraph(reason, cssClass: "missing")
            page.plots([Plot.unavailable(title: "Jet log10(E_H/E_EM) by label", reason: "no dataset for this run").svg(id: "jet-logratio"),
                        Plot.unavailable(title: "Tracks per jet by label", reason: "no dataset for this run").svg(id: "jet-tracks")])
            return record("jets", title, plots: 0, missing: reason)
        }
        progress.phase("report: jets", total: 1)
        defer { progress.advance() }
        let jets: [JetRow]
        do { jets = try DatasetReader(path: mergedH5).jets() } catch {
            page.paragraph("cannot read \(mergedH5): \(error)", cssClass: "missing")
            return record("jets", title, plots: 0, missing: "\(error)")
        }
        var ratioSeries: [Plot.Series] = [], trackSeries: [Plot.Series] = []
        var counts: [[String]] = []
        for (i, label) in JetLabel.allCases.enumerated() {
            let mine = jets.filter { $0.label == label }
            guard !mine.isEmpty else { continue }
            var hr = Histogram1D(bins: 40, from: -2, to: 4)
            // No EM energy at all (+∞) goes to the last bin's overflow, counted in the normalization.
            hr.fill(mine.map { Double($0.logRatio) })
            var ht = Histogram1D(bins: 21, from: -0.5, to: 20.5)
            ht.fill(mine.map { Double($0.nTracks2GeV) })
            let colour = Plot.palette[i % Plot.palette.count]
            ratioSeries.append(.histogram(hr.normalized(), Plot.Style("\(label.name) (\(mine.count) jets)", colour: colour)))
            trackSeries.append(.histogram(ht.normalized(), Plot.Style("\(label.name) (\(mine.count) jets)", colour: colour)))
            let finite = mine.map { Double($0.logRatio) }.filter(\.isFinite)
            counts.append([label.name, String(mine.count), String(format: "%.2f", finite.isEmpty ? .nan : finite.reduce(0, +) / Double(finite.count)),
                           String(format: "%.2f", Double(mine.reduce(0) { $0 + Int($1.nTracks2GeV) }) / Double(mine.count))])
        }
        page.paragraph("\(jets.count) jets from \(mergedH5), each label normalized to unit area. Signal jets (LLP decaying in the "
                       + "calorimeters) should sit at large log10(E_H/E_EM) with few tracks.", cssClass: "note")
        page.table(header: ["label", "jets", "mean log10(E_H/E_EM)", "mean tracks (pT > 2 GeV, ΔR < 0.2)"], rows: counts, id: "jet-labels")
        page.plots([Plot(title: "Jet log10(E_H/E_EM) by label", x: PlotAxis("log10(E_H/E_EM)"), y: PlotAxis("fraction of jets"),
                         series: ratioSeries).svg(id: "jet-logratio"),
                    Plot(title: "Tracks per jet by label", x: PlotAxis("tracks with pT > 2 GeV within ΔR < 0.2"), y: PlotAxis("fraction of jets"),
                         series: trackSeries).svg(id: "jet-tracks")])
        record("jets", title, plots: 2, missing: jets.isEmpty ? "the dataset has no jets" : nil)
    }

    // MARK: Tracking

    private mutating func trackingSection(_ page: inout ReportPage) {
        page.section("Tracking efficiency and resolution", id: "tracking")
        let title = "Tracking efficiency and resolution"
        guard options.trackingParticles > 0 else {
            page.paragraph("Skipped (--tracking-particles 0).", cssClass: "missing")
            return record("tracking", title, plots: 0, missing: "skipped")
        }
        let detector: Detector
        do { detector = try EventChain.detector(named: plan.card.detector.card) } catch {
            page.paragraph("\(error)", cssClass: "missing")
            return record("tracking", title, plots: 0, missing: "\(error)")
        }
        let pts = [1.0, 2, 5, 10, 20, 50, 100]
        let finder = TrackFinder(config: TrackingConfig())
        progress.phase("report: tracking", total: pts.count * options.trackingParticles)
        var efficiency: [Plot.Point] = [], resolution: [Plot.Point] = []
        var rows: [[String]] = []
        for (k, pt) in pts.enumerated() {
            var v = TrackingValidation(fieldTesla: detector.fieldTesla)
            for i in 0..<options.trackingParticles {
                // Event numbers apart per pT point, so each point has its own random streams.
                let n = 50_000_000 + k * 100_000 + i
                let event = TrackingValidation.singleParticleEvent(pdgID: 211, ptGeV: pt, etaRange: -2.5...2.5, seed: options.seed, eventNumber: n)
                let raw = TrackingValidation.digitize(event, detector: detector, seed: options.seed)
                v.addSingleParticle(event, tracks: finder(raw, in: detector).tracks)
                progress.advance()
            }
            let eff = v.efficiency
            let effError = v.pionsTotal > 0 ? (eff * (1 - eff) / Double(v.pionsTotal)).squareRoot() : 0
            efficiency.append(Plot.Point(x: pt, y: eff, yError: effError))
            let sigma = TrackingValidation.coreSigma(v.ptResiduals)
            if sigma.isFinite && sigma > 0 {
                resolution.append(Plot.Point(x: pt, y: sigma, yError: TrackingValidation.sigmaError(sigma, count: v.ptResiduals.count)))
            }
            let design = ((0.0005 * pt) * (0.0005 * pt) + 0.01 * 0.01).squareRoot()
            rows.append([PlotAxis.label(pt), String(v.pionsTotal), String(format: "%.3f ± %.3f", eff, effError),
                         sigma.isFinite ? String(format: "%.4f", sigma) : "–", String(format: "%.4f", design)])
        }
        let designCurve = (0...60).map { i -> Plot.Point in
            let pt = 0.8 * pow(150 / 0.8, Double(i) / 60)
            return Plot.Point(x: pt, y: ((0.0005 * pt) * (0.0005 * pt) + 0.01 * 0.01).squareRoot())
        }
        page.paragraph("Single charged pions from the origin, |η| < 2.5, \(options.trackingParticles) per pT, through simulation, "
                       + "digitization and track finding (TrackingValidation). Efficiency: a track with ≥ 50 % of its clusters "
                       + "from the pion. Resolution: core σ of (pT,reco − pT,true)/pT,true, against the ATLAS design "
                       + "σ(pT)/pT = 0.05 % · pT ⊕ 1 % (pT in GeV; JINST 3 (2008) S08003).", cssClass: "note")
        page.table(header: ["pT [GeV]", "pions", "efficiency", "σ(pT)/pT", "ATLAS design"], rows: rows, id: "tracking-table")
        page.plots([
            Plot(title: "Tracking efficiency vs pT (pions)", x: PlotAxis("pT [GeV]", scale: .log), y: PlotAxis("efficiency", range: 0...1.3),
                 series: [.points(efficiency, Plot.Style("GenReco", colour: "#1f4fd0"))]).svg(id: "tracking-efficiency"),
            Plot(title: "σ(pT)/pT vs pT (pions)", x: PlotAxis("pT [GeV]", scale: .log), y: PlotAxis("σ(pT)/pT", scale: .log),
                 series: [.curve(designCurve, Plot.Style("ATLAS design 0.05%·pT ⊕ 1%", colour: "#d1495b", dashed: true)),
                          .points(resolution, Plot.Style("GenReco", colour: "#1f4fd0"))]).svg(id: "tracking-resolution"),
        ])
        record("tracking", title, plots: 2)
    }
}
