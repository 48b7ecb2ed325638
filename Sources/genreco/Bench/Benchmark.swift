import Foundation

/// One timed repetition of a measurement: how much work was done in how long.
struct BenchSample {
    var seconds: Double
    /// Events (or jobs, particles …) processed, for a rate.
    var items: Int
    /// Bytes processed, for MB/s; 0 where it does not apply.
    var bytes: Int = 0
}

/// A named measurement, repeated to give median, min and max. A peer (the reference
/// implementation, e.g. the HepMC3 C++ library through pyhepmc) is timed in the same run,
/// so the ratio between the two is meaningful on a shared, noisy machine.
struct Benchmark {
    var name: String
    /// What `items` counts, e.g. "events".
    var unit: String
    var run: () throws -> BenchSample
    /// The peer's samples, or nil with a reason when the peer is not installed.
    var peer: ((_ repeats: Int) throws -> PeerResult)?

    enum PeerResult {
        case measured(name: String, samples: [BenchSample])
        case unavailable(name: String, reason: String)
    }
}

/// Median, min and max of a rate over repetitions.
struct RateSummary: Encodable {
    var median: Double
    var min: Double
    var max: Double
    var mbPerSecond: Double?

    init(median: Double, min: Double, max: Double) {
        self.median = median
        self.min = min
        self.max = max
    }

    init(_ samples: [BenchSample]) {
        let rates = samples.map { Double($0.items) / $0.seconds }.sorted()
        median = rates.count % 2 == 1 ? rates[rates.count / 2] : 0.5 * (rates[rates.count / 2 - 1] + rates[rates.count / 2])
        min = rates.first ?? 0
        max = rates.last ?? 0
        if let s = samples.first, s.bytes > 0 {
            let mb = samples.map { Double($0.bytes) / 1e6 / $0.seconds }.sorted()
            mbPerSecond = mb[mb.count / 2]
        }
    }
}

/// The pile-up μ named by GENRECO_BENCH_MU (e.g. 0 or 40), or nil: the simulation and
/// tracking suites then time that sample only, for profiling one of them.
func benchOnlyMu() -> Double? {
    ProcessInfo.processInfo.environment["GENRECO_BENCH_MU"].flatMap(Double.init)
}

/// GENRECO_BENCH_UE=0 or 1: the simulation suite times only the samples without (0) or
/// with (1) the underlying event, for profiling the issue's ≈ 200-particle event alone.
func benchOnlyUnderlyingEvent() -> Bool? {
    ProcessInfo.processInfo.environment["GENRECO_BENCH_UE"].flatMap(Int.init).map { $0 != 0 }
}

/// Wall-clock seconds of a block, monotonic.
func timeIt(_ body: () throws -> Void) rethrows -> Double {
    let t0 = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - t0) * 1e-9
}

/// CPU seconds the calling thread spends in a block. The targets are per core, and on a
/// shared machine the wall clock also counts the time other processes held the core.
func cpuTimeIt(_ body: () throws -> Void) rethrows -> Double {
    let t0 = threadCPUNanoseconds()
    try body()
    return Double(threadCPUNanoseconds() - t0) * 1e-9
}

/// The calling thread's CPU clock (`CLOCK_THREAD_CPUTIME_ID`), nanoseconds.
func threadCPUNanoseconds() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}

/// Runs benchmarks and prints one table row each: ours, then the peer and the ratio.
struct BenchRunner {
    var repeats: Int

    struct Row: Encodable {
        var name: String
        var unit: String
        var ours: RateSummary
        var peerName: String?
        var peer: RateSummary?
        var ratio: Double?
        var note: String?
    }

    func run(_ benchmarks: [Benchmark]) throws -> [Row] {
        var rows: [Row] = []
        for b in benchmarks {
            _ = try b.run()   // warm-up: page cache, lazy tables
            var samples: [BenchSample] = []
            for _ in 0..<repeats { samples.append(try b.run()) }
            var row = Row(name: b.name, unit: b.unit, ours: RateSummary(samples))
            switch try b.peer?(repeats) {
            case let .measured(name, peerSamples)?:
                let p = RateSummary(peerSamples)
                row.peerName = name
                row.peer = p
                row.ratio = row.ours.median / p.median
            case let .unavailable(name, reason)?:
                row.peerName = name
                row.note = "\(name) not measured: \(reason)"
            case nil:
                break
            }
            rows.append(row)
            print(Self.format(row))
        }
        return rows
    }

    static func format(_ r: Row) -> String {
        func f(_ x: Double) -> String { String(format: x >= 100 ? "%.0f" : "%.2f", x) }
        var line = "\(r.name.padding(toLength: 30, withPad: " ", startingAt: 0)) median \(f(r.ours.median)) \(r.unit)/s"
            + " (min \(f(r.ours.min)), max \(f(r.ours.max)))"
        if let mb = r.ours.mbPerSecond { line += String(format: ", %.1f MB/s", mb) }
        if let p = r.peer, let name = r.peerName, let ratio = r.ratio {
            line += "\n\("".padding(toLength: 30, withPad: " ", startingAt: 0)) \(name): median \(f(p.median)) \(r.unit)/s"
                + " (min \(f(p.min)), max \(f(p.max)))"
            if let mb = p.mbPerSecond { line += String(format: ", %.1f MB/s", mb) }
            line += String(format: "  →  ratio genreco/%@ = %.2f", name, ratio)
        }
        if let note = r.note { line += "\n\("".padding(toLength: 30, withPad: " ", startingAt: 0)) (\(note))" }
        return line
    }
}
