import Foundation
import Output
import XCTest

/// The `genreco` command as a user meets it: help, version, the run card, inspect.
final class CommandLineTests: XCTestCase {
    var fixture: String { Harness.shared.appendingPathComponent("fixtures/hepmc3/pythia8_ggH125_mS40_ctau760_20ev.hepmc").path }

    func testVersionAndHelpWithExamples() throws {
        let v = try Harness.genreco(["--version"])
        XCTAssertEqual(v.status, 0)
        XCTAssertTrue(v.stdout.hasPrefix("genreco "), v.stdout)
        let help = try Harness.genreco(["--help"])
        let subcommands = ["inspect", "generate", "reco", "run", "status", "clean", "card", "validate", "bench",
                           "display", "report", "calibrate"]
        for sub in subcommands {
            XCTAssertTrue(help.stdout.contains("  \(sub) "), "--help lists \(sub)")
        }
        XCTAssertFalse(help.stdout.contains("job-exec"), "the workers' internal command stays hidden")
        let withExamples = subcommands.map { [$0] }
            + [["validate", "generation"], ["validate", "detector"], ["validate", "tracking"], ["validate", "calratio"],
               ["calibrate", "jets"]]
        for sub in withExamples {
            let h = try Harness.genreco(sub + ["--help"])
            XCTAssertEqual(h.status, 0, sub.joined(separator: " "))
            XCTAssertTrue(h.stdout.contains("Examples:"), "\(sub) --help has examples")
        }
    }

    /// A build for x86-64-v3 (Package.swift picks it when the building machine has AVX2, FMA
    /// and BMI2) on a CPU without those instructions stops before any Swift code runs, says
    /// so, and says how to build for any x86-64, instead of dying of SIGILL in the first
    /// event. GENRECO_PRETEND_OLD_CPU=1 makes the check fail here; a portable build ignores it.
    func testABuildForNewerCPUsRefusesAnOlderCPUWithAdvice() throws {
        let v = try Harness.genreco(["--version"])
        XCTAssertEqual(v.status, 0, v.output)
        let builtForV3 = v.stdout.contains("(built for x86-64-v3)")
        XCTAssertTrue(builtForV3 || v.stdout.contains("(built for portable)"), v.stdout)
        let dir = try Harness.temporaryDirectory("old-cpu")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try Harness.genreco(["run", "-n", "2", "-b", "1"], environment: ["GENRECO_PRETEND_OLD_CPU": "1"], cwd: dir)
        if builtForV3 {
            XCTAssertEqual(r.status, 70, r.output)
            XCTAssertTrue(r.stderr.contains("built for x86-64-v3"), r.stderr)
            XCTAssertTrue(r.stderr.contains("GENRECO_PORTABLE=1 swift build -c release"), r.stderr)
            XCTAssertEqual(r.stdout, "")
            XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/genreco-work"), "nothing written")
        } else {
            XCTAssertEqual(r.status, 0, r.output)
        }
    }

    func testAnUnknownOptionIsNamed() throws {
        let r = try Harness.genreco(["run", "--batchsize", "4"])
        XCTAssertNotEqual(r.status, 0)
        XCTAssertTrue(r.stderr.contains("Unknown option '--batchsize'"), r.output)
    }

    /// Counts from the fixture's JSON (Pythia 8.318 record read by pyhepmc): 20 events,
    /// 30730 particles, 10287 of status 1.
    func testInspectCountsTheFixture() throws {
        let r = try Harness.genreco(["inspect", fixture, "--top", "200"])
        XCTAssertEqual(r.status, 0, r.output)
        XCTAssertTrue(r.stdout.contains("events      20\n"), r.stdout)
        XCTAssertTrue(r.stdout.contains("particles   30730 "), r.stdout)
        XCTAssertTrue(r.stdout.contains("stable      10287 "), r.stdout)
        XCTAssertTrue(r.stdout.contains("35      "), "the long-lived scalar is listed")
    }

    /// Event 6 of the fixture has 660 particles (fixture JSON, per_event[5]); its tree shows
    /// the two long-lived scalars decaying displaced.
    func testInspectPrintsOneEventsDecayTree() throws {
        let r = try Harness.genreco(["inspect", fixture, "--event", "6", "--tree"])
        XCTAssertEqual(r.status, 0, r.output)
        XCTAssertTrue(r.stdout.hasPrefix("event 6 (number 6 in the file): 660 particles"), r.stdout)
        let scalars = r.stdout.split(separator: "\n").filter { $0.contains("(35) status") && $0.contains("decays at r") }
        XCTAssertGreaterThanOrEqual(scalars.count, 2, r.stdout)
    }

    func testInspectOfABadFileSaysWhereAndWhat() throws {
        let dir = try Harness.temporaryDirectory("cli")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let bad = dir + "/bad.hepmc"
        try "HepMC::Version 3.02.05\nHepMC::Asciiv3-START_EVENT_LISTING\nE 1 0 1\nU GEV MM\nP 1 0 22 1 2 abc 4 0 1\n"
            .write(toFile: bad, atomically: true, encoding: .utf8)
        let r = try Harness.genreco(["inspect", bad])
        XCTAssertNotEqual(r.status, 0)
        XCTAssertTrue(r.stderr.contains("bad.hepmc:5:"), r.output)
        XCTAssertTrue(r.stderr.contains("abc"), r.output)
        let missing = try Harness.genreco(["inspect", dir + "/nothing.hepmc"])
        XCTAssertNotEqual(missing.status, 0)
        XCTAssertTrue(missing.stderr.contains("nothing.hepmc"), missing.output)
        let noEvent = try Harness.genreco(["inspect", fixture, "--tree"])
        XCTAssertTrue(noEvent.stderr.contains("--tree needs --event"), noEvent.output)
        let beyond = try Harness.genreco(["inspect", fixture, "--event", "21"])
        XCTAssertTrue(beyond.stderr.contains("has only 20 events"), beyond.output)
    }

    func testCardPrintsEveryKeyAndChecksACard() throws {
        let card = try Harness.genreco(["card"])
        XCTAssertEqual(card.status, 0)
        for key in ["number", "seed", "work_dir", "process", "sqrt_s_gev", "mediator_mass_gev", "mediator_width_gev",
                    "scalar_mass_gev", "scalar_ctau_mm", "scalar_decays", "w_decays", "pthat_min_gev", "underlying_event",
                    "pileup_mu", "beamspot_sigma_z_mm", "pileup_reuse", "pdg_id", "energy_gev", "eta", "phi", "card"] {
            XCTAssertTrue(card.stdout.contains("\n\(key) = "), "genreco card shows \(key)")
        }
        let dir = try Harness.temporaryDirectory("card")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "[generation]\nscalar_mass_gev = 80.0\n".write(toFile: dir + "/bad.toml", atomically: true, encoding: .utf8)
        let r = try Harness.genreco(["card", "--check", dir + "/bad.toml"])
        XCTAssertNotEqual(r.status, 0)
        XCTAssertTrue(r.stderr.contains("bad.toml: [generation.scalar_mass_gev]"), r.output)
        let run = try Harness.genreco(["run", "--card", dir + "/bad.toml", "--work-dir", dir + "/w"])
        XCTAssertNotEqual(run.status, 0)
        XCTAssertTrue(run.stderr.contains("[generation.scalar_mass_gev]"), run.output)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/w"), "a bad card stops the run before anything is written")
    }

    /// `genreco card --detector` prints the built-in detector card with every key; the
    /// printed card loads back to the same text, and an unknown key is named.
    func testDetectorCardPrintsRoundTripsAndNamesAnUnknownKey() throws {
        let dir = try Harness.temporaryDirectory("detector-card")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let builtin = try Harness.genreco(["card", "--detector", "builtin:atlas-run2"])
        XCTAssertEqual(builtin.status, 0, builtin.output)
        for key in ["field_tesla", "radius_mm", "pitch_u_um", "stereo_angle_mrad", "dead_channel_fraction", "sampling_fraction",
                    "electronic_noise_mev", "pileup_noise_mev_at_mu40", "precision_resolution_um", "source"] {
            XCTAssertTrue(builtin.stdout.contains("\n\(key) = "), "the detector card shows \(key)")
        }
        try builtin.stdout.write(toFile: dir + "/atlas.toml", atomically: true, encoding: .utf8)
        let again = try Harness.genreco(["card", "--detector", dir + "/atlas.toml"])
        XCTAssertEqual(again.status, 0, again.output)
        XCTAssertEqual(again.stdout, builtin.stdout)
        // Appended at the end, the key falls in the card's last table, [world].
        try (builtin.stdout + "\nbogus_key = 3\n").write(toFile: dir + "/bad.toml", atomically: true, encoding: .utf8)
        let bad = try Harness.genreco(["card", "--detector", dir + "/bad.toml"])
        XCTAssertNotEqual(bad.status, 0)
        XCTAssertTrue(bad.stderr.contains("bad.toml: [world.bogus_key] unknown key"), bad.output)
    }
}

extension CommandLineTests {
    /// `genreco clean` removes what interrupted runs leave (half-written temporaries, run
    /// scratch folders) and keeps every complete file.
    func testCleanRemovesLeftoversAndKeepsCompleteFiles() throws {
        let w = try Harness.temporaryDirectory("clean")
        defer { try? FileManager.default.removeItem(atPath: w) }
        let fm = FileManager.default
        try fm.createDirectory(atPath: w + "/evnt", withIntermediateDirectories: true)
        try fm.createDirectory(atPath: w + "/runs/20261129-000000/tmp/x.job", withIntermediateDirectories: true)
        try "complete".write(toFile: w + "/evnt/1.10.0.hepmc", atomically: true, encoding: .utf8)
        try "half".write(toFile: w + "/evnt/.1.10.1.hepmc.tmp-4242", atomically: true, encoding: .utf8)
        try "{}".write(toFile: w + "/runs/20261129-000000/plan.json", atomically: true, encoding: .utf8)
        let r = try Harness.genreco(["clean", "--work-dir", w])
        XCTAssertEqual(r.status, 0, r.output)
        XCTAssertTrue(r.stdout.contains("removed 2 temporary item(s)"), r.stdout)
        XCTAssertTrue(fm.fileExists(atPath: w + "/evnt/1.10.0.hepmc"))
        XCTAssertTrue(fm.fileExists(atPath: w + "/runs/20261129-000000/plan.json"))
        XCTAssertFalse(fm.fileExists(atPath: w + "/evnt/.1.10.1.hepmc.tmp-4242"))
        XCTAssertFalse(fm.fileExists(atPath: w + "/runs/20261129-000000/tmp"))
        let all = try Harness.genreco(["clean", "--all", "--work-dir", w])
        XCTAssertEqual(all.status, 0, all.output)
        XCTAssertFalse(fm.fileExists(atPath: w))
    }
}

extension CommandLineTests {
    /// `genreco validate generation` prints every observable beside the Pythia 8 reference;
    /// the tolerances themselves are checked in GenerationTests.
    func testValidateGenerationPrintsTheObservablesBesideTheReference() throws {
        // A handful of events: this checks the command; the statistics are GenerationTests' job.
        let r = try Harness.genreco(["validate", "generation", "-n", "40"], timeout: 300)
        XCTAssertEqual(r.status, 0, r.output)
        XCTAssertTrue(r.stdout.hasPrefix("40 GenReco events vs 2000 Pythia 8 events"), r.stdout)
        for name in ["llp_pt", "llp_abseta", "llp_betagamma", "llp_lxy", "llp_ctau", "med_pt", "med_y"] {
            XCTAssertTrue(r.stdout.contains("\n" + name + " "), "row \(name)")
        }
        let bad = try Harness.genreco(["validate", "generation", "--reference", "/nonexistent.json"])
        XCTAssertNotEqual(bad.status, 0)
        XCTAssertTrue(bad.stderr.contains("/nonexistent.json"), bad.output)
    }
}

extension CommandLineTests {
    /// `genreco inspect` on a dataset: jets per label and the range of each jet variable,
    /// as written (rows from Output's seeded synthetic sample).
    func testInspectSummarizesADataset() throws {
        let dir = try Harness.temporaryDirectory("inspect-h5")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let batch = SyntheticRows.batch(events: 0..<40, seed: 7)
        try DatasetWriter.write(jets: batch.jets, events: batch.events, to: dir + "/d.h5",
                                metadata: DatasetMetadata(genrecoVersion: "test"))
        let r = try Harness.genreco(["inspect", dir + "/d.h5"])
        XCTAssertEqual(r.status, 0, r.output)
        XCTAssertTrue(r.stdout.contains("jets      \(batch.jets.count) "), r.stdout)
        XCTAssertTrue(r.stdout.contains("events    \(batch.events.count)\n"), r.stdout)
        for label in ["QCD", "signal", "BIB"] { XCTAssertTrue(r.stdout.contains(label), "jets per label: \(label)") }
        XCTAssertTrue(r.stdout.contains("pt_gev"), r.stdout)

        try "not hdf5".write(toFile: dir + "/bad.h5", atomically: true, encoding: .utf8)
        let bad = try Harness.genreco(["inspect", dir + "/bad.h5"])
        XCTAssertNotEqual(bad.status, 0)
        XCTAssertTrue(bad.stderr.contains("bad.h5"), bad.output)
    }
}

extension CommandLineTests {
    /// `genreco validate detector` runs the single-particle checks against the ATLAS design
    /// figures (JINST 3 (2008) S08003) and exits 0 exactly when all pass. The physics with
    /// its tolerances is specified in DigitizationTests; this small sample (too small to pin
    /// the constant terms) keeps the debug-build test short and checks the command itself.
    func testValidateDetectorReportsEveryCheck() throws {
        let r = try Harness.genreco(["validate", "detector", "--particles", "60", "--json"], timeout: 300)
        let report = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], r.output)
        let checks = try XCTUnwrap(report["checks"] as? [[String: Any]])
        XCTAssertGreaterThanOrEqual(checks.count, 10)
        let allPassed = checks.allSatisfy { $0["passed"] as? Bool == true }
        XCTAssertEqual(r.status, allPassed ? 0 : 1, r.stderr)
        for name in ["electron stochastic term a", "pion stochastic term a", "π/e response at 10 GeV"] {
            XCTAssertTrue(checks.contains { $0["name"] as? String == name }, name)
        }
        let bad = try Harness.genreco(["validate", "detector", "--card", "/nonexistent.toml"])
        XCTAssertNotEqual(bad.status, 0)
        XCTAssertTrue(bad.stderr.contains("/nonexistent.toml"), bad.output)
    }
}
