import Foundation
import EventModel
import Detector
import Simulation
import Digitization

/// An EM-scale topo-cluster jet matched to a truth jet.
public struct JetResponsePair: Sendable, Hashable, Codable {
    public var truth: FourVector
    /// At the EM scale.
    public var reco: FourVector

    public init(truth: FourVector, reco: FourVector) {
        self.truth = truth
        self.reco = reco
    }

    public var response: Double { reco.e / truth.e }
}

/// From generator events to matched jet pairs: simulation, digitization, topo-clusters,
/// anti-kt R = 0.4 on the clusters with E > 0 (as ATLAS: negative-energy noise clusters do
/// not enter jets) and on the truth particles (``TruthJetInputSelection``), then matching.
///
/// Matching (as the ATLAS calibration, arXiv:1703.09665 §4): each truth jet with pT above
/// `truthPtMin`, isolated (no other truth jet with pT > `isolationPtMin` within ΔR < 1.0),
/// takes the closest reco jet within ΔR < 0.3 (η–φ), which must itself be isolated (no
/// other reco jet with pT > `isolationPtMin` within ΔR < 0.6).
public struct JetCalibrationSample: Sendable {
    public var simulation = Simulation()
    public var digitization = Digitization()
    public var clusterer = TopoClusterer()
    public var definition = JetDefinition(.antiKt, radius: 0.4)
    public var truthInputs = TruthJetInputSelection()
    /// GeV.
    public var truthPtMin = 15.0
    public var recoPtMin = 5.0
    public var isolationPtMin = 7.0
    public var maxDeltaR = 0.3
    public var truthIsolationDeltaR = 1.0
    public var recoIsolationDeltaR = 0.6

    public init() {}

    /// The EM-scale reco jets of an event (pT ≥ `recoPtMin`), and its truth jets (pT ≥ 5 GeV).
    public func jets(_ event: GenEvent, detector: Detector, seed: UInt64) -> (reco: [FourVector], truth: [FourVector]) {
        var simRNG = RandomStream(seed: seed, event: UInt64(bitPattern: Int64(event.eventNumber)), stage: Simulation.stage)
        let hits = simulation(event, in: detector, rng: &simRNG)
        var digiRNG = RandomStream(seed: seed, event: UInt64(bitPattern: Int64(event.eventNumber)), stage: Digitization.stage)
        let raw = digitization(hits, in: detector, rng: &digiRNG)
        let clusters = clusterer(raw, in: detector).filter { $0.energy > 0 }.map(\.momentum)
        let reco = cluster(clusters, definition).withPt(atLeast: recoPtMin).map(\.momentum)
        let truth = cluster(truthInputs(event).momenta, definition).withPt(atLeast: 5).map(\.momentum)
        return (reco, truth)
    }

    /// The matched pairs of one event.
    public func pairs(_ event: GenEvent, detector: Detector, seed: UInt64) -> [JetResponsePair] {
        let (reco, truth) = jets(event, detector: detector, seed: seed)
        return match(reco: reco, truth: truth)
    }

    public func match(reco: [FourVector], truth: [FourVector]) -> [JetResponsePair] {
        func dR(_ a: FourVector, _ b: FourVector) -> Double { deltaR(eta1: a.eta, phi1: a.phi, eta2: b.eta, phi2: b.phi) }
        func isolated(_ k: Int, in jets: [FourVector], within r: Double) -> Bool {
            !jets.indices.contains { $0 != k && jets[$0].pt > isolationPtMin && dR(jets[$0], jets[k]) < r }
        }
        var out: [JetResponsePair] = []
        for (t, tj) in truth.enumerated() where tj.pt >= truthPtMin && isolated(t, in: truth, within: truthIsolationDeltaR) {
            var best: Int?
            var bestDR = maxDeltaR
            for (r, rj) in reco.enumerated() {
                let d = dR(rj, tj)
                if d < bestDR { bestDR = d; best = r }
            }
            guard let r = best, isolated(r, in: reco, within: recoIsolationDeltaR) else { continue }
            out.append(JetResponsePair(truth: tj, reco: reco[r]))
        }
        return out
    }
}

/// Derives a ``JetCalibration`` from matched pairs by numerical inversion: per |η| bin of
/// the reco jet and bin of truth energy, the mean response ⟨E_reco/E_truth⟩ and the mean
/// EM-scale energy ⟨E_reco⟩ make one knot (bins with fewer than `minimumPairsPerKnot`
/// pairs are dropped); R(E_reco) is then read off the knots.
public struct JetCalibrationDerivation: Sendable {
    /// Finer where the response changes: the barrel/end-cap transition (1.37–1.52) and
    /// the end-cap/forward one (3.2).
    public var absEtaEdges: [Double] = [0, 0.3, 0.6, 0.9, 1.2, 1.37, 1.52, 1.8, 2.1, 2.5, 2.8, 3.1, 3.3, 3.6, 4.0, 4.5, 4.9]
    /// Truth-energy bins: ×1.25 steps from 15 GeV to ≈ 4.7 TeV.
    public var truthEnergyEdges: [Double] = (0...25).map { 15 * pow(1.25, Double($0)) }
    public var minimumPairsPerKnot = 25

    public init() {}

    public func derive(_ pairs: [JetResponsePair]) -> JetCalibration {
        let nEta = absEtaEdges.count - 1, nE = truthEnergyEdges.count - 1
        var sumR = [[Double]](repeating: [Double](repeating: 0, count: nE), count: nEta)
        var sumE = sumR
        var count = [[Int]](repeating: [Int](repeating: 0, count: nE), count: nEta)
        let binning = JetCalibration(absEtaEdges: absEtaEdges, energyKnots: Array(repeating: [], count: nEta),
                                     responses: Array(repeating: [], count: nEta))
        for p in pairs where p.truth.e > 0 && p.reco.e > 0 {
            let k = binning.etaBin(p.reco.eta)
            guard let j = bin(p.truth.e, truthEnergyEdges) else { continue }
            sumR[k][j] += p.response
            sumE[k][j] += p.reco.e
            count[k][j] += 1
        }
        var knots = [[Double]](repeating: [], count: nEta), responses = knots
        for k in 0..<nEta {
            var points: [(Double, Double)] = []
            for j in 0..<nE where count[k][j] >= minimumPairsPerKnot {
                let n = Double(count[k][j])
                points.append((sumE[k][j] / n, sumR[k][j] / n))
            }
            points.sort { $0.0 < $1.0 }
            knots[k] = points.map { ($0.0 * 1e4).rounded() / 1e4 }
            responses[k] = points.map { ($0.1 * 1e5).rounded() / 1e5 }
        }
        return JetCalibration(absEtaEdges: absEtaEdges, energyKnots: knots, responses: responses)
    }

    /// Swift source declaring `JetCalibration.<name>` with this table (what
    /// `genreco calibrate jets` writes).
    public static func swiftSource(_ c: JetCalibration, name: String, comment: String) -> String {
        func list(_ v: [Double]) -> String { "[" + v.map { String($0) }.joined(separator: ", ") + "]" }
        var s = "// Generated by `genreco calibrate jets`; do not edit by hand.\n"
        s += "// \(comment)\n"
        s += "extension JetCalibration {\n"
        s += "    /// Numerical-inversion table for the built-in ATLAS Run-2 card, μ = 0 (\(comment)).\n"
        s += "    public static let \(name) = JetCalibration(\n"
        s += "        absEtaEdges: \(list(c.absEtaEdges)),\n"
        s += "        energyKnots: [\n"
        for k in c.energyKnots { s += "            \(list(k)),\n" }
        s += "        ],\n"
        s += "        responses: [\n"
        for r in c.responses { s += "            \(list(r)),\n" }
        s += "        ])\n"
        s += "}\n"
        return s
    }
}

/// The mean calibrated response in a bin of truth pT and truth |η|.
public struct JetResponseBin: Sendable, Hashable, Codable {
    public var ptRange: ClosedRange<Double>
    public var absEtaRange: ClosedRange<Double>
    public var count: Int
    public var mean: Double
    /// Standard error of the mean.
    public var error: Double
}

extension JetCalibration {
    /// ⟨E_calibrated/E_truth⟩ of the pairs in bins of truth pT and truth |η|.
    public func closure(_ pairs: [JetResponsePair], ptEdges: [Double], absEtaEdges: [Double]) -> [JetResponseBin] {
        var out: [JetResponseBin] = []
        for a in 0..<(absEtaEdges.count - 1) {
            for b in 0..<(ptEdges.count - 1) {
                let rs = pairs.filter {
                    let e = abs($0.truth.eta), pt = $0.truth.pt
                    return e >= absEtaEdges[a] && e < absEtaEdges[a + 1] && pt >= ptEdges[b] && pt < ptEdges[b + 1]
                }.map { calibrated($0.reco).e / $0.truth.e }
                guard !rs.isEmpty else { continue }
                let n = Double(rs.count)
                let mean = rs.reduce(0, +) / n
                let variance = rs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / max(n - 1, 1)
                out.append(JetResponseBin(ptRange: ptEdges[b]...ptEdges[b + 1], absEtaRange: absEtaEdges[a]...absEtaEdges[a + 1],
                                          count: rs.count, mean: mean, error: (variance / n).squareRoot()))
            }
        }
        return out
    }
}

private func bin(_ x: Double, _ edges: [Double]) -> Int? {
    guard x >= edges[0], x < edges[edges.count - 1] else { return nil }
    var lo = 0, hi = edges.count - 1
    while hi - lo > 1 {
        let m = (lo + hi) / 2
        if edges[m] <= x { lo = m } else { hi = m }
    }
    return lo
}
