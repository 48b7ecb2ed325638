import Detector
import Digitization
import EventModel
import Foundation

/// Timing of the calorimeter and muon steps of reconstruction on digitized events, for a
/// `genreco bench` suite (speed is measured by the bench, never asserted by a test):
/// topo-clustering, anti-kt R = 0.4 on the clusters plus the jet calibration, and muon
/// segment finding — each in ms/event of thread CPU time, the best of `repetitions` passes
/// after one untimed warm-up pass (which also builds the cell-neighbour table once).
public enum CalorimeterReconstructionBenchmark {
    public struct Result: Sendable, CustomStringConvertible {
        public var events: Int
        public var meanCells: Double
        public var meanClusters: Double
        public var meanJets: Double
        public var meanSegments: Double
        /// Best pass, ms per event.
        public var topoClusterMS: Double
        public var jetsMS: Double
        public var segmentsMS: Double

        public var description: String {
            String(format: "%d events, %.0f cells → %.1f clusters, %.1f jets (pT > 20 GeV), %.1f segments: "
                   + "topo-clusters %.3f ms, jets + calibration %.3f ms, segments %.4f ms per event",
                   events, meanCells, meanClusters, meanJets, meanSegments, topoClusterMS, jetsMS, segmentsMS)
        }
    }

    public static func measure(_ raws: [RawEvent], detector: Detector, pileupMu: Double = 0,
                               repetitions: Int = 5) -> Result {
        let clusterer = TopoClusterer(config: TopoClusterConfig(pileupMu: pileupMu))
        let finder = SegmentFinder()
        let calibration = JetCalibration.atlasRun2
        let definition = JetDefinition(.antiKt, radius: 0.4)
        // CPU time of this thread, not wall time: on a shared machine the wall clock counts
        // the time other processes hold the core.
        func now() -> UInt64 {
            var ts = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
            return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
        }
        var best = (Double.infinity, Double.infinity, Double.infinity)
        var counts = (0, 0, 0, 0)
        for pass in 0...repetitions {
            var clustersOfEvent: [[FourVector]] = []
            let t0 = now()
            for raw in raws {
                clustersOfEvent.append(clusterer(raw, in: detector).filter { $0.energy > 0 }.map(\.momentum))
            }
            let t1 = now()
            var jets = 0
            for inputs in clustersOfEvent {
                jets += cluster(inputs, definition).map { calibration.calibrated($0.momentum) }.filter { $0.pt >= 20 }.count
            }
            let t2 = now()
            var segments = 0
            for raw in raws { segments += finder(raw, in: detector).count }
            let t3 = now()
            guard pass > 0 else {
                counts = (raws.reduce(0) { $0 + $1.calorimeterCells.count }, clustersOfEvent.reduce(0) { $0 + $1.count },
                          jets, segments)
                continue
            }
            let n = Double(max(raws.count, 1)) * 1e6
            best = (min(best.0, Double(t1 - t0) / n), min(best.1, Double(t2 - t1) / n), min(best.2, Double(t3 - t2) / n))
        }
        let n = Double(max(raws.count, 1))
        return Result(events: raws.count, meanCells: Double(counts.0) / n, meanClusters: Double(counts.1) / n,
                      meanJets: Double(counts.2) / n, meanSegments: Double(counts.3) / n,
                      topoClusterMS: best.0, jetsMS: best.1, segmentsMS: best.2)
    }
}
