import Foundation

/// What `genreco inspect dataset.h5` prints: counts, jets per label, and the range
/// (min, max, mean) of every `jets` column, NaNs counted apart.
///
/// Computed in one streaming pass over `jets` in blocks, so it works on a merged run file
/// of any size in bounded memory.
public struct DatasetSummary: Sendable {
    /// Range of one column over all jets, NaN values excluded.
    public struct ColumnStatistics: Sendable, Equatable {
        public var name: String
        public var unit: String
        public var minimum = Double.infinity
        public var maximum = -Double.infinity
        /// Sum of the non-NaN values.
        public var sum = 0.0
        /// Values counted (non-NaN).
        public var count = 0
        public var nanCount = 0

        /// Mean of the non-NaN values (NaN if there are none).
        public var mean: Double { count > 0 ? sum / Double(count) : .nan }
    }

    public let path: String
    public let metadata: DatasetMetadata
    public let jetCount: Int
    public let eventCount: Int
    /// Jets per label, every label present (0 where none).
    public let jetsPerLabel: [JetLabel: Int]
    /// One entry per `jets` column, in schema order.
    public let columns: [ColumnStatistics]
    /// Per dataset (`clusters`, `tracks`, `segments`, `events`), one entry per column, over
    /// the valid rows only (the zero padding past `n_clusters` etc. is left out).
    public let tableColumns: [(table: String, columns: [ColumnStatistics])]

    /// Reads the whole `jets` dataset of `reader` in blocks of `blockSize` rows.
    public init(_ reader: DatasetReader, blockSize: Int = 65_536) throws {
        let layout = StoredJet.layout
        var stats = layout.columns.map { ColumnStatistics(name: $0.name, unit: $0.unit) }
        var perLabel = Dictionary(uniqueKeysWithValues: JetLabel.allCases.map { ($0, 0) })
        for start in stride(from: 0, to: reader.jetCount, by: blockSize) {
            let rows = try reader.storedJets(start..<min(start + blockSize, reader.jetCount))
            for row in rows { perLabel[row.jet.label, default: 0] += 1 }
            rows.withUnsafeBytes { raw in
                for i in 0..<rows.count {
                    let base = raw.baseAddress! + i * layout.stride
                    for (k, column) in layout.columns.enumerated() {
                        let v = column.kind.load(from: base + layout.memoryOffsets[k])
                        if v.isNaN {
                            stats[k].nanCount += 1
                        } else {
                            stats[k].minimum = min(stats[k].minimum, v)
                            stats[k].maximum = max(stats[k].maximum, v)
                            stats[k].sum += v
                            stats[k].count += 1
                        }
                    }
                }
            }
        }
        var clusterStats = ClusterRow.layout.columns.map { ColumnStatistics(name: $0.name, unit: $0.unit) }
        var trackStats = TrackRow.layout.columns.map { ColumnStatistics(name: $0.name, unit: $0.unit) }
        var segmentStats = SegmentRow.layout.columns.map { ColumnStatistics(name: $0.name, unit: $0.unit) }
        // Records come back cut to their valid rows, so padding never enters the ranges.
        let recordBlock = max(1, blockSize / 32)
        for start in stride(from: 0, to: reader.jetCount, by: recordBlock) {
            let records = try reader.records(start..<min(start + recordBlock, reader.jetCount))
            for r in records {
                Self.accumulate(r.clusters, ClusterRow.layout, into: &clusterStats)
                Self.accumulate(r.tracks, TrackRow.layout, into: &trackStats)
                Self.accumulate(r.segments, SegmentRow.layout, into: &segmentStats)
            }
        }
        var eventStats = EventRow.layout.columns.map { ColumnStatistics(name: $0.name, unit: $0.unit) }
        for start in stride(from: 0, to: reader.eventCount, by: blockSize) {
            Self.accumulate(try reader.events(start..<min(start + blockSize, reader.eventCount)), EventRow.layout, into: &eventStats)
        }
        tableColumns = [("clusters", clusterStats), ("tracks", trackStats), ("segments", segmentStats), ("events", eventStats)]
        path = reader.path
        metadata = reader.metadata
        jetCount = reader.jetCount
        eventCount = reader.eventCount
        jetsPerLabel = perLabel
        columns = stats
    }

    /// Opens `path` and summarizes it.
    public init(path: String) throws {
        let reader = try DatasetReader(path: path)
        defer { reader.close() }
        try self.init(reader)
    }

    /// Adds every column of `rows` to `stats` (one entry per column of `layout`).
    private static func accumulate<Row>(_ rows: [Row], _ layout: RowLayout, into stats: inout [ColumnStatistics]) {
        rows.withUnsafeBytes { raw in
            for i in 0..<rows.count {
                let base = raw.baseAddress! + i * layout.stride
                for (k, column) in layout.columns.enumerated() {
                    let v = column.kind.load(from: base + layout.memoryOffsets[k])
                    if v.isNaN {
                        stats[k].nanCount += 1
                    } else {
                        stats[k].minimum = min(stats[k].minimum, v)
                        stats[k].maximum = max(stats[k].maximum, v)
                        stats[k].sum += v
                        stats[k].count += 1
                    }
                }
            }
        }
    }

    /// The text `genreco inspect` prints.
    public var text: String {
        var s = "\(path): \(DatasetSchema.formatName), schema \(DatasetSchema.version), genreco \(metadata.genrecoVersion)\n"
        s += "  jets      \(jetCount)   (clusters \(jetCount) × \(DatasetSchema.clustersPerJet), "
        s += "tracks \(jetCount) × \(DatasetSchema.tracksPerJet), segments \(jetCount) × \(DatasetSchema.segmentsPerJet))\n"
        s += "  events    \(eventCount)\n"
        if let card = metadata.runCardTOML {
            s += "  run card  \(card.split(separator: "\n", omittingEmptySubsequences: false).count) lines (attribute run_card_toml)\n"
        }
        s += "  jets per label:"
        for label in JetLabel.allCases {
            let n = jetsPerLabel[label] ?? 0
            let share = jetCount > 0 ? 100 * Double(n) / Double(jetCount) : 0
            s += "  \(label.rawValue) \(label.name) \(n) (\(String(format: "%.1f", share)) %)"
        }
        s += "\n\n"
        s += "  " + pad("column", 24) + pad("min", 13, right: true) + pad("max", 13, right: true)
            + pad("mean", 13, right: true) + pad("NaN", 9, right: true) + "\n"
        s += rows(columns)
        for (table, stats) in tableColumns {
            let n = stats.first?.count ?? 0
            s += "\n  \(table): \(n) \(table == "events" ? "rows" : "valid rows (padding left out)")\n"
            s += rows(stats)
        }
        return s
    }

    private func rows(_ stats: [ColumnStatistics]) -> String {
        var s = ""
        for c in stats {
            s += "  " + pad(c.name, 24) + pad(number(c.count > 0 ? c.minimum : .nan), 13, right: true)
                + pad(number(c.count > 0 ? c.maximum : .nan), 13, right: true)
                + pad(number(c.mean), 13, right: true) + pad(c.nanCount > 0 ? String(c.nanCount) : "", 9, right: true) + "\n"
        }
        return s
    }

    private func number(_ v: Double) -> String {
        if v.isNaN { return "–" }
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return String(format: "%.6g", v)
    }

    private func pad(_ s: String, _ width: Int, right: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(0, width - s.count))
        return right ? fill + s : s + fill
    }
}
