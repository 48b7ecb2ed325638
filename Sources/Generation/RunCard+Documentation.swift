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
        return """
            # GenReco run card. Every key is optional; these are the defaults (the benchmark
            # signal point: gg → H(125) → s s, m_s = 40 GeV, cτ = 760 mm, s → b b̄).

            [run]
            number = \(d.run.number)                  # names the files: {number}.{batchsize}.{batchno}
            seed = \(d.run.seed)                      # key of every random stream: same seed, same events
            work_dir = "\(d.run.workDir)"        # holds evnt/, runs/<TIMESTAMP>/, out/<TIMESTAMP>/

            [generation]
            process = "\(g.process.rawValue)"              # \(Process.allCases.map(\.rawValue).joined(separator: " | "))
            sqrt_s_gev = \(num(g.sqrtSGeV))              # centre-of-mass energy
            mediator_mass_gev = \(num(g.mediatorMassGeV))         # the Higgs or a heavy scalar (PDG id 25)
            mediator_width_gev = \(g.mediatorWidthGeV)
            scalar_mass_gev = \(num(g.scalarMassGeV))            # the long-lived s (PDG id 35); needs m_s < m_Φ/2
            scalar_ctau_mm = \(num(g.scalarCtauMM))            # mean proper decay length of s
            scalar_decays = { bb = \(num(g.scalarDecays.bb)), cc = \(num(g.scalarDecays.cc)), tautau = \(num(g.scalarDecays.tautau)) }   # must add up to 1
            w_decays = [\(g.wDecays.map { "\"\($0)\"" }.joined(separator: ", "))]           # hss-wh only: "e", "mu"
            pthat_min_gev = \(num(g.pthatMinGeV))              # dijet only
            underlying_event = \(g.underlyingEvent)          # multi-parton interactions / beam remnants
            pileup_mu = \(num(g.pileupMu))                  # mean pile-up interactions per crossing
            beamspot_sigma_z_mm = \(num(g.beamspotSigmaZMM))       # longitudinal size of the interaction region

            [gun]                            # process = "gun"
            pdg_id = \(d.gun.pdgId)
            energy_gev = \(list(d.gun.energyGeV))
            eta = \(list(d.gun.eta))
            phi = [\(d.gun.phi.map { "\($0)" }.joined(separator: ", "))]

            [detector]
            card = "\(d.detector.card)"      # or a path to a detector card

            """
    }
}
