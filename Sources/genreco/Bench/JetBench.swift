import EventModel
import Foundation
import Reconstruction

/// Anti-kt R = 0.4 on the same inputs as FastJet: truth particles of the Pythia 8 fixtures
/// overlaid to 300, 1 500 and 5 000 particles (pile-up-like busy events), timed here and by
/// scripts/fastjet_bench.py with FastJet's C++ (Debian's libfastjet-dev, compiled on the spot)
/// and through the `fastjet` Python package, in the same run.
enum JetBench {
    static func benchmarks(repeats: Int) throws -> [Benchmark] {
        let fixtures = Resources.hepmcFixtures
        guard !fixtures.isEmpty else {
            print("jets: no fixtures; set GENRECO_SHARED to the folder holding fixtures/")
            return []
        }
        let select = TruthJetInputSelection()
        let base = try fixtures.flatMap { try HepMC3Reader.readAll($0) }.map { select($0).momenta }
        return [300, 1500, 5000].map { size in
            let events = JetClusteringBenchmark.overlaidEvents(from: base, size: size, count: size >= 5000 ? 10 : 40)
            return Benchmark(name: "anti-kt R=0.4, \(size) particles", unit: "events", run: {
                let r = JetClusteringBenchmark.measure(events, .antiKt4, repetitions: 1)
                return BenchSample(seconds: r.bestSecondsPerEvent * Double(events.count), items: events.count)
            }, peer: { repeats in try fastjet(events, repeats: repeats) })
        }
    }

    /// FastJet's C++ if it can be compiled here, else the Python package.
    static func fastjet(_ events: [[FourVector]], repeats: Int) throws -> Benchmark.PeerResult {
        guard let python = Resources.python, let script = Resources.script("fastjet_bench.py") else {
            return .unavailable(name: "FastJet", reason: "no Python with fastjet (run scripts/setup.sh, or set GENRECO_PYTHON)")
        }
        let file = NSTemporaryDirectory() + "genreco-jet-bench-\(getpid()).bin"
        try FourVectorEventFile.write(events, to: file)
        defer { try? FileManager.default.removeItem(atPath: file) }
        let out: String
        do {
            out = try runProcess(python, [script, file, "antikt", "0.4", "--repeat", String(repeats), "--peer", "both"])
        } catch {
            return .unavailable(name: "FastJet", reason: "\(error)")
        }
        guard let json = try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any] else {
            return .unavailable(name: "FastJet", reason: "unexpected output: \(out.prefix(200))")
        }
        for (key, name) in [("cxx", "FastJet C++"), ("python", "fastjet (Python)")] {
            if let peer = json[key] as? [String: Any], let passes = peer["seconds_per_event"] as? [Double] {
                return .measured(name: name, samples: passes.map { BenchSample(seconds: $0 * Double(events.count), items: events.count) })
            }
        }
        return .unavailable(name: "FastJet", reason: "neither peer ran: \(out.prefix(300))")
    }
}
