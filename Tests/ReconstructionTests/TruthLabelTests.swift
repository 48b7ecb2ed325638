import EventModel
import Foundation
import Generation
@testable import Reconstruction
import XCTest

/// The CalRatio truth definition (DESIGN.md §6; ATLAS arXiv:1902.03094, arXiv:2203.01009)
/// at its boundaries: ΔR ≤ 0.4, 1200 < Lxy < 4000 mm for |η| < 1.4, 3500 < |Lz| < 6000 mm
/// in the end-caps; BIB from the process attribute or a halo muon.
final class TruthLabelTests: XCTestCase {
    let labeller = CalRatioTruthLabeller()

    /// An event with one long-lived scalar of pT 60 GeV at (η, φ) decaying at `decay` (mm).
    func event(eta: Double, phi: Double = 0.5, decay: Vector3) -> GenEvent {
        var e = GenEvent(eventNumber: 1)
        let s = e.addParticle(GenParticle(pdgID: 35, status: 2, momentum: FourVector(pt: 60, eta: eta, phi: phi, mass: 40),
                                          generatedMass: 40))
        let b = e.addParticle(GenParticle(pdgID: 5, status: 1, momentum: FourVector(pt: 30, eta: eta, phi: phi, mass: 4.8),
                                          generatedMass: 4.8))
        e.addVertex(position: FourVector(px: decay.x, py: decay.y, pz: decay.z, e: 0), incoming: [s], outgoing: [b])
        return e
    }

    /// A decay at transverse distance `lxy` along the LLP's own direction (η, φ).
    func barrel(lxy: Double, eta: Double = 0.5, phi: Double = 0.5) -> GenEvent {
        event(eta: eta, phi: phi, decay: Vector3(lxy * cos(phi), lxy * sin(phi), lxy * sinh(eta)))
    }

    func label(_ e: GenEvent, jetEta: Double, jetPhi: Double) -> JetTruth {
        labeller.label(jetEta: jetEta, jetPhi: jetPhi, llps: labeller.llps(in: e),
                       beamInducedBackground: labeller.isBeamInducedBackground(e))
    }

    func testBarrelLxyWindowIsOpen() {
        XCTAssertEqual(label(barrel(lxy: 1200.5), jetEta: 0.5, jetPhi: 0.5).label, .signal)
        XCTAssertEqual(label(barrel(lxy: 3999.5), jetEta: 0.5, jetPhi: 0.5).label, .signal)
        XCTAssertEqual(label(barrel(lxy: 1199.5), jetEta: 0.5, jetPhi: 0.5).label, .qcd, "in the EM calorimeter")
        XCTAssertEqual(label(barrel(lxy: 4000.5), jetEta: 0.5, jetPhi: 0.5).label, .qcd, "beyond the hadronic calorimeter")
    }

    func testMatchedLLPIsKeptEvenWhenItDecaysElsewhere() {
        let t = label(barrel(lxy: 300), jetEta: 0.5, jetPhi: 0.5)
        XCTAssertEqual(t.label, .qcd)
        XCTAssertEqual(try XCTUnwrap(t.llp?.lxy), 300, accuracy: 1e-9)
        XCTAssertEqual(try XCTUnwrap(t.llp?.momentum.pt), 60, accuracy: 1e-9)
    }

    func testDeltaRConeIsInclusiveAt04() {
        let e = barrel(lxy: 2000, eta: 0.5, phi: 0.5)
        XCTAssertEqual(label(e, jetEta: 0.5, jetPhi: 0.5 + 0.3999).label, .signal)
        XCTAssertEqual(label(e, jetEta: 0.5 - 0.4001, jetPhi: 0.5).label, .qcd)
        XCTAssertNil(label(e, jetEta: 0.5 - 0.4001, jetPhi: 0.5).llp)
        // Δφ wraps: the jet at φ = −π + 0.1, the LLP at π − 0.1 are 0.2 apart.
        let w = barrel(lxy: 2000, eta: 0.2, phi: .pi - 0.1)
        XCTAssertEqual(label(w, jetEta: 0.2, jetPhi: -.pi + 0.1).label, .signal)
    }

    func testBarrelEtaBoundaryAt14() {
        // |η| = 1.39: barrel, Lxy = 2 m counts. |η| = 1.41: end-cap, Lxy no longer matters, |Lz| does.
        XCTAssertEqual(label(barrel(lxy: 2000, eta: 1.39), jetEta: 1.39, jetPhi: 0.5).label, .signal)
        let e = barrel(lxy: 2000, eta: 1.41)   // |Lz| = 2000 sinh 1.41 ≈ 3.8 m: inside the end-cap window
        XCTAssertEqual(label(e, jetEta: 1.41, jetPhi: 0.5).label, .signal)
        let f = barrel(lxy: 1000, eta: 1.41)   // |Lz| ≈ 1.9 m: before the end-cap calorimeter
        XCTAssertEqual(label(f, jetEta: 1.41, jetPhi: 0.5).label, .qcd)
    }

    func testEndcapLzWindowIsOpenOnBothSides() {
        for sign in [1.0, -1.0] {
            let eta = 2.0 * sign
            func at(_ lz: Double) -> TruthClass {
                label(event(eta: eta, decay: Vector3(500, 0, lz * sign)), jetEta: eta, jetPhi: 0.5).label
            }
            XCTAssertEqual(at(3500.5), .signal)
            XCTAssertEqual(at(5999.5), .signal)
            XCTAssertEqual(at(3499.5), .qcd)
            XCTAssertEqual(at(6000.5), .qcd)
        }
        // Beyond |η| = 2.5 nothing is signal.
        XCTAssertEqual(label(event(eta: 2.6, decay: Vector3(300, 0, 4000)), jetEta: 2.6, jetPhi: 0.5).label, .qcd)
    }

    func testOnlyTheLastCopyOfARecoilingLLPCarriesTheDecay() {
        var e = GenEvent(eventNumber: 1)
        let first = e.addParticle(GenParticle(pdgID: 35, status: 44, momentum: FourVector(pt: 50, eta: 0, phi: 1, mass: 40), generatedMass: 40))
        let last = e.addParticle(GenParticle(pdgID: 35, status: 2, momentum: FourVector(pt: 55, eta: 0, phi: 1, mass: 40), generatedMass: 40))
        e.addVertex(position: .zero, incoming: [first], outgoing: [last])
        let b = e.addParticle(GenParticle(pdgID: 5, status: 1, momentum: FourVector(pt: 20, eta: 0, phi: 1, mass: 4.8), generatedMass: 4.8))
        e.addVertex(position: FourVector(px: 2500 * cos(1), py: 2500 * sin(1), pz: 0, e: 0), incoming: [last], outgoing: [b])
        let llps = labeller.llps(in: e)
        XCTAssertEqual(llps.map(\.particle), [last])
        XCTAssertEqual(try XCTUnwrap(llps.first?.lxy), 2500, accuracy: 1e-9)
    }

    func testBIBFromTheProcessAttributeOrAHaloMuon() {
        var tagged = barrel(lxy: 2000)
        tagged.addAttribute(CalRatioTruthLabeller.processAttribute, "bib")
        XCTAssertEqual(label(tagged, jetEta: 0.5, jetPhi: 0.5).label, .bib, "BIB wins over the signal match")

        var halo = GenEvent(eventNumber: 2)
        let mu = halo.addParticle(GenParticle(pdgID: 13, status: 1, momentum: FourVector(px: 0, py: 0, pz: -200, e: 200.00003),
                                              generatedMass: 0.10566))
        halo.addVertex(position: FourVector(px: 2000, py: 0, pz: 23_000, e: 0), incoming: [], outgoing: [mu])
        XCTAssertTrue(labeller.isBeamInducedBackground(halo))
        XCTAssertEqual(label(halo, jetEta: 0, jetPhi: 0).label, .bib)

        // A muon from a hadron decaying 12 m away (an LLP's b hadron can fly that far) is not halo.
        var far = GenEvent(eventNumber: 4)
        let hadron = far.addParticle(GenParticle(pdgID: 521, status: 2, momentum: FourVector(pt: 5, eta: 3, phi: 0, mass: 5.28),
                                                 generatedMass: 5.28))
        let daughter = far.addParticle(GenParticle(pdgID: 13, status: 1, momentum: FourVector(pt: 2, eta: 3, phi: 0, mass: 0.10566),
                                                   generatedMass: 0.10566))
        far.addVertex(position: FourVector(px: 1200, py: 0, pz: 12_000, e: 0), incoming: [hadron], outgoing: [daughter])
        XCTAssertFalse(labeller.isBeamInducedBackground(far))

        // A collision muon (made at the interaction point) is not a halo muon.
        var collision = GenEvent(eventNumber: 3)
        let m = collision.addParticle(GenParticle(pdgID: 13, status: 1, momentum: FourVector(pt: 20, eta: 2, phi: 0, mass: 0.10566),
                                                  generatedMass: 0.10566))
        collision.addVertex(position: FourVector(px: 0, py: 0, pz: 30, e: 0), incoming: [], outgoing: [m])
        XCTAssertFalse(labeller.isBeamInducedBackground(collision))
        // The attribute decides when present, even against the truth record.
        var minbias = halo
        minbias.addAttribute(CalRatioTruthLabeller.processAttribute, "minbias")
        XCTAssertFalse(labeller.isBeamInducedBackground(minbias))
    }

    /// The `bib` process's events (Generation's beam-halo generator) are recognised, by their
    /// attribute and, with it removed (a record from elsewhere), by the halo muon itself.
    func testBeamHaloGeneratorEventsAreBIB() throws {
        var card = RunCard()
        card.generation.process = .bib
        let generator = try EventGenerators.make(for: card)
        for n in 1...5 {
            let event = generator.generate(eventNumber: n)
            XCTAssertTrue(labeller.isBeamInducedBackground(event), "event \(n)")
            var bare = event
            bare.attributes.removeAll { $0.name == CalRatioTruthLabeller.processAttribute }
            XCTAssertTrue(labeller.isBeamInducedBackground(bare), "event \(n) without its process attribute")
        }
        // Signal events are not, with or without an attribute.
        let signal = try EventGenerators.make(for: RunCard())
        for n in 1...3 { XCTAssertFalse(labeller.isBeamInducedBackground(signal.generate(eventNumber: n))) }
    }
}
