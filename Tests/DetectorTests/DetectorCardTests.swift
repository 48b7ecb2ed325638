import Foundation
import XCTest
@testable import Detector
import EventModel

/// The detector card: the built-in ATLAS Run-2 card, its file formats, and errors that
/// name the key path.
final class DetectorCardTests: XCTestCase {

    func testBuiltinCardIsValidAndCitesItsSources() throws {
        let card = try DetectorCard.load("builtin:atlas-run2")
        XCTAssertEqual(card, DetectorCard.atlasRun2)
        try card.validate()
        // Every element says where its numbers come from.
        for l in card.tracker.barrel { XCTAssertFalse(l.source.isEmpty, l.name) }
        for d in card.tracker.endcap { XCTAssertFalse(d.source.isEmpty, d.name) }
        for v in card.calorimeter.volumes { XCTAssertFalse(v.source.isEmpty, v.name) }
        XCTAssertTrue(card.description.contains("S08003"))
    }

    /// JINST 3 (2008) S08003: 2 T solenoid; pixel barrel r = 50.5, 88.5, 122.5 mm (+ IBL 33.25 mm);
    /// SCT barrel r = 299, 371, 443, 514 mm (DESIGN.md §6).
    func testBuiltinNumbersMatchTheDetectorPaper() {
        let card = DetectorCard.atlasRun2
        XCTAssertEqual(card.solenoid.fieldTesla, 2.0)
        let radii = card.tracker.barrel.filter { $0.technology != .passive }.map(\.radiusMM)
        XCTAssertEqual(radii, [33.25, 50.5, 88.5, 122.5, 299, 371, 443, 514])
        let emb2 = card.calorimeter.volumes.first { $0.name == "EMB2" }!
        XCTAssertEqual(emb2.regions[0].deltaEta, 0.025)
        XCTAssertEqual(emb2.regions[0].phiCells, 256)   // Δφ = 2π/256 = 0.0245
        let tile = card.calorimeter.volumes.first { $0.name == "TileBar0" }!
        XCTAssertEqual(tile.rMinMM, 2_280)
        XCTAssertEqual(tile.regions[0].deltaEta, 0.1)
        // Three layers per station, 250 mm apart, around the stations at 5, 7.5 and 10 m.
        XCTAssertEqual(card.muonSpectrometer.barrel.map(\.radiusMM),
                       [4_750, 5_000, 5_250, 7_250, 7_500, 7_750, 9_750, 10_000, 10_250])
    }

    func testUnknownBuiltinAndMissingFileAreReported() {
        XCTAssertThrowsError(try DetectorCard.load("builtin:cms")) { error in
            XCTAssertTrue("\(error)".contains("atlas-run2"), "\(error)")
        }
        XCTAssertThrowsError(try DetectorCard.load("/nonexistent/card.toml")) { error in
            XCTAssertTrue("\(error)".contains("cannot read"), "\(error)")
        }
    }

    func testJSONRoundTrip() throws {
        let data = try DetectorCard.atlasRun2.jsonData()
        let back = try DetectorCard(json: data)
        XCTAssertEqual(back, DetectorCard.atlasRun2)
    }

    func testTOMLRoundTripThroughAFile() throws {
        let toml = try DetectorCard.atlasRun2.tomlString()
        XCTAssertTrue(toml.contains("radius_mm"))
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("det-\(UUID().uuidString).toml")
        try toml.write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        let back = try DetectorCard.load(url.path)
        XCTAssertEqual(back, DetectorCard.atlasRun2)
    }

    // MARK: Errors name the key path

    private func mutatedJSON(_ edit: (inout [String: Any]) -> Void) throws -> Data {
        var tree = try JSONSerialization.jsonObject(with: DetectorCard.atlasRun2.jsonData()) as! [String: Any]
        edit(&tree)
        return try JSONSerialization.data(withJSONObject: tree)
    }

    private func editVolume(_ tree: inout [String: Any], _ index: Int, _ edit: (inout [String: Any]) -> Void) {
        var calo = tree["calorimeter"] as! [String: Any]
        var volumes = calo["volumes"] as! [[String: Any]]
        edit(&volumes[index])
        calo["volumes"] = volumes
        tree["calorimeter"] = calo
    }

    private func assertError(_ data: Data, keyPath: String, contains text: String,
                             file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try DetectorCard(json: data, source: "card.json"), file: file, line: line) { error in
            guard let e = error as? DetectorCardError else { return XCTFail("\(error)", file: file, line: line) }
            XCTAssertEqual(e.keyPath, keyPath, "\(e)", file: file, line: line)
            XCTAssertTrue(e.description.contains(text), "\(e)", file: file, line: line)
            XCTAssertTrue(e.description.hasPrefix("card.json: [\(keyPath)]"), "\(e)", file: file, line: line)
        }
    }

    func testUnknownKeyIsRejectedWithItsPath() throws {
        let data = try mutatedJSON { tree in editVolume(&tree, 3) { $0["radius_typo_mm"] = 3.0 } }
        assertError(data, keyPath: "calorimeter.volumes[3].radius_typo_mm", contains: "unknown key")
    }

    func testWrongTypeIsRejectedWithItsPath() throws {
        let data = try mutatedJSON { tree in
            var tracker = tree["tracker"] as! [String: Any]
            var barrel = tracker["barrel"] as! [[String: Any]]
            barrel[2]["radius_mm"] = "fifty"
            tracker["barrel"] = barrel
            tree["tracker"] = tracker
        }
        assertError(data, keyPath: "tracker.barrel[2].radius_mm", contains: "expected a number")
    }

    func testMissingKeyIsRejectedWithItsPath() throws {
        let data = try mutatedJSON { tree in editVolume(&tree, 4) { $0["sampling_fraction"] = nil } }
        assertError(data, keyPath: "calorimeter.volumes[4].sampling_fraction", contains: "missing key")
    }

    func testUnknownEnumValueListsTheChoices() throws {
        let data = try mutatedJSON { tree in editVolume(&tree, 4) { $0["kind"] = "electromagnetic" } }
        assertError(data, keyPath: "calorimeter.volumes[4].kind", contains: "em | hadronic | passive")
    }

    func testNonWholeNumberOfCellsIsRejected() throws {
        let data = try mutatedJSON { tree in
            editVolume(&tree, 4) { v in
                var regions = v["regions"] as! [[String: Any]]
                regions[0]["delta_eta"] = 0.03
                v["regions"] = regions
            }
        }
        assertError(data, keyPath: "calorimeter.volumes[4].regions[0].delta_eta", contains: "whole number")
    }

    func testOverlappingVolumesAreAnError() throws {
        let names = DetectorCard.atlasRun2.calorimeter.volumes.map(\.name)
        let emb2 = names.firstIndex(of: "EMB2")!
        let data = try mutatedJSON { tree in editVolume(&tree, emb2) { $0["r_min_mm"] = 1_550.0 } }
        XCTAssertThrowsError(try DetectorCard(json: data)) { error in
            let e = error as! DetectorCardError
            XCTAssertTrue(e.description.contains("overlaps"), "\(e)")
            XCTAssertTrue(e.description.contains("EMB1") && e.description.contains("EMB2"), "\(e)")
        }
    }

    func testTOMLSyntaxErrorGivesTheLine() {
        XCTAssertThrowsError(try DetectorCard(toml: "name = \"x\"\nworld = {", source: "bad.toml")) { error in
            XCTAssertTrue("\(error)".contains("line 2"), "\(error)")
        }
    }

    func testTOMLWrongTypeNamesTheKey() throws {
        var toml = try DetectorCard.atlasRun2.tomlString()
        toml = toml.replacingOccurrences(of: "field_tesla = 2.0", with: "field_tesla = \"two\"")
        XCTAssertThrowsError(try DetectorCard(toml: toml)) { error in
            XCTAssertEqual((error as? DetectorCardError)?.keyPath, "solenoid.field_tesla", "\(error)")
        }
    }
}
