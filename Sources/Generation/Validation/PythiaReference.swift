import Foundation

/// A Pythia 8 reference file, `reference/pythia8/*.json` (format "pythia8-reference-v1",
/// described in reference/pythia8/README.md): truth-level distributions of 2000 Pythia 8.318
/// events with their binning and unbinned statistics.
public struct PythiaReference: Decodable, Sendable {
    public var format: String
    public var point: String
    public var variant: String?
    public var nEvents: Int
    public var seed: Int?
    /// The Pythia settings the reference was made with, one `key = value` string each.
    public var pythiaSettings: [String]?
    public var observables: [String: Observable]

    /// One histogrammed observable. Bins are half-open [lo, hi); `underflow` counts values
    /// below the first edge, `overflow` values at or above the last; `entries` includes
    /// both. `mean`, `rms` (standard deviation about the mean) and the quantiles are of the
    /// unbinned values.
    public struct Observable: Decodable, Sendable {
        public var description: String?
        public var unit: String?
        public var binEdges: [Double]
        public var counts: [Double]
        public var underflow: Double
        public var overflow: Double
        public var entries: Double
        public var mean: Double
        public var rms: Double
        public var median: Double
        public var quantiles: [String: Double]?
        public var min: Double?
        public var max: Double?

        enum CodingKeys: String, CodingKey {
            case description, unit, counts, underflow, overflow, entries, mean, rms, median, quantiles, min, max
            case binEdges = "bin_edges"
        }
    }

    enum CodingKeys: String, CodingKey {
        case format, point, variant, seed, observables
        case nEvents = "n_events"
        case pythiaSettings = "pythia_settings"
    }

    public init(contentsOf url: URL) throws {
        self = try JSONDecoder().decode(PythiaReference.self, from: Data(contentsOf: url))
    }

    /// `<shared>/reference/pythia8`, where `<shared>` is `$GENRECO_SHARED` if set, else
    /// `<package root>/../shared`.
    public static func directory(packageRoot: URL) -> URL {
        let shared: URL
        if let env = ProcessInfo.processInfo.environment["GENRECO_SHARED"], !env.isEmpty {
            shared = URL(fileURLWithPath: env)
        } else {
            shared = packageRoot.deletingLastPathComponent().appendingPathComponent("shared")
        }
        return shared.appendingPathComponent("reference").appendingPathComponent("pythia8")
    }
}
