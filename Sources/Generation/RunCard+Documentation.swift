import Foundation

extension RunCard {
    /// The card with every key, its default and a line of help: what `genreco card` prints.
    /// The values are read from `RunCard()`, so the text cannot drift from the defaults;
    /// a test parses it back and checks it equals `RunCard()`.
    public static var documentedDefaults: String {
        let d = RunCard()
        let g = d.generation
        func num(_ x: Double) -> String { x == x.rounded() && abs(x) < 1e15 ? String(format: "%.1f", x) : "\(x)" }
        func list(_ xs: [Double]) -> String { "[" + xs.map(num).joined(separator: ", ") + "]" }
        func line(_ setting: String, _ help: String = "") -> String {
            help.isEmpty ? setting : setting.padding(toLength: max(setting.count + 1, 34), withPad: " ", startingAt: 0) + "# " + help
        }
        let processes = Process.allCases.map(\.rawValue).joined(separator: " | ")
        let lines = [
            "# GenReco run card. Every key is optional; these are the defaults (the benchmark",
            "# signal point: gg → H(125) → s s, m_s = 40 GeV, cτ = 760 mm, s → b b̄).",
            "",
            "[run]",
            line("number = \(d.run.number)", "names the files: {number}.{batchsize}.{batchno}"),
            line("seed = \(d.run.seed)", "key of every random stream: same seed, same events"),
            line("work_dir = \"\(d.run.workDir)\"", "holds evnt/, runs/<TIMESTAMP>/, out/<TIMESTAMP>/"),
            "",
            "[generation]",
            line("process = \"\(g.process.rawValue)\"", processes),
            line("sqrt_s_gev = \(num(g.sqrtSGeV))", "centre-of-mass energy"),
            line("mediator_mass_gev = \(num(g.mediatorMassGeV))", "the Higgs or a heavy scalar Φ (PDG id 25)"),
            line("mediator_width_gev = \(g.mediatorWidthGeV)", "Breit–Wigner width of Φ"),
            line("scalar_mass_gev = \(num(g.scalarMassGeV))", "the long-lived s (PDG id 35); needs m_s < m_Φ/2"),
            line("scalar_ctau_mm = \(num(g.scalarCtauMM))", "mean proper decay length of s"),
            line("scalar_decays = { bb = \(num(g.scalarDecays.bb)), cc = \(num(g.scalarDecays.cc)), tautau = \(num(g.scalarDecays.tautau)) }",
                 "must add up to 1"),
            line("w_decays = [" + g.wDecays.map { "\"\($0)\"" }.joined(separator: ", ") + "]", "hss-wh only: \"e\", \"mu\""),
            line("pthat_min_gev = \(num(g.pthatMinGeV))", "dijet only: minimum pT of the 2 → 2 scattering, > 0"),
            line("underlying_event = \(g.underlyingEvent)", "multi-parton interactions and beam remnants"),
            line("pileup_mu = \(num(g.pileupMu))", "mean pile-up interactions per crossing (Poisson)"),
            line("beamspot_sigma_z_mm = \(num(g.beamspotSigmaZMM))", "longitudinal size of the interaction region"),
            line("pileup_reuse = \(num(g.pileupReuse))", "events per pile-up collision: 1 own, > 1 shared by neighbours"),
            "",
            line("[gun]", "used when process = \"gun\": flat in E, η, φ"),
            line("pdg_id = \(d.gun.pdgId)", "PDG id of the particle (negative: antiparticle)"),
            line("energy_gev = \(list(d.gun.energyGeV))", "total energy E, [low, high]"),
            line("eta = \(list(d.gun.eta))", "pseudorapidity, [low, high]"),
            line("phi = [" + d.gun.phi.map { "\($0)" }.joined(separator: ", ") + "]", "azimuth, [low, high]"),
            "",
            "[detector]",
            line("card = \"\(d.detector.card)\"", "or a path to a detector card"),
            "",
        ]
        return lines.joined(separator: "\n")
    }
}
