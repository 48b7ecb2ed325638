/// A detector card that cannot be used, with where and why: the file (or `builtin:…`),
/// the key path in the card (`calorimeter.volumes[4].regions[0].delta_eta`) and what is wrong.
public struct DetectorCardError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The card file, `builtin:<name>`, or `<string>` for text given inline.
    public var source: String
    /// Dotted key path with `[i]` for array elements; empty when no key is to blame.
    public var keyPath: String
    public var message: String

    public init(source: String, keyPath: String, message: String) {
        self.source = source
        self.keyPath = keyPath
        self.message = message
    }

    public var description: String {
        keyPath.isEmpty ? "\(source): \(message)" : "\(source): [\(keyPath)] \(message)"
    }
}
