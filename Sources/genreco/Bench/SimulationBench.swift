import Detector
import Digitization
import EventModel
import Foundation
import Generation
import Simulation

/// Simulation and digitization of whole events (issue 5 targets, release build, one core):
/// hss-ggf signal at μ = 0 (≤ 2 ms for both stages) and with μ = 40 pile-up overlaid
/// (≤ 30 ms), each stage timed alone and the two together, and the process's peak resident
/// memory (≤ 200 MB per rank).
///
/// The issue sizes its μ = 0 event at "about 200 stable particles". The default card's
/// signal event has about 420: its underlying event (multi-parton interactions and beam
/// remnants) doubles the multiplicity, as Pythia's does (the reference's charged
/// multiplicity with |η| < 2.5, pT > 0.1 GeV: 104 with MPI, 48.6 without). So μ = 0 is
/// measured twice: the default event, and the same signal without the underlying event
/// (≈ 210 stable particles, the size). Both rows are printed; neither hides the other.
///
/// μ = 40 is also measured with shared pile-up (`pileup_reuse = 4`, PileUpOverlay+Shared.swift):
/// each collision is included in 4 events on average and transported once per job, so
/// about μ/4 new collisions are transported per event. That sample's events are simulated
/// in order with an empty ``PileUpHitCache`` at the start of every repetition, so the
/// first events, which transport all their collisions, are in the time; a job of N events
/// transports about 2μ + Nμ/4 collisions. Its hits are not kept between the rows (they
/// would add ≈ 3.6 MB per event to the memory figure), so it has no digitization-only row.
///
/// The events are generated before any timing (Generation's `EventGenerators.make(for:)`
/// with the default run card), so generation speed does not enter. Digitization is timed on
/// hits simulated beforehand; "sim + digi" runs both, as a job does. Digitization adds the
/// card's pile-up noise at the same μ as the overlay. Times are the thread's CPU time, so a
/// busy shared machine does not inflate them (the targets are per core).
enum SimulationBench {
    struct Sample {
        var name: String
        var events: [GenEvent]
        var mu: Double
        /// The card's `pileup_reuse`: > 1, the events share their pile-up collisions.
        var reuse: Double = 1
    }

    /// The μ = 0 row without the underlying event (see the type's comment).
    static let withoutUnderlyingEvent = "μ=0 without UE"

    static func benchmarks(eventsPerSample: Int = 20) throws -> [Benchmark] {
        let detector = Detector.atlasRun2
        var samples: [Sample] = []
        let only = benchOnlyMu(), onlyUE = benchOnlyUnderlyingEvent()
        let plan: [(mu: Double, underlyingEvent: Bool, reuse: Double)] = [(0, true, 1), (0, false, 1), (40, true, 1), (40, true, 4)]
        for (mu, underlyingEvent, reuse) in plan where (only == nil || only == mu) && (onlyUE == nil || onlyUE == underlyingEvent) {
            var card = RunCard()
            card.generation.process = .hssGGF
            card.generation.pileupMu = mu
            card.generation.underlyingEvent = underlyingEvent
            card.generation.pileupReuse = reuse
            let generator = try EventGenerators.make(for: card)
            let n = mu > 0 && reuse == 1 ? max(eventsPerSample / 2, 4) : eventsPerSample
            var events: [GenEvent] = []
            let seconds = cpuTimeIt { events = (0..<n).map { generator.generate(eventNumber: $0) } }
            let stable = events.map { $0.particles.lazy.filter { $0.status == 1 }.count }.reduce(0, +) / max(n, 1)
            let shared = reuse > 1 ? String(format: ", pile-up shared ×%.0f", reuse) : ""
            print(String(format: "  generated %d hss-ggf events at μ = %.0f%@%@ (≈ %d stable particles each) in %.1f s (not timed below)",
                         n, mu, underlyingEvent ? "" : " without the underlying event", shared, stable, seconds))
            var name = underlyingEvent ? String(format: "μ=%.0f", mu) : withoutUnderlyingEvent
            if reuse > 1 { name += String(format: " shared ×%.0f", reuse) }
            samples.append(Sample(name: name, events: events, mu: mu, reuse: reuse))
        }
        let seed: UInt64 = 12345
        let simulation = Simulation()
        var benchmarks: [Benchmark] = []
        for sample in samples {
            var digiConfig = Digitization.Config()
            digiConfig.pileupMu = sample.mu
            let digitization = Digitization(config: digiConfig)
            let events = sample.events
            func simulate(_ e: GenEvent, sharing cache: PileUpHitCache) -> SimHits {
                var rng = RandomStream(seed: seed, event: UInt64(e.eventNumber), stage: Simulation.stage)
                return simulation(e, in: detector, rng: &rng, sharing: cache)
            }
            func digitize(_ h: SimHits) -> RawEvent {
                var rng = RandomStream(seed: seed, event: UInt64(h.eventNumber), stage: Digitization.stage)
                return digitization(h, in: detector, rng: &rng)
            }
            if sample.reuse > 1 {
                // Two passes, each from an empty cache as in a job: the hits, then hits and digits.
                var digest = SimulationDigest()
                let first = PileUpHitCache()
                for e in events { digest.add(simulate(e, sharing: first)) }
                let second = PileUpHitCache()
                digest.endOfHits()
                for e in events { digest.add(digitize(simulate(e, sharing: second))) }
                digest.print(sample.name)
                print(String(format: "  %@: %.1f collisions transported per event, %.1f copied from the cache",
                             sample.name, Double(first.transported) / Double(events.count),
                             Double(first.reused) / Double(events.count)))
                benchmarks.append(Benchmark(name: "simulation, hss-ggf \(sample.name)", unit: "events", run: {
                    var sink = 0
                    let cache = PileUpHitCache()
                    let s = cpuTimeIt { for e in events { sink &+= simulate(e, sharing: cache).calorimeterDeposits.count } }
                    return BenchSample(seconds: s, items: sink >= 0 ? events.count : 0)
                }, peer: nil))
                benchmarks.append(Benchmark(name: "sim + digi, hss-ggf \(sample.name)", unit: "events", run: {
                    var sink = 0
                    let cache = PileUpHitCache()
                    let s = cpuTimeIt {
                        for e in events { sink &+= digitize(simulate(e, sharing: cache)).calorimeterCells.count }
                    }
                    return BenchSample(seconds: s, items: sink >= 0 ? events.count : 0)
                }, peer: nil))
                continue
            }
            func simulate(_ e: GenEvent) -> SimHits {
                var rng = RandomStream(seed: seed, event: UInt64(e.eventNumber), stage: Simulation.stage)
                return simulation(e, in: detector, rng: &rng)
            }
            let hits = events.map(simulate)
            printDigest(sample.name, hits: hits, raw: hits.map(digitize))
            benchmarks.append(Benchmark(name: "simulation, hss-ggf \(sample.name)", unit: "events", run: {
                var sink = 0
                let s = cpuTimeIt { for e in events { sink &+= simulate(e).calorimeterDeposits.count } }
                return BenchSample(seconds: s, items: sink >= 0 ? events.count : 0)
            }, peer: nil))
            benchmarks.append(Benchmark(name: "digitization, hss-ggf \(sample.name)", unit: "events", run: {
                var sink = 0
                let s = cpuTimeIt { for h in hits { sink &+= digitize(h).calorimeterCells.count } }
                return BenchSample(seconds: s, items: sink >= 0 ? hits.count : 0)
            }, peer: nil))
            benchmarks.append(Benchmark(name: "sim + digi, hss-ggf \(sample.name)", unit: "events", run: {
                var sink = 0
                let s = cpuTimeIt { for e in events { sink &+= digitize(simulate(e)).calorimeterCells.count } }
                return BenchSample(seconds: s, items: sink >= 0 ? events.count : 0)
            }, peer: nil))
        }
        return benchmarks
    }

    /// Prints a digest of the sample's simulated and digitized output (``SimulationDigest``).
    static func printDigest(_ name: String, hits: [SimHits], raw: [RawEvent]) {
        var digest = SimulationDigest()
        for s in hits { digest.add(s) }
        digest.endOfHits()
        for r in raw { digest.add(r) }
        digest.print(name)
    }

    /// Prints ms/event per measurement (from the rows' median rates) beside the issue's
    /// targets, and the peak resident memory of the process so far.
    static func summary(_ rows: [BenchRunner.Row]) {
        print("  CPU ms/event (median of the repetitions):")
        for r in rows where r.ours.median > 0 {
            let target: String
            if r.name.hasPrefix("sim + digi") {
                if r.name.hasSuffix(withoutUnderlyingEvent) {
                    target = "   (target ≤ 2 ms for the issue's ≈ 200 stable particles)"
                } else if r.name.hasSuffix("μ=0") {
                    target = "   (the 2 ms target is for ≈ 200 stable particles: this event has ≈ 420)"
                } else if r.name.contains("shared") {
                    target = "   (target ≤ 30 ms; each collision in 4 events)"
                } else {
                    target = "   (target ≤ 30 ms)"
                }
            } else {
                target = ""
            }
            let name = r.name + String(repeating: " ", count: max(0, 40 - r.name.count))
            print("    " + name + String(format: " %8.3f ms", 1e3 / r.ours.median) + target)
        }
        if let rss = peakResidentMB() {
            print(String(format: "  peak resident memory (VmHWM) %.0f MB   (target ≤ 200 MB per rank)", rss))
        }
    }

    /// VmHWM of /proc/self/status in MB (Linux); nil elsewhere.
    static func peakResidentMB() -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            if fields.count >= 2, let kB = Double(fields[1]) { return kB / 1024 }
        }
        return nil
    }
}

/// A digest of simulated and digitized output (FNV-1a over every hit, deposit, straw
/// crossing, cluster, cell and digit, bit for bit) and a few totals: a refactor that keeps
/// the random draws keeps the digest; one that changes them says so here. The hits of all
/// events come first (the "sim" digest), then their digits (the "sim+digi" digest).
struct SimulationDigest {
    private var h: UInt64 = 0xcbf2_9ce4_8422_2325
    private var simDigest: UInt64 = 0
    private var events = 0
    private var trackerHits = 0, deposits = 0, clusters = 0, cells = 0, strawHits = 0, strawDigits = 0
    private var active = 0.0

    private mutating func mix(_ x: UInt64) { h = (h ^ x) &* 0x100_0000_01b3 }
    private mutating func mix(_ v: Vector3) { mix(v.x.bitPattern); mix(v.y.bitPattern); mix(v.z.bitPattern) }

    mutating func add(_ s: SimHits) {
        for t in s.trackerHits {
            mix(UInt64(UInt32(bitPattern: t.surface))); mix(t.position); mix(UInt64(t.energyDeposit.bitPattern))
        }
        for d in s.calorimeterDeposits {
            mix(UInt64(d.cell)); mix(UInt64(d.activeEnergy.bitPattern)); mix(UInt64(d.time.bitPattern))
            active += Double(d.activeEnergy)
        }
        for m in s.muonHits { mix(UInt64(UInt32(bitPattern: m.surface))); mix(m.position) }
        for w in s.strawHits {
            mix(UInt64(UInt32(bitPattern: w.layer)) << 32 | UInt64(UInt32(bitPattern: w.straw)))
            mix(UInt64(w.distance.bitPattern)); mix(UInt64(w.alongWire.bitPattern)); mix(UInt64(w.time.bitPattern))
        }
        trackerHits += s.trackerHits.count
        strawHits += s.strawHits.count
        deposits += s.calorimeterDeposits.count
        events += 1
    }

    /// Marks the end of the hits: the "sim" digest is the state here.
    mutating func endOfHits() { simDigest = h }

    mutating func add(_ r: RawEvent) {
        for c in r.trackerClusters { mix(UInt64(UInt32(bitPattern: c.surface))); mix(c.localU.bitPattern); mix(c.localV.bitPattern) }
        for c in r.calorimeterCells { mix(UInt64(c.cell)); mix(UInt64(c.energy.bitPattern)); mix(UInt64(c.time.bitPattern)) }
        for m in r.muonDigits { mix(m.position) }
        for w in r.strawDigits {
            mix(UInt64(UInt32(bitPattern: w.layer)) << 32 | UInt64(UInt32(bitPattern: w.straw)))
            mix(UInt64(w.driftRadius.bitPattern)); mix(UInt64(w.time.bitPattern))
        }
        clusters += r.trackerClusters.count
        strawDigits += r.strawDigits.count
        cells += r.calorimeterCells.count
    }

    func print(_ name: String) {
        let n = Double(max(events, 1))
        Swift.print("  \(name) output: " + String(format: "digest sim %016llx, sim+digi %016llx; per event %.0f tracker hits, %.0f straw hits, %.0f deposits (%.1f GeV active), %.0f clusters, %.0f straw digits, %.0f cells",
                     simDigest, h, Double(trackerHits) / n, Double(strawHits) / n, Double(deposits) / n, active / n,
                     Double(clusters) / n, Double(strawDigits) / n, Double(cells) / n))
    }
}
