import ArgumentParser
import Farm
import Foundation

/// `genreco clean`: remove what interrupted runs left behind.
struct CleanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clean",
        abstract: "Remove temporary files left by interrupted runs; with --all, the whole work directory.",
        discussion: """
            Files with their final names are complete and are kept; only half-written temporaries
            (.NAME.tmp-PID) and per-run scratch folders are removed.

            Examples:
              genreco clean
              genreco clean --all --work-dir genreco-work
              genreco clean --json                 the removed paths, as JSON
            """
    )

    @Option(name: .long, help: ArgumentHelp("Work directory.", valueName: "dir"))
    var workDir: String = "genreco-work"

    @Flag(name: .long, help: "Remove the whole work directory: runs, outputs and EVNT files.")
    var all = false

    @Flag(name: [.customShort("q"), .long], help: "Print nothing but errors.")
    var quiet = false

    @Flag(name: .long, help: "Print what was removed as JSON.")
    var json = false

    /// What `--json` prints.
    struct Summary: Encodable {
        var workDir: String
        var all: Bool
        var removedItems: [String]
    }

    /// The one-line message, or the JSON summary, unless --quiet.
    private func report(_ message: String, removed: [String]) throws {
        if json {
            let e = JSONEncoder()
            e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try e.encode(Summary(workDir: workDir, all: all, removedItems: removed)), as: UTF8.self))
        } else if !quiet {
            print(message)
        }
    }

    func run() throws {
        let fm = FileManager.default
        guard fm.fileExists(atPath: workDir) else {
            return try report("genreco clean: nothing to do, \(workDir) does not exist", removed: [])
        }
        if all {
            // Outputs are read-only; removing them needs the folders writable, which they are.
            try fm.removeItem(atPath: workDir)
            return try report("genreco clean: removed \(workDir)", removed: [workDir])
        }
        var removed: [String] = []
        let items = fm.enumerator(atPath: workDir)
        var doomed: [String] = []
        while let rel = items?.nextObject() as? String {
            let name = (rel as NSString).lastPathComponent
            if name.contains(AtomicFile.temporaryMarker) || (name == "tmp" && rel.hasPrefix("runs/")) { doomed.append(rel) }
        }
        for rel in doomed {
            if (try? fm.removeItem(atPath: workDir + "/" + rel)) != nil { removed.append(workDir + "/" + rel) }
        }
        try report("genreco clean: removed \(removed.count) temporary item(s) from \(workDir)", removed: removed)
    }
}
