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
            """
    )

    @Option(name: .long, help: ArgumentHelp("Work directory.", valueName: "dir"))
    var workDir: String = "genreco-work"

    @Flag(name: .long, help: "Remove the whole work directory: runs, outputs and EVNT files.")
    var all = false

    func run() throws {
        let fm = FileManager.default
        guard fm.fileExists(atPath: workDir) else {
            print("genreco clean: nothing to do, \(workDir) does not exist")
            return
        }
        if all {
            // Outputs are read-only; removing them needs the folders writable, which they are.
            try fm.removeItem(atPath: workDir)
            print("genreco clean: removed \(workDir)")
            return
        }
        var removed = 0
        let items = fm.enumerator(atPath: workDir)
        var doomed: [String] = []
        while let rel = items?.nextObject() as? String {
            let name = (rel as NSString).lastPathComponent
            if name.contains(AtomicFile.temporaryMarker) || (name == "tmp" && rel.hasPrefix("runs/")) { doomed.append(rel) }
        }
        for rel in doomed {
            if (try? fm.removeItem(atPath: workDir + "/" + rel)) != nil { removed += 1 }
        }
        print("genreco clean: removed \(removed) temporary item(s) from \(workDir)")
    }
}
