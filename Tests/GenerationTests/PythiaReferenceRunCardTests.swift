import Foundation
import XCTest
@testable import Generation

/// `genreco validate generation --reference F` generates at the reference's own point: the
/// run card is read from the Pythia settings stored in the file.
final class PythiaReferenceRunCardTests: XCTestCase {
    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    func reference(_ url: URL) throws -> PythiaReference {
        guard FileManager.default.fileExists(atPath: url.path) else { throw XCTSkip("no reference at \(url.path)") }
        return try PythiaReference(contentsOf: url)
    }

    func testTheBenchmarkReferencesGiveTheBenchmarkCardWithAndWithoutMPI() throws {
        let dir = PythiaReference.directory(packageRoot: Self.packageRoot)
        let mpi = try reference(dir.appendingPathComponent("ggH125_mS40_ctau760.json")).runCard()
        let noMPI = try reference(dir.appendingPathComponent("ggH125_mS40_ctau760_noMPI.json")).runCard()
        for card in [mpi, noMPI] {
            XCTAssertEqual(card.generation.process, .hssGGF)
            XCTAssertEqual(card.generation.mediatorMassGeV, 125)
            XCTAssertEqual(card.generation.scalarMassGeV, 40)
            XCTAssertEqual(card.generation.scalarCtauMM, 760)
            XCTAssertEqual(card.generation.scalarDecays, RunCard.ScalarDecays())   // b b̄ only
            XCTAssertEqual(card.generation.sqrtSGeV, 13000)
        }
        XCTAssertTrue(mpi.generation.underlyingEvent)
        XCTAssertFalse(noMPI.generation.underlyingEvent, "PartonLevel:MPI = off")
    }

    func testTheOtherPointsGiveTheirMassesDecaysAndProcess() throws {
        let dir = Self.packageRoot.appendingPathComponent("reference/pythia8")
        let light = try reference(dir.appendingPathComponent("ggH125_mS5_ctau100.json")).runCard()
        XCTAssertEqual(light.generation.scalarMassGeV, 5)
        XCTAssertEqual(light.generation.scalarCtauMM, 100)
        XCTAssertEqual(light.generation.scalarDecays.cc, 1)
        XCTAssertEqual(light.generation.scalarDecays.bb, 0)
        let heavy = try reference(dir.appendingPathComponent("ggH600_mS150_ctau760.json")).runCard()
        XCTAssertEqual(heavy.generation.mediatorMassGeV, 600)
        XCTAssertEqual(heavy.generation.mediatorWidthGeV, 0.0041)
        XCTAssertEqual(heavy.generation.scalarMassGeV, 150)
        let wh = try reference(dir.appendingPathComponent("WH125_mS40_ctau760.json")).runCard()
        XCTAssertEqual(wh.generation.process, .hssWH)
        XCTAssertEqual(wh.generation.wDecays, ["e", "mu"])
    }

    func testADecayGenRecoCannotMakeIsNamed() throws {
        var ref = try reference(Self.packageRoot.appendingPathComponent("reference/pythia8/ggH125_mS5_ctau100.json"))
        ref.pythiaSettings = (ref.pythiaSettings ?? []).map { $0.hasPrefix("35:onIfMatch") ? "35:onIfMatch = 21 21" : $0 }
        XCTAssertThrowsError(try ref.runCard()) { error in
            XCTAssertTrue("\(error)".contains("[35:onIfMatch]"), "\(error)")
        }
    }
}
