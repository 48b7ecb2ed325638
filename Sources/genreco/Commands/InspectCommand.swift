import ArgumentParser
import EventModel
import Foundation
import Output

/// `genreco inspect FILE.hepmc`: what is in a HepMC3 file, at a glance or one event as a tree.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Summarize a HepMC3 file (events, particles, PDG ids) or a dataset (jets per label, variable ranges).",
        discussion: """
            Examples:
              genreco inspect events.hepmc
              genreco inspect genreco-work/out/20261129-101500/304795.h5
              genreco inspect 304795.h5 --json         jets per label and column ranges as JSON
              genreco inspect events.hepmc --event 3 --tree       the decay tree of event 3
              genreco inspect events.hepmc --event 3 --tree --max-depth 6
            """
    )

    @Argument(help: ArgumentHelp("A HepMC3 ASCII file, or an HDF5 dataset (.h5).", valueName: "file"))
    var file: String

    @Option(name: .long, help: "Show only this event (its number in the file, from 1).")
    var event: Int?

    @Flag(name: .long, help: "With --event: print the decay tree.")
    var tree = false

    @Option(name: .long, help: "With --tree: how many generations to print below the roots.")
    var maxDepth: Int = 40

    @Option(name: .long, help: "How many PDG ids to list, most frequent first.")
    var top: Int = 25

    @Flag(name: .long, help: "For a dataset (.h5): print the summary as JSON.")
    var json = false

    func validate() throws {
        if tree && event == nil { throw ValidationError("--tree needs --event N") }
        if let event, event < 1 { throw ValidationError("--event counts from 1") }
    }

    func run() throws {
        if file.hasSuffix(".h5") || file.hasSuffix(".hdf5") {
            do {
                let summary = try DatasetSummary(path: file)
                print(json ? try summary.json() : summary.text, terminator: json ? "\n" : "")
            } catch let e as DatasetError {
                throw ValidationError(e.description)
            }
            return
        }
        do {
            let reader = try HepMC3Reader(path: file)
            if let n = event {
                let skipped = try reader.skip(n - 1)
                guard skipped == n - 1, let e = try reader.next() else {
                    throw ValidationError("\(file) has only \(skipped) events; there is no event \(n)")
                }
                print(Self.eventSummary(e, index: n))
                if tree { print(Self.decayTree(e, maxDepth: maxDepth), terminator: "") }
                return
            }
            var stats = FileStats()
            while let e = try reader.next() { stats.add(e) }
            print(stats.report(file: file, runInfo: reader.runInfo, top: top), terminator: "")
        } catch let e as HepMC3Error {
            throw ValidationError(e.description)
        }
    }

    struct FileStats {
        var events = 0
        var particles: [Int] = []
        var stable = 0
        var charged = 0
        var vertices = 0
        var ids: [Int: Int] = [:]
        var stableIDs: [Int: Int] = [:]

        mutating func add(_ e: GenEvent) {
            events += 1
            particles.append(e.particles.count)
            vertices += e.vertices.count
            for p in e.particles {
                ids[p.pdgID, default: 0] += 1
                if p.status == 1 {
                    stable += 1
                    stableIDs[p.pdgID, default: 0] += 1
                    if ParticleTable.pdg2024.chargeThirds(of: p.pdgID) != 0 { charged += 1 }
                }
            }
        }

        func report(file: String, runInfo: GenRunInfo, top: Int) -> String {
            let n = max(events, 1)
            let total = particles.reduce(0, +)
            var s = "\(file)\n"
            if let tool = runInfo.tools.first { s += "  made by     \(tool.name) \(tool.version) \(tool.description)\n" }
            s += "  events      \(events)\n"
            s += "  particles   \(total) (per event: mean \(String(format: "%.1f", Double(total) / Double(n))), "
                + "min \(particles.min() ?? 0), max \(particles.max() ?? 0))\n"
            s += "  vertices    \(vertices)\n"
            s += "  stable      \(stable) (status 1; \(String(format: "%.1f", Double(stable) / Double(n))) per event)\n"
            s += "  charged     \(charged) stable and charged (\(String(format: "%.1f", Double(charged) / Double(n))) per event)\n"
            s += "  PDG ids, all particles (stable ones in brackets):\n"
            for (id, count) in ids.sorted(by: { ($0.value, -$0.key) > ($1.value, -$1.key) }).prefix(top) {
                s += "    " + String(id).padding(toLength: 8, withPad: " ", startingAt: 0)
                    + name(id).padding(toLength: 10, withPad: " ", startingAt: 0)
                    + String(format: "%9d", count) + (stableIDs[id].map { String(format: "  (%d)", $0) } ?? "") + "\n"
            }
            if ids.count > top { s += "    … \(ids.count - top) more ids\n" }
            return s
        }
    }

    static func name(_ id: Int) -> String { ParticleTable.pdg2024[id]?.name ?? "?" }

    static func eventSummary(_ e: GenEvent, index: Int) -> String {
        let stable = e.stableParticles
        let charged = stable.filter { ParticleTable.pdg2024.chargeThirds(of: $0.pdgID) != 0 }.count
        return "event \(e.eventNumber) (number \(index) in the file): \(e.particles.count) particles, \(e.vertices.count) vertices, "
            + "\(stable.count) stable, \(charged) stable charged"
    }

    /// One line per particle, children indented under their mother; a particle reached a
    /// second time (several mothers) is shown once and then referred to by index.
    static func decayTree(_ e: GenEvent, maxDepth: Int) -> String {
        var out = ""
        var shown = Set<Int>()
        func line(_ i: Int, depth: Int) {
            let p = e.particles[i]
            let indent = String(repeating: "  ", count: depth)
            var text = "\(indent)#\(i + 1) \(name(p.pdgID)) (\(p.pdgID)) status \(p.status)"
                + String(format: "  pT %.2f  η %.2f  E %.2f GeV", p.momentum.pt, p.momentum.eta, p.momentum.e)
            if let v = p.endVertex {
                let x = e.resolvedPosition(ofVertex: v).position
                // Below a micron the decay is at the interaction point for any detector.
                if x.mag > 1 * um { text += String(format: "  decays at r %.1f mm, z %.1f mm", x.perp, x.z) }
            }
            if shown.contains(i) {
                out += text + "  (shown above)\n"
                return
            }
            shown.insert(i)
            out += text + "\n"
            guard depth < maxDepth else {
                if !e.children(of: i).isEmpty { out += "\(indent)  …\n" }
                return
            }
            for c in e.children(of: i) { line(c, depth: depth + 1) }
        }
        for i in e.particles.indices where e.particles[i].productionVertex == nil { line(i, depth: 0) }
        return out
    }
}
