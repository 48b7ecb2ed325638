import CHDF5
import EventModel
import Foundation

/// Writes a GenReco training file (``DatasetSchema``) batch by batch, and makes it appear
/// under its final name only when it is complete.
///
/// ```swift
/// let writer = try DatasetWriter(path: "304795.100.1.h5",
///                                metadata: DatasetMetadata(genrecoVersion: "0.1.0", runCardTOML: card))
/// for batch in batches { try writer.append(jets: batch.jets, events: batch.events) }
/// try writer.close()          // fsync, then rename into place
/// ```
///
/// * **Atomic.** Rows go to `.<name>.tmp-<pid>` in the same folder (the farm's
///   `AtomicFile` marker, so `genreco clean` removes leftovers); ``close()`` closes HDF5,
///   fsyncs and renames. A file with its final name is complete. A writer dropped without
///   `close()` (an error, a thrown job) deletes its temporary file.
/// * **Incremental.** Each dataset is chunked and extendible along the first axis; an
///   append grows it (`H5Dset_extent`) and writes a hyperslab, so memory stays one batch.
/// * **Compressed.** Shuffle + deflate per chunk (chunks of ≤ 128 KiB uncompressed): the
///   zero padding of the per-jet arrays costs almost nothing on disk.
/// * **Reproducible.** No timestamps in object headers (`H5Pset_obj_track_times(…, 0)`),
///   a fixed file format (HDF5 1.8 objects: `H5Pset_libver_bounds(V18, V18)`), packed
///   little-endian records and zero fill: the same appends with the same metadata give
///   byte-identical files.
///
/// Not thread-safe (HDF5 is not): one writer per process at a time.
public final class DatasetWriter {
    /// Tuning that does not change the content of the file.
    public struct Options: Sendable {
        /// zlib level 1–9. 4 balances speed and size: padding compresses at any level.
        public var deflateLevel: Int = 4
        /// fsync the file before the rename (a crash cannot then leave a complete-looking
        /// name over missing bytes). Off only for scratch files.
        public var durable = true

        public init(deflateLevel: Int = 4, durable: Bool = true) {
            self.deflateLevel = deflateLevel
            self.durable = durable
        }
    }

    /// The final name of the file.
    public let path: String
    /// Where the rows go until ``close()``.
    public let temporaryPath: String
    /// Jets (rows of `jets`, `clusters`, `tracks`, `segments`) written so far.
    public private(set) var jetCount = 0
    /// Rows of `events` written so far.
    public private(set) var eventCount = 0

    private var file: hid_t = -1
    private var tables: [OpenTable] = []

    /// Creates the temporary file with empty datasets and all schema attributes.
    /// Throws ``DatasetError/missingFolder(file:folder:)`` if the folder does not exist.
    public init(path: String, metadata: DatasetMetadata, options: Options = Options()) throws {
        _ = HDF5.initialized
        self.path = path
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        temporaryPath = folder + "/." + url.lastPathComponent + ".tmp-" + String(getpid())
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw DatasetError.missingFolder(file: path, folder: folder)
        }
        do {
            try create(metadata: metadata, options: options)
        } catch {
            discard()
            throw error
        }
    }

    deinit {
        if file >= 0 { discard() }
    }

    // MARK: Appending

    /// Appends jets with their clusters, tracks and segments (each array cut to its limit,
    /// see ``JetRecord``) and events, in one call.
    public func append(jets: [JetRecord], events: [EventRow]) throws {
        try append(jets)
        try append(events)
    }

    /// Appends jets: one row each to `jets`, `clusters`, `tracks` and `segments`.
    ///
    /// If HDF5 fails part-way, the four datasets no longer line up: the writer then
    /// discards the file and rethrows, and later calls throw ``DatasetError/closed(file:)``.
    public func append(_ jets: [JetRecord]) throws {
        guard file >= 0 else { throw DatasetError.closed(file: path) }
        guard !jets.isEmpty else { return }
        do {
            try appendJets(jets)
        } catch {
            discard()
            throw error
        }
    }

    private func appendJets(_ jets: [JetRecord]) throws {
        let n = jets.count
        let stored = jets.map {
            StoredJet(jet: $0.jet,
                      clusterCount: Int16(min($0.clusters.count, DatasetSchema.clustersPerJet)),
                      trackCount: Int16(min($0.tracks.count, DatasetSchema.tracksPerJet)),
                      segmentCount: Int16(min($0.segments.count, DatasetSchema.segmentsPerJet)))
        }
        try stored.withUnsafeBytes { try appendRows(to: 0, $0.baseAddress!, count: n) }
        try padded(jets, \.clusters, DatasetSchema.clustersPerJet).withUnsafeBytes {
            try appendRows(to: 1, $0.baseAddress!, count: n)
        }
        try padded(jets, \.tracks, DatasetSchema.tracksPerJet).withUnsafeBytes {
            try appendRows(to: 2, $0.baseAddress!, count: n)
        }
        try padded(jets, \.segments, DatasetSchema.segmentsPerJet).withUnsafeBytes {
            try appendRows(to: 3, $0.baseAddress!, count: n)
        }
        jetCount += n
    }

    /// Appends events: one row each to `events`.
    public func append(_ events: [EventRow]) throws {
        guard file >= 0 else { throw DatasetError.closed(file: path) }
        guard !events.isEmpty else { return }
        do {
            try events.withUnsafeBytes { try appendRows(to: 4, $0.baseAddress!, count: events.count) }
        } catch {
            discard()
            throw error
        }
        eventCount += events.count
    }

    // MARK: Finishing

    /// Closes the file, fsyncs it (``Options/durable``) and renames it to ``path``.
    /// On failure the temporary file is removed and nothing appears under ``path``.
    public func close() throws {
        guard file >= 0 else { throw DatasetError.closed(file: path) }
        do {
            try closeHandles()
            if durable {
                let fd = open(temporaryPath, O_RDONLY | O_CLOEXEC)
                guard fd >= 0 else { throw DatasetError.io(file: temporaryPath, operation: "open for fsync", errno: errno) }
                let ok = fsync(fd) == 0
                let code = errno
                Foundation.close(fd)
                guard ok else { throw DatasetError.io(file: temporaryPath, operation: "fsync", errno: code) }
            }
            guard rename(temporaryPath, path) == 0 else {
                throw DatasetError.io(file: path, operation: "rename from \(temporaryPath)", errno: errno)
            }
        } catch {
            unlink(temporaryPath)
            throw error
        }
    }

    /// Abandons the file: closes HDF5 and deletes the temporary file. Safe to call twice.
    public func discard() {
        try? closeHandles()
        unlink(temporaryPath)
    }

    /// Writes a complete file in one go: create, one append, close.
    public static func write(jets: [JetRecord], events: [EventRow], to path: String,
                             metadata: DatasetMetadata, options: Options = Options()) throws {
        let writer = try DatasetWriter(path: path, metadata: metadata, options: options)
        try writer.append(jets: jets, events: events)
        try writer.close()
    }

    // MARK: Internals

    /// An open dataset with its memory type and current length.
    private struct OpenTable {
        let schema: TableSchema
        let dataset: hid_t
        let memoryType: hid_t
        /// Rows along the first axis.
        var rows: Int
        /// Second dimension (1 for `jets` and `events`).
        var perRow: Int { schema.rowsPerJet ?? 1 }
        var rank: Int32 { schema.rowsPerJet == nil ? 1 : 2 }
    }

    private var durable = true

    private func create(metadata: DatasetMetadata, options: Options) throws {
        durable = options.durable
        let fcpl = try HDF5.check(H5Pcreate(H5P_FILE_CREATE), "H5Pcreate(file create)", file: path)
        defer { H5Pclose(fcpl) }
        try HDF5.check(H5Pset_obj_track_times(fcpl, false), "H5Pset_obj_track_times", file: path)
        let fapl = try HDF5.check(H5Pcreate(H5P_FILE_ACCESS), "H5Pcreate(file access)", file: path)
        defer { H5Pclose(fapl) }
        try HDF5.check(H5Pset_libver_bounds(fapl, H5F_LIBVER_V18, H5F_LIBVER_V18), "H5Pset_libver_bounds", file: path)
        file = try HDF5.check(H5Fcreate(temporaryPath, H5F_ACC_TRUNC, fcpl, fapl), "H5Fcreate", file: path)

        let root = file
        try HDF5.writeAttribute(AttributeName.File.format, DatasetSchema.formatName, on: root, file: path)
        try HDF5.writeAttribute(AttributeName.File.schemaVersion, Int64(DatasetSchema.version), on: root, file: path)
        try HDF5.writeAttribute(AttributeName.File.genrecoVersion, metadata.genrecoVersion, on: root, file: path)
        try HDF5.writeAttribute(AttributeName.File.labels, DatasetSchema.labelsJSON, on: root, file: path)
        try HDF5.writeAttribute(AttributeName.File.padding, DatasetSchema.padding, on: root, file: path)
        try HDF5.writeAttribute(AttributeName.File.schema, DatasetSchema.markdown(), on: root, file: path)
        if let card = metadata.runCardTOML {
            try HDF5.writeAttribute(AttributeName.File.runCardTOML, card, on: root, file: path)
        }

        let layouts = [StoredJet.layout, ClusterRow.layout, TrackRow.layout, SegmentRow.layout, EventRow.layout]
        for (schema, layout) in zip(DatasetSchema.tables, layouts) {
            tables.append(try createTable(schema, layout, deflateLevel: options.deflateLevel))
        }
    }

    private func createTable(_ schema: TableSchema, _ layout: RowLayout, deflateLevel: Int) throws -> OpenTable {
        let perRow = schema.rowsPerJet ?? 1
        let rank: Int32 = schema.rowsPerJet == nil ? 1 : 2
        // Chunks of at most 128 KiB uncompressed, a power of two of first-axis rows.
        let rowBytes = layout.fileSize * perRow
        var chunkRows = 1
        while chunkRows * 2 * rowBytes <= 128 * 1024 { chunkRows *= 2 }
        var dims: [hsize_t] = [0, hsize_t(perRow)]
        var maxDims: [hsize_t] = [H5S_UNLIMITED, hsize_t(perRow)]
        var chunk: [hsize_t] = [hsize_t(chunkRows), hsize_t(perRow)]

        let fileType = try HDF5.fileCompound(layout, file: path)
        defer { H5Tclose(fileType) }
        let space = try HDF5.check(H5Screate_simple(rank, &dims, &maxDims), "H5Screate_simple(\(schema.name))", file: path)
        defer { H5Sclose(space) }
        let dcpl = try HDF5.check(H5Pcreate(H5P_DATASET_CREATE), "H5Pcreate(dataset create)", file: path)
        defer { H5Pclose(dcpl) }
        try HDF5.check(H5Pset_chunk(dcpl, rank, &chunk), "H5Pset_chunk(\(schema.name))", file: path)
        try HDF5.check(H5Pset_shuffle(dcpl), "H5Pset_shuffle", file: path)
        try HDF5.check(H5Pset_deflate(dcpl, UInt32(deflateLevel)), "H5Pset_deflate", file: path)
        try HDF5.check(H5Pset_obj_track_times(dcpl, false), "H5Pset_obj_track_times", file: path)
        // An explicit zero fill: the tail of the last chunk, past the dataset's end, is then
        // zeros rather than whatever memory HDF5 had, so files are reproducible.
        var zeros = [UInt8](repeating: 0, count: layout.fileSize)
        try HDF5.check(H5Pset_fill_value(dcpl, fileType, &zeros), "H5Pset_fill_value", file: path)
        let dataset = try HDF5.check(
            H5Dcreate2(file, schema.name, fileType, space, hid_t(H5P_DEFAULT), dcpl, hid_t(H5P_DEFAULT)),
            "H5Dcreate2(\(schema.name))", file: path)
        let memoryType: hid_t
        do {
            memoryType = try HDF5.memoryCompound(layout, file: path)
        } catch {
            H5Dclose(dataset)
            throw error
        }
        do {
            try HDF5.writeAttribute(AttributeName.Dataset.description, schema.description, on: dataset, file: path)
            try HDF5.writeAttribute(AttributeName.Dataset.shape, schema.shapeDescription, on: dataset, file: path)
            try HDF5.writeAttribute(AttributeName.Dataset.fields, DatasetSchema.fieldsJSON(schema), on: dataset, file: path)
            if let perJet = schema.rowsPerJet, let countField = schema.countColumn {
                try HDF5.writeAttribute(AttributeName.Dataset.rowsPerJet, Int64(perJet), on: dataset, file: path)
                try HDF5.writeAttribute(AttributeName.Dataset.countField, countField, on: dataset, file: path)
            }
        } catch {
            H5Tclose(memoryType)
            H5Dclose(dataset)
            throw error
        }
        return OpenTable(schema: schema, dataset: dataset, memoryType: memoryType, rows: 0)
    }

    /// Grows table `index` by `count` first-axis rows and writes them from `base`, which
    /// holds `count × perRow` Swift rows.
    private func appendRows(to index: Int, _ base: UnsafeRawPointer, count: Int) throws {
        let table = tables[index]
        let name = table.schema.name
        var newDims: [hsize_t] = [hsize_t(table.rows + count), hsize_t(table.perRow)]
        try HDF5.check(H5Dset_extent(table.dataset, &newDims), "H5Dset_extent(\(name))", file: path)
        let fileSpace = try HDF5.check(H5Dget_space(table.dataset), "H5Dget_space(\(name))", file: path)
        defer { H5Sclose(fileSpace) }
        var start: [hsize_t] = [hsize_t(table.rows), 0]
        var size: [hsize_t] = [hsize_t(count), hsize_t(table.perRow)]
        try HDF5.check(H5Sselect_hyperslab(fileSpace, H5S_SELECT_SET, &start, nil, &size, nil),
                       "H5Sselect_hyperslab(\(name))", file: path)
        let memorySpace = try HDF5.check(H5Screate_simple(table.rank, &size, nil), "H5Screate_simple(\(name))", file: path)
        defer { H5Sclose(memorySpace) }
        try HDF5.check(H5Dwrite(table.dataset, table.memoryType, memorySpace, fileSpace, hid_t(H5P_DEFAULT), base),
                       "H5Dwrite(\(name))", file: path)
        tables[index].rows += count
    }

    /// The per-jet arrays of `jets` laid out as `jets.count × limit` rows, zero-padded.
    private func padded<Row: StoredRow>(_ jets: [JetRecord], _ array: KeyPath<JetRecord, [Row]>, _ limit: Int) -> [Row] {
        var rows = [Row](repeating: Row.zero, count: jets.count * limit)
        rows.withUnsafeMutableBufferPointer { out in
            for (i, jet) in jets.enumerated() {
                let items = jet[keyPath: array]
                let n = min(items.count, limit)
                for k in 0..<n { out[i * limit + k] = items[k] }
            }
        }
        return rows
    }

    private func closeHandles() throws {
        guard file >= 0 else { return }
        var firstError: Error?
        for table in tables {
            if H5Tclose(table.memoryType) < 0 || H5Dclose(table.dataset) < 0, firstError == nil {
                firstError = DatasetError.hdf5(file: path, call: "H5Dclose(\(table.schema.name))", message: HDF5.errorMessage())
            }
        }
        tables.removeAll()
        if H5Fclose(file) < 0, firstError == nil {
            firstError = DatasetError.hdf5(file: path, call: "H5Fclose", message: HDF5.errorMessage())
        }
        file = -1
        if let firstError { throw firstError }
    }
}
