/// The truth class of a jet, as the CalRatio network learns it (ATLAS, JHEP 06 (2022) 005,
/// arXiv:2203.01009, and the public CalRatio RNN): the codes are the class indices of its
/// soft-max output, so they are fixed and stored as `Int8` in the `label` column.
public enum JetLabel: Int8, Sendable, CaseIterable, Codable {
    /// QCD multijet (including pile-up jets): no LLP matched.
    case qcd = 0
    /// Signal: a long-lived particle within ΔR ≤ 0.4 that decays at 1200 < Lxy < 4000 mm
    /// (|η| < 1.4) or 3500 < |Lz| < 6000 mm (end-caps), i.e. in the calorimeters.
    case signal = 1
    /// Beam-induced background: a jet made by a halo muon.
    case bib = 2

    /// The short name used in the file's `labels` attribute and in summaries.
    public var name: String {
        switch self {
        case .qcd: "QCD"
        case .signal: "signal"
        case .bib: "BIB"
        }
    }

    /// The meaning as the schema documents it.
    public var meaning: String {
        switch self {
        case .qcd: "QCD multijet or pile-up jet, no long-lived particle matched"
        case .signal: "LLP within ΔR ≤ 0.4 decaying at 1200 < Lxy < 4000 mm (|η| < 1.4) or 3500 < |Lz| < 6000 mm"
        case .bib: "beam-induced background (halo muon)"
        }
    }
}
