import Foundation
import EventModel

/// Runs the hidden-valley generator at the point of a Pythia 8 reference file and sets every
/// observable of ``SignalObservables`` (parton and hadron level, truth jets) beside the
/// reference. With `underlying_event = true` (the default card) compare with the MPI-on
/// reference, with `false` with the noMPI one.
///
/// The reference point (reference/pythia8/ggH125_mS40_ctau760.cmnd): √s = 13 TeV, gg → H(125)
/// → s s, m_s = 40 GeV, cτ = 760 mm, s → b b̄, primary vertex at the origin (no beam spot).
public enum SignalValidation {
    /// The run card of the reference point: the default card with the beam spot off.
    public static func referenceCard(seed: UInt64 = 12345) -> RunCard {
        var card = RunCard()
        card.run.seed = seed
        card.generation.process = .hssGGF
        card.generation.sqrtSGeV = 13000
        card.generation.mediatorMassGeV = 125
        card.generation.scalarMassGeV = 40
        card.generation.scalarCtauMM = 760
        card.generation.scalarDecays = RunCard.ScalarDecays()
        card.generation.beamspotSigmaZMM = 0
        return card
    }

    /// Events 0 ..< `events` of `generator`, compared with `reference`, one row per
    /// observable in ``SignalObservables/names`` order.
    public static func compare(_ generator: some EventGenerator, events: Int,
                               with reference: PythiaReference, jets: Bool = true) -> [DistributionComparison] {
        var observables = SignalObservables()
        observables.withJets = jets
        for n in 0..<events { observables.fill(generator.generate(eventNumber: n)) }
        return SignalObservables.names.compactMap { name in
            guard let r = reference.observables[name] else { return nil }
            return DistributionComparison(name: name, values: observables.values[name] ?? [], reference: r)
        }
    }

    /// A plain-text table: ours vs the reference, mean, RMS, median, χ²/ndf, Kolmogorov distance.
    public static func table(_ rows: [DistributionComparison]) -> String {
        func f(_ x: Double) -> String {
            let a = abs(x)
            if a != 0 && (a >= 1e5 || a < 1e-2) { return String(format: "%.3e", x) }
            return String(format: "%.4g", x)
        }
        func pad(_ s: String, _ w: Int) -> String { s.count >= w ? s : String(repeating: " ", count: w - s.count) + s }
        var lines = ["observable        " + ["mean", "ref mean", "rms", "ref rms", "median", "ref med", "χ²/ndf", "KS"]
            .map { pad($0, 11) }.joined()]
        for r in rows {
            let name = r.name + String(repeating: " ", count: max(0, 18 - r.name.count))
            let cells = [f(r.ours.mean), f(r.reference.mean), f(r.ours.rms), f(r.reference.rms),
                         f(r.ours.median), f(r.reference.median),
                         String(format: "%.1f/%d", r.chi2, r.ndf), String(format: "%.3f", r.kolmogorovDistance)]
            lines.append(name + cells.map { pad($0, 11) }.joined())
        }
        return lines.joined(separator: "\n")
    }
}
