import Foundation

/// Merges per-job files into one run file: the rows of each input, in the order given.
///
/// The farm calls this for the run's merged output. It is byte-for-byte reproducible: the
/// merged file is a function of the concatenated rows alone. The same inputs in the same
/// order give the same bytes, and so does the same run split into jobs another way, since
/// rows are appended in blocks of exactly ``blockSize`` whatever the input boundaries, and
/// the ``DatasetWriter`` writes no timestamps. The merged file is written atomically like
/// any other.
///
/// All inputs must share the schema version (the reader checks it), `genreco_version` and
/// run card: files from different runs or code versions are not silently mixed. The merged
/// file carries that metadata.
public enum DatasetMerger {
    /// Jets (and events) appended at a time, unless told otherwise: bounds the memory a
    /// merge needs (about 3 KB per jet, so ≈ 50 MB) whatever the size of the inputs.
    public static let defaultBlockSize = 8_192

    /// What a merge wrote.
    public struct Summary: Sendable, Equatable {
        public var jets: Int
        public var events: Int
        public var inputs: Int
    }

    /// Writes `output` with the rows of `inputs` concatenated in order.
    @discardableResult
    public static func merge(_ inputs: [String], into output: String, blockSize: Int = defaultBlockSize,
                             options: DatasetWriter.Options = DatasetWriter.Options()) throws -> Summary {
        precondition(blockSize > 0, "blockSize must be positive")
        guard let first = inputs.first else {
            throw DatasetError.incompatibleInputs(file: output, reason: "no input files to merge")
        }
        let metadata = try DatasetReader(path: first).metadata
        for input in inputs.dropFirst() {
            let other = try DatasetReader(path: input).metadata
            guard other.genrecoVersion == metadata.genrecoVersion else {
                throw DatasetError.incompatibleInputs(
                    file: input, reason: "genreco_version \(other.genrecoVersion), first file has \(metadata.genrecoVersion)")
            }
            guard other.runCardTOML == metadata.runCardTOML else {
                throw DatasetError.incompatibleInputs(file: input, reason: "its run card differs from the first file's")
            }
        }
        let writer = try DatasetWriter(path: output, metadata: metadata, options: options)
        // All jets first, then all events, each in blocks of exactly `blockSize` carried
        // across input boundaries: the sequence of HDF5 operations, hence the bytes, then
        // depends on the concatenated rows only, not on how the farm split them into jobs.
        try copyInBlocks(inputs, blockSize, count: \.jetCount, read: { try $0.records($1) }, append: writer.append)
        try copyInBlocks(inputs, blockSize, count: \.eventCount, read: { try $0.events($1) }, append: writer.append)
        let summary = Summary(jets: writer.jetCount, events: writer.eventCount, inputs: inputs.count)
        try writer.close()
        return summary
    }

    private static func copyInBlocks<Row>(_ inputs: [String], _ blockSize: Int, count: KeyPath<DatasetReader, Int>,
                                          read: (DatasetReader, Range<Int>) throws -> [Row],
                                          append: ([Row]) throws -> Void) throws {
        var pending: [Row] = []
        for input in inputs {
            let reader = try DatasetReader(path: input)
            defer { reader.close() }
            let total = reader[keyPath: count]
            for start in stride(from: 0, to: total, by: blockSize) {
                pending += try read(reader, start..<min(start + blockSize, total))
                while pending.count >= blockSize {
                    try append(Array(pending.prefix(blockSize)))
                    pending.removeFirst(blockSize)
                }
            }
        }
        try append(pending)
    }
}
