import Foundation
import XCTest
@testable import Generation

/// The hss-ggf generator against Pythia 8.318 at the benchmark point (gg → H(125) → s s,
/// m_s = 40 GeV, cτ = 760 mm, s → b b̄, √s = 13 TeV), reference file
/// `shared/reference/pythia8/ggH125_mS40_ctau760.json` (2000 events, A14 tune, MPI on; made
/// as its README says). The primary vertex is at the origin, as in the reference.
///
/// Tolerances (the issue's): LLP mean pT, mean |η|, mean βγ and median Lxy within 5 %; mean
/// proper decay length within 3 % of the card's cτ; mediator mean pT within 15 %. Each is
/// judged as tolerance + 2 standard errors of the difference (both samples' statistics), so a
/// sample of a few thousand events can pass or fail on the physics, not on luck.
///
/// The benchmark test runs the default card, underlying event on, and also checks the
/// multiplicities that the underlying event makes against the MPI-on reference (issue 4
/// part 3, tolerances of the issue): charged multiplicity mean and RMS within 10 % for both
/// p⊥ cuts, neutrino missing pT within 15 %. (The RMS above 0.5 GeV used to come out 15–17 %
/// low: the multi-parton scatterings were drawn with a p⊥ spectrum 13 % too soft, see
/// ``MultipartonInteractions/scatterings(count:pTMaxGeV:xLeft:rng:into:)``.) Its sample is
/// 600 events (the LLP tolerances are far above the statistical error of 1200 LLPs).
///
/// Set GENRECO_VALIDATION_EVENTS to run more events (e.g. 100000 in a release build); the
/// table is printed either way.
final class SignalValidationTests: XCTestCase {
    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    func loadReference(_ file: String = "ggH125_mS40_ctau760.json") throws -> PythiaReference {
        let url = PythiaReference.directory(packageRoot: Self.packageRoot).appendingPathComponent(file)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw XCTSkip("reference file not found at \(url.path) (set GENRECO_SHARED)")
        }
        return try PythiaReference(contentsOf: url)
    }

    func testBenchmarkPointAgreesWithPythia8() throws {
        let reference = try loadReference()
        XCTAssertEqual(reference.format, "pythia8-reference-v1")
        let events = Int(ProcessInfo.processInfo.environment["GENRECO_VALIDATION_EVENTS"] ?? "") ?? 600
        let jets = ProcessInfo.processInfo.environment["GENRECO_VALIDATION_JETS"] != nil
        let generator = try HiddenValleyGenerator(card: SignalValidation.referenceCard())
        XCTAssertNotNil(generator.underlyingEvent, "the default card has underlying_event = true")
        let rows = SignalValidation.compare(generator, events: events, with: reference, jets: jets)
        print("hss-ggf with underlying event vs Pythia 8.318 MPI on (\(events) events vs \(reference.nEvents)):\n" + SignalValidation.table(rows))
        let row = Dictionary(uniqueKeysWithValues: rows.map { ($0.name, $0) })

        for name in ["llp_pt", "llp_abseta", "llp_betagamma"] {
            let r = try XCTUnwrap(row[name])
            XCTAssertTrue(r.meanAgrees(relativeTolerance: 0.05),
                          "\(name): mean \(r.ours.mean) vs Pythia \(r.reference.mean) ± 5 % + 2σ (σ = \(r.meanDifferenceSigma))")
        }

        // Median Lxy: its standard error is √(p(1 − p)/N)/f(median) with p = ½ and f the
        // density at the median, read off the reference's own histogram.
        let lxy = try XCTUnwrap(row["llp_lxy"])
        let lxyRef = try XCTUnwrap(reference.observables["llp_lxy"])
        let bin = try XCTUnwrap(lxyRef.binEdges.lastIndex { $0 <= lxyRef.median })
        let density = lxyRef.counts[bin] / lxyRef.entries / (lxyRef.binEdges[bin + 1] - lxyRef.binEdges[bin])
        let sigmaMedian = (0.25 / Double(lxy.ours.entries) + 0.25 / lxyRef.entries).squareRoot() / density
        XCTAssertLessThanOrEqual(abs(lxy.ours.median - lxy.reference.median), 0.05 * lxy.reference.median + 2 * sigmaMedian,
                                 "median Lxy \(lxy.ours.median) vs Pythia \(lxy.reference.median) mm")

        // Mean proper decay length against the card's cτ = 760 mm (σ of an exponential = its mean).
        let ctau = try XCTUnwrap(row["llp_ctau"])
        XCTAssertLessThanOrEqual(abs(ctau.ours.mean - 760), 0.03 * 760 + 2 * 760 / Double(ctau.ours.entries).squareRoot(),
                                 "mean proper decay length \(ctau.ours.mean) mm vs cτ = 760 mm")

        let medPt = try XCTUnwrap(row["med_pt"])
        XCTAssertTrue(medPt.meanAgrees(relativeTolerance: 0.15),
                      "med_pt: mean \(medPt.ours.mean) vs Pythia \(medPt.reference.mean) GeV ± 15 % + 2σ")

        let n = try XCTUnwrap(row["llp_n_per_event"])
        XCTAssertEqual(n.ours.mean, 2)
        XCTAssertEqual(n.ours.rms, 0)

        // The underlying event: charged multiplicities (61.3 and 104.0 in Pythia, against
        // 33.5 and 48.6 without MPI) and the neutrino missing pT.
        for (name, tolerance) in [("nch_pt05_eta25", 0.10), ("nch_pt01_eta25", 0.10), ("met_nu", 0.15)] {
            let r = try XCTUnwrap(row[name])
            XCTAssertTrue(r.meanAgrees(relativeTolerance: tolerance),
                          "\(name): mean \(r.ours.mean) vs Pythia \(r.reference.mean) ± \(tolerance * 100) % + 2σ (σ = \(r.meanDifferenceSigma))")
        }
        for (name, tolerance) in [("nch_pt05_eta25", 0.10), ("nch_pt01_eta25", 0.10)] {
            let r = try XCTUnwrap(row[name])
            let sigma = (r.ours.rms * r.ours.rms / (2 * Double(r.ours.entries))
                + r.reference.rms * r.reference.rms / (2 * Double(r.reference.entries))).squareRoot()
            XCTAssertLessThanOrEqual(abs(r.ours.rms - r.reference.rms), tolerance * r.reference.rms + 2 * sigma,
                                     "\(name): RMS \(r.ours.rms) vs Pythia \(r.reference.rms)")
        }
    }

    /// The hadron level against the **noMPI** reference
    /// (`shared/reference/pythia8/ggH125_mS40_ctau760_noMPI.json`: same settings and seed plus
    /// `PartonLevel:MPI = off`; the card's `underlying_event = false`). The
    /// tolerances are the issue's, each judged as tolerance + 2 standard errors of the
    /// difference:
    ///
    /// * b-hadron x_B = 2E*_B/m_s mean within 5 % (Pythia: 0.803);
    /// * stable descendants per LLP within 10 % (34.24) and stable charged ones (14.53);
    /// * b hadrons per event (4.07) within 5 %;
    /// * charged multiplicity, |η| < 2.5, pT > 0.5 GeV (33.45) and > 0.1 GeV (48.6): mean and
    ///   RMS within 10 % (σ of an RMS taken as RMS/√(2N));
    /// * neutrino missing pT (6.66 GeV) mean within 15 %.
    ///
    /// Truth jets (`njet_pt20`, `jet1_pt`; validation-only anti-kt) are computed and printed
    /// only with GENRECO_VALIDATION_JETS set (slow in debug builds) and not asserted: with
    /// 2000 events they came out −8 % and +0.3 % from Pythia's 2.74 and 57.9 GeV.
    func testHadronLevelAgreesWithPythia8NoMPI() throws {
        let reference = try loadReference("ggH125_mS40_ctau760_noMPI.json")
        XCTAssertEqual(reference.variant, "noMPI")
        let events = Int(ProcessInfo.processInfo.environment["GENRECO_VALIDATION_EVENTS"] ?? "") ?? 2000
        let jets = ProcessInfo.processInfo.environment["GENRECO_VALIDATION_JETS"] != nil
        var card = SignalValidation.referenceCard()
        card.generation.underlyingEvent = false
        let generator = try HiddenValleyGenerator(card: card)
        let rows = SignalValidation.compare(generator, events: events, with: reference, jets: jets)
        print("hss-ggf hadron level vs Pythia 8.318 noMPI (\(events) events vs \(reference.nEvents)):\n" + SignalValidation.table(rows))
        let row = Dictionary(uniqueKeysWithValues: rows.map { ($0.name, $0) })
        for (name, tolerance) in [("llp_bhad_xb", 0.05), ("llp_n_stable_desc", 0.10), ("llp_n_stable_charged_desc", 0.10),
                                  ("event_n_bhad", 0.05), ("nch_pt05_eta25", 0.10), ("nch_pt01_eta25", 0.10), ("met_nu", 0.15)] {
            let r = try XCTUnwrap(row[name])
            XCTAssertTrue(r.meanAgrees(relativeTolerance: tolerance),
                          "\(name): mean \(r.ours.mean) vs Pythia \(r.reference.mean) ± \(tolerance * 100) % + 2σ (σ = \(r.meanDifferenceSigma))")
        }
        for name in ["nch_pt05_eta25", "nch_pt01_eta25"] {
            let r = try XCTUnwrap(row[name])
            let sigma = (r.ours.rms * r.ours.rms / (2 * Double(r.ours.entries))
                + r.reference.rms * r.reference.rms / (2 * Double(r.reference.entries))).squareRoot()
            XCTAssertLessThanOrEqual(abs(r.ours.rms - r.reference.rms), 0.10 * r.reference.rms + 2 * sigma,
                                     "\(name): RMS \(r.ours.rms) vs Pythia \(r.reference.rms)")
        }
        let nB = try XCTUnwrap(row["llp_n_bhad"])
        XCTAssertEqual(nB.ours.mean, 2, accuracy: 0.01, "two b hadrons per s → b b̄")
    }
}
