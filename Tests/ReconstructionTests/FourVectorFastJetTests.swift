import EventModel
import Foundation
import XCTest
@testable import Reconstruction

/// FastJet's rapidity and φ conventions (PseudoJet::_set_rap_phi, FastJet 3.4.0/3.5.2).
final class FourVectorFastJetTests: XCTestCase {

    func testRapidityAgreesWithTheTextbookFormulaForOrdinaryMomenta() {
        let p = FourVector(px: 3, py: -4, pz: 12, e: 14)
        let textbook = 0.5 * log((p.e + p.pz) / (p.e - p.pz))
        XCTAssertEqual(p.fastJetRapidity, textbook, accuracy: 1e-14)
        let q = FourVector(px: 3, py: -4, pz: -12, e: 14)
        XCTAssertEqual(q.fastJetRapidity, -textbook, accuracy: 1e-14)
    }

    func testMasslessAlongTheBeamGetsMaxRapPlusAbsPz() {
        // pT = 0 and E = |pz|: y = ±(10⁵ + |pz|), + for pz ≥ 0 (the zero vector included).
        XCTAssertEqual(FourVector(px: 0, py: 0, pz: 7, e: 7).fastJetRapidity, 1e5 + 7)
        XCTAssertEqual(FourVector(px: 0, py: 0, pz: -7, e: 7).fastJetRapidity, -(1e5 + 7))
        XCTAssertEqual(FourVector.zero.fastJetRapidity, 1e5)
        XCTAssertEqual(FourVector.zero.fastJetPhi, 0)
    }

    func testTachyonicMassCountsAsZero() {
        // E < |p|: m² < 0 is replaced by 0, so y is that of the massless vector with the same pT, E + |pz|.
        let p = FourVector(px: 1, py: 0, pz: 2, e: 2.1)
        XCTAssertEqual(p.fastJetRapidity, -0.5 * log(1 / (4.1 * 4.1)), accuracy: 1e-15)
    }

    func testAtRestHasZeroRapidity() {
        XCTAssertEqual(FourVector(px: 0, py: 0, pz: 0, e: 0.14).fastJetRapidity, 0)
    }

    func testPhiIsInZeroToTwoPi() {
        XCTAssertEqual(FourVector(px: -1, py: -1e-300, pz: 0, e: 1).fastJetPhi, .pi * 2 - .pi, accuracy: 1e-15)
        XCTAssertEqual(FourVector(px: 0, py: -1, pz: 0, e: 1).fastJetPhi, 1.5 * .pi, accuracy: 1e-15)
        XCTAssertEqual(FourVector(px: 1, py: 0, pz: 0, e: 1).fastJetPhi, 0)
        for k in 0..<100 {
            let phi = FourVector(pt: 1, eta: 0, phi: -Double.pi + 0.0628 * Double(k), mass: 0).fastJetPhi
            XCTAssert(phi >= 0 && phi < 2 * .pi)
        }
    }
}
