import Foundation
import EventModel
import Detector
import Simulation

/// The issue-6 tracking and vertexing figures against their targets.
public struct TrackingValidationReport: Sendable, Codable {
    public struct Row: Sendable, Codable {
        public var quantity: String
        public var value: Double
        /// Statistical error (binomial for fractions, σ/√(2(n−1)) for widths); NaN if none.
        public var error: Double
        public var format: String
        public var target: String
        public var passed: Bool?
    }
    public var rows: [Row] = []
    public var stats = TrackingStats()
    public var signalEvents = 0
    public var pileupMu = 0.0
    public var trackingMsPerEvent = 0.0

    public var allPassed: Bool { rows.allSatisfy { $0.passed != false } }

    /// Fixed-width table.
    public var table: String {
        func pad(_ s: String, _ n: Int) -> String { s + String(repeating: " ", count: max(0, n - s.count)) }
        var lines = [pad("quantity", 52) + " " + pad("found", 22) + " target", String(repeating: "-", count: 100)]
        for r in rows {
            var found = String(format: r.format, r.value)
            if r.error.isFinite { found += " ± " + String(format: r.format, r.error) }
            let verdict = r.passed.map { $0 ? "  ok" : "  FAIL" } ?? ""
            lines.append(pad(r.quantity, 52) + " " + pad(found, 22) + " " + r.target + verdict)
        }
        return lines.joined(separator: "\n")
    }
}

extension TrackingValidation {
    /// Single particles of `ptGeV` through the chain and tracking: resolutions and pulls.
    public static func gun(pdgID: Int, ptGeV: Double, etaRange: ClosedRange<Double>, events: Int, seed: UInt64,
                           detector: Detector, finder: TrackFinder = TrackFinder()) -> TrackingValidation {
        var v = TrackingValidation(fieldTesla: detector.fieldTesla)
        for n in 0..<events {
            let event = singleParticleEvent(pdgID: pdgID, ptGeV: ptGeV, etaRange: etaRange, seed: seed, eventNumber: n)
            let raw = digitize(event, detector: detector, seed: seed)
            v.addSingleParticle(event, tracks: finder(raw, in: detector).tracks)
        }
        return v
    }

    /// Signal events (made by `generate`) through the chain, tracking and vertexing.
    public static func signal(events: Int, seed: UInt64, detector: Detector, finder: TrackFinder = TrackFinder(),
                              vertexFinder: VertexFinder = VertexFinder(),
                              generate: (Int) -> GenEvent) -> (validation: TrackingValidation, stats: TrackingStats, seconds: Double) {
        var v = TrackingValidation(fieldTesla: detector.fieldTesla)
        var stats = TrackingStats()
        var seconds = 0.0
        // Shared pile-up collisions (`pileup_reuse` > 1) are transported once, as in a job.
        let pileUp = PileUpHitCache()
        for n in 0..<events {
            let event = generate(n)
            let raw = digitize(event, detector: detector, seed: seed, sharing: pileUp)
            let t0 = DispatchTime.now().uptimeNanoseconds
            let result = finder(raw, in: detector)
            let vertices = vertexFinder(result.tracks)
            seconds += Double(DispatchTime.now().uptimeNanoseconds - t0) * 1e-9
            stats.add(result.stats)
            v.addEvent(event, tracks: result.tracks, vertices: vertices)
        }
        return (v, stats, seconds)
    }

    /// The whole report: signal events at the card's μ, then muon and pion guns at 10 and
    /// 100 GeV (|η| < 1, the region of the ATLAS design figure) for resolutions and pulls.
    public static func report(signalEvents: Int, pileupMu: Double, gunEvents: Int, seed: UInt64, detector: Detector,
                              generate: (Int) -> GenEvent) -> TrackingValidationReport {
        var report = TrackingValidationReport()
        report.signalEvents = signalEvents
        report.pileupMu = pileupMu
        func fraction(_ k: Int, _ n: Int) -> (Double, Double) {
            guard n > 0 else { return (.nan, .nan) }
            let p = Double(k) / Double(n)
            return (p, (max(p * (1 - p), 1 / Double(n)) / Double(n)).squareRoot())
        }
        func add(_ q: String, _ value: Double, _ error: Double, _ format: String, _ target: String, _ pass: Bool?) {
            report.rows.append(.init(quantity: q, value: value, error: error, format: format, target: target, passed: pass))
        }
        let mu = pileupMu
        if signalEvents > 0 {
            let (v, stats, seconds) = signal(events: signalEvents, seed: seed, detector: detector, generate: generate)
            report.stats = stats
            report.trackingMsPerEvent = 1000 * seconds / Double(signalEvents)
            let (eff, effErr) = fraction(v.pionsFound, v.pionsTotal)
            let effTarget = mu > 0 ? 0.90 : 0.95
            add("efficiency, prompt π± pT>1 GeV |η|<2.5 (μ=\(Int(mu)), \(v.pionsTotal))", 100 * eff, 100 * effErr, "%.1f%%",
                "≥ \(Int(100 * effTarget)) %", eff >= effTarget)
            let (fake, fakeErr) = fraction(v.tracksFake, v.tracksTotal)
            add("fake rate, match fraction < 0.5 (\(v.tracksTotal) tracks)", 100 * fake, 100 * fakeErr, "%.2f%%", "≤ 2 %", fake <= 0.02)
            let hs = coreSigma(v.matchedVertexZResiduals)
            add("hard-scatter vertex z resolution (\(v.matchedVertexZResiduals.count) ev)", 1000 * hs,
                1000 * sigmaError(hs, count: v.matchedVertexZResiduals.count), "%.1f µm", "≤ 50 µm", hs <= 0.050)
            let (sel, selErr) = fraction(v.hardScatterChosen, v.events)
            add("  vertex [0] (max Σ pT²) is the hard scatter", 100 * sel, 100 * selErr, "%.1f%%", "(information)", nil)
            if mu > 0 {
                let (pu, puErr) = fraction(v.pileupVerticesFound, v.pileupVerticesTotal)
                add("pile-up vertices with ≥ 5 charged (pT>1, |η|<2.5) found (\(v.pileupVerticesTotal))", 100 * pu, 100 * puErr,
                    "%.1f%%", "≥ 70 %", pu >= 0.70)
            }
        }
        if gunEvents > 0 {
            for (pdg, name) in [(13, "μ"), (211, "π")] {
                for pt in [10.0, 100.0] {
                    let v = gun(pdgID: pdg, ptGeV: pt, etaRange: -1...1, events: gunEvents, seed: seed, detector: detector)
                    let label = "\(name)± pT = \(Int(pt)) GeV |η|<1"
                    let (eff, effErr) = fraction(v.pionsFound, v.pionsTotal)
                    add("\(label): efficiency", 100 * eff, 100 * effErr, "%.1f%%", "(information)", nil)
                    let s = coreSigma(v.ptResiduals)
                    let limit = pt < 50 ? 0.015 : 0.05
                    add("\(label): σ(pT)/pT", 100 * s, 100 * sigmaError(s, count: v.ptResiduals.count), "%.2f%%",
                        "≤ \(pt < 50 ? "1.5" : "5") %", s <= limit)
                    if pt < 50 {
                        let d = coreSigma(v.d0Residuals)
                        add("\(label): σ(d0)", 1000 * d, 1000 * sigmaError(d, count: v.d0Residuals.count), "%.1f µm", "≤ 25 µm",
                            d <= 0.025)
                    }
                    for (i, pname) in [(0, "d0"), (1, "z0"), (4, "q/p")] {
                        let w = coreSigma(v.pulls[i])
                        add("\(label): pull width \(pname)", w, sigmaError(w, count: v.pulls[i].count), "%.3f", "1.00 ± 0.15",
                            abs(w - 1) <= 0.15)
                    }
                }
            }
        }
        return report
    }
}

extension TrackingStats {
    /// Adds another event's counts.
    public mutating func add(_ o: TrackingStats) {
        spacePoints += o.spacePoints
        seeds += o.seeds
        candidates += o.candidates
        rejectedLowPt += o.rejectedLowPt
        fitted += o.fitted
        failedFits += o.failedFits
        rejectedAmbiguity += o.rejectedAmbiguity
        badClusters += o.badClusters
        trtReaching += o.trtReaching
        trtExtended += o.trtExtended
    }
}
