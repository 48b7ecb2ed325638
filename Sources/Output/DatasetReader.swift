import CHDF5
import Foundation

/// Reads a GenReco training file back: shapes, rows, attributes. Used by `genreco inspect`,
/// by the ``DatasetMerger`` and by tests.
///
/// ```swift
/// let reader = try DatasetReader(path: "304795.h5")
/// print(reader.jetCount, reader.metadata.genrecoVersion)
/// let first100 = try reader.records(0..<100)     // jets with their clusters, tracks, segments
/// ```
///
/// Opening checks, in order, so each failure says what is wrong: the file exists, it is
/// HDF5, its `format` attribute says GenReco, its `schema_version` is this one, each
/// dataset has exactly the columns of ``DatasetSchema``, and the shapes agree (N jets in
/// all four per-jet datasets, 30/20/30 rows per jet). Rows are read by field name, so the
/// file's packed layout maps onto Swift's own.
///
/// Not thread-safe (HDF5 is not).
public final class DatasetReader {
    public let path: String
    /// N: rows of `jets` (and of `clusters`, `tracks`, `segments`).
    public let jetCount: Int
    /// M: rows of `events`.
    public let eventCount: Int
    /// The file's `genreco_version` and `run_card_toml`.
    public let metadata: DatasetMetadata

    private var file: hid_t = -1
    /// The five datasets, in ``DatasetSchema/tables`` order.
    private var datasets: [hid_t] = []

    public init(path: String) throws {
        _ = HDF5.initialized
        self.path = path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw DatasetError.fileNotFound(file: path)
        }
        let isHDF5 = H5Fis_hdf5(path)
        if isHDF5 < 0 { throw DatasetError.hdf5(file: path, call: "H5Fis_hdf5", message: HDF5.errorMessage()) }
        guard isHDF5 > 0 else { throw DatasetError.notHDF5(file: path) }

        var opened: hid_t = -1
        var openedSets: [hid_t] = []
        do {
            opened = try HDF5.check(H5Fopen(path, H5F_ACC_RDONLY, hid_t(H5P_DEFAULT)), "H5Fopen", file: path)
            let root = try Self.readRootAttributes(opened, path: path)
            for table in DatasetSchema.tables {
                openedSets.append(try Self.openChecked(table, in: opened, path: path))
            }
            let shapes = try openedSets.map { try Self.shape(of: $0, path: path) }
            let n = shapes[0].first ?? 0
            for (table, shape) in zip(DatasetSchema.tables, shapes) {
                let expected = table.rowsPerJet.map { [table.name == "events" ? shape[0] : n, $0] }
                    ?? [table.name == "events" ? shape[0] : n]
                guard shape == expected else {
                    throw DatasetError.notADataset(file: path, reason: "\(table.name) has shape \(shape), expected \(expected)")
                }
            }
            jetCount = n
            eventCount = shapes[4][0]
            metadata = root
        } catch {
            for d in openedSets { H5Dclose(d) }
            if opened >= 0 { H5Fclose(opened) }
            throw error
        }
        file = opened
        datasets = openedSets
    }

    deinit { close() }

    /// Releases the file. Reading afterwards throws ``DatasetError/closed(file:)``.
    public func close() {
        for d in datasets { H5Dclose(d) }
        datasets.removeAll()
        if file >= 0 { H5Fclose(file) }
        file = -1
    }

    // MARK: Shapes and attributes

    /// The dimensions of dataset `name` ("jets", "clusters", …).
    public func shape(of name: String) throws -> [Int] {
        try Self.shape(of: try dataset(name), path: path)
    }

    /// The attributes of the root group (the file's schema, versions, run card).
    public func fileAttributes() throws -> [String: AttributeValue] {
        guard file >= 0 else { throw DatasetError.closed(file: path) }
        return try Self.attributes(of: file, path: path)
    }

    /// The attributes of dataset `name` (description, shape, fields JSON, …).
    public func attributes(of name: String) throws -> [String: AttributeValue] {
        try Self.attributes(of: try dataset(name), path: path)
    }

    // MARK: Rows

    /// Rows of `jets` (all of them if `range` is nil). Like an array subscript, a range
    /// outside `0..<jetCount` is a programming error and traps; so for the methods below.
    public func jets(_ range: Range<Int>? = nil) throws -> [JetRow] {
        try storedJets(range ?? 0..<jetCount).map(\.jet)
    }

    /// Jets with their clusters, tracks and segments, each array as long as its count.
    public func records(_ range: Range<Int>? = nil) throws -> [JetRecord] {
        let r = range ?? 0..<jetCount
        let jets = try storedJets(r)
        let clusters: [ClusterRow] = try readRows(1, r)
        let tracks: [TrackRow] = try readRows(2, r)
        let segments: [SegmentRow] = try readRows(3, r)
        return jets.enumerated().map { i, s in
            JetRecord(jet: s.jet,
                      clusters: Array(clusters[(i * DatasetSchema.clustersPerJet)...].prefix(Int(s.clusterCount))),
                      tracks: Array(tracks[(i * DatasetSchema.tracksPerJet)...].prefix(Int(s.trackCount))),
                      segments: Array(segments[(i * DatasetSchema.segmentsPerJet)...].prefix(Int(s.segmentCount))))
        }
    }

    /// Rows of `events` (all of them if `range` is nil).
    public func events(_ range: Range<Int>? = nil) throws -> [EventRow] {
        try readRows(4, range ?? 0..<eventCount)
    }

    /// `jets` records with their counts, checked: labels are valid codes and counts lie
    /// within the per-jet limits (else the file is not one this code can trust).
    func storedJets(_ range: Range<Int>) throws -> [StoredJet] {
        let rows: [StoredJet] = try readRows(0, range)
        for (i, row) in rows.enumerated() {
            guard JetLabel(rawValue: row.jet.labelCode) != nil else {
                throw DatasetError.notADataset(file: path, reason: "jets row \(range.lowerBound + i) has label \(row.jet.labelCode)")
            }
            guard (0...Int16(DatasetSchema.clustersPerJet)).contains(row.clusterCount),
                  (0...Int16(DatasetSchema.tracksPerJet)).contains(row.trackCount),
                  (0...Int16(DatasetSchema.segmentsPerJet)).contains(row.segmentCount) else {
                throw DatasetError.notADataset(file: path, reason: "jets row \(range.lowerBound + i) has counts out of range")
            }
        }
        return rows
    }

    /// Reads first-axis rows `range` of table `index` (all of its second axis).
    func readRows<Row: StoredRow>(_ index: Int, _ range: Range<Int>) throws -> [Row] {
        let table = DatasetSchema.tables[index]
        let perRow = table.rowsPerJet ?? 1
        let total = index == 4 ? eventCount : jetCount
        guard range.lowerBound >= 0, range.upperBound <= total else {
            preconditionFailure("rows \(range) of \(table.name) requested, the file has \(total)")
        }
        guard !range.isEmpty else { return [] }
        let dataset = try dataset(table.name)
        let memoryType = try HDF5.memoryCompound(Row.layout, file: path)
        defer { H5Tclose(memoryType) }
        let rank: Int32 = table.rowsPerJet == nil ? 1 : 2
        let fileSpace = try HDF5.check(H5Dget_space(dataset), "H5Dget_space(\(table.name))", file: path)
        defer { H5Sclose(fileSpace) }
        var start: [hsize_t] = [hsize_t(range.lowerBound), 0]
        var count: [hsize_t] = [hsize_t(range.count), hsize_t(perRow)]
        try HDF5.check(H5Sselect_hyperslab(fileSpace, H5S_SELECT_SET, &start, nil, &count, nil),
                       "H5Sselect_hyperslab(\(table.name))", file: path)
        let memorySpace = try HDF5.check(H5Screate_simple(rank, &count, nil), "H5Screate_simple", file: path)
        defer { H5Sclose(memorySpace) }
        var rows = [Row](repeating: Row.zero, count: range.count * perRow)
        _ = try rows.withUnsafeMutableBytes { buffer in
            try HDF5.check(H5Dread(dataset, memoryType, memorySpace, fileSpace, hid_t(H5P_DEFAULT), buffer.baseAddress),
                           "H5Dread(\(table.name))", file: path)
        }
        return rows
    }

    // MARK: Internals

    private func dataset(_ name: String) throws -> hid_t {
        guard file >= 0 else { throw DatasetError.closed(file: path) }
        guard let i = DatasetSchema.tables.firstIndex(where: { $0.name == name }) else {
            throw DatasetError.notADataset(file: path, reason: "GenReco files have no dataset \(name)")
        }
        return datasets[i]
    }

    private static func shape(of dataset: hid_t, path: String) throws -> [Int] {
        let space = try HDF5.check(H5Dget_space(dataset), "H5Dget_space", file: path)
        defer { H5Sclose(space) }
        let rank = try HDF5.check(H5Sget_simple_extent_ndims(space), "H5Sget_simple_extent_ndims", file: path)
        var dims = [hsize_t](repeating: 0, count: Int(rank))
        try HDF5.check(H5Sget_simple_extent_dims(space, &dims, nil), "H5Sget_simple_extent_dims", file: path)
        return dims.map { Int($0) }
    }

    private static func attributes(of object: hid_t, path: String) throws -> [String: AttributeValue] {
        var result: [String: AttributeValue] = [:]
        for name in try HDF5.attributeNames(of: object, file: path) {
            result[name] = try HDF5.readAttribute(name, of: object, file: path)
        }
        return result
    }

    private static func readRootAttributes(_ file: hid_t, path: String) throws -> DatasetMetadata {
        let attributes = try Self.attributes(of: file, path: path)
        guard attributes[AttributeName.File.format]?.stringValue == DatasetSchema.formatName else {
            throw DatasetError.notADataset(file: path, reason: "no \"\(AttributeName.File.format)\" attribute saying \"\(DatasetSchema.formatName)\"")
        }
        let version = attributes[AttributeName.File.schemaVersion]?.integerValue
        guard version == Int64(DatasetSchema.version) else {
            throw DatasetError.notADataset(file: path, reason: "schema version \(version.map(String.init) ?? "missing"); this GenReco reads version \(DatasetSchema.version)")
        }
        return DatasetMetadata(genrecoVersion: attributes[AttributeName.File.genrecoVersion]?.stringValue ?? "",
                               runCardTOML: attributes[AttributeName.File.runCardTOML]?.stringValue)
    }

    /// Opens a dataset and checks that its fields are exactly the schema's columns.
    private static func openChecked(_ table: TableSchema, in file: hid_t, path: String) throws -> hid_t {
        guard H5Lexists(file, table.name, hid_t(H5P_DEFAULT)) > 0 else {
            throw DatasetError.notADataset(file: path, reason: "no dataset \"\(table.name)\"")
        }
        let dataset = try HDF5.check(H5Dopen2(file, table.name, hid_t(H5P_DEFAULT)), "H5Dopen2(\(table.name))", file: path)
        let type = H5Dget_type(dataset)
        let names = type >= 0 ? HDF5.compoundFieldNames(type) : nil
        if type >= 0 { H5Tclose(type) }
        guard names == table.columns.map(\.name) else {
            H5Dclose(dataset)
            throw DatasetError.notADataset(file: path, reason: "\(table.name) has fields \(names ?? []), expected \(table.columns.map(\.name))")
        }
        return dataset
    }
}
