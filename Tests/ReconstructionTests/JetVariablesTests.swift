import EventModel
import Foundation
@testable import Reconstruction
import XCTest

/// The CalRatio per-jet variables (arXiv:1902.03094, arXiv:2203.01009) on hand-made
/// clusters, tracks and segments whose answers follow from the definitions by hand.
final class JetVariablesTests: XCTestCase {
    let calc = JetVariableCalculator()

    func cluster(e: Double, eta: Double = 0, phi: Double = 0, em: Double = 0, had: Double = 0, time: Double = 0) -> TopoCluster {
        TopoCluster(energy: e, eta: eta, phi: phi, time: time, emLayerEnergies: [em, 0, 0, 0],
                    hadronicLayerEnergies: [0, had, 0, 0], cells: [])
    }

    func track(pt: Double, eta: Double = 0, phi: Double = 0) -> Track {
        let theta = 2 * atan(exp(-eta))
        let p = pt / sin(theta)
        return Track(parameters: PerigeeParameters(d0: 0, z0: 0, phi: phi, theta: theta, qOverP: 1 / p),
                     covariance: Array(repeating: 0, count: 25), chi2: 1, ndf: 1, clusters: [],
                     pixelHits: 4, stripHits: 8, holes: 0, sharedHits: 0, truthParticle: -1, truthMatchFraction: 0)
    }

    func segment(eta: Double, phi: Double) -> MuonSegment {
        // A point at r = 7 m with the requested η and φ.
        let r = 7000.0
        let pos = Vector3(r * cos(phi), r * sin(phi), r * sinh(eta))
        return MuonSegment(position: pos, direction: Vector3(0, 0, 1), chi2: 1, ndf: 2, t0: 0, station: 0, digits: [])
    }

    func testEMFractionAndLogRatioFromTheLayerSums() {
        // E_EM = 10 + 0, E_H = 5 + 85 ⇒ f_EM = 10/100, log10(90/10) = log10 9.
        let cs = [cluster(e: 15, em: 10, had: 5), cluster(e: 85, phi: 0.1, had: 85)]
        let v = calc.variables(eta: 0, phi: 0, constituents: [0, 1], clusters: cs, tracks: [])
        XCTAssertEqual(v.emEnergy, 10, accuracy: 1e-12)
        XCTAssertEqual(v.hadronicEnergy, 90, accuracy: 1e-12)
        XCTAssertEqual(v.emFraction, 0.1, accuracy: 1e-12)
        XCTAssertEqual(v.logRatio, log10(9.0), accuracy: 1e-12)
    }

    func testLogRatioIsClampedWhenALayerSumIsEmptyOrNegative() {
        XCTAssertEqual(calc.logRatio(em: 0, hadronic: 50), 4, "no EM energy: the +4 cap")
        XCTAssertEqual(calc.logRatio(em: 50, hadronic: 0), -4, "no hadronic energy: the −4 cap")
        XCTAssertEqual(calc.logRatio(em: 0, hadronic: 0), 0)
        XCTAssertEqual(calc.logRatio(em: 1e-6, hadronic: 50), 4, "log10(5·10⁷) > 4 is cut to 4")
        // A negative EM sum (noise) counts as 0: all hadronic.
        let cs = [cluster(e: 40, em: -0.3, had: 40.3)]
        let v = calc.variables(eta: 0, phi: 0, constituents: [0], clusters: cs, tracks: [])
        XCTAssertEqual(v.emEnergy, 0)
        XCTAssertEqual(v.emFraction, 0)
        XCTAssertEqual(v.logRatio, 4)
        XCTAssertTrue(v.logRatio > 1.2, "an all-hadronic jet passes the CalRatio cut")
    }

    func testTrackVetoCountsTracksAbove2GeVWithinDeltaR02() {
        let tracks = [
            track(pt: 3, phi: 0.1),          // in: ΔR 0.1, pT 3
            track(pt: 1.5, phi: 0.05),       // out: pT below 2 GeV
            track(pt: 2.0, eta: 0.1),        // out: pT > 2 GeV is strict
            track(pt: 10, phi: 0.25),        // out: ΔR 0.25
            track(pt: 5, eta: 0.15),         // in: ΔR 0.15
        ]
        let v = calc.variables(eta: 0, phi: 0, constituents: [], clusters: [], tracks: tracks)
        XCTAssertEqual(v.nTracks2GeV, 2)
        XCTAssertEqual(v.sumPtTracks2GeV, 8, accuracy: 1e-9)
    }

    func testTrackConeWrapsAroundPhiEqualsPi() {
        // Δφ between 3.1 and −3.1 is 2π − 6.2 ≈ 0.083, inside 0.2.
        let v = calc.variables(eta: 0, phi: 3.1, constituents: [], clusters: [], tracks: [track(pt: 4, phi: -3.1)])
        XCTAssertEqual(v.nTracks2GeV, 1)
    }

    func testWidthAndTimeAreWeightedMeans() {
        // At η = 0, pT = E. width = (30·0.1 + 10·0.3)/40 = 0.15; time = (30·1 + 10·5)/40 = 2 ns.
        let cs = [cluster(e: 30, phi: 0.1, had: 30, time: 1), cluster(e: 10, phi: -0.3, had: 10, time: 5)]
        let v = calc.variables(eta: 0, phi: 0, constituents: [0, 1], clusters: cs, tracks: [])
        XCTAssertEqual(v.width, 0.15, accuracy: 1e-12)
        XCTAssertEqual(v.time, 2, accuracy: 1e-12)
    }

    func testAJetWithoutConstituentsHasZeroVariablesNotNaN() {
        let v = calc.variables(eta: 0, phi: 0, constituents: [], clusters: [], tracks: [])
        XCTAssertEqual(v, JetVariables())
    }

    func testAssociationKeepsThirtyLeadingClustersTwentyTracksInDeltaR04AndSegmentsInPhi() {
        // 35 clusters with pT 1 … 35 GeV; the 30 leading ones, highest first.
        let cs = (1...35).map { cluster(e: Double($0), phi: 0.01 * Double($0 % 7), had: Double($0)) }
        // 25 tracks in the cone (pT 1 … 25) and one just outside it (ΔR 0.41).
        var ts = (1...25).map { track(pt: Double($0), phi: 0.3) }
        ts.append(track(pt: 100, phi: 0.41))
        let segs = [
            segment(eta: 0.1, phi: 0.05),   // near the jet in η and φ
            segment(eta: 2.6, phi: -0.02),  // a halo segment: far in η, at the jet's φ
            segment(eta: 0.0, phi: 0.5),    // out: |Δφ| 0.5
        ]
        let a = calc.association(eta: 0, phi: 0, constituents: Array(0..<35), clusters: cs, tracks: ts, segments: segs)
        XCTAssertEqual(a.clusters, Array((5..<35).reversed()), "pT 35 … 6 GeV")
        XCTAssertEqual(a.tracks, Array((5..<25).reversed()), "pT 25 … 6 GeV; the one at ΔR 0.41 is left out")
        XCTAssertEqual(a.segments, [1, 0], "nearest in φ first, whatever η")
    }
}
