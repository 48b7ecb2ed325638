import EventModel
import Foundation

/// Timing of jet clustering, for `genreco bench jets` (DESIGN.md §7: speed is measured by the
/// bench, never asserted by a test). The peer is FastJet's C++ on the same inputs, timed by
/// scripts/fastjet_bench.py from the same `FourVectorEventFile`.
public enum JetClusteringBenchmark {

    public struct Result: Sendable, CustomStringConvertible {
        public var definition: JetDefinition
        public var events: Int
        /// Mean number of inputs per event.
        public var meanInputs: Double
        /// Mean number of inclusive jets per event.
        public var meanJets: Double
        /// Seconds per event of each repetition (each repetition clusters every event once).
        public var secondsPerEvent: [Double]

        /// The fastest repetition, the usual figure of merit for a CPU-bound kernel.
        public var bestSecondsPerEvent: Double { secondsPerEvent.min() ?? .nan }
        public var medianSecondsPerEvent: Double {
            let s = secondsPerEvent.sorted()
            return s.isEmpty ? .nan : s[s.count / 2]
        }

        public var description: String {
            String(format: "%@: %d events × %.0f inputs → %.1f jets, %.4f ms/event (best), %.4f ms (median of %d)",
                   definition.description, events, meanInputs, meanJets,
                   bestSecondsPerEvent * 1e3, medianSecondsPerEvent * 1e3, secondsPerEvent.count)
        }
    }

    /// Clusters every event `repetitions` times (after one untimed warm-up pass), reusing one
    /// `JetClusterer`, and times each pass with a monotonic clock. Output jets are built as
    /// usual (constituent lists, pT sort): the time is what a caller pays.
    public static func measure(_ events: [[FourVector]], _ definition: JetDefinition,
                               repetitions: Int = 5) -> Result {
        let clusterer = JetClusterer()
        var jetCount = 0
        for event in events { jetCount += clusterer.cluster(event, definition).jets.count }
        var samples: [Double] = []
        let clock = ContinuousClock()
        for _ in 0..<max(1, repetitions) {
            var sink = 0
            let elapsed = clock.measure {
                for event in events { sink &+= clusterer.cluster(event, definition).jets.count }
            }
            precondition(sink == jetCount, "clustering is not reproducible")
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            samples.append(seconds / Double(max(1, events.count)))
        }
        let inputs = events.reduce(0) { $0 + $1.count }
        return Result(definition: definition, events: events.count,
                      meanInputs: Double(inputs) / Double(max(1, events.count)),
                      meanJets: Double(jetCount) / Double(max(1, events.count)),
                      secondsPerEvent: samples)
    }

    /// Busy events with a realistic spectrum: `count` events of exactly `size` inputs, each
    /// made by overlaying `base` events — each rotated by its own random angle in φ, as
    /// pile-up would add them — and keeping the first `size` momenta. Reproducible: the angles
    /// come from `RandomStream(seed:event:stage: .reconstruction)`.
    public static func overlaidEvents(from base: [[FourVector]], size: Int, count: Int, seed: UInt64 = 1) -> [[FourVector]] {
        let pool = base.filter { !$0.isEmpty }
        guard !pool.isEmpty else { return [] }
        var events: [[FourVector]] = []
        var next = 0
        for m in 0..<count {
            var rng = RandomStream(seed: seed, event: UInt64(m), stage: .reconstruction)
            var event: [FourVector] = []
            event.reserveCapacity(size + 1000)
            while event.count < size {
                let angle = rng.uniform(0, 2 * Double.pi)
                let c = cos(angle), s = sin(angle)
                for p in pool[next % pool.count] {
                    event.append(FourVector(px: c * p.px - s * p.py, py: s * p.px + c * p.py, pz: p.pz, e: p.e))
                }
                next += 1
            }
            events.append(Array(event.prefix(size)))
        }
        return events
    }
}
