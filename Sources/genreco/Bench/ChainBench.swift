import EventModel
import Farm
import Foundation
import Generation
import Output
import Reconstruction
import Simulation
import Detector
import Digitization

/// The whole chain of a `run` job — generation, simulation, digitization, reconstruction,
/// writing the dataset — on the benchmark signal point (hss-ggf) at μ = 0, on one core
/// (issue 6 target: ≥ 100 events/s per core). Prints events/s and each stage's ms/event,
/// reconstruction's sub-stages included, from one clock, as a job's table does.
enum ChainBench {
    static func run(repeats: Int, events: Int = 200) throws -> [BenchRunner.Row] {
        var card = RunCard()
        card.generation.process = .hssGGF
        card.generation.pileupMu = 0
        let plan = RunPlan(timestamp: "bench", command: .run, commandLine: [], card: card, batchSize: events,
                           evntDir: nil, outputDir: NSTemporaryDirectory(), sharedFS: false,
                           jobs: RunPlan.generationJobs(kind: .run, runNumber: card.run.number, batchSize: events, batches: 1))
        let job = plan.jobs[0]
        let dir = NSTemporaryDirectory() + "genreco-bench-chain-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let generator = try EventGenerators.make(for: card)

        func once() throws -> (seconds: Double, cpu: Double, stages: [StageTime], stats: ReconstructionStats) {
            let clock = StageClock(cpuTime: true)
            var output = try JobOutput(plan: plan, job: job)
            let cpu0 = processCPUSeconds()
            let seconds = try timeIt {
                for n in job.events {
                    let event = clock.time("generation") { generator.generate(eventNumber: n) }
                    let out = output.chain(event, runNumber: card.run.number, clock: clock)
                    try output.add(out)
                }
                _ = try output.finish(events: job.eventCount, jobDir: dir, clock: clock, log: false)
            }
            return (seconds, processCPUSeconds() - cpu0, clock.stages, output.stats)
        }
        _ = try once()   // warm-up: lazy tables (cell topology, particle data)
        var runs: [(seconds: Double, cpu: Double, stages: [StageTime], stats: ReconstructionStats)] = []
        for _ in 0..<repeats { runs.append(try once()) }
        let samples = runs.map { BenchSample(seconds: $0.seconds, items: events) }
        let row = BenchRunner.Row(name: "chain, hss-ggf μ=0, 1 core", unit: "events", ours: RateSummary(samples))
        print(BenchRunner.format(row))
        // On a shared machine wall time counts the waits for a core too; CPU time does not.
        let cpuRates = runs.map { Double(events) / $0.cpu }.sorted()
        print(String(format: "  per CPU second: median %.1f events/s (wall/CPU = %.2f: above 1, the core was shared)",
                     cpuRates[cpuRates.count / 2], runs.map(\.seconds).reduce(0, +) / runs.map(\.cpu).reduce(0, +)))
        // Per stage: the median over repetitions of CPU ms/event (this thread's CPU time).
        let names = runs[0].stages.map(\.stage)
        for name in names {
            var ms: [Double] = []
            for r in runs {
                if let t = r.stages.first(where: { $0.stage == name }) { ms.append(1000 * t.seconds / Double(events)) }
            }
            ms.sort()
            print("  " + name.padding(toLength: 18, withPad: " ", startingAt: 0) + String(format: "%8.3f ms/event (CPU)", ms[ms.count / 2]))
        }
        let s = runs[0].stats
        print("  (\(events) events: \(s.jets) jets — \(s.signalJets) signal, \(s.qcdJets) QCD; \(s.tracks) tracks, \(s.clusters) clusters)")
        try calorimeterStages(repeats: repeats)
        return [row]
    }

    /// Topo-clustering, muon segments and the jets stage alone at μ = 0 and μ = 40 (signal
    /// events simulated, digitized and tracked once, untimed, with the pile-up noise of that μ), in
    /// ms/event of thread CPU time (median over passes), and a digest of what they made — so
    /// a speed change can show its output did not move (the same digest before and after).
    static func calorimeterStages(repeats: Int) throws {
        let detector = Detector.atlasRun2
        for (mu, count) in [(0.0, 40), (40.0, 6)] {
            var card = RunCard()
            card.generation.process = .hssGGF
            card.generation.pileupMu = mu
            let generator = try EventGenerators.make(for: card)
            let reconstruction = Reconstruction(config: Reconstruction.Config(pileupMu: mu))
            var digiConfig = Digitization.Config()
            digiConfig.pileupMu = mu
            let digitization = Digitization(config: digiConfig)
            // Tracks (untimed, helper of the jets stage: the track variables and association).
            var events: [(GenEvent, RawEvent, [Track])] = []
            for n in 0..<count {
                let event = generator.generate(eventNumber: n)
                var simRNG = RandomStream(seed: card.run.seed, event: UInt64(n), stage: .simulation)
                let hits = Simulation()(event, in: detector, rng: &simRNG)
                var digiRNG = RandomStream(seed: card.run.seed, event: UInt64(n), stage: .digitization)
                let raw = digitization(hits, in: detector, rng: &digiRNG)
                events.append((event, raw, TrackFinder(config: reconstruction.config.tracking)(raw, in: detector).tracks))
            }
            let clusterer = TopoClusterer(config: reconstruction.config.topoClusters)
            let finder = SegmentFinder(config: reconstruction.config.segments)
            var topo: [Double] = [], seg: [Double] = [], jets: [Double] = []
            var digest = OutputDigest()
            var made = (clusters: 0, segments: 0, jets: 0)
            for pass in 0...max(repeats, 1) {
                var t = [UInt64](repeating: 0, count: 3)
                for (truth, raw, tracks) in events {
                    let t0 = threadCPUNanoseconds()
                    let clusters = clusterer(raw, in: detector)
                    let t1 = threadCPUNanoseconds()
                    let segments = finder(raw, in: detector)
                    let t2 = threadCPUNanoseconds()
                    var stats = ReconstructionStats()
                    let labeller = CalRatioTruthLabeller(config: reconstruction.config.labels)
                    let llps = labeller.llps(in: truth)
                    let bib = labeller.isBeamInducedBackground(truth)
                    let recoJets = reconstruction.clusterJets(clusters, tracks: tracks, segments: segments, stats: &stats) { eta, phi in
                        labeller.label(jetEta: eta, jetPhi: phi, llps: llps, beamInducedBackground: bib)
                    }
                    let t3 = threadCPUNanoseconds()
                    t[0] += t1 - t0; t[1] += t2 - t1; t[2] += t3 - t2
                    if pass == 0 {
                        digest.add(clusters); digest.add(segments); digest.add(recoJets)
                        made.clusters += clusters.count; made.segments += segments.count; made.jets += recoJets.count
                    }
                }
                guard pass > 0 else { continue }   // warm-up
                let n = 1e6 * Double(count)
                topo.append(Double(t[0]) / n); seg.append(Double(t[1]) / n); jets.append(Double(t[2]) / n)
            }
            func median(_ x: [Double]) -> Double { x.sorted()[x.count / 2] }
            let cells = events.reduce(0) { $0 + $1.1.calorimeterCells.count } / count
            // The TRT's share of the input (counted on the events made above, nothing rerun).
            let straws = events.reduce(0) { $0 + $1.1.strawDigits.count } / count
            let tracks = events.reduce(0) { $0 + $1.2.count }
            let extended = events.reduce(0) { $0 + $1.2.filter { $0.trtHits > 0 }.count }
            print(String(format: "  μ=%-2d %d events, %d cells/event, %d straw digits/event, %d of %d tracks extended into the TRT",
                         Int(mu), count, cells, straws, extended, tracks))
            print(String(format: "        topo-clustering %.3f, segments %.3f, "
                         + "jets %.3f ms/event (CPU); output (%d clusters, %d segments, %d jets) digest %016llx",
                         median(topo), median(seg), median(jets),
                         made.clusters, made.segments, made.jets, digest.value))
        }
    }
}

/// FNV-1a over the bit patterns of clusters, segments and jets (every field the dataset reads),
/// and of tracks and vertices (every field).
struct OutputDigest {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func mix(_ x: UInt64) {
        var x = x
        for _ in 0..<8 {
            value = (value ^ (x & 0xff)) &* 0x100_0000_01b3
            x >>= 8
        }
    }
    mutating func mix(_ x: Double) { mix(x.bitPattern) }
    mutating func mix(_ x: Int) { mix(UInt64(bitPattern: Int64(x))) }
    mutating func mix(_ v: Vector3) { mix(v.x); mix(v.y); mix(v.z) }
    mutating func mix(_ p: FourVector) { mix(p.px); mix(p.py); mix(p.pz); mix(p.e) }

    mutating func add(_ clusters: [TopoCluster]) {
        mix(clusters.count)
        for c in clusters {
            mix(c.energy); mix(c.eta); mix(c.phi); mix(c.time)
            for e in c.emLayerEnergies + c.hadronicLayerEnergies { mix(e) }
            mix(c.cells.count)
            for i in c.cells { mix(Int(i)) }
        }
    }

    mutating func add(_ segments: [MuonSegment]) {
        mix(segments.count)
        for s in segments {
            mix(s.position); mix(s.direction); mix(s.chi2); mix(s.ndf); mix(s.t0); mix(s.station)
            for i in s.digits { mix(Int(i)) }
        }
    }

    mutating func add(_ jets: [ReconstructedJet]) {
        mix(jets.count)
        for j in jets {
            mix(j.momentum); mix(j.emScaleMomentum)
            for i in j.constituents { mix(i) }
            let v = j.variables
            for x in [v.emEnergy, v.hadronicEnergy, v.emFraction, v.logRatio, v.sumPtTracks2GeV, v.width, v.time] { mix(x) }
            mix(v.nTracks2GeV)
            for i in j.association.clusters + j.association.tracks + j.association.segments { mix(i) }
            mix(Int(j.truth.label.rawValue))
        }
    }

    mutating func add(_ tracks: [Track]) {
        mix(tracks.count)
        for t in tracks {
            let p = t.parameters
            for x in [p.d0, p.z0, p.phi, p.theta, p.qOverP, t.chi2, t.truthMatchFraction] + t.covariance { mix(x) }
            for n in [t.ndf, t.pixelHits, t.stripHits, t.holes, t.sharedHits, Int(t.truthParticle)] { mix(n) }
            for c in t.clusters { mix(Int(c)) }
        }
    }

    mutating func add(_ vertices: [Vertex]) {
        mix(vertices.count)
        for v in vertices {
            mix(v.position); mix(v.chi2); mix(v.ndf); mix(v.sumPt2)
            for x in v.covariance { mix(x) }
            for i in v.tracks { mix(i) }
        }
    }
}

/// User + system CPU time of this process, seconds.
private func processCPUSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + 1e-6 * Double(t.tv_usec) }
    return seconds(usage.ru_utime) + seconds(usage.ru_stime)
}
