import Foundation

/// The layout of a GenReco training file: five datasets in the root group, after the public
/// CalRatio RNN (ATLAS, JHEP 06 (2022) 005, arXiv:2203.01009).
///
/// | dataset    | shape  | one row is |
/// |------------|--------|------------|
/// | `jets`     | N      | a jet (``JetRow``) plus `n_clusters`, `n_tracks`, `n_segments` |
/// | `clusters` | N × 30 | a topo-cluster of jet i (``ClusterRow``) |
/// | `tracks`   | N × 20 | a track of jet i (``TrackRow``) |
/// | `segments` | N × 30 | a muon segment of jet i (``SegmentRow``) |
/// | `events`   | M      | an event (``EventRow``) |
///
/// Row i of `clusters`, `tracks` and `segments` belongs to row i of `jets`. The same schema
/// is written into every file as attributes (see ``DatasetWriter``), and ``markdown()``
/// prints it for the README, so the file, the code and the docs cannot drift apart.
public enum DatasetSchema {
    /// Bumped whenever a column is added, removed, renamed or changes type or meaning.
    /// 2: `tracks.n_trt_hits` (TRT straws on the track).
    public static let version = 2
    /// The file attribute `format`: tells a GenReco dataset from any other HDF5 file.
    public static let formatName = "GenReco CalRatio dataset"

    /// Per-jet array lengths, as in the public CalRatio RNN.
    public static let clustersPerJet = 30
    public static let tracksPerJet = 20
    public static let segmentsPerJet = 30

    /// How short per-jet arrays are stored.
    public static let padding =
        "clusters, tracks and segments hold a fixed number of rows per jet; the first n_clusters / n_tracks / n_segments " +
        "(columns of jets) are real, ordered leading pT first, and the rest are all-zero padding"

    public static let jets = TableSchema(
        name: "jets", description: "one row per jet", rowsPerJet: nil, countColumn: nil,
        columns: StoredJet.layout.columns)
    public static let clusters = TableSchema(
        name: "clusters", description: "topo-clusters of jet i, leading pT first", rowsPerJet: clustersPerJet,
        countColumn: "n_clusters", columns: ClusterRow.layout.columns)
    public static let tracks = TableSchema(
        name: "tracks", description: "tracks near jet i, leading pT first", rowsPerJet: tracksPerJet,
        countColumn: "n_tracks", columns: TrackRow.layout.columns)
    public static let segments = TableSchema(
        name: "segments", description: "muon segments near jet i", rowsPerJet: segmentsPerJet,
        countColumn: "n_segments", columns: SegmentRow.layout.columns)
    public static let events = TableSchema(
        name: "events", description: "one row per event, with or without jets", rowsPerJet: nil, countColumn: nil,
        columns: EventRow.layout.columns)

    /// All five, in the order they are written and documented.
    public static let tables: [TableSchema] = [jets, clusters, tracks, segments, events]

    /// The label codes as the file's `labels` attribute holds them: `{"0": "QCD", …}`.
    public static var labelsJSON: String {
        "{" + JetLabel.allCases.map { "\"\($0.rawValue)\": \"\($0.name)\"" }.joined(separator: ", ") + "}"
    }

    /// The schema as Markdown: one table per dataset (field, type, unit, meaning), then the
    /// label codes and the padding convention. The README prints this; every file carries
    /// it in its `schema` attribute.
    public static func markdown() -> String {
        var s = "GenReco dataset schema, version \(version). Row i of `clusters`, `tracks` and `segments` belongs to row i of `jets`.\n"
        for table in tables {
            s += "\n### `\(table.name)` (\(table.shapeDescription)): \(table.description)\n\n"
            s += "| field | type | unit | meaning |\n|---|---|---|---|\n"
            for c in table.columns {
                s += "| `\(c.name)` | \(c.kind.rawValue) | \(c.unit.isEmpty ? "–" : c.unit) | \(cell(c.description)) |\n"
            }
        }
        s += "\n### Labels (`jets.label`)\n\n| code | class | meaning |\n|---|---|---|\n"
        for label in JetLabel.allCases {
            s += "| \(label.rawValue) | \(label.name) | \(cell(label.meaning)) |\n"
        }
        s += "\n### Padding\n\n\(padding.prefix(1).uppercased() + padding.dropFirst()).\n"
        return s
    }

    /// Text safe inside a Markdown table cell: `|` (as in |η|) would end the cell.
    private static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|")
    }

    /// A table's columns as the JSON of its `fields` attribute: `[{"description": …,
    /// "name": …, "type": …, "unit": …}, …]`, keys sorted so the bytes never vary.
    static func fieldsJSON(_ table: TableSchema) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding plain strings cannot fail.
        return String(decoding: try! encoder.encode(table.columns), as: UTF8.self)
    }
}
