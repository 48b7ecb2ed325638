import EventModel
import Foundation
import GenRecoTestSupport
import XCTest
@testable import Output

/// A small hand-made detector and event for the display tests: two pixel layers, one strip
/// disc per side, an EM and a hadronic barrel ring, an EM end-cap, one muon station per
/// kind; one EM and one hadronic cell, a track, hits, two TRT straws, a jet, an LLP decay and a segment.
enum DisplayTestScene {
    static let emBarrel = DetectorOutline.Volume(name: "EMB", kind: .em, rMinMM: 1500, rMaxMM: 1970, zMinMM: -3200, zMaxMM: 3200)
    static let hadBarrel = DetectorOutline.Volume(name: "Tile", kind: .hadronic, rMinMM: 2280, rMaxMM: 3820, zMinMM: -2820, zMaxMM: 2820)
    static let emEndcap = DetectorOutline.Volume(name: "EMEA", kind: .em, rMinMM: 330, rMaxMM: 2098, zMinMM: 3640, zMaxMM: 4250)

    static let outline = DetectorOutline(
        trackerLayers: [.init(name: "PixelB0", kind: .pixel, radiusMM: 50, halfLengthMM: 400),
                        .init(name: "SCTB0", kind: .strip, radiusMM: 300, halfLengthMM: 750),
                        .init(name: "TRT", kind: .passive, radiusMM: 800, halfLengthMM: 710)],
        trackerDiscs: [.init(name: "SCTD0A", kind: .strip, zMM: 850, rMinMM: 275, rMaxMM: 560),
                       .init(name: "SCTD0C", kind: .strip, zMM: -850, rMinMM: 275, rMaxMM: 560)],
        calorimeters: [emBarrel, hadBarrel, emEndcap],
        muonBarrel: [.init(name: "BI", kind: .strip, radiusMM: 5000, halfLengthMM: 6300)],
        muonEndcap: [.init(name: "EIA", kind: .strip, zMM: 7400, rMinMM: 1000, rMaxMM: 4500)],
        fieldTesla: 2, trackerRadiusMM: 1150)

    static func scene() -> DisplayScene {
        var s = DisplayScene(title: "test event", caption: ["hand-made"], outline: outline)
        s.trackerHits = [DisplayHit(position: Vector3(50, 0, 10), kind: .pixel), DisplayHit(position: Vector3(300, 5, 60), kind: .strip)]
        s.tracks = [DisplayTrack(points: (0...50).map { Vector3(Double($0) * 20, Double($0 * $0) * 0.2, Double($0) * 4) },
                                 ptGeV: 10, charge: 1, label: "track 1")]
        // A TRT straw on the track (a point in space) and one off it (at its wire, x–y only).
        s.straws = [DisplayStraw(position: Vector3(600, 72, 120), onTrack: true),
                    DisplayStraw(position: Vector3(-700, 80, 0), onTrack: false)]
        s.truthTracks = [DisplayTrack(points: [Vector3(0, 0, 0), Vector3(0, 1000, 100)], ptGeV: 3, charge: -1, label: "particle 7")]
        // A hot EM cell and a hot hadronic cell at φ ≈ 0.05, η ≈ 0.05 (upper half, y > 0).
        s.cells = [DisplayCell(volume: emBarrel, etaMin: 0.025, etaMax: 0.05, phiMin: 0.0, phiMax: 0.1, energyGeV: 30),
                   DisplayCell(volume: hadBarrel, etaMin: 0.0, etaMax: 0.1, phiMin: 0.0, phiMax: 0.1, energyGeV: 40),
                   DisplayCell(volume: emEndcap, etaMin: 2.0, etaMax: 2.1, phiMin: 1.0, phiMax: 1.1, energyGeV: 5),
                   // Below the default threshold: not drawn.
                   DisplayCell(volume: emBarrel, etaMin: 1.0, etaMax: 1.025, phiMin: -2.0, phiMax: -1.9, energyGeV: 0.01)]
        s.jets = [DisplayJet(eta: 0.05, phi: 0.05, energyGeV: 75, ptGeV: 75, logRatio: log10(40.0 / 30.0))]
        s.vertices = [DisplayVertex(position: Vector3(0, 0, 0), kind: .primary, label: "primary vertex"),
                      DisplayVertex(position: Vector3(2000, 150, 300), origin: Vector3(0, 0, 0), kind: .llpDecay, label: "LLP Lxy 2.01 m")]
        s.muonHits = [DisplayHit(position: Vector3(5000, 100, 800), kind: .muon)]
        s.muonSegments = [DisplaySegment(position: Vector3(5000, 100, 800), direction: Vector3(1, 0.02, 0.16), label: "segment")]
        return s
    }

    /// Counts `class="…"` attributes whose class list contains `name`.
    static func count(_ cls: String, in svg: String) -> Int {
        var n = 0
        var rest = svg[...]
        while let r = rest.range(of: "class=\"") {
            rest = rest[r.upperBound...]
            guard let end = rest.firstIndex(of: "\"") else { break }
            if rest[..<end].split(separator: " ").contains(Substring(cls)) { n += 1 }
            rest = rest[end...]
        }
        return n
    }

    /// Renders `file` with headless Chromium through scripts/render_svg.py and returns its
    /// measurements. Skips, or fails under GENRECO_REQUIRE_EXTERNAL=1, when Chromium is missing.
    static func render(_ file: String, size: String, colours: [String] = [], file testFile: StaticString = #filePath,
                       line: UInt = #line) throws -> [String: Any] {
        let python = try External.python(importing: "zlib, json", file: testFile, line: line)
        let png = file + ".png"
        let result = try External.run(python, [External.script("render_svg.py"), file, png, "--size", size]
                                      + colours.flatMap { ["--colour", $0] })
        if result.status == 3 {
            try External.unavailable("no Chromium (apt-get install chromium): \(result.stderr)", file: testFile, line: line)
        }
        guard result.status == 0, let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any] else {
            XCTFail("render_svg.py failed (\(result.status)): \(result.stderr)", file: testFile, line: line)
            throw XCTSkip("render failed")
        }
        return json
    }
}
