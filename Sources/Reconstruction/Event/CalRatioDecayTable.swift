import Foundation

/// The CalRatio selection on labelled signal jets, binned in where the matched s decayed:
/// Lxy for barrel labels (|η_s| < 1.4), |Lz| for end-cap labels. It shows what the single
/// signal fraction of ``CalRatioValidation`` hides: a decay in front of or inside the EM
/// calorimeter leaves its photons (and part of its hadrons) in the EM layers, so
/// log10(E_H/E_EM) is small there whatever the simulation's details; a decay behind it
/// (the outer cryostat, the Tile, the HEC) is hadronic.
public struct CalRatioDecayTable: Sendable, Codable, Equatable {
    /// One decay-position bin, mm.
    public struct Bin: Sendable, Codable, Equatable {
        public var low: Double
        public var high: Double
        public var jets = 0
        /// Jets passing the whole selection (ratio and track veto).
        public var passing = 0
        /// Jets with log10(E_H/E_EM) above the cut, tracks or not.
        public var passingRatio = 0
        /// Σ log10(E_H/E_EM) and Σ E_EM/(E_EM + E_H) (for the means).
        public var sumLogRatio = 0.0
        public var sumEMFraction = 0.0

        public init(low: Double, high: Double) {
            self.low = low
            self.high = high
        }

        public var fraction: Double { jets > 0 ? Double(passing) / Double(jets) : .nan }
        public var meanLogRatio: Double { jets > 0 ? sumLogRatio / Double(jets) : .nan }
        public var meanEMFraction: Double { jets > 0 ? sumEMFraction / Double(jets) : .nan }
    }

    public var barrel: [Bin]
    public var endcap: [Bin]

    /// Bins of `barrelStepMM` over the label's Lxy window and `endcapStepMM` over its |Lz|
    /// window (defaults: the CalRatio label windows, 100 and 250 mm).
    public init(labels: CalRatioTruthLabeller.Config = CalRatioTruthLabeller.Config(),
                barrelStepMM: Double = 100, endcapStepMM: Double = 250) {
        func bins(_ range: ClosedRange<Double>, _ step: Double) -> [Bin] {
            let n = max(1, Int(((range.upperBound - range.lowerBound) / step).rounded(.up)))
            return (0..<n).map { k in
                Bin(low: range.lowerBound + Double(k) * step,
                    high: min(range.lowerBound + Double(k + 1) * step, range.upperBound))
            }
        }
        barrel = bins(labels.barrelLxyRangeMM, barrelStepMM)
        endcap = bins(labels.endcapAbsLzRangeMM, endcapStepMM)
    }

    /// Adds a signal-labelled jet whose matched s decayed at (`lxy`, `lz`) with
    /// pseudorapidity `llpEta`; `barrelMaxAbsEta` splits barrel from end-cap as the label does.
    public mutating func add(lxy: Double, lz: Double, llpEta: Double, barrelMaxAbsEta: Double,
                             variables: JetVariables, passes: Bool, passesRatio: Bool) {
        let barrelLabel = abs(llpEta) < barrelMaxAbsEta
        let x = barrelLabel ? lxy : abs(lz)
        func update(_ bins: inout [Bin]) {
            guard let k = bins.firstIndex(where: { x >= $0.low && x < $0.high }) else { return }
            bins[k].jets += 1
            bins[k].passing += passes ? 1 : 0
            bins[k].passingRatio += passesRatio ? 1 : 0
            bins[k].sumLogRatio += variables.logRatio
            bins[k].sumEMFraction += variables.emFraction
        }
        if barrelLabel { update(&barrel) } else { update(&endcap) }
    }
}
