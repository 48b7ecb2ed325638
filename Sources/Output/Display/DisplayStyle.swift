import Foundation

/// Choices of the event display that are not physics: sizes, thresholds, colours.
public struct DisplayStyle: Sendable {
    /// Picture width, px (the height follows from the layout).
    public var widthPX = 1380.0
    /// Cells with less energy are not drawn (GeV): well above the noise of most cells
    /// (σ ≈ 10–50 MeV electronic, more with pile-up) and the soft underlying event, so
    /// what shows is the event's jets, not the noise.
    public var cellThresholdGeV = 0.3
    /// Energy at which a cell's shade saturates, GeV; shades between are logarithmic.
    public var cellSaturationGeV = 50.0
    /// Fish-eye strength of the full views (see ``FishEye``): 5 gives the tracker about a
    /// third of the radius and still separates the muon stations.
    public var fishEyeStrength = 5.0
    /// Most fired straws drawn: with more (pile-up fills the TRT: tens of thousands at
    /// μ = 40), only the straws on tracks are drawn, which keeps the SVG a few MB at most.
    public var maxStraws = 4000
    /// Whether to draw the charged generator particles as faint helices.
    public var showTruthTracks = true

    public init() {}

    /// An RGB colour.
    struct RGB: Sendable {
        var r: Double, g: Double, b: Double
        init(_ r: Double, _ g: Double, _ b: Double) { self.r = r; self.g = g; self.b = b }

        /// `self` at t = 0 to `other` at t = 1.
        func mixed(with other: RGB, _ t: Double) -> RGB {
            let u = min(max(t, 0), 1)
            return RGB(r + (other.r - r) * u, g + (other.g - g) * u, b + (other.b - b) * u)
        }

        var hex: String {
            func h(_ x: Double) -> String { String(format: "%02x", Int((min(max(x, 0), 255)).rounded())) }
            return "#" + h(r) + h(g) + h(b)
        }
    }

    // EM cells go from pale to deep green, hadronic ones from pale orange to deep red, as in
    // ATLAS's displays (LAr green, Tile red), so the two stay apart at any energy.
    static let emLow = RGB(214, 240, 200), emHigh = RGB(20, 110, 30)
    static let hadLow = RGB(253, 222, 190), hadHigh = RGB(170, 20, 10)

    /// Position of an energy on the shade scale, 0…1 (logarithmic from threshold to saturation).
    func shade(_ energyGeV: Double) -> Double {
        guard energyGeV > cellThresholdGeV else { return 0 }
        return min(log(energyGeV / cellThresholdGeV) / log(cellSaturationGeV / cellThresholdGeV), 1)
    }

    func cellColour(energyGeV: Double, hadronic: Bool) -> String {
        let t = shade(energyGeV)
        return (hadronic ? Self.hadLow.mixed(with: Self.hadHigh, t) : Self.emLow.mixed(with: Self.emHigh, t)).hex
    }

    /// The CSS of the picture's classes (one place, so tests and readers find the meaning).
    static let css = """
        .panel { fill: #fcfcfd; stroke: #8a8f99; stroke-width: 1; }
        .view-title { font: bold 14px sans-serif; fill: #222; }
        .title { font: bold 20px sans-serif; fill: #111; }
        .caption { font: 12px sans-serif; fill: #444; }
        .legend-text { font: 12px sans-serif; fill: #222; }
        .calo-em { fill: #eef7ea; stroke: #9cc79a; stroke-width: 0.6; }
        .calo-had { fill: #fcefe6; stroke: #d9a98e; stroke-width: 0.6; }
        .calo-passive { fill: #f1f1f1; stroke: #c8c8c8; stroke-width: 0.4; }
        .tracker-layer, .tracker-disc { fill: none; stroke: #7d8596; stroke-width: 0.8; }
        .tracker-layer.passive, .tracker-disc.passive { stroke: #c4c8d0; stroke-dasharray: 3 2; }
        .muon-station { fill: none; stroke: #5b7bb5; stroke-width: 2; stroke-opacity: 0.6; }
        .cell { stroke: none; }
        .jet { fill: #f2c200; fill-opacity: 0.22; stroke: #b08a00; stroke-width: 1; }
        .jet-label { font: bold 11px sans-serif; fill: #7a5d00; }
        .truth-track { fill: none; stroke: #9aa0aa; stroke-width: 0.7; stroke-dasharray: 2 2; }
        .track { fill: none; stroke: #1f4fd0; stroke-width: 1.4; }
        .straw-hit { fill: #8fb3b0; }
        .straw-hit.on-track { fill: #00897b; stroke: #004d40; stroke-width: 0.4; }
        .tracker-hit { fill: #222; }
        .tracker-hit.noise { fill: #b0b0b0; }
        .muon-hit { fill: #2a5bd7; }
        .muon-segment { stroke: #7b1fa2; stroke-width: 3; stroke-linecap: round; }
        .llp-flight { stroke: #c2185b; stroke-width: 1.2; stroke-dasharray: 5 3; fill: none; }
        .llp-vertex { fill: #e91e63; stroke: #5a0020; stroke-width: 0.8; }
        .llp-label { font: bold 11px sans-serif; fill: #a0104a; }
        .primary-vertex { fill: #000; }
        """
}
