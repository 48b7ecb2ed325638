import Farm
import Foundation

/// `genreco bench farm`: the farm measured through real mpirun runs of this binary.
///
/// * per-job overhead: one worker, jobs of one trivial event, so a job's wall time is
///   dispatch + child process + atomic write + journal;
/// * parallel efficiency from one to two workers (coordinator on the same 2-core host):
///   T(1 worker) / (2 · T(2 workers)) for the same CPU-bound jobs (1 s each, in their own
///   process, no output);
/// * coordinator CPU while the workers are busy, from rank 0's own rusage;
/// * coordinator throughput: 32 oversubscribed ranks running jobs that do nothing, so
///   the coordinator is the only limit.
struct FarmBench {
    var repeats: Int

    struct Measured {
        var summary: [String: Any]
        var wall: Double { summary["wallSeconds"] as? Double ?? .nan }
        var jobs: Int { summary["jobsThisSession"] as? Int ?? 0 }
        var coordinatorCPU: Double { summary["coordinatorCPUSeconds"] as? Double ?? .nan }
    }

    func run() throws -> [BenchRunner.Row] {
        guard let mpirun = ["/usr/bin/mpirun", "/usr/local/bin/mpirun"].first(where: FileManager.default.isExecutableFile) else {
            print("farm: mpirun not found; install openmpi-bin (scripts/setup.sh)")
            return []
        }
        let work = NSTemporaryDirectory() + "genreco-bench-farm-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: work) }
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        let card = work + "/gun.toml"
        try "[generation]\nprocess = \"gun\"\n[gun]\npdg_id = 211\n".write(toFile: card, atomically: true, encoding: .utf8)
        var runs = 0
        func farm(_ ranks: Int, _ args: [String]) throws -> Measured {
            runs += 1
            var full = ["-np", "\(ranks)", "--oversubscribe", "--host", "localhost:\(ranks)"]
            if getuid() == 0 { full.append("--allow-run-as-root") }
            full += [JobRunner.selfExecutable] + args + ["--card", card, "--work-dir", work + "/w\(runs)", "-q", "--json"]
            let out = try runProcess(mpirun, full)
            // The JSON summary is the last thing printed, from a line holding only "{".
            guard let start = out.range(of: "\n{\n"),
                  let json = try JSONSerialization.jsonObject(with: Data(out[start.lowerBound...].utf8)) as? [String: Any] else {
                throw ProcessError(command: "mpirun " + args.joined(separator: " "), status: 0, stderr: "no JSON summary in: \(out.suffix(300))")
            }
            return Measured(summary: json)
        }
        func median(_ xs: [Double]) -> Double { let s = xs.sorted(); return s[s.count / 2] }
        var rows: [BenchRunner.Row] = []
        func report(_ name: String, _ unit: String, _ values: [Double], _ text: String) {
            let s = values.sorted()
            print(name.padding(toLength: 34, withPad: " ", startingAt: 0) + text)
            rows.append(BenchRunner.Row(name: name, unit: unit,
                                        ours: RateSummary(median: median(values), min: s.first ?? .nan, max: s.last ?? .nan)))
        }

        // Per-job overhead.
        let n = 100
        var perJob: [Double] = []
        for _ in 0..<repeats {
            let m = try farm(2, ["run", "-b", "1", "-n", "\(n)"])
            perJob.append(1000 * m.wall / Double(m.jobs))
        }
        report("farm: per-job overhead", "ms/job", perJob,
               String(format: "median %.1f ms/job (min %.1f, max %.1f); target < 20", median(perJob), perJob.min()!, perJob.max()!))

        // Parallel efficiency and coordinator CPU, with CPU-bound jobs of 1 s each.
        var efficiency: [Double] = []
        var cpu: [Double] = []
        let heavy = ["run", "--spin", "-b", "1000", "-n", "8"]
        for _ in 0..<repeats {
            let one = try farm(2, heavy)
            let two = try farm(3, heavy)
            efficiency.append(one.wall / (2 * two.wall))
            cpu.append(100 * two.coordinatorCPU / two.wall)
            cpu.append(100 * one.coordinatorCPU / one.wall)
        }
        report("farm: parallel efficiency 1→2", "%", efficiency.map { 100 * $0 },
               String(format: "median %.1f %% (min %.1f, max %.1f); target ≥ 90 %%", 100 * median(efficiency),
                      100 * efficiency.min()!, 100 * efficiency.max()!))
        report("farm: coordinator CPU, waiting", "% of a core", cpu,
               String(format: "median %.2f %% of a core (max %.2f); target < 5 %%", median(cpu), cpu.max()!))

        // Coordinator throughput with 31 workers and empty jobs.
        var rate: [Double] = []
        for _ in 0..<repeats {
            let m = try farm(32, ["run", "--noop", "-b", "1", "-n", "20000"])
            rate.append(Double(m.jobs) / m.wall)
        }
        report("farm: completions/s (-np 32)", "jobs/s", rate,
               String(format: "median %.0f jobs/s (min %.0f, max %.0f); target ≥ 1000", median(rate), rate.min()!, rate.max()!))
        return rows
    }
}
