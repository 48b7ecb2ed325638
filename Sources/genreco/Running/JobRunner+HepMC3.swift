import EventModel
import Farm
import Foundation

/// The farm's HepMC3 side: EVNT files out of `generate`, events into `reco`.
extension JobRunner {
    /// Who made the events, written into every EVNT file's run information.
    static var runInfo: GenRunInfo {
        GenRunInfo(weightNames: ["Weight"],
                   tools: [GenRunInfo.Tool(name: "GenReco", version: GenReco.version, description: "genreco generate")])
    }

    /// Writes the events `body` emits into one HepMC3 file.
    static func writeHepMC3(to path: String, clock: StageClock, _ body: ((GenEvent) throws -> Void) throws -> Void) throws {
        let writer = try HepMC3Writer(path: path, runInfo: runInfo)
        try body { event in try clock.time("writing") { try writer.write(event) } }
        try clock.time("writing") { try writer.close() }
    }

    /// The events of a reco job: from the payload rank 0 sent, else from the input file.
    static func readInput(job: JobSpec, payload: [UInt8]?, clock: StageClock, _ body: (GenEvent) throws -> Void) throws {
        if let payload, !payload.isEmpty {
            for event in try clock.time("reading", { try GenEvent.decodeAll(payload) }) { try body(event) }
            return
        }
        guard let slice = job.input else { throw InputError("reco job \(job.id) has neither input events nor an input file") }
        for event in try readSlice(slice, clock: clock) { try body(event) }
    }

    /// `count` events of a file after skipping `skip` (a worker on a shared filesystem).
    static func readSlice(_ slice: JobSpec.InputSlice, clock: StageClock) throws -> [GenEvent] {
        try clock.time("reading") { try InputCursor().events(slice) }
    }

    /// The HepMC3 files of an EVNT folder, in natural name order, with their event counts. Counting
    /// skims every file (headers, line types, complete events), so a missing header or a
    /// truncated file stops the run before any work; a bad number inside an event fails
    /// only the job that reads it, with the file and line in its log.
    static func countInputs(in dir: String) throws -> [(path: String, events: Int)] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else {
            throw InputError("cannot read the EVNT folder \(dir)")
        }
        // In batch order (304795.100.2 before 304795.100.10), so that the events of a
        // `generate` run keep their numbers, and their random streams, in `reco`.
        let files = names.filter { $0.hasSuffix(".hepmc") || $0.hasSuffix(".hepmc3") }.sorted(by: naturalOrder)
        guard !files.isEmpty else { throw InputError("no .hepmc files in \(dir)") }
        return try files.map { name in
            let path = dir + "/" + name
            return (path, try HepMC3Reader.countEvents(path))
        }
    }
}

/// Name order in which runs of digits compare as numbers: "a.2" < "a.10".
func naturalOrder(_ a: String, _ b: String) -> Bool {
    func chunks(_ s: String) -> [(digits: Bool, text: Substring)] {
        var out: [(Bool, Substring)] = []
        var start = s.startIndex
        while start < s.endIndex {
            let isDigit = s[start].isASCII && s[start].isNumber
            var end = start
            while end < s.endIndex && (s[end].isASCII && s[end].isNumber) == isDigit { end = s.index(after: end) }
            out.append((isDigit, s[start..<end]))
            start = end
        }
        return out
    }
    let x = chunks(a), y = chunks(b)
    for (p, q) in zip(x, y) where p.text != q.text {
        if p.digits && q.digits {
            let (m, n) = (p.text.drop { $0 == "0" }, q.text.drop { $0 == "0" })
            if m.count != n.count { return m.count < n.count }
            if m != n { return m < n }
            return p.text.count < q.text.count
        }
        return p.text < q.text
    }
    return x.count < y.count
}
