import Foundation
import Output

/// Writing the training dataset: 1000-jet batches with full cluster, track and segment
/// arrays (81 records per jet), compressed, fsynced and renamed into place, as a job does.
enum DatasetBench {
    static func benchmark() -> Benchmark {
        Benchmark(name: "write HDF5 dataset", unit: "jets", run: {
            let r = try DatasetWriteBenchmark.run(directory: NSTemporaryDirectory())
            return BenchSample(seconds: r.seconds, items: r.jets, bytes: r.fileBytes)
        }, peer: nil)
    }
}
