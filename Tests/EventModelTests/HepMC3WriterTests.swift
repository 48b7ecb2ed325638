import Foundation
import XCTest
@testable import EventModel

/// HepMC3Writer: the same bytes as HepMC3's WriterAscii, and nothing it could not read back.
final class HepMC3WriterTests: XCTestCase {

    /// A small event with each kind of vertex: two incoming beams (explicit), a one-to-two
    /// decay with status 0 and no position (implicit: written as parent particle 3), and a
    /// displaced decay (explicit, with position).
    static func smallEvent() -> GenEvent {
        var e = GenEvent(eventNumber: 5, weights: [1.0],
                         runInfo: GenRunInfo(weightNames: ["Weight"],
                                             tools: [GenRunInfo.Tool(name: "GenReco", version: "0.1", description: "writer test")]))
        let p1 = e.addParticle(GenParticle(pdgID: 2212, status: 4, momentum: FourVector(px: 0, py: 0, pz: 6500, e: 6500), generatedMass: 0.938272))
        let p2 = e.addParticle(GenParticle(pdgID: 2212, status: 4, momentum: FourVector(px: 0, py: 0, pz: -6500, e: 6500), generatedMass: 0.938272))
        let h = e.addParticle(GenParticle(pdgID: 25, status: 2, momentum: FourVector(px: 10, py: -5, pz: 300, e: 350), generatedMass: 125))
        let s1 = e.addParticle(GenParticle(pdgID: 35, status: 2, momentum: FourVector(px: 40, py: 1, pz: 200, e: 210.1), generatedMass: 40))
        let s2 = e.addParticle(GenParticle(pdgID: 35, status: 1, momentum: FourVector(px: -30, py: -6, pz: 100, e: 139.9), generatedMass: 40))
        let b = e.addParticle(GenParticle(pdgID: 5, status: 1, momentum: FourVector(px: 20, py: 0.1, pz: 100, e: 105), generatedMass: 4.8))
        let bbar = e.addParticle(GenParticle(pdgID: -5, status: 1, momentum: FourVector(px: 20, py: 0.9, pz: 100, e: 105.1), generatedMass: 4.8))
        e.addVertex(incoming: [p1, p2], outgoing: [h])
        e.addVertex(incoming: [h], outgoing: [s1, s2])
        e.addVertex(position: FourVector(px: 1.5, py: -2.25, pz: 300, e: 1.0 / 3.0), incoming: [s1], outgoing: [b, bbar])
        e.addAttribute("flow1", "101", owner: 6)
        e.addAttribute("note", "two\nlines \\ backslash")
        return e
    }

    /// What pyhepmc 2.16.1 (HepMC3 3.2.5 WriterAscii) writes for `smallEvent()` built the same
    /// way in Python (checked by hand once; PyHepMCRoundTripTests checks the content on every run).
    static let smallEventText = """
        HepMC::Version 3.02.05
        HepMC::Asciiv3-START_EVENT_LISTING
        W Weight
        T GenReco\\|0.1\\|writer test
        E 5 3 7
        U GEV MM
        W 1.0000000000000000000000e+00
        A 6 flow1 101
        A 0 note two\\|lines \\\\ backslash
        P 1 0 2212 0.0000000000000000e+00 0.0000000000000000e+00 6.5000000000000000e+03 6.5000000000000000e+03 9.3827199999999999e-01 4
        P 2 0 2212 0.0000000000000000e+00 0.0000000000000000e+00 -6.5000000000000000e+03 6.5000000000000000e+03 9.3827199999999999e-01 4
        V -1 0 [1,2]
        P 3 -1 25 1.0000000000000000e+01 -5.0000000000000000e+00 3.0000000000000000e+02 3.5000000000000000e+02 1.2500000000000000e+02 2
        P 4 3 35 4.0000000000000000e+01 1.0000000000000000e+00 2.0000000000000000e+02 2.1009999999999999e+02 4.0000000000000000e+01 2
        P 5 3 35 -3.0000000000000000e+01 -6.0000000000000000e+00 1.0000000000000000e+02 1.3990000000000001e+02 4.0000000000000000e+01 1
        V -3 0 [4] @ 1.5000000000000000e+00 -2.2500000000000000e+00 3.0000000000000000e+02 3.3333333333333331e-01
        P 6 -3 5 2.0000000000000000e+01 1.0000000000000001e-01 1.0000000000000000e+02 1.0500000000000000e+02 4.7999999999999998e+00 1
        P 7 -3 -5 2.0000000000000000e+01 9.0000000000000002e-01 1.0000000000000000e+02 1.0509999999999999e+02 4.7999999999999998e+00 1
        HepMC::Asciiv3-END_EVENT_LISTING


        """

    func testASmallEventIsWrittenAsHepMC3WritesIt() throws {
        let path = try TestSupport.temporaryDirectory(for: self).appendingPathComponent("small.hepmc").path
        let writer = try HepMC3Writer(path: path)
        try writer.write(Self.smallEvent())
        try writer.close()
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), Self.smallEventText)
    }

    func testRewritingTheFixturesReproducesThemByteForByte() throws {
        // The fixtures were written by pyhepmc 2.16.1, i.e. HepMC3's WriterAscii.
        let directory = try TestSupport.temporaryDirectory(for: self)
        for name in TestSupport.pythiaFixtures {
            let source = try TestSupport.hepmcFixture(name + ".hepmc")
            let target = directory.appendingPathComponent(name + ".hepmc").path
            let writer = try HepMC3Writer(path: target)
            for event in try HepMC3Reader.readAll(source) { try writer.write(event) }
            try writer.close()
            let same = try Data(contentsOf: URL(fileURLWithPath: source)) == Data(contentsOf: URL(fileURLWithPath: target))
            XCTAssertTrue(same, "\(name): rewritten file differs from the fixture")
        }
    }

    func testWhatIsWrittenReadsBackIdentically() throws {
        let path = try TestSupport.temporaryDirectory(for: self).appendingPathComponent("back.hepmc").path
        let writer = try HepMC3Writer(path: path)
        try writer.write(Self.smallEvent())
        try writer.close()
        let back = try XCTUnwrap(try HepMC3Reader.readAll(path).first)
        XCTAssertEqual(back, Self.smallEvent())
    }

    func testMeVAndCentimetreEventsComeBackWithinOneUlp() throws {
        // Converting GeV → MeV → GeV (×1000, ÷1000) and mm → cm → mm (÷10, ×10) rounds twice,
        // so a value may come back one unit in the last place away; most come back exactly.
        var event = Self.smallEvent()
        event.momentumUnit = .MEV
        event.lengthUnit = .CM
        event.eventPosition = FourVector(px: 0.01, py: 0.02, pz: 12.3, e: 0.7)
        let path = try TestSupport.temporaryDirectory(for: self).appendingPathComponent("units.hepmc").path
        let writer = try HepMC3Writer(path: path)
        try writer.write(event)
        try writer.close()
        let text = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertTrue(text.contains("\nU MEV CM\n"))
        XCTAssertTrue(text.contains("P 1 0 2212 0.0000000000000000e+00 0.0000000000000000e+00 6.5000000000000000e+06"))
        let back = try XCTUnwrap(try HepMC3Reader.readAll(path).first)
        func close(_ a: Double, _ b: Double) -> Bool { a == b || abs(a - b) <= a.ulp }
        for (p, q) in zip(back.particles, event.particles) {
            XCTAssertTrue(close(p.momentum.px, q.momentum.px) && close(p.momentum.py, q.momentum.py)
                          && close(p.momentum.pz, q.momentum.pz) && close(p.momentum.e, q.momentum.e)
                          && close(p.generatedMass, q.generatedMass))
        }
        XCTAssertTrue(close(back.vertices[2].position.pz, 300) && close(back.eventPosition.pz, 12.3))
    }

    func testAttributesAreWrittenByNameThenOwnerAndTheLastValueWins() throws {
        // HepMC3's GenEvent keeps map<name, map<owner id, value>>; WriterAscii iterates it.
        var e = Self.smallEvent()
        e.attributes = [GenAttribute(owner: 0, name: "zeta", value: "1"), GenAttribute(owner: 7, name: "flow1", value: "old"),
                        GenAttribute(owner: 3, name: "flow1", value: "x"), GenAttribute(owner: 7, name: "flow1", value: "new"),
                        GenAttribute(owner: 0, name: "Alpha", value: "2")]
        let path = try TestSupport.temporaryDirectory(for: self).appendingPathComponent("attributes.hepmc").path
        let writer = try HepMC3Writer(path: path)
        try writer.write(e)
        try writer.close()
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").filter { $0.hasPrefix("A ") }
        XCTAssertEqual(lines, ["A 0 Alpha 2", "A 3 flow1 x", "A 7 flow1 new", "A 0 zeta 1"])
    }

    // MARK: HepMC3's vertex rule

    func testAVertexIsExplicitUnlessOneIncomingStatusZeroAndNoPosition() throws {
        func linesOf(_ event: GenEvent) throws -> [String] {
            let path = try TestSupport.temporaryDirectory(for: self).appendingPathComponent("rule.hepmc").path
            let writer = try HepMC3Writer(path: path)
            try writer.write(event)
            try writer.close()
            return try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        }
        var e = Self.smallEvent()
        XCTAssertFalse(try linesOf(e).contains { $0.hasPrefix("V -2 ") })
        e.vertices[1].status = 3                 // a status makes it explicit
        XCTAssertTrue(try linesOf(e).contains("V -2 3 [3]"))
        e.vertices[1].status = 0
        e.vertices[1].position = FourVector(px: 0, py: 0, pz: 0, e: 1)   // so does a position
        XCTAssertTrue(try linesOf(e).contains { $0.hasPrefix("V -2 0 [3] @ 0.0000000000000000e+00") })
    }

    /// HepMC3 writes a vertex without own position with the position of its ancestors
    /// (GenVertex::position()); reading back, it has that position as its own.
    func testAnExplicitVertexWithoutPositionGetsItsAncestorsPosition() throws {
        var e = Self.smallEvent()
        e.eventPosition = FourVector(px: 0, py: 0, pz: 5, e: 0)
        let path = try TestSupport.temporaryDirectory(for: self).appendingPathComponent("pos.hepmc").path
        let writer = try HepMC3Writer(path: path)
        try writer.write(e)
        try writer.close()
        let text = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertTrue(text.contains("E 5 3 7 @ 0.0000000000000000e+00 0.0000000000000000e+00 5.0000000000000000e+00 0.0000000000000000e+00\n"))
        XCTAssertTrue(text.contains("V -1 0 [1,2] @ 0.0000000000000000e+00 0.0000000000000000e+00 5.0000000000000000e+00 0.0000000000000000e+00\n"))
    }

    // MARK: Refusals

    func testEventsHepMC3CouldNotReadBackAreRefused() throws {
        let path = try TestSupport.temporaryDirectory(for: self).appendingPathComponent("refused.hepmc").path
        var noIncoming = GenEvent(eventNumber: 1, weights: [1])
        let a = noIncoming.addParticle(GenParticle(pdgID: 22, status: 1, momentum: FourVector(px: 0, py: 0, pz: 1, e: 1), generatedMass: 0))
        noIncoming.addVertex(position: FourVector(px: 1, py: 0, pz: 0, e: 0), incoming: [], outgoing: [a])
        var noOutgoing = Self.smallEvent()
        noOutgoing.addVertex(incoming: [4], outgoing: [])
        var wrongWeights = Self.smallEvent()
        wrongWeights.weights = [1, 2]
        var otherRunInfo = Self.smallEvent()
        otherRunInfo.runInfo.tools = []

        for (event, words) in [(noIncoming, "no incoming particle"), (noOutgoing, "no particle's production vertex"),
                               (wrongWeights, "2 weights")] {
            let writer = try HepMC3Writer(path: path, runInfo: Self.smallEvent().runInfo)
            XCTAssertThrowsError(try writer.write(event)) { error in
                let e = error as? HepMC3Error
                XCTAssertEqual(e?.kind, .unrepresentable)
                XCTAssertTrue(e?.message.contains(words) ?? false, "\(String(describing: e))")
            }
        }
        let writer = try HepMC3Writer(path: path)
        try writer.write(Self.smallEvent())
        XCTAssertThrowsError(try writer.write(otherRunInfo)) { XCTAssertEqual(($0 as? HepMC3Error)?.kind, .unrepresentable) }
    }

    // MARK: The number format

    /// `%.16e` from the fast formatter against the C library's, byte for byte.
    func testFastFormattingAgreesWithPrintf() {
        var rng = SystemRandomNumberGenerator()
        var values: [Double] = [0, -0.0, 1, -1, 0.1, 1.0 / 3.0, 9.9999999999999995e-1, 1e16, 1e17, 9.999999999999999e16,
                                1e-16, 1e-17, 1e22, 1e23, .pi, .infinity, -.infinity, .nan, .leastNonzeroMagnitude,
                                .leastNormalMagnitude, .greatestFiniteMagnitude, 6.4999999322807234e+03, -7.2143951878255300e-12]
        // Exact ties at the 18th digit (n + 1/4, n + 3/4 with 16-digit n): round half to even.
        for n in stride(from: 1_000_000_000_000_000.0, to: 1_000_000_000_000_040.0, by: 1) {
            values += [n + 0.25, n + 0.75, n + 0.5]
        }
        for _ in 0..<200_000 {
            values.append(Double(bitPattern: UInt64.random(in: 0...UInt64.max, using: &rng)))
            values.append(Double.random(in: -1e4...1e4, using: &rng) * pow(10, Double(Int.random(in: -20...8, using: &rng))))
        }
        var fast = [UInt8](repeating: 0, count: 64), slow = [UInt8](repeating: 0, count: 64)
        for v in values {
            let n = fast.withUnsafeMutableBufferPointer { HepMC3FloatFormatting.writeScientific17(v, to: $0.baseAddress!) }
            let m = slow.withUnsafeMutableBufferPointer { HepMC3FloatFormatting.printfFallback(v, precision: 16, to: $0.baseAddress!) }
            XCTAssertEqual(String(decoding: fast[0..<n], as: UTF8.self), String(decoding: slow[0..<m], as: UTF8.self), "\(v.bitPattern)")
        }
    }
}
