import Foundation
import XCTest
@testable import Simulation
import Detector
import EventModel

/// A line from the origin at η = 0.3 (φ = 0.1) and its stretch in the EM barrel's middle
/// layer (stochastic terms 10 % EM, 50 % hadronic; cells 0.025 × 0.025), with the
/// volume's media and the cut-off c of its cells: the set-up of the tests that deposit
/// a stretch or spread a point there directly.
struct EMB2Stretch {
    let detector = Detector.atlasRun2
    let eta = 0.3
    let direction: Vector3
    let segment: CalorimeterSegment
    let media: CalorimeterMedia
    /// The card volume, its sampling fraction and its cells' cut-off at the active scale.
    let volume: Int
    let samplingFraction: Double
    let cutoff: Double

    /// nil (after an XCTFail) if the line has no EMB2 stretch.
    init?() {
        let detector = detector, eta = eta
        direction = Vector3(cos(0.1), sin(0.1), sinh(eta)).unit
        let segments = detector.calorimeterSegments(origin: Vector3(0, 0, 0), direction: direction)
        media = CalorimeterMedia(detector.card, cells: detector.cells, config: Simulation.Config())
        guard let segment = segments.first(where: { detector.card.calorimeter.volumes[$0.volume].name == "EMB2" }),
              let region = detector.cells.regionIndex(volume: segment.volume, eta: eta) else {
            XCTFail("no EMB2 segment at η = 0.3")
            return nil
        }
        self.segment = segment
        volume = segment.volume
        samplingFraction = media.samplingFraction[volume]
        cutoff = CalorimeterMedia.cutoff(electronicNoiseMeV: detector.cells.regions[region].electronicNoiseMeV,
                                         samplingFraction: samplingFraction, config: Simulation.Config())
    }
}
