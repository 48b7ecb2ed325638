import Foundation
import XCTest
@testable import Digitization
@testable import Simulation
import Detector
import EventModel

/// Dead channels (issue 5, digitization): the card's dead fractions, fixed per channel, read
/// nothing — neither signal nor noise — in every event.
final class DeadChannelTests: XCTestCase {
    let detector = Detector.atlasRun2

    func digitize(_ hits: SimHits, config: Digitization.Config, event: UInt64 = 0) -> RawEvent {
        var rng = RandomStream(seed: 11, event: event, stage: Digitization.stage)
        return Digitization(config: config)(hits, in: detector, rng: &rng)
    }

    /// Per volume, the dead cells are a binomial sample of the card's fraction (tolerance
    /// 4 σ of the binomial), and the same cells on every build of the detector.
    func testDeadCellsFollowTheCardFractions() throws {
        let rebuilt = try Detector(card: .atlasRun2)
        XCTAssertEqual(rebuilt.deadCells, detector.deadCells)
        for (v, volume) in detector.card.calorimeter.volumes.enumerated() where volume.kind != .passive {
            let ids = detector.cells.regionsOfVolume[v].flatMap { r -> [Int] in
                let region = detector.cells.regions[r]
                return Array(region.firstID..<(region.firstID + region.cellCount))
                    + Array((region.firstID + region.perSide)..<(region.firstID + region.perSide + region.cellCount))
            }
            let dead = ids.filter { detector.deadCells[$0] }.count
            let n = Double(ids.count), f = volume.deadCellFraction
            XCTAssertEqual(Double(dead), n * f, accuracy: 4 * (n * f * (1 - f)).squareRoot() + 1, volume.name)
        }
        XCTAssertGreaterThan(detector.deadCells.filter { $0 }.count, 100)
    }

    /// A dead cell with 5 GeV reads nothing and is counted; a live neighbour with the same
    /// energy is read out (noise off to isolate the effect); with dead channels off both are.
    func testDeadCellReadsNoSignal() throws {
        let emb2 = detector.volumeIndex(named: "EMB2")!
        let region = detector.cells.regions[detector.cells.regionsOfVolume[emb2][0]]
        let ids = region.firstID..<(region.firstID + region.cellCount)
        let dead = try XCTUnwrap(ids.first { detector.deadCells[$0] })
        let live = try XCTUnwrap(ids.first { !detector.deadCells[$0] })
        let sf = Float(detector.card.calorimeter.volumes[emb2].samplingFraction)
        var hits = SimHits()
        hits.calorimeterDeposits = [live, dead].sorted().map {
            CalorimeterSimDeposit(cell: CellID($0), activeEnergy: 5 * sf, depositedEnergy: 5, time: 6)
        }
        var config = Digitization.Config.noiseFree
        config.deadChannels = true
        let raw = digitize(hits, config: config)
        XCTAssertEqual(raw.calorimeterCells.map { Int($0.cell) }, [live])
        XCTAssertEqual(raw.stats.deadCellsWithSignal, 1)
        config.deadChannels = false
        XCTAssertEqual(Set(digitize(hits, config: config).calorimeterCells.map { Int($0.cell) }), [live, dead])
    }

    /// Noise is sampled in live cells only: no pure-noise cell of an empty event is dead,
    /// and the number stored drops by about the dead fraction.
    func testDeadCellsHaveNoNoise() {
        let raw = digitize(SimHits(), config: Digitization.Config())
        XCTAssertGreaterThan(raw.calorimeterCells.count, 5_000)
        XCTAssertFalse(raw.calorimeterCells.contains { detector.deadCells[Int($0.cell)] })
    }

    /// SCT barrel layer 0 (card dead fraction 1.4 %): of 4 000 particles crossing at normal
    /// incidence, each firing one or two strips per side, the axial side loses a hit when
    /// its strips are dead: ≈ 1.4 % (plus a little for two-strip clusters split by a dead
    /// strip, which keep a cluster). Binomial tolerance 4 σ. Without dead channels none is lost.
    func testDeadStripsLoseTheirHits() throws {
        let surface = try XCTUnwrap(detector.trackerSurfaces.first { $0.name == "SCTB0" })
        let r = 299.0
        var rng = RandomStream(seed: 5, event: 0, stage: .particleGun)
        var hits = SimHits()
        let n = 4_000
        for k in 0..<n {
            // Evenly spaced in φ (≈ 6 strips apart): no two hits share a cluster.
            let phi = -Double.pi + (Double(k) + rng.uniform(0.2, 0.8)) * 2 * Double.pi / Double(n), z = rng.uniform(-700, 700)
            let direction = Vector3(cos(phi), sin(phi), 0)
            hits.trackerHits.append(TrackerSimHit(surface: Int32(surface.index), position: Vector3(r * cos(phi), r * sin(phi), z),
                                                  direction: direction, momentum: 10, energyDeposit: 85e-6,
                                                  time: 1, particle: Int32(k), pdgID: 13, isSecondary: false))
        }
        var config = Digitization.Config.noiseFree
        func axialHitsFound(_ raw: RawEvent) -> Int {
            Set(raw.trackerClusters.filter { $0.side == 0 && $0.truthParticle >= 0 }.map(\.truthParticle)).count
        }
        XCTAssertEqual(axialHitsFound(digitize(hits, config: config)), n)
        config.deadChannels = true
        let raw = digitize(hits, config: config)
        let lost = Double(n - axialHitsFound(raw))
        let f = surface.readout.deadChannelFraction
        XCTAssertEqual(f, 0.014)
        XCTAssertEqual(lost, Double(n) * f, accuracy: 4 * (Double(n) * f).squareRoot())
        XCTAssertGreaterThan(raw.stats.deadChannelsWithCharge, 0)
    }
}
