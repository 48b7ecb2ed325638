import ArgumentParser
import Generation

/// `genreco card`: print a run card holding every key with its default and unit, or check one.
struct CardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "card",
        abstract: "Print the run card with every key and its default, or check a card.",
        discussion: """
            Examples:
              genreco card > genreco.toml         start a card from the defaults (the benchmark signal point)
              genreco card --check genreco.toml   parse and validate a card; errors name the key
            """
    )

    @Option(name: .long, help: ArgumentHelp("A run card to check instead.", valueName: "card.toml"))
    var check: String?

    func run() throws {
        if let path = check {
            do {
                let card = try RunCard.load(path: path)
                print("\(path): ok — process \(card.generation.process.rawValue), run \(card.run.number), seed \(card.run.seed)")
            } catch let e as RunCardError {
                throw ValidationError(e.description)
            }
        } else {
            print(RunCard.documentedDefaults, terminator: "")
        }
    }
}
