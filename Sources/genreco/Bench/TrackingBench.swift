import Detector
import Digitization
import EventModel
import Foundation
import Generation
import Reconstruction

/// `genreco bench tracking`: track finding and primary vertexing on digitized signal events
/// (hss-ggf, benchmark point) at μ = 0 and μ = 40; generation, simulation and digitization
/// are done once, untimed. Targets (issue 6): the whole reconstruction ≤ 3 ms/event at μ = 0
/// and ≤ 40 ms/event at μ = 40, tracking being most of it.
///
/// Besides the wall-clock rate, per μ: the median thread CPU time per event over the timed
/// passes (on a shared machine wall time also counts the waits for a core), the tracking
/// counts (space points, seeds, candidates followed, fitted, tracks, vertices, tracks
/// extended into the TRT of those reaching it) and a digest
/// of every track and vertex field, so a speed change shows whether the output moved.
enum TrackingBench {
    /// Thread CPU ms/event of each timed pass, and the counts line, per benchmark name.
    final class Log: @unchecked Sendable {
        private let lock = NSLock()
        private var cpuMs: [String: [Double]] = [:]
        private var lines: [String: String] = [:]
        func add(_ name: String, ms: Double) { lock.lock(); cpuMs[name, default: []].append(ms); lock.unlock() }
        func set(_ name: String, line: String) { lock.lock(); lines[name] = line; lock.unlock() }
        func summary(_ name: String) -> (ms: [Double], line: String?) {
            lock.lock(); defer { lock.unlock() }
            return (cpuMs[name] ?? [], lines[name])
        }
    }
    static let log = Log()

    static func benchmarks() throws -> [Benchmark] {
        let detector = Detector.atlasRun2
        let only = benchOnlyMu()
        return try [(0.0, 20), (40.0, 4)].filter { only == nil || only == $0.0 }.map { mu, count in
            var card = RunCard()
            card.generation.pileupMu = mu
            let generator = try EventGenerators.make(for: card)
            let raws = (0..<count).map { n in
                TrackingValidation.digitize(generator.generate(eventNumber: n), detector: detector, seed: card.run.seed)
            }
            let finder = TrackFinder(), vertexFinder = VertexFinder()
            let name = "tracking + vertexing, signal μ=\(Int(mu))"
            var passes = 0
            return Benchmark(name: name, unit: "events", run: {
                var digest = OutputDigest()
                var stats = TrackingStats()
                var tracks = 0, vertices = 0
                var cpu: UInt64 = 0
                let seconds = timeIt {
                    for raw in raws {
                        let t0 = threadCPUNanoseconds()
                        let result = finder(raw, in: detector)
                        let found = vertexFinder(result.tracks)
                        cpu += threadCPUNanoseconds() - t0
                        digest.add(result.tracks); digest.add(found)
                        tracks += result.tracks.count; vertices += found.count
                        stats.add(result.stats)
                    }
                }
                // The runner's first call is its warm-up, not timed.
                passes += 1
                if passes > 1 { log.add(name, ms: 1e-6 * Double(cpu) / Double(raws.count)) }
                let n = Double(raws.count)
                log.set(name, line: String(format: "%d events, per event: %.0f space points, %.0f seeds, %.0f candidates, "
                                           + "%.0f fitted, %.1f tracks, %.1f vertices, %.0f of %.0f reaching the TRT extended; "
                                           + "output digest %016llx",
                                           raws.count, Double(stats.spacePoints) / n, Double(stats.seeds) / n,
                                           Double(stats.candidates) / n, Double(stats.fitted) / n, Double(tracks) / n,
                                           Double(vertices) / n, Double(stats.trtExtended) / n,
                                           Double(stats.trtReaching) / n, digest.value))
                return BenchSample(seconds: seconds, items: raws.count)
            }, peer: nil)
        }
    }

    /// ms/event beside each row (the runner prints events/s), the CPU time and the counts.
    static func summary(_ rows: [BenchRunner.Row]) {
        for r in rows {
            print(String(format: "  %@: %.2f ms/event (median wall), target %@", r.name, 1000 / r.ours.median,
                         r.name.hasSuffix("μ=0") ? "≤ 3 ms for the whole reconstruction" : "≤ 40 ms"))
            let (ms, line) = log.summary(r.name)
            if !ms.isEmpty {
                print(String(format: "    %.2f ms/event thread CPU (median of %d passes)", ms.sorted()[ms.count / 2], ms.count))
            }
            if let line { print("    " + line) }
        }
    }
}
