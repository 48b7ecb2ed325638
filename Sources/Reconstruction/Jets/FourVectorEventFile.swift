import EventModel
import Foundation

/// A plain binary file of events of four-vectors, to hand the same inputs, bit for bit, to
/// an external program (FastJet through `scripts/fastjet_cluster.py` and
/// `scripts/fastjet_bench.py`). Layout, little-endian: per event a UInt64 count n, then n
/// records of four Float64 (px, py, pz, E).
public enum FourVectorEventFile {
    public static func encode(_ events: [[FourVector]]) -> Data {
        var data = Data(capacity: events.reduce(0) { $0 + 8 + 32 * $1.count })
        for event in events {
            var n = UInt64(event.count).littleEndian
            withUnsafeBytes(of: &n) { data.append(contentsOf: $0) }
            for p in event {
                for x in [p.px, p.py, p.pz, p.e] {
                    var bits = x.bitPattern.littleEndian
                    withUnsafeBytes(of: &bits) { data.append(contentsOf: $0) }
                }
            }
        }
        return data
    }

    public static func write(_ events: [[FourVector]], to path: String) throws {
        try encode(events).write(to: URL(fileURLWithPath: path))
    }
}
