import ArgumentParser
import Detector
import Generation

/// `genreco card`: print a run card holding every key with its default and unit, or check one.
struct CardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "card",
        abstract: "Print the run card (or a detector card) with every key and its default, or check a card.",
        discussion: """
            Examples:
              genreco card > genreco.toml         start a card from the defaults (the benchmark signal point)
              genreco card --check genreco.toml   parse and validate a card; errors name the key
              genreco card --detector builtin:atlas-run2 > atlas.toml
                                                  the built-in detector card, every number with its source;
                                                  edit it and name it in the run card's [detector] card = "atlas.toml"
              genreco card --detector atlas.toml  check a detector card (loads and validates it, then prints it)
            """
    )

    @Option(name: .long, help: ArgumentHelp("A run card to check instead.", valueName: "card.toml"))
    var check: String?

    @Option(name: .long, help: ArgumentHelp("Print this detector card as TOML (builtin:atlas-run2 or a .toml/.json file), after checking it.",
                                            valueName: "card"))
    var detector: String?

    func run() throws {
        if let reference = detector {
            do {
                print(try DetectorCard.load(reference).tomlString())
            } catch {
                throw ValidationError("detector card \(reference): \(error)")
            }
        } else if let path = check {
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
