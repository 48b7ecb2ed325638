import Foundation
import TOMLKit

extension DetectorCard {
    /// The cards compiled into the program, by the name used after `builtin:`.
    public static let builtins: [String: DetectorCard] = ["atlas-run2": atlasRun2]

    /// Loads a card: `builtin:<name>` (see ``builtins``), or a file ending in `.toml` or
    /// `.json`. The card is decoded strictly (every key present, no unknown key, right
    /// types) and then checked by ``validate(source:)``. Errors name the key path.
    public static func load(_ reference: String) throws -> DetectorCard {
        if reference.hasPrefix("builtin:") {
            let name = String(reference.dropFirst("builtin:".count))
            guard let card = builtins[name] else {
                throw DetectorCardError(source: reference, keyPath: "",
                                        message: "no built-in detector card \"\(name)\"; known: "
                                            + builtins.keys.sorted().joined(separator: ", "))
            }
            return card
        }
        let text: String
        do {
            text = try String(contentsOfFile: reference, encoding: .utf8)
        } catch {
            throw DetectorCardError(source: reference, keyPath: "",
                                    message: "cannot read the detector card: \(error.localizedDescription)")
        }
        if reference.lowercased().hasSuffix(".json") {
            return try DetectorCard(json: Data(text.utf8), source: reference)
        }
        return try DetectorCard(toml: text, source: reference)
    }

    /// Parses a card from TOML text (arrays of tables for the layer lists).
    public init(toml: String, source: String = "<string>") throws {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: toml)
        } catch let e as TOMLParseError {
            throw DetectorCardError(source: source, keyPath: "",
                                    message: "line \(e.source.begin.line), column \(e.source.begin.column): TOML syntax error: \(e.description)")
        }
        // One decoding path for both formats: TOML → JSON (toml++'s formatter), then JSON.
        let json = table.convert(to: .json, options: [.quoteInfinitesAndNaNs])
        try self.init(json: Data(json.utf8), source: source)
    }

    /// Parses a card from JSON.
    public init(json: Data, source: String = "<string>") throws {
        let tree: Any
        do {
            tree = try JSONSerialization.jsonObject(with: json)
        } catch {
            throw DetectorCardError(source: source, keyPath: "", message: "JSON syntax error: \(error.localizedDescription)")
        }
        let card: DetectorCard
        do {
            card = try JSONDecoder().decode(DetectorCard.self, from: json)
        } catch let e as DecodingError {
            throw Self.describe(e, source: source)
        }
        // Unknown keys: anything in the input that the decoded card does not write back.
        let known = try JSONSerialization.jsonObject(with: JSONEncoder().encode(card))
        if let path = Self.firstUnknownKey(in: tree, known: known, path: "") {
            throw DetectorCardError(source: source, keyPath: path, message: "unknown key")
        }
        try card.validate(source: source)
        self = card
    }

    /// The card as TOML text (a template to edit: `genreco` can print it).
    public func tomlString() throws -> String {
        try TOMLEncoder().encode(self)
    }

    /// The card as pretty-printed JSON with sorted keys.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }

    // MARK: Error paths

    static func keyPath(_ codingPath: [any CodingKey], _ last: (any CodingKey)? = nil) -> String {
        var out = ""
        for key in codingPath + (last.map { [$0] } ?? []) {
            if let i = key.intValue {
                out += "[\(i)]"
            } else {
                out += (out.isEmpty ? "" : ".") + key.stringValue
            }
        }
        return out
    }

    static func firstUnknownKey(in input: Any, known: Any, path: String) -> String? {
        if let dict = input as? [String: Any] {
            let knownDict = known as? [String: Any] ?? [:]
            for key in dict.keys.sorted() {
                let sub = path.isEmpty ? key : path + "." + key
                guard let k = knownDict[key] else { return sub }
                if let found = firstUnknownKey(in: dict[key]!, known: k, path: sub) { return found }
            }
        } else if let array = input as? [Any], let knownArray = known as? [Any] {
            for (i, element) in array.enumerated() where i < knownArray.count {
                if let found = firstUnknownKey(in: element, known: knownArray[i], path: path + "[\(i)]") { return found }
            }
        }
        return nil
    }

    static func describe(_ error: DecodingError, source: String) -> DetectorCardError {
        switch error {
        case let .typeMismatch(type, ctx):
            return DetectorCardError(source: source, keyPath: keyPath(ctx.codingPath),
                                     message: "wrong type: expected \(typeName(type))")
        case let .valueNotFound(type, ctx):
            return DetectorCardError(source: source, keyPath: keyPath(ctx.codingPath),
                                     message: "missing value: expected \(typeName(type))")
        case let .keyNotFound(key, ctx):
            return DetectorCardError(source: source, keyPath: keyPath(ctx.codingPath, key), message: "missing key")
        case let .dataCorrupted(ctx):
            let path = keyPath(ctx.codingPath)
            if path.hasSuffix("technology") {
                return DetectorCardError(source: source, keyPath: path, message: "unknown technology; expected one of "
                                         + Technology.allCases.map(\.rawValue).joined(separator: " | "))
            }
            if path.hasSuffix("kind") {
                return DetectorCardError(source: source, keyPath: path, message: "unknown kind; expected one of "
                                         + CalorimeterKind.allCases.map(\.rawValue).joined(separator: " | "))
            }
            return DetectorCardError(source: source, keyPath: path, message: ctx.debugDescription)
        @unknown default:
            return DetectorCardError(source: source, keyPath: "", message: "\(error)")
        }
    }

    static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is Double.Type: return "a number"
        case is Int.Type: return "an integer"
        case is String.Type: return "a string"
        case is Bool.Type: return "true or false"
        default: return "\(type)"
        }
    }
}
