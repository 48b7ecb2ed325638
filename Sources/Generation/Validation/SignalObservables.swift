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
/// Values are appended to `values[name]`, so one value collects a whole sample.
public struct SignalObservables: Sendable {
    public static let names = ["llp_pt", "llp_abseta", "llp_betagamma", "llp_lxy", "llp_abslz",
                               "llp_ctau", "llp_n_per_event", "med_pt", "med_y"]

    public var values: [String: [Double]] = [:]

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
    }
}
