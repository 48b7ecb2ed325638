import Detector
import Digitization
import EventModel
import Foundation
import Generation
import Reconstruction

/// `genreco bench tracking`: track finding and primary vertexing on digitized signal events
/// (hss-ggf, benchmark point) at μ = 0 and μ = 40; generation, simulation and digitization
/// are done once, untimed. Targets (issue 6): the whole reconstruction ≤ 3 ms/event at μ = 0
/// and ≤ 40 ms/event at μ = 40, tracking being most of it.
enum TrackingBench {
    static func benchmarks() throws -> [Benchmark] {
        let detector = Detector.atlasRun2
        return try [(0.0, 20), (40.0, 4)].map { mu, count in
            var card = RunCard()
            card.generation.pileupMu = mu
            let generator = try EventGenerators.make(for: card)
            let raws = (0..<count).map { n in
                TrackingValidation.digitize(generator.generate(eventNumber: n), detector: detector, seed: card.run.seed)
            }
            let finder = TrackFinder(), vertexFinder = VertexFinder()
            return Benchmark(name: "tracking + vertexing, signal μ=\(Int(mu))", unit: "events", run: {
                var tracks = 0
                let seconds = timeIt {
                    for raw in raws {
                        let result = finder(raw, in: detector)
                        tracks += result.tracks.count + vertexFinder(result.tracks).count
                    }
                }
                precondition(tracks >= 0)
                return BenchSample(seconds: seconds, items: raws.count)
            }, peer: nil)
        }
    }

    /// ms/event beside each row (the runner prints events/s).
    static func summary(_ rows: [BenchRunner.Row]) {
        for r in rows {
            print(String(format: "  %@: %.2f ms/event (median), target %@", r.name, 1000 / r.ours.median,
                         r.name.hasSuffix("μ=0") ? "≤ 3 ms for the whole reconstruction" : "≤ 40 ms"))
        }
    }
}
