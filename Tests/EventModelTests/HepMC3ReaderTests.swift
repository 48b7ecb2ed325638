import Foundation
import XCTest
@testable import EventModel

/// HepMC3Reader: what it must read, and how it must read it.
///
/// Reference numbers: the counts are those of the JSON file beside each fixture
/// (shared/fixtures/hepmc3/*.json, written when the fixture was made and checked against
/// Pythia's own event record); the momentum sums come from pyhepmc 2.16.1 (see
/// `stableMomentumSums`); the grammar and the vertex numbering are those of HepMC3's
/// `ReaderAscii` (HepMC3 3.2.5 as bundled in pyhepmc, and 3.3), which the round-trip tests
/// check against pyhepmc directly.
final class HepMC3ReaderTests: XCTestCase {

    // MARK: The Pythia 8 fixtures

    func testEveryFixtureEventHasTheCountsOfItsJSON() throws {
        for name in TestSupport.pythiaFixtures {
            let description = try TestSupport.fixtureDescription(name)
            let events = try HepMC3Reader.readAll(try TestSupport.hepmcFixture(name + ".hepmc"))
            XCTAssertEqual(events.count, description["events"] as? Int, name)
            XCTAssertEqual(events.reduce(0) { $0 + $1.particles.count }, description["particles"] as? Int, name)
            XCTAssertEqual(events.reduce(0) { $0 + $1.stableParticles.count }, description["stable_particles_status1"] as? Int, name)
            XCTAssertEqual(events.reduce(0) { $0 + $1.vertices.count }, description["vertices"] as? Int, name)
            let perEvent = try XCTUnwrap(description["per_event"] as? [[String: Any]])
            XCTAssertEqual(perEvent.count, events.count)
            for (event, expected) in zip(events, perEvent) {
                let label = "\(name) event \(event.eventNumber)"
                XCTAssertEqual(event.eventNumber, expected["event_number"] as? Int, label)
                XCTAssertEqual(event.particles.count, expected["particles"] as? Int, label)
                XCTAssertEqual(event.stableParticleIndices.count, expected["stable_status1"] as? Int, label)
                XCTAssertEqual(event.vertices.count, expected["vertices"] as? Int, label)
                XCTAssertEqual(event.particleIndices(withAbsPDGID: 35).count, expected["n_llp"] as? Int, label)
                XCTAssertNil(event.linkProblem, label)
            }
        }
    }

    func testStableMomentumSumsAreBitIdenticalToPyhepmc() throws {
        for name in TestSupport.pythiaFixtures {
            let events = try HepMC3Reader.readAll(try TestSupport.hepmcFixture(name + ".hepmc"))
            let expected = try XCTUnwrap(Self.stableMomentumSums[name])
            XCTAssertEqual(events.count, expected.count, name)
            for (event, sums) in zip(events, expected) {
                var s = [0.0, 0.0, 0.0, 0.0]
                for p in event.particles where p.status == 1 {
                    s[0] += p.momentum.px
                    s[1] += p.momentum.py
                    s[2] += p.momentum.pz
                    s[3] += p.momentum.e
                }
                for k in 0..<4 {
                    XCTAssertEqual(s[k].bitPattern, sums[k].bitPattern, "\(name) event \(event.eventNumber) sum \(k): \(s[k]) vs \(sums[k])")
                }
                // Physics sanity: the final state carries the beams' energy, √s = 13 TeV (the
                // fixtures' Beams:eCM), within Pythia's own conservation check (Check:epTolWarn,
                // 1e-6 relative).
                XCTAssertEqual(s[3], 13000.0, accuracy: 13000.0 * 1e-6, "\(name) event \(event.eventNumber)")
            }
        }
    }

    func testRunInfoAndAttributesOfTheFixture() throws {
        let reader = try HepMC3Reader(path: try TestSupport.hepmcFixture("pythia8_ggH125_mS40_ctau760_20ev.hepmc"))
        let event = try XCTUnwrap(try reader.next())
        // Lines 3-4 and 6-12 of the file.
        XCTAssertEqual(reader.formatVersion, "3.02.05")
        XCTAssertEqual(event.runInfo.weightNames, ["Weight"])
        XCTAssertEqual(event.runInfo.tools, [GenRunInfo.Tool(name: "Pythia8", version: "8.318",
                                                           description: "pythia8mc 8.318.2; point ggH125_mS40_ctau760; seed 1001")])
        XCTAssertEqual(event.weights, [1.0])
        XCTAssertEqual(event.momentumUnit, .GEV)
        XCTAssertEqual(event.lengthUnit, .MM)
        XCTAssertEqual(event.attribute("alphaQCD"), "0.132842279946475")
        XCTAssertEqual(event.attribute("GenCrossSection"), "4.43430399e+00 4.43430399e+00 -1 -1")
        XCTAssertEqual(event.attribute("flow1", owner: 2), "262")
        // Particle 1 is the +z beam proton (line 1803 of the file).
        let beam = event.particles[0]
        XCTAssertEqual(beam.pdgID, 2212)
        XCTAssertEqual(beam.status, 4)
        XCTAssertNil(beam.productionVertex)
        XCTAssertEqual(beam.momentum.pz, 6.4999999322807234e+03)
        XCTAssertEqual(beam.generatedMass, 9.3827000000000005e-01)
    }

    func testTheLongLivedScalarsDecayToBQuarksAtDisplacedVertices() throws {
        // Fixture README: s (PDG 35) → b b̄ with cτ = 760 mm; the decay vertex has a position.
        let events = try HepMC3Reader.readAll(try TestSupport.hepmcFixture("pythia8_ggH125_mS40_ctau760_20ev.hepmc"))
        for event in events {
            let decayed = event.particleIndices(withAbsPDGID: 35).filter { i in
                event.children(of: i).contains { event.particles[$0].absPDGID == 5 }
            }
            XCTAssertEqual(decayed.count, 2, "event \(event.eventNumber): two s → b b̄ decays")
            for s in decayed {
                XCTAssertEqual(Set(event.children(of: s).map { event.particles[$0].pdgID }), [5, -5])
                let vertex = try XCTUnwrap(event.particles[s].endVertex)
                XCTAssertNotEqual(event.vertices[vertex].position, .zero)
                XCTAssertTrue(event.parents(of: event.children(of: s)[0]).contains(s))
            }
        }
    }

    func testSkipCountsEventsAndLandsOnTheNextOne() throws {
        let path = try TestSupport.hepmcFixture("pythia8_ggH125_mS40_ctau760_noMPI_80ev.hepmc")
        let all = try HepMC3Reader.readAll(path)
        let reader = try HepMC3Reader(path: path)
        XCTAssertEqual(try reader.skip(0), 0)
        XCTAssertEqual(try reader.next(), all[0])
        XCTAssertEqual(try reader.skip(10), 10)
        XCTAssertEqual(try reader.next(), all[11])
        XCTAssertEqual(try reader.skip(1000), 68)          // 80 − 12 left
        XCTAssertNil(try reader.next())
        XCTAssertEqual(try HepMC3Reader.countEvents(path), 80)
    }

    func testATinyBufferReadsTheSameEvents() throws {
        // Lines longer than the buffer make it grow; chunk edges fall inside lines and numbers.
        let path = try TestSupport.hepmcFixture("pythia8_ggH125_mS40_ctau760_20ev.hepmc")
        let expected = try HepMC3Reader.readAll(path)
        let reader = try HepMC3Reader(path: path, chunkSize: 37)
        var events: [GenEvent] = []
        while let e = try reader.next() { events.append(e) }
        XCTAssertEqual(events, expected)
    }

    // MARK: The grammar, on small files

    /// Ids −1 and −3 are explicit (V lines); −2 and −4 are implicit and take the free ids in
    /// order of first appearance (HepMC3's numbering; pyhepmc reads this file the same way,
    /// see PyHepMCRoundTripTests.testHandWrittenFileReadsAsInPyhepmc).
    static let implicitVertexFile = """
        HepMC::Version 3.02.05
        HepMC::Asciiv3-START_EVENT_LISTING
        W nominal\\|muR2
        T gen\\|1.0\\|a \\\\ backslash and\\|newline
        A runatt some value\\|two lines
        E 7 4 6 @ 1.0 2.0 3.0 4.0
        U MEV CM
        W 1.5 2.5
        A 0 note hello  world
        A 2 flow1 101
        P 1 0 2212 0 0 6500000 6500000 938.27 4
        V -1 0 [1] @ 0.1 0.2 0.3 0.4
        P 2 -1 21 1 2 3 4 0 3
        P 3 2 22 1 2 3 4 0 1
        P 4 2 22 1 2 3 4 0 2
        V -3 5 [4]
        P 5 -3 11 1 2 3 4 0.511 1
        P 6 5 22 1 2 3 4 0 1
        HepMC::Asciiv3-END_EVENT_LISTING

        """

    func testImplicitVerticesTakeTheFreeIdsInOrderOfAppearance() throws {
        let path = try TestSupport.writeTemporaryFile("implicit.hepmc", Self.implicitVertexFile, for: self)
        let event = try XCTUnwrap(try HepMC3Reader.readAll(path).first)
        XCTAssertEqual(event.vertices.count, 4)
        // vertex index j is id −(j+1)
        XCTAssertEqual(event.vertices[0].incoming, [0]); XCTAssertEqual(event.vertices[0].outgoing, [1])
        XCTAssertEqual(event.vertices[1].incoming, [1]); XCTAssertEqual(event.vertices[1].outgoing, [2, 3])   // implicit, mother 2
        XCTAssertEqual(event.vertices[2].incoming, [3]); XCTAssertEqual(event.vertices[2].outgoing, [4])      // V -3
        XCTAssertEqual(event.vertices[3].incoming, [4]); XCTAssertEqual(event.vertices[3].outgoing, [5])      // implicit, mother 5
        XCTAssertEqual(event.vertices[2].status, 5)
        XCTAssertEqual(event.particles.map(\.productionVertex), [nil, 0, 1, 1, 2, 3])
        XCTAssertEqual(event.particles.map(\.endVertex), [0, 1, nil, 2, 3, nil])
        XCTAssertNil(event.linkProblem)
        // Vertex −4 has no position of its own: HepMC3 takes its ancestors' (V −1's) — in mm.
        XCTAssertEqual(event.resolvedPosition(ofVertex: 3), FourVector(px: 1, py: 2, pz: 3, e: 4))
    }

    func testUnitsAreConvertedToGeVAndMillimetres() throws {
        let path = try TestSupport.writeTemporaryFile("units.hepmc", Self.implicitVertexFile, for: self)
        let event = try XCTUnwrap(try HepMC3Reader.readAll(path).first)
        XCTAssertEqual(event.momentumUnit, .MEV)
        XCTAssertEqual(event.lengthUnit, .CM)
        XCTAssertEqual(event.particles[0].momentum.pz, 6500.0)              // 6500000 MeV
        XCTAssertEqual(event.particles[0].generatedMass, 938.27 / 1000)
        XCTAssertEqual(event.particles[4].generatedMass, 0.511 / 1000)
        XCTAssertEqual(event.vertices[0].position, FourVector(px: 1, py: 2, pz: 3, e: 4))   // 0.1 … 0.4 cm
        XCTAssertEqual(event.eventPosition, FourVector(px: 10, py: 20, pz: 30, e: 40))      // E … @ 1 2 3 4 cm
    }

    func testRunInfoEscapesWeightsAndAttributes() throws {
        let path = try TestSupport.writeTemporaryFile("runinfo.hepmc", Self.implicitVertexFile, for: self)
        let reader = try HepMC3Reader(path: path)
        let event = try XCTUnwrap(try reader.next())
        XCTAssertEqual(event.runInfo.weightNames, ["nominal", "muR2"])       // "\|" separates names
        XCTAssertEqual(event.runInfo.tools, [GenRunInfo.Tool(name: "gen", version: "1.0", description: "a \\ backslash and\nnewline")])
        XCTAssertEqual(event.runInfo.attributes, [GenRunInfo.Attribute(name: "runatt", value: "some value\ntwo lines")])
        XCTAssertEqual(event.weights, [1.5, 2.5])
        // The value is all that follows the one blank after the name, inner blanks kept.
        XCTAssertEqual(event.attributes, [GenAttribute(owner: 0, name: "note", value: "hello  world"),
                                          GenAttribute(owner: 2, name: "flow1", value: "101")])
        XCTAssertEqual(event.attributes[1].ownerKind, .particle(1))
        XCTAssertNil(try reader.next())
    }

    /// HepMC3 ends an event at a T line, at a W line once the event has weights, and at an A
    /// line once it has particles: such lines start a new run-info block for what follows.
    func testARunInfoBlockBetweenEventsReplacesTheRunInfo() throws {
        let text = """
            HepMC::Asciiv3-START_EVENT_LISTING
            T first\\|1\\|
            E 1 0 1
            U GEV MM
            P 1 0 22 0 0 1 1 0 1
            A runkey runvalue
            T second\\|2\\|
            E 2 0 1
            U GEV MM
            P 1 0 22 0 0 2 2 0 1
            HepMC::Asciiv3-END_EVENT_LISTING
            """
        let events = try HepMC3Reader.readAll(try TestSupport.writeTemporaryFile("blocks.hepmc", text, for: self))
        XCTAssertEqual(events.map(\.eventNumber), [1, 2])
        XCTAssertEqual(events[0].runInfo.tools.map(\.name), ["first"])
        XCTAssertEqual(events[0].attributes, [])
        XCTAssertEqual(events[1].runInfo.tools.map(\.name), ["second"])
        XCTAssertEqual(events[1].runInfo.attributes, [GenRunInfo.Attribute(name: "runkey", value: "runvalue")])
    }

    func testToolLinesSplitAsHepMC3DoesWhenFieldsAreMissing() throws {
        // ReaderAscii::parse_tool: with no "\|" name, version and description are all the text.
        let text = "HepMC::Asciiv3-START_EVENT_LISTING\nT lonely\nHepMC::Asciiv3-END_EVENT_LISTING\n"
        let reader = try HepMC3Reader(path: try TestSupport.writeTemporaryFile("tool.hepmc", text, for: self))
        XCTAssertNil(try reader.next())
        XCTAssertEqual(reader.runInfo.tools, [GenRunInfo.Tool(name: "lonely", version: "lonely", description: "lonely")])
    }

    func testWindowsLineEndsBlankLinesAndNoFinalNewlineAreFine() throws {
        let text = "HepMC::Version 3.02.05\r\n\r\nHepMC::Asciiv3-START_EVENT_LISTING\r\nE 3 0 1\r\nU GEV MM\r\n"
            + "A 0 key value\r\nP 1 0 22 0 0 1.5 1.5 0 1\r\n   \nHepMC::Asciiv3-END_EVENT_LISTING"
        let events = try HepMC3Reader.readAll(try TestSupport.writeTemporaryFile("crlf.hepmc", text, for: self))
        XCTAssertEqual(events.count, 1)
        XCTAssertEqual(events[0].particles[0].momentum.e, 1.5)
        XCTAssertEqual(events[0].attribute("key"), "value")
    }

    func testConcatenatedFilesAreReadAsOne() throws {
        let one = "HepMC::Version 3.02.05\nHepMC::Asciiv3-START_EVENT_LISTING\nE 1 0 1\nU GEV MM\nP 1 0 22 0 0 1 1 0 1\nHepMC::Asciiv3-END_EVENT_LISTING\n\n"
        let events = try HepMC3Reader.readAll(try TestSupport.writeTemporaryFile("cat.hepmc", one + one, for: self))
        XCTAssertEqual(events.count, 2)
    }

    // MARK: Numbers

    /// The fast parser against the C library's strtod (what HepMC3 uses), bit for bit.
    func testFastDoubleParsingAgreesWithStrtod() {
        var rng = SystemRandomNumberGenerator()
        var texts: [String] = ["0", "-0.0", "1", "0.1", "9007199254740993", "1e22", "1e23", "4.9e-324",
                               "2.2250738585072014e-308", "1.7976931348623157e+308", "1e309", "123456789012345678901234",
                               "0x1p-3", "inf", "-nan", "0.0000000000000000e+00", "1.0000000000000001e-01",
                               "5.0000000000000000e-01", "3.3000000000000002e-01", "9.9999999999999999e+22"]
        for _ in 0..<100_000 {
            let v = Double(bitPattern: UInt64.random(in: 0...0x7FEF_FFFF_FFFF_FFFF, using: &rng))
            texts.append(String(format: "%.16e", v))                            // HepMC3's form
            let w = Double.random(in: -1e4...1e4, using: &rng) * pow(10, Double(Int.random(in: -20...5, using: &rng)))
            texts.append(String(format: "%.16e", w))
            texts.append("\(w)")                                                // shortest form
            texts.append(String(format: "%.\(Int.random(in: 0...25, using: &rng))g", w))
        }
        let table = HepMC3NumberParsing.powersOfFive
        for text in texts {
            var bytes = Array(text.utf8) + [0x0A]
            let expected = strtod(text, nil)
            let parsed: Double? = bytes.withUnsafeMutableBufferPointer { b in
                var c = HepMC3LineCursor((UnsafePointer(b.baseAddress!), b.count - 1), from: 0, powersOfFive: table)
                return c.double()
            }
            guard let parsed else { XCTFail("could not parse \(text)"); continue }
            if expected.isNaN { XCTAssertTrue(parsed.isNaN, text); continue }
            XCTAssertEqual(parsed.bitPattern, expected.bitPattern, text)
        }
    }

    /// Entries of the 128-bit power-of-five table, against exact integer arithmetic (Python:
    /// 5**q shifted into [2^127, 2^128) for q ≥ 0; 2**(L+127) // 5**-q, plus 1 for q ≥ −27).
    func testPowerOfFiveTableEntries() {
        let expected: [(Int, UInt64, UInt64)] = [
            (-342, 0xeef4_53d6_923b_d65a, 0x113f_aa29_06a1_3b3f),
            (-28, 0xfd87_b5f2_8300_ca0d, 0x8bca_9d6e_1888_53fc),
            (-27, 0x9e74_d1b7_91e0_7e48, 0x775e_a264_cf55_347e),
            (-1, 0xcccc_cccc_cccc_cccc, 0xcccc_cccc_cccc_cccd),
            (0, 0x8000_0000_0000_0000, 0),
            (1, 0xa000_0000_0000_0000, 0),
            (27, 0xcecb_8f27_f420_0f3a, 0),
            (28, 0x813f_3978_f894_0984, 0x4000_0000_0000_0000),
            (308, 0x8e67_9c2f_5e44_ff8f, 0x570f_09ea_a7ea_7648),
        ]
        let table = HepMC3NumberParsing.powersOfFive
        for (q, hi, lo) in expected {
            let i = (q - HepMC3NumberParsing.minPowerOfTen) * 2
            XCTAssertEqual(table[i], hi, "5^\(q) high word")
            XCTAssertEqual(table[i + 1], lo, "5^\(q) low word")
        }
    }

    func testFieldsEndAtBlanksSoTrailingJunkIsAnError() {
        for (text, ok) in [("1.5", true), ("1.5 ", true), ("-2e3\t", true), ("1.5x", false), ("1e", false), ("", false), ("abc", false)] {
            var bytes = Array(text.utf8) + [0x0A]
            let value: Double? = bytes.withUnsafeMutableBufferPointer { b in
                var c = HepMC3LineCursor((UnsafePointer(b.baseAddress!), b.count - 1), from: 0, powersOfFive: HepMC3NumberParsing.powersOfFive)
                return c.double()
            }
            XCTAssertEqual(value != nil, ok, text)
        }
    }

    /// Per event [Σpx, Σpy, Σpz, ΣE] (GeV) of the status-1 particles, summed in particle order, as
    /// pyhepmc 2.16.1 (HepMC3's C++ ReaderAscii) reads the fixtures: generated once with
    /// `scripts/pyhepmc_stable_sums.py <fixture>.hepmc`. Hexadecimal, so the comparison is exact.
    static let stableMomentumSums: [String: [[Double]]] = [
        "pythia8_ggH125_mS40_ctau760_20ev": [
            [0x1.52d5400000000p-34, -0x1.0166800000000p-34, -0x1.07f4774000000p-23, 0x1.963fffffed95dp+13],
            [-0x1.60b9400000000p-34, 0x1.1893580000000p-31, 0x1.187fc00000000p-23, 0x1.963fffffe2fa5p+13],
            [-0x1.fc91800000000p-34, -0x1.51d9e00000000p-34, 0x1.747dc20000000p-28, 0x1.963ffffffde02p+13],
            [-0x1.a341d70000000p-27, -0x1.64f7930000000p-28, -0x1.1a0c880000000p-28, 0x1.9640000000ddep+13],
            [0x1.17d8368000000p-31, -0x1.e770000000000p-33, -0x1.4e50df0000000p-28, 0x1.963fffffff108p+13],
            [0x1.fa4f590000000p-25, -0x1.a2575bc000000p-26, 0x1.76e576a000000p-20, 0x1.963fffff440cep+13],
            [0x1.336cec0000000p-32, 0x1.0f2fd48000000p-31, 0x1.b7ed20b000000p-26, 0x1.9640000000be2p+13],
            [-0x1.1751fb8000000p-31, -0x1.e4c5610000000p-32, 0x1.9355f80000000p-33, 0x1.963fffffedf6fp+13],
            [0x1.7284000000000p-36, -0x1.10a2000000000p-39, -0x1.2492540000000p-28, 0x1.964000000090fp+13],
            [-0x1.6aa8000000000p-38, -0x1.7590000000000p-35, -0x1.9edfb00000000p-29, 0x1.963ffffffcc23p+13],
            [0x1.41bf9c0000000p-31, -0x1.15e55cc000000p-30, -0x1.87dabc6000000p-25, 0x1.9640000000749p+13],
            [0x1.31c8280000000p-36, -0x1.d368640000000p-35, 0x1.6dc8780000000p-29, 0x1.9640000005f3dp+13],
            [-0x1.2c84100000000p-32, -0x1.235b400000000p-35, -0x1.fa211d3c00000p-23, 0x1.963fffffe1c17p+13],
            [-0x1.1b44000000000p-36, 0x1.5302800000000p-33, 0x1.7433c00000000p-25, 0x1.963ffffffc910p+13],
            [0x1.4b0bf60000000p-36, 0x1.6088000000000p-43, 0x1.47b23bd000000p-28, 0x1.9640000000a61p+13],
            [0x1.76a6ad8000000p-33, -0x1.847ca00000000p-36, -0x1.6229ca6000000p-27, 0x1.963ffffffff34p+13],
            [0x1.49072eb800000p-28, 0x1.bc10170000000p-30, -0x1.8976c4cd00000p-25, 0x1.963ffffffa108p+13],
            [0x1.482e500000000p-36, 0x1.60cc000000000p-39, -0x1.a4bbec0000000p-31, 0x1.963fffffffe6bp+13],
            [0x1.687e678000000p-29, -0x1.9ad3620000000p-30, 0x1.3a51eea000000p-24, 0x1.963ffffff849dp+13],
            [0x1.054200ce00000p-24, -0x1.3075e60e00000p-26, 0x1.13f4ded800000p-25, 0x1.9640000001c84p+13],
        ],
        "pythia8_ggH125_mS40_ctau760_noMPI_80ev": [
            [-0x1.5b23000000000p-38, 0x1.2ee9c00000000p-35, -0x1.2848c00000000p-31, 0x1.964000000011dp+13],
            [-0x1.8a62d00000000p-37, 0x1.791c000000000p-39, 0x1.c7b7e00000000p-35, 0x1.9640000000021p+13],
            [-0x1.b0d0000000000p-37, 0x1.ca01cd0000000p-33, -0x1.1072216400000p-21, 0x1.963fffffbbe3dp+13],
            [0x1.4b52b00000000p-36, 0x1.43e0000000000p-37, -0x1.7108000000000p-32, 0x1.963ffffffff46p+13],
            [0x1.3275600000000p-36, -0x1.7ac4000000000p-38, 0x1.01d4480000000p-27, 0x1.963fffffffceep+13],
            [-0x1.b3e0000000000p-41, 0x1.4020000000000p-41, 0x1.88a4000000000p-37, 0x1.963fffffffff2p+13],
            [-0x1.cef9800000000p-36, -0x1.7100000000000p-42, 0x1.2ef4e00000000p-32, 0x1.9640000000064p+13],
            [-0x1.9152800000000p-34, 0x1.1e80000000000p-37, -0x1.05e5966000000p-25, 0x1.963ffffffbc90p+13],
            [-0x1.f980000000000p-45, -0x1.22a0000000000p-41, -0x1.0daf000000000p-35, 0x1.9640000000005p+13],
            [-0x1.e930000000000p-38, -0x1.b4fe000000000p-35, -0x1.72dd800000000p-28, 0x1.9640000000b95p+13],
            [0x1.19e4000000000p-41, -0x1.3e1c000000000p-41, 0x1.5df9000000000p-38, 0x1.9640000000003p+13],
            [0x1.1060000000000p-41, -0x1.3354000000000p-42, 0x1.e329400000000p-37, 0x1.963ffffffffefp+13],
            [-0x1.9235000000000p-38, 0x1.c187000000000p-38, 0x1.bd76000000000p-30, 0x1.963fffffffc85p+13],
            [0x1.5400000000000p-45, 0x1.ed00000000000p-42, -0x1.d380000000000p-40, 0x1.963ffffffffffp+13],
            [0x1.fe50000000000p-41, -0x1.c16e800000000p-35, -0x1.5fe5e20000000p-28, 0x1.9640000000b50p+13],
            [0x1.359d000000000p-33, 0x1.6a89800000000p-34, -0x1.f893700000000p-29, 0x1.96400000007d2p+13],
            [-0x1.c8f7800000000p-37, -0x1.75ef000000000p-35, -0x1.77bbff0000000p-25, 0x1.963ffffffa225p+13],
            [-0x1.fee8000000000p-37, 0x1.2751e00000000p-37, 0x1.46d4c2e800000p-26, 0x1.963ffffffd6ffp+13],
            [0x1.a8d0d00000000p-36, 0x1.b080c00000000p-38, 0x1.0e5f1e0000000p-31, 0x1.9640000000109p+13],
            [-0x1.ef8be00000000p-35, 0x1.76891c0000000p-34, 0x1.1e7e6d4000000p-28, 0x1.96400000008eep+13],
            [-0x1.1e62800000000p-38, -0x1.aaca000000000p-37, 0x1.9f49d40000000p-33, 0x1.964000000006ap+13],
            [-0x1.19f0000000000p-39, 0x1.71c8000000000p-40, -0x1.66b4000000000p-38, 0x1.963fffffffff8p+13],
            [0x1.09e9f00000000p-32, 0x1.5ba4000000000p-38, -0x1.240eb60000000p-30, 0x1.9640000000239p+13],
            [0x1.0c8a2b0000000p-33, 0x1.ba0e000000000p-39, -0x1.470afb4800000p-26, 0x1.963ffffffd6b6p+13],
            [-0x1.1d50000000000p-38, -0x1.4e00000000000p-37, -0x1.b800000000000p-35, 0x1.963ffffffffd3p+13],
            [0x1.3700000000000p-44, 0x1.d800000000000p-47, 0x1.5180000000000p-41, 0x1.963fffffffffdp+13],
            [-0x1.8049400000000p-35, 0x1.1890000000000p-38, -0x1.92a0600000000p-26, 0x1.963ffffffcdaep+13],
            [0x1.0bae000000000p-35, -0x1.2b5e540000000p-32, 0x1.0a3b080000000p-28, 0x1.9640000000eb4p+13],
            [0x1.f3a1000000000p-37, 0x1.0069000000000p-33, -0x1.0db8fd8000000p-25, 0x1.963ffffffbcf0p+13],
            [0x1.0f79000000000p-33, -0x1.7a17000000000p-32, -0x1.035a2c0000000p-27, 0x1.963ffffffefbep+13],
            [0x1.a4ab400000000p-34, 0x1.282ea00000000p-34, 0x1.c3ac770000000p-30, 0x1.9640000000137p+13],
            [-0x1.f11c000000000p-40, -0x1.652c000000000p-38, -0x1.13da800000000p-31, 0x1.963fffffffef0p+13],
            [-0x1.a6e0000000000p-39, -0x1.22e0000000000p-41, -0x1.14c9300000000p-31, 0x1.9640000000113p+13],
            [-0x1.1877800000000p-37, -0x1.110b200000000p-39, 0x1.3df5a00000000p-34, 0x1.963ffffffff90p+13],
            [0x1.2956250000000p-31, -0x1.3962f00000000p-37, 0x1.7bfd520000000p-26, 0x1.9640000002d57p+13],
            [-0x1.01e1000000000p-38, -0x1.3981740000000p-36, 0x1.b070000000000p-38, 0x1.963fffffffffap+13],
            [0x1.9218d60000000p-33, -0x1.13cb9c0000000p-34, 0x1.ace1ce0000000p-30, 0x1.963fffffffc9dp+13],
            [0x1.1d50000000000p-39, -0x1.bf94000000000p-37, -0x1.9d8c800000000p-31, 0x1.96400000001a4p+13],
            [0x1.5beb800000000p-37, -0x1.f6f2980000000p-34, -0x1.16b825a800000p-25, 0x1.963ffffffbaa9p+13],
            [0x1.a940000000000p-38, -0x1.5c00000000000p-39, 0x1.32f0000000000p-39, 0x1.963ffffffffffp+13],
            [0x1.a5d41a0000000p-36, 0x1.b6e4000000000p-41, 0x1.1d0b720000000p-31, 0x1.9640000000128p+13],
            [-0x1.c030000000000p-37, 0x1.274f000000000p-36, 0x1.d9ac200000000p-30, 0x1.963fffffffc4fp+13],
            [0x1.4c90000000000p-34, 0x1.6c65000000000p-35, -0x1.5c1b500000000p-28, 0x1.9640000000adbp+13],
            [-0x1.20c0000000000p-44, 0x1.5120000000000p-43, -0x1.99a0000000000p-41, 0x1.963fffffffffdp+13],
            [0x1.4200000000000p-44, -0x1.fbe0000000000p-42, 0x1.844c000000000p-39, 0x1.963fffffffffap+13],
            [-0x1.7c0f800000000p-37, 0x1.04d8e00000000p-34, 0x1.5248d22800000p-27, 0x1.9640000001528p+13],
            [-0x1.f73c000000000p-36, 0x1.9720000000000p-40, 0x1.3eb4800000000p-31, 0x1.963ffffffff78p+13],
            [-0x1.93fa800000000p-39, -0x1.9bb0000000000p-41, -0x1.05f3c00000000p-31, 0x1.9640000000108p+13],
            [0x1.cae0000000000p-37, -0x1.3aaa400000000p-35, -0x1.8cff420000000p-28, 0x1.963fffffff399p+13],
            [-0x1.b83e800000000p-38, -0x1.8c82000000000p-39, -0x1.9b5ed80000000p-30, 0x1.9640000000332p+13],
            [-0x1.e630000000000p-41, 0x1.43b8000000000p-40, -0x1.d4c0000000000p-37, 0x1.964000000000ep+13],
            [-0x1.7680000000000p-45, 0x1.d000000000000p-47, 0x1.7158000000000p-39, 0x1.9640000000000p+13],
            [0x1.6002800000000p-35, 0x1.2c5e000000000p-36, -0x1.3908ef8000000p-28, 0x1.96400000009cbp+13],
            [-0x1.1a9a000000000p-38, 0x1.b93e000000000p-39, -0x1.6f16a1c000000p-26, 0x1.9640000002de4p+13],
            [0x1.6887d80000000p-32, -0x1.0201b60000000p-32, -0x1.aacf780000000p-30, 0x1.9640000000271p+13],
            [0x1.4682000000000p-36, 0x1.3cdb000000000p-35, 0x1.5bdd800000000p-31, 0x1.963fffffffe9cp+13],
            [0x1.007a400000000p-39, -0x1.685c400000000p-39, -0x1.0f53a40000000p-34, 0x1.963ffffffffd9p+13],
            [0x1.cb73000000000p-39, -0x1.fae0000000000p-45, -0x1.5f20000000000p-40, 0x1.963ffffffffffp+13],
            [-0x1.1363900000000p-34, -0x1.f98c000000000p-37, 0x1.7041800000000p-33, 0x1.9640000000064p+13],
            [-0x1.acf8000000000p-33, 0x1.1460000000000p-33, -0x1.6865600000000p-30, 0x1.9640000000302p+13],
            [-0x1.acb2000000000p-41, 0x1.de98000000000p-40, 0x1.2b9cc00000000p-34, 0x1.9640000000057p+13],
            [0x1.edc7000000000p-37, -0x1.6fe7f00000000p-36, -0x1.15967c0000000p-29, 0x1.963fffffffb9fp+13],
            [0x1.17b8000000000p-40, -0x1.4fb4000000000p-40, -0x1.d918000000000p-40, 0x1.963fffffffffep+13],
            [-0x1.a8b0000000000p-40, -0x1.bec6000000000p-40, 0x1.0661000000000p-35, 0x1.964000000000fp+13],
            [-0x1.94fda40000000p-35, -0x1.b7d3200000000p-35, 0x1.76907e0000000p-29, 0x1.963fffffff980p+13],
            [-0x1.67b7400000000p-35, 0x1.c24d800000000p-37, -0x1.4c436c0000000p-32, 0x1.963ffffffffcap+13],
            [-0x1.4400000000000p-42, 0x1.5d00000000000p-45, -0x1.1090000000000p-38, 0x1.9640000000001p+13],
            [-0x1.23415a0000000p-35, -0x1.b3c1800000000p-40, 0x1.3f1c6eb700000p-26, 0x1.9640000001615p+13],
            [0x1.4680000000000p-41, 0x1.8500000000000p-41, -0x1.a7f6400000000p-33, 0x1.963ffffffff9ap+13],
            [0x1.1473c00000000p-35, -0x1.9391000000000p-36, 0x1.29dfd60000000p-30, 0x1.96400000000fap+13],
            [0x1.d280000000000p-41, 0x1.8540000000000p-40, -0x1.82eb200000000p-30, 0x1.963fffffffcfap+13],
            [-0x1.0e14000000000p-36, 0x1.a71a000000000p-35, 0x1.b8bd0a0000000p-25, 0x1.9640000006e37p+13],
            [-0x1.b7b0000000000p-41, 0x1.6fe0000000000p-44, -0x1.0bb0e00000000p-34, 0x1.9640000000020p+13],
            [0x1.ca2a500000000p-34, -0x1.aa1ec00000000p-33, -0x1.08d243e000000p-23, 0x1.963fffffef732p+13],
            [0x1.5ea7380000000p-32, -0x1.878ce80000000p-35, -0x1.de1512c000000p-24, 0x1.964000000ef3ep+13],
            [0x1.9e47100000000p-36, 0x1.b9dc800000000p-37, 0x1.0b66308000000p-29, 0x1.9640000000433p+13],
            [-0x1.26c0000000000p-41, 0x1.d400000000000p-43, 0x1.6ed2000000000p-36, 0x1.963fffffffff5p+13],
            [-0x1.1d2a000000000p-39, -0x1.8820000000000p-41, -0x1.32a7000000000p-34, 0x1.963ffffffffd8p+13],
            [0x1.75a2000000000p-40, -0x1.af53c00000000p-39, -0x1.a2a2ac0000000p-30, 0x1.964000000033cp+13],
            [0x1.ec11200000000p-36, -0x1.d325000000000p-35, 0x1.b5aaa00000000p-28, 0x1.9640000000f21p+13],
        ],
    ]
}
