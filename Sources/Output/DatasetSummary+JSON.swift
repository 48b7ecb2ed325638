import Foundation

extension DatasetSummary {
    /// A column's range as JSON: min, max and mean are null when no value was counted.
    struct ColumnJSON: Encodable {
        var name: String
        var unit: String
        var min: Double?
        var max: Double?
        var mean: Double?
        var count: Int
        var nan: Int
    }

    struct SummaryJSON: Encodable {
        var path: String
        var schemaVersion: Int
        var genrecoVersion: String
        var jets: Int
        var events: Int
        /// Label name → jets ("QCD", "signal", "BIB").
        var jetsPerLabel: [String: Int]
        /// Dataset name → its columns (`jets` over all rows, the per-jet arrays over valid rows).
        var tables: [String: [ColumnJSON]]
    }

    /// What `genreco inspect dataset.h5 --json` prints: the same numbers as ``text``, for
    /// scripts and tests (sorted keys, so equal summaries give equal text).
    public func json() throws -> String {
        func encode(_ stats: [ColumnStatistics]) -> [ColumnJSON] {
            stats.map { c in
                ColumnJSON(name: c.name, unit: c.unit, min: c.count > 0 ? c.minimum : nil, max: c.count > 0 ? c.maximum : nil,
                           mean: c.count > 0 ? c.mean : nil, count: c.count, nan: c.nanCount)
            }
        }
        var tables = ["jets": encode(columns)]
        for (name, stats) in tableColumns { tables[name] = encode(stats) }
        let value = SummaryJSON(
            path: path, schemaVersion: DatasetSchema.version, genrecoVersion: metadata.genrecoVersion,
            jets: jetCount, events: eventCount,
            jetsPerLabel: Dictionary(uniqueKeysWithValues: JetLabel.allCases.map { ($0.name, jetsPerLabel[$0] ?? 0) }),
            tables: tables)
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try e.encode(value), as: UTF8.self)
    }
}
