import ArgumentParser

/// `genreco job-exec --job DIR`: runs one job in its own process, for a worker. Not for
/// people: a worker prepares DIR and reads the result back.
struct JobExecCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "job-exec",
        abstract: "Run one prepared job (used by the workers).",
        shouldDisplay: false
    )

    @Option(name: .long, help: "The job folder prepared by the worker.")
    var job: String

    func run() throws {
        try JobRunner.execChild(jobDir: job)
    }
}
