/// The run card that asks GenReco for what a Pythia 8 reference was made of, read from its
/// `pythia_settings`, so that `genreco validate generation --reference F` compares like
/// with like at any point: the process (`HiggsBSM:gg2H1` → `hss-ggf`, `HiggsBSM:ffbar2H1W`
/// → `hss-wh`, `SoftQCD:inelastic` → `minbias`, `HardQCD:all` → `dijet` with
/// `PhaseSpace:pTHatMin` as `pthat_min_gev`), the mediator's mass and width (`25:m0`, `25:mWidth`), the scalar's mass and
/// cτ (`35:m0`, `35:tau0`), its decay (`35:onIfMatch = 5 -5` → b b̄, `4 -4` → c c̄,
/// `15 -15` → τ⁺τ⁻), the W decays (`24:onIfAny = 11 13`), √s (`Beams:eCM`) and the
/// underlying event (`PartonLevel:MPI = off`). A setting it does not know is left to the
/// card's default; a reference without settings gives the benchmark card.
extension PythiaReference {
    public func runCard(seed: UInt64 = 12345) throws -> RunCard {
        var card = SignalValidation.referenceCard(seed: seed)
        var settings: [String: String] = [:]
        for line in pythiaSettings ?? [] {
            let parts = line.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if parts.count == 2 { settings[parts[0]] = parts[1] }
        }
        func number(_ key: String) throws -> Double? {
            guard let text = settings[key] else { return nil }
            guard let value = Double(text) else {
                throw RunCardError(source: "reference \(point)", key: key, message: "\(text) is not a number")
            }
            return value
        }
        if settings["HiggsBSM:ffbar2H1W"] == "on" { card.generation.process = .hssWH }
        if settings["SoftQCD:inelastic"] == "on" { card.generation.process = .minbias }
        if settings["HardQCD:all"] == "on" {
            card.generation.process = .dijet
            if let pTHat = try number("PhaseSpace:pTHatMin") { card.generation.pthatMinGeV = pTHat }
        }
        if let e = try number("Beams:eCM") { card.generation.sqrtSGeV = e }
        if let m = try number("25:m0") { card.generation.mediatorMassGeV = m }
        if let w = try number("25:mWidth") { card.generation.mediatorWidthGeV = w }
        if let m = try number("35:m0") { card.generation.scalarMassGeV = m }
        if let tau = try number("35:tau0") { card.generation.scalarCtauMM = tau }
        if let decay = settings["35:onIfMatch"] {
            var decays = RunCard.ScalarDecays()
            decays.bb = 0
            switch decay.split(separator: " ").first.map(String.init) {
            case "5": decays.bb = 1
            case "4": decays.cc = 1
            case "15": decays.tautau = 1
            default:
                throw RunCardError(source: "reference \(point)", key: "35:onIfMatch",
                                   message: "s → \(decay) is not a decay GenReco makes (b b̄, c c̄, τ⁺τ⁻)")
            }
            card.generation.scalarDecays = decays
        }
        if let modes = settings["24:onIfAny"] {
            card.generation.wDecays = modes.split(separator: " ").compactMap { ["11": "e", "13": "mu"][String($0)] }
        }
        card.generation.underlyingEvent = settings["PartonLevel:MPI"] != "off"
        try card.validate(source: "reference \(point)")
        return card
    }
}
