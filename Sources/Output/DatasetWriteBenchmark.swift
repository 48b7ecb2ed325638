import Foundation

/// How fast the ``DatasetWriter`` stores jets: for `genreco bench` (timing lives there and
/// here, never in `swift test`).
///
/// Writes `batches` appends of `jetsPerBatch` jets with full per-jet arrays
/// (``SyntheticRows/Fill/full``: 30 clusters, 20 tracks, 30 segments each, the worst case)
/// into one file, then closes it (fsync and rename included). Row generation is done
/// before the clock starts.
public enum DatasetWriteBenchmark {
    public struct Result: Sendable {
        public var jets: Int
        public var seconds: Double
        /// Bytes of the finished file.
        public var fileBytes: Int
        /// Jets per second (each jet: 1 jet row + 30 + 20 + 30 array rows).
        public var jetsPerSecond: Double { Double(jets) / seconds }
        /// Compound records per second across the four per-jet datasets (81 per jet).
        public var recordsPerSecond: Double { jetsPerSecond * 81 }
    }

    public static func run(jetsPerBatch: Int = 1_000, batches: Int = 10, directory: String,
                           options: DatasetWriter.Options = DatasetWriter.Options()) throws -> Result {
        var batch = SyntheticRows.batch(events: 0..<Int64(jetsPerBatch), seed: 1, fill: .full)
        batch.jets = Array(batch.jets.prefix(jetsPerBatch))
        let path = directory + "/genreco-write-bench.h5"
        let clock = ContinuousClock()
        let start = clock.now
        let writer = try DatasetWriter(path: path, metadata: DatasetMetadata(genrecoVersion: "bench"), options: options)
        for _ in 0..<batches { try writer.append(batch.jets) }
        try writer.close()
        let elapsed = clock.now - start
        let bytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        try? FileManager.default.removeItem(atPath: path)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        return Result(jets: jetsPerBatch * batches, seconds: seconds, fileBytes: bytes)
    }
}
