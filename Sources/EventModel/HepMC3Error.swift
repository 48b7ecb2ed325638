/// What went wrong reading or writing a HepMC3 ASCII file, with where: the file, the line
/// (1-based; 0 when no line applies) and what was expected. Bad input always ends up here,
/// never in a crash and never in a silently dropped event.
///
/// `description` is one line in the compiler style:
/// `file.hepmc:123: expected a number for px in a P line, found "abc"`.
public struct HepMC3Error: Error, CustomStringConvertible, Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable {
        /// The file has no content at all.
        case emptyFile
        /// No `HepMC::Asciiv3-START_EVENT_LISTING` before the content, or another format's header.
        case badHeader
        /// An event with P or V lines but no `U` line before them.
        case missingUnits
        /// Fewer particles or vertices than the `E` line announced, or the file ends inside
        /// an event (no `HepMC::Asciiv3-END_EVENT_LISTING`).
        case truncated
        /// A field that should be a number is not one.
        case badNumber
        /// A particle or vertex id that points to nothing in the event.
        case danglingReference
        /// A line whose first character is not a known HepMC3 line type.
        case unknownLineType
        /// A line of a known type with missing or misplaced fields, or an event whose parts
        /// contradict each other (more vertices than announced, two end vertices …).
        case malformed
        /// An event the Asciiv3 format cannot represent so that HepMC3 reads it back.
        case unrepresentable
        /// The operating system refused to open, read or write the file.
        case io
    }

    public var kind: Kind
    public var path: String
    public var line: Int
    public var message: String

    public init(_ kind: Kind, path: String, line: Int, _ message: String) {
        self.kind = kind
        self.path = path
        self.line = line
        self.message = message
    }

    public var description: String {
        line > 0 ? "\(path):\(line): \(message)" : "\(path): \(message)"
    }
}
