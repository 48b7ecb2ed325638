import EventModel
import Foundation
import Generation

/// `genreco bench generation`: time per event of the embedded generator (release build, one
/// core) against the issue's targets (issue 4, "Targets"), and the memory check.
///
/// * `hss-ggf` at the benchmark point without and with multi-parton interactions: target ≤ ¼
///   of Pythia 8's time for the same process. Pythia 8 is timed in the same run when a Python
///   with Pythia 8 (`pythia8`, or pip's `pythia8mc`) is found (`$GENRECO_PYTHIA_PYTHON`,
///   the package's .venv, `python3`), with the settings of the reference
///   (shared/reference/pythia8/ggH125_mS40_ctau760.cmnd; `PartonLevel:MPI = off` for the
///   other); otherwise the figures the reference files record (11.2 ms and 1.7 ms per
///   `Pythia::next()` on this kind of machine) are printed and marked as not from this run.
/// * `minbias`: one non-diffractive collision per event.
/// * the μ = 40 pile-up overlay alone (``PileUpOverlay`` on an already generated signal
///   event), 32 events per repetition, in the thread's CPU time like the simulation and
///   tracking suites (the target is per core; the other rows are wall time, as Pythia's
///   is): target ≤ 5 ms per event.
/// * memory: peak resident set (`VmHWM` of /proc/self/status, reset through
///   /proc/self/clear_refs first) after 1 000 and after 10 000 default-card events; target:
///   within 1 MB.
enum GenerationBench {
    /// Pythia 8's `next()` time per event (ms) recorded in the reference files (MPI on, off).
    static let recordedPythiaMS = (mpi: 11.2, noMPI: 1.7)

    static func benchmarks() throws -> [Benchmark] {
        var signalCard = SignalValidation.referenceCard()
        signalCard.generation.underlyingEvent = false
        let noMPI = try HiddenValleyGenerator(card: signalCard)
        signalCard.generation.underlyingEvent = true
        let withMPI = try HiddenValleyGenerator(card: signalCard)
        var minbiasCard = RunCard()
        minbiasCard.generation.process = .minbias
        let minbias = try MinimumBiasGenerator(card: minbiasCard)
        let overlay = PileUpOverlay(seed: 12345, meanInteractions: 40, beamspotSigmaZMM: 45, sqrtSGeV: 13000)
        let hardEvents = (0..<8).map { noMPI.generate(eventNumber: $0) }

        var first = 0
        func eventLoop(_ generator: some EventGenerator, _ n: Int) -> BenchSample {
            // Fresh event numbers each repetition, so no repetition replays another's events.
            let start = first
            first += n
            var particles = 0
            let s = timeIt {
                for k in start..<(start + n) { particles &+= generator.generate(eventNumber: k).particles.count }
            }
            precondition(particles > 0)
            return BenchSample(seconds: s, items: n)
        }
        return [
            Benchmark(name: "hss-ggf, no MPI", unit: "events", run: { eventLoop(noMPI, 400) },
                      peer: { try pythia(mpi: false, events: 400, repeats: $0) }),
            Benchmark(name: "hss-ggf, MPI", unit: "events", run: { eventLoop(withMPI, 200) },
                      peer: { try pythia(mpi: true, events: 100, repeats: $0) }),
            Benchmark(name: "minbias", unit: "events", run: { eventLoop(minbias, 400) }),
            Benchmark(name: "pile-up overlay, mu = 40", unit: "events", run: {
                let start = first
                first += 32
                var seconds = 0.0
                for k in start..<(start + 32) {
                    var event = hardEvents[k % hardEvents.count]
                    seconds += cpuTimeIt { overlay(&event, eventNumber: k) }
                }
                return BenchSample(seconds: seconds, items: 32)
            }),
        ]
    }

    /// Runs the suite: the rate table, then ms/event against the targets and the memory check.
    static func run(repeats: Int) throws -> [BenchRunner.Row] {
        let rows = try BenchRunner(repeats: repeats).run(try benchmarks())
        print("")
        print("ms/event (median)              ours      Pythia 8            target")
        for row in rows {
            let ours = 1000 / row.ours.median
            var peer = "", target = ""
            switch row.name {
            case "hss-ggf, no MPI", "hss-ggf, MPI":
                let recorded = row.name.hasSuffix("no MPI") ? recordedPythiaMS.noMPI : recordedPythiaMS.mpi
                let pythiaMS = row.peer.map { 1000 / $0.median } ?? recorded
                peer = String(format: "%7.3f %@", pythiaMS, row.peer == nil ? "(recorded)" : "(this run)")
                target = String(format: "≤ %.3f (¼ Pythia): %@", pythiaMS / 4, ours <= pythiaMS / 4 ? "met" : "NOT met")
            case "pile-up overlay, mu = 40":
                target = String(format: "≤ 5 ms (thread CPU): %@", ours <= 5 ? "met" : "NOT met")
            default:
                break
            }
            print(row.name.padding(toLength: 30, withPad: " ", startingAt: 0)
                  + String(format: "%8.3f", ours) + "   " + peer.padding(toLength: 20, withPad: " ", startingAt: 0) + target)
        }
        if rows.allSatisfy({ $0.peer == nil }) {
            print("(Pythia 8 not importable here: its figures are those the reference files recorded, not a same-run ratio)")
        }
        try memoryCheck()
        return rows
    }

    /// Peak RSS after 1 000 and after 10 000 events of the default card (hss-ggf, MPI on).
    static func memoryCheck() throws {
        let generator = try EventGenerators.make(for: RunCard())
        _ = generator.generate(eventNumber: 0)
        let reset = (try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)) != nil
        var after1000 = 0
        for n in 1...10_000 {
            _ = generator.generate(eventNumber: n)
            if n == 1_000 { after1000 = peakRSSKB() }
        }
        let after10000 = peakRSSKB()
        let growth = Double(after10000 - after1000) / 1024
        print(String(format: "peak RSS (VmHWM%@): %.1f MB after 1 000 events, %.1f MB after 10 000: growth %.2f MB (target ≤ 1 MB: %@)",
                     reset ? ", reset first" : ", not resettable: since start", Double(after1000) / 1024,
                     Double(after10000) / 1024, growth, growth <= 1 ? "met" : "NOT met"))
    }

    /// VmHWM of /proc/self/status in kB (0 where there is none).
    static func peakRSSKB() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") ?? 0
        }
        return 0
    }

    // MARK: - Pythia 8, the peer

    /// The module is `pythia8` when built from Pythia's sources, `pythia8mc` from PyPI.
    static let importPythia = """
        try:
            import pythia8
        except ImportError:
            import pythia8mc as pythia8
        """

    /// A Python that imports Pythia 8, or nil.
    static func pythiaPython() -> String? {
        var candidates = [String]()
        if let p = ProcessInfo.processInfo.environment["GENRECO_PYTHIA_PYTHON"] { candidates.append(p) }
        if let p = Resources.python { candidates.append(p) }
        candidates.append("/usr/bin/python3")
        for p in candidates where FileManager.default.isExecutableFile(atPath: p) {
            if (try? runProcess(p, ["-c", importPythia])) != nil { return p }
        }
        return nil
    }

    /// Times `Pythia::next()` for `events` events per repetition (after a warm-up one), with the
    /// reference's settings, the way the reference files were timed (wall clock around next()).
    static func pythia(mpi: Bool, events: Int, repeats: Int) throws -> Benchmark.PeerResult {
        let name = "Pythia 8"
        guard let python = pythiaPython() else {
            return .unavailable(name: name, reason: "no Python with pythia8 (pip install pythia8mc; or set GENRECO_PYTHIA_PYTHON); "
                                + String(format: "recorded: %.1f ms/event", mpi ? recordedPythiaMS.mpi : recordedPythiaMS.noMPI))
        }
        guard let cmnd = Resources.shared?.appendingPathComponent("reference/pythia8/ggH125_mS40_ctau760.cmnd").path,
              FileManager.default.fileExists(atPath: cmnd) else {
            return .unavailable(name: name, reason: "reference/pythia8/ggH125_mS40_ctau760.cmnd not found (set GENRECO_SHARED)")
        }
        let out: String
        do {
            out = try runProcess(python, ["-c", pythiaScript, cmnd, mpi ? "on" : "off", String(events), String(repeats + 1)])
        } catch {
            return .unavailable(name: name, reason: "\(error)")
        }
        let seconds = out.split(separator: "\n").compactMap { Double($0) }
        guard seconds.count == repeats + 1 else {
            return .unavailable(name: name, reason: "unexpected output: \(out.prefix(200))")
        }
        return .measured(name: name, samples: seconds.dropFirst().map { BenchSample(seconds: $0, items: events) })
    }

    /// argv: settings file, MPI on/off, events per repetition, repetitions. Prints the seconds
    /// spent in next() per repetition, one a line.
    static let pythiaScript = """
        import sys, time
        \(importPythia)
        cmnd, mpi, n, reps = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
        p = pythia8.Pythia()
        p.readString("Print:quiet = on")
        for line in open(cmnd):
            line = line.strip()
            if line and not line.startswith("!"):
                p.readString(line)
        p.readString("PartonLevel:MPI = " + mpi)
        for s in ["Next:numberCount = 0", "Next:numberShowEvent = 0", "Next:numberShowInfo = 0", "Next:numberShowProcess = 0"]:
            p.readString(s)
        if not p.init():
            sys.exit("Pythia init failed")
        for r in range(reps):
            total = 0.0
            for i in range(n):
                t0 = time.perf_counter()
                p.next()
                total += time.perf_counter() - t0
            print(total)
        """
}
