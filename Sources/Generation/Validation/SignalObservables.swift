import EventModel

/// The truth observables of the Pythia 8 reference (reference/pythia8/README.md) that exist at
/// parton level, computed from a ``GenEvent`` with the reference's definitions:
///
/// * LLP = PDG id 35, last copy (the entry whose first child is not 35); one entry per LLP of
///   `llp_pt`, `llp_abseta`, `llp_betagamma` (|p|/m), `llp_lxy` (transverse distance of its
///   decay vertex from its production vertex), `llp_abslz` (|Δz| of the same; equal to |z| of
///   the decay vertex when the primary vertex is at the origin, as in the reference),
///   `llp_ctau` (proper decay length: flight distance × m/|p|); `llp_n_per_event` per event;
/// * mediator = PDG id 25, last copy: `med_pt`, `med_y` (rapidity), per event.
///
/// and at hadron level (same definitions as the reference; "stable" = status 1, charge from
/// ``HadronTable``):
///
/// * per LLP: `llp_n_stable_desc`, `llp_n_stable_charged_desc` (stable descendants through
///   every daughter link), `llp_n_bhad` (last-copy b hadrons among them: no b-hadron child),
///   `llp_bhad_xb` (x_B = 2E*_B/m_s in the LLP rest frame, per b hadron);
/// * per event: `event_n_bhad`, charged multiplicities `nch_pt05_eta25`, `nch_pt01_eta25`,
///   `nch_pt01_eta05`, `nch_pt05_eta05`, spectra `ch_pt`, `ch_eta` (pT > 0.5 GeV, |η| < 2.5),
///   `met_nu` (|Σ p⃗T| of stable neutrinos);
/// * per event, in ATLAS's minimum-bias phase space (primary charged = stable with τ > 300 ps,
///   so not Σ±, Ξ⁻, Ω⁻): `atlas_nch_pt01_eta05`, the number with pT > 0.1 GeV, |η| < 0.5, in
///   events with ≥ 2 of them with pT > 0.1 GeV in |η| < 2.5 (mean: dN/dη at η = 0 of
///   arXiv:1606.01133), `atlas_nch_pt05_eta05` alike at 0.5 GeV with ≥ 1 (arXiv:1602.01633);
///   only the minimum-bias reference has them;
/// * truth jets (anti-kt R = 0.4, stable non-neutrinos with |η| < 4.9, ``ValidationJets``):
///   `njet_pt20`, `jet1_pt`, `jet2_pt`, `jet1_m`, `jet_abseta_pt20`.
///
/// Values are appended to `values[name]`, so one value collects a whole sample. Set
/// ``withJets`` to false to skip the (slow, O(N²)) jet clustering.
public struct SignalObservables: Sendable {
    public static let names = ["llp_pt", "llp_abseta", "llp_betagamma", "llp_lxy", "llp_abslz",
                               "llp_ctau", "llp_n_per_event", "med_pt", "med_y",
                               "llp_n_stable_desc", "llp_n_stable_charged_desc", "llp_n_bhad", "llp_bhad_xb",
                               "event_n_bhad", "nch_pt05_eta25", "nch_pt01_eta25", "nch_pt01_eta05", "nch_pt05_eta05",
                               "ch_pt", "ch_eta", "met_nu", "atlas_nch_pt01_eta05", "atlas_nch_pt05_eta05", "njet_pt20", "jet1_pt", "jet2_pt", "jet1_m", "jet_abseta_pt20"]

    public var values: [String: [Double]] = [:]
    public var withJets = true

    public init() {
        for name in Self.names { values[name] = [] }
    }

    public mutating func fill(_ event: GenEvent) {
        var nLLP = 0
        for (i, p) in event.particles.enumerated() {
            let id = p.absPDGID
            guard id == 35 || id == 25 else { continue }
            let children = event.children(of: i)
            if let first = children.first, event.particles[first].absPDGID == id { continue }
            let momentum = p.momentum
            if id == 25 {
                values["med_pt", default: []].append(momentum.pt)
                values["med_y", default: []].append(momentum.rapidity)
                continue
            }
            nLLP += 1
            values["llp_pt", default: []].append(momentum.pt)
            values["llp_abseta", default: []].append(abs(momentum.eta))
            let betaGamma = momentum.betaGamma
            values["llp_betagamma", default: []].append(betaGamma)
            guard let start = p.productionVertex, let end = p.endVertex else { continue }
            let d = event.resolvedPosition(ofVertex: end).position - event.resolvedPosition(ofVertex: start).position
            values["llp_lxy", default: []].append(d.perp)
            values["llp_abslz", default: []].append(abs(d.z))
            values["llp_ctau", default: []].append(d.mag / betaGamma)
        }
        values["llp_n_per_event", default: []].append(Double(nLLP))
        fillHadronLevel(event)
    }

    mutating func append(_ name: String, _ v: Double) { values[name, default: []].append(v) }

    static func isNeutrino(_ id: Int) -> Bool { let a = abs(id); return a == 12 || a == 14 || a == 16 }

    /// Charged strange baryons (Σ⁺, Σ⁻, Ξ⁻, Ω⁻): stable here (cτ > 10 mm) but below ATLAS's
    /// 300 ps for a primary particle.
    static func isShortLivedForATLAS(_ id: Int) -> Bool {
        let a = abs(id)
        return a == 3112 || a == 3222 || a == 3312 || a == 3334
    }

    func isLastBHadron(_ event: GenEvent, _ i: Int) -> Bool {
        guard HadronTable.isBHadron(event.particles[i].pdgID) else { return false }
        return !event.children(of: i).contains { HadronTable.isBHadron(event.particles[$0].pdgID) }
    }

    mutating func fillHadronLevel(_ event: GenEvent) {
        var visited = [Bool](repeating: false, count: event.particles.count)
        var stack = [Int]()
        for (i, p) in event.particles.enumerated() where p.pdgID == 35 {
            if let first = event.children(of: i).first, event.particles[first].pdgID == 35 { continue }
            var nStable = 0, nCharged = 0, nB = 0
            let restBoost = -(p.momentum.p3 / p.momentum.e), mS = p.momentum.m
            stack.append(contentsOf: event.children(of: i))
            while let j = stack.popLast() {
                if visited[j] { continue }
                visited[j] = true
                let d = event.particles[j]
                if d.status == 1 {
                    nStable += 1
                    if HadronTable.chargeThirds(d.pdgID) != 0 { nCharged += 1 }
                }
                if isLastBHadron(event, j) {
                    nB += 1
                    append("llp_bhad_xb", 2 * d.momentum.boosted(by: restBoost).e / mS)
                }
                stack.append(contentsOf: event.children(of: j))
            }
            append("llp_n_stable_desc", Double(nStable))
            append("llp_n_stable_charged_desc", Double(nCharged))
            append("llp_n_bhad", Double(nB))
        }
        var nB = 0
        var counts = (0, 0, 0, 0)
        var nuX = 0.0, nuY = 0.0
        var atlas = (all01: 0, central01: 0, all05: 0, central05: 0)
        var jetInputs = [FourVector]()
        for (i, p) in event.particles.enumerated() {
            if isLastBHadron(event, i) { nB += 1 }
            guard p.status == 1 else { continue }
            let m = p.momentum
            if Self.isNeutrino(p.pdgID) { nuX += m.px; nuY += m.py; continue }
            let eta = m.eta
            if withJets && abs(eta) < 4.9 { jetInputs.append(m) }
            guard HadronTable.chargeThirds(p.pdgID) != 0 else { continue }
            let pt = m.pt
            if abs(eta) < 2.5 && !Self.isShortLivedForATLAS(p.pdgID) {
                if pt > 0.1 { atlas.all01 += 1; if abs(eta) < 0.5 { atlas.central01 += 1 } }
                if pt > 0.5 { atlas.all05 += 1; if abs(eta) < 0.5 { atlas.central05 += 1 } }
            }
            if abs(eta) < 2.5 {
                if pt > 0.5 { counts.0 += 1; append("ch_pt", pt); append("ch_eta", eta) }
                if pt > 0.1 { counts.1 += 1 }
            }
            if abs(eta) < 0.5 {
                if pt > 0.1 { counts.2 += 1 }
                if pt > 0.5 { counts.3 += 1 }
            }
        }
        append("event_n_bhad", Double(nB))
        append("nch_pt05_eta25", Double(counts.0))
        append("nch_pt01_eta25", Double(counts.1))
        append("nch_pt01_eta05", Double(counts.2))
        append("nch_pt05_eta05", Double(counts.3))
        append("met_nu", (nuX * nuX + nuY * nuY).squareRoot())
        if atlas.all01 >= 2 { append("atlas_nch_pt01_eta05", Double(atlas.central01)) }
        if atlas.all05 >= 1 { append("atlas_nch_pt05_eta05", Double(atlas.central05)) }
        guard withJets else { return }
        let jets = ValidationJets.antiKt(jetInputs, r: 0.4).sorted { $0.pt2 > $1.pt2 }
        append("njet_pt20", Double(jets.filter { $0.pt > 20 }.count))
        if jets.count >= 1 { append("jet1_pt", jets[0].pt); append("jet1_m", max(jets[0].m, 0)) }
        if jets.count >= 2 { append("jet2_pt", jets[1].pt) }
        for j in jets where j.pt > 20 { append("jet_abseta_pt20", abs(j.eta)) }
    }
}
