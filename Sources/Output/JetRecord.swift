/// A jet with its per-jet arrays: what reconstruction hands to the ``DatasetWriter`` for
/// one jet, and what the ``DatasetReader`` gives back.
///
/// Order the arrays as the network should see them (the CalRatio RNN: leading pT first).
/// The file keeps at most 30 clusters, 20 tracks and 30 segments per jet
/// (``DatasetSchema/clustersPerJet`` etc.); the writer keeps the first ones and drops the
/// rest, so a record read back may be shorter than the one written, never different.
public struct JetRecord: Sendable, Equatable {
    public var jet: JetRow
    public var clusters: [ClusterRow]
    public var tracks: [TrackRow]
    public var segments: [SegmentRow]

    public init(jet: JetRow, clusters: [ClusterRow] = [], tracks: [TrackRow] = [], segments: [SegmentRow] = []) {
        self.jet = jet
        self.clusters = clusters
        self.tracks = tracks
        self.segments = segments
    }

    /// The record as the file holds it: each array cut to the dataset's limit.
    public var truncatedToFileLimits: JetRecord {
        JetRecord(jet: jet,
                  clusters: Array(clusters.prefix(DatasetSchema.clustersPerJet)),
                  tracks: Array(tracks.prefix(DatasetSchema.tracksPerJet)),
                  segments: Array(segments.prefix(DatasetSchema.segmentsPerJet)))
    }
}

/// A `jets` record as stored: the jet plus how many rows of each per-jet array are real.
/// The counts are the padding convention (rows past them are zero), so readers need no mask.
struct StoredJet: StoredRow {
    var jet: JetRow
    var clusterCount: Int16
    var trackCount: Int16
    var segmentCount: Int16

    static let bindings: [ColumnBinding<StoredJet>] =
        JetRow.bindings.map { b in
            // Appending a JetRow path to a StoredJet → JetRow path always succeeds.
            let path = (\StoredJet.jet as PartialKeyPath<StoredJet>).appending(path: b.keyPath as AnyKeyPath)!
            return ColumnBinding(path, b.column)
        } + [
            .init(\.clusterCount, Column("n_clusters", .int16, "valid rows of clusters[i]; rows past it are zero")),
            .init(\.trackCount, Column("n_tracks", .int16, "valid rows of tracks[i]; rows past it are zero")),
            .init(\.segmentCount, Column("n_segments", .int16, "valid rows of segments[i]; rows past it are zero")),
        ]
    static let layout = RowLayout(StoredJet.self, bindings)
    static var zero: StoredJet { StoredJet(jet: .zero, clusterCount: 0, trackCount: 0, segmentCount: 0) }
}
