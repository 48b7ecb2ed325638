import EventModel
import Foundation

/// HepMC3 read and write throughput on real Pythia 8 files, against the HepMC3 C++ library
/// (through pyhepmc) reading and writing the same file in the same run.
enum HepMC3Bench {
    static func benchmarks(inputs: [String]) throws -> [Benchmark] {
        let files = inputs.isEmpty ? Resources.hepmcFixtures : inputs
        guard !files.isEmpty else {
            print("hepmc3: no input; give --input FILE.hepmc or set GENRECO_SHARED to the folder holding fixtures/")
            return []
        }
        var list: [Benchmark] = []
        for path in files {
            let name = URL(fileURLWithPath: path).lastPathComponent
            let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
            let events = try HepMC3Reader.readAll(path)
            list.append(Benchmark(name: "read \(name)", unit: "events", run: {
                var n = 0
                let seconds = try timeIt {
                    let reader = try HepMC3Reader(path: path)
                    while try reader.next() != nil { n += 1 }
                }
                return BenchSample(seconds: seconds, items: n, bytes: size)
            }, peer: { repeats in try pyhepmc(path, repeats, write: false, size: size) }))

            let target = NSTemporaryDirectory() + "genreco-bench-\(getpid()).hepmc"
            list.append(Benchmark(name: "write \(name)", unit: "events", run: {
                defer { try? FileManager.default.removeItem(atPath: target) }
                let seconds = try timeIt {
                    let writer = try HepMC3Writer(path: target)
                    for e in events { try writer.write(e) }
                    try writer.close()
                }
                return BenchSample(seconds: seconds, items: events.count, bytes: size)
            }, peer: { repeats in try pyhepmc(path, repeats, write: true, size: size) }))
        }
        return list
    }

    /// Times pyhepmc on the same file with scripts/pyhepmc_read_bench.py.
    static func pyhepmc(_ path: String, _ repeats: Int, write: Bool, size: Int) throws -> Benchmark.PeerResult {
        let name = "pyhepmc"
        guard let python = Resources.python else {
            return .unavailable(name: name, reason: "no Python with pyhepmc (run scripts/setup.sh, or set GENRECO_PYTHON)")
        }
        guard let script = Resources.script("pyhepmc_read_bench.py"), FileManager.default.fileExists(atPath: script) else {
            return .unavailable(name: name, reason: "scripts/pyhepmc_read_bench.py not found beside the package")
        }
        let out: String
        do {
            out = try runProcess(python, [script, path, String(repeats + 1)] + (write ? ["--write"] : []))
        } catch {
            return .unavailable(name: name, reason: "\(error)")
        }
        guard let json = try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any],
              let events = json["events"] as? Int,
              let seconds = json[write ? "write_seconds" : "seconds"] as? [Double] else {
            return .unavailable(name: name, reason: "unexpected output: \(out.prefix(200))")
        }
        // The first repetition warms up, as ours does.
        return .measured(name: name, samples: seconds.dropFirst().map { BenchSample(seconds: $0, items: events, bytes: size) })
    }
}
