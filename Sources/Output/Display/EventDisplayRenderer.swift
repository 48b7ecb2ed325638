import Foundation
import EventModel

/// Draws a ``DisplayScene`` as one SVG picture with three views: x–y of the whole detector
/// (fish-eye), x–y of the inner detector (linear), and r–z of the whole detector (fish-eye),
/// then a legend with the two cell-energy scales.
///
/// Every drawn thing carries a class saying what it is — `tracker-layer`, `tracker-disc`,
/// `calo-em`, `calo-had`, `muon-station`, `tracker-hit`, `straw-hit` (plus `on-track` for
/// the straws on tracks), `track`, `truth-track`,
/// `cell cell-em`, `cell cell-had`, `jet`, `jet-label`, `llp-vertex`, `llp-flight`,
/// `primary-vertex`, `muon-hit`, `muon-segment` — and each view is a group with id
/// `xy-view`, `xy-inner-view` or `rz-view`, so a test or a script can find them.
public struct EventDisplayRenderer: Sendable {
    public var style: DisplayStyle

    public init(style: DisplayStyle = DisplayStyle()) {
        self.style = style
    }

    /// The complete SVG document.
    public func svg(_ scene: DisplayScene) -> String {
        let w = style.widthPX
        let margin = 20.0
        let headerHeight = 44.0 + 16.0 * Double(scene.caption.count)
        let panel = (w - 3 * margin) / 2
        let rzHeight = panel * 0.85
        let legendHeight = 96.0
        let height = headerHeight + panel + margin + rzHeight + margin + legendHeight

        var svg = SVGBuilder()
        svg.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        svg.open("svg", ["xmlns": "http://www.w3.org/2000/svg", "width": SVGBuilder.number(w, decimals: 0),
                         "height": SVGBuilder.number(height, decimals: 0),
                         "viewBox": "0 0 \(SVGBuilder.number(w, decimals: 0)) \(SVGBuilder.number(height, decimals: 0))",
                         "class": "genreco-event-display"])
        svg.raw("<style>\n" + DisplayStyle.css + "\n</style>\n")
        svg.rect(x: 0, y: 0, width: w, height: height, ["fill": "#ffffff"])
        svg.text(scene.title, x: margin, y: 28, ["class": "title"])
        for (i, line) in scene.caption.enumerated() {
            svg.text(line, x: margin, y: 48 + 16 * Double(i), ["class": "caption"])
        }

        let outline = scene.outline
        let fullR = outline.maxRadiusMM * 1.04
        let fullZ = outline.maxAbsZMM * 1.03
        let innerR = outline.trackerRadiusMM * 1.05
        let xy = DisplayProjection(kind: .xy, frame: (margin, headerHeight, panel, panel), halfWidthMM: fullR,
                                   halfHeightMM: fullR, fishEyeStrength: style.fishEyeStrength)
        let inner = DisplayProjection(kind: .xy, frame: (2 * margin + panel, headerHeight, panel, panel), halfWidthMM: innerR,
                                      halfHeightMM: innerR, fishEyeStrength: 0)
        let rz = DisplayProjection(kind: .rz, frame: (margin, headerHeight + panel + margin, w - 2 * margin, rzHeight),
                                   halfWidthMM: fullZ, halfHeightMM: fullR, fishEyeStrength: style.fishEyeStrength)

        drawView(&svg, id: "xy-view", title: "x–y, whole detector (fish-eye)", projection: xy, scene: scene, inner: false)
        drawView(&svg, id: "xy-inner-view", title: "x–y, inner detector (linear, r < \(Int(innerR)) mm)",
                 projection: inner, scene: scene, inner: true)
        drawView(&svg, id: "rz-view", title: "r–z, whole detector (fish-eye; r > 0 for y ≥ 0)", projection: rz,
                 scene: scene, inner: false)
        drawLegend(&svg, x: margin, y: headerHeight + panel + margin + rzHeight + margin, width: w - 2 * margin)
        svg.close("svg")
        return svg.text
    }

    // MARK: Views

    private func drawView(_ svg: inout SVGBuilder, id: String, title: String, projection p: DisplayProjection,
                          scene: DisplayScene, inner: Bool) {
        svg.open("g", ["id": id, "class": "view"])
        svg.open("clipPath", ["id": id + "-clip"])
        svg.rect(x: p.frameX, y: p.frameY, width: p.frameWidth, height: p.frameHeight)
        svg.close("clipPath")
        svg.rect(x: p.frameX, y: p.frameY, width: p.frameWidth, height: p.frameHeight, ["class": "panel"])
        svg.open("g", ["clip-path": "url(#\(id)-clip)"])
        switch p.kind {
        case .xy:
            if !inner { drawCalorimetersXY(&svg, scene.outline, p) }
            if !inner { drawCellsXY(&svg, scene.cells, p) }
            drawTrackerXY(&svg, scene.outline, p)
            if !inner { for m in scene.outline.muonBarrel { ring(&svg, m.radiusMM, p, ["class": "muon-station"], title: m.name) } }
        case .rz:
            drawCalorimetersRZ(&svg, scene.outline, p)
            drawCellsRZ(&svg, scene.cells, p)
            drawTrackerRZ(&svg, scene.outline, p)
            drawMuonStationsRZ(&svg, scene.outline, p)
        }
        drawJets(&svg, scene.jets, scene.outline, p, labels: !inner)
        if style.showTruthTracks {
            for t in scene.truthTracks { drawTrack(&svg, t, p, cls: "truth-track") }
        }
        drawStraws(&svg, scene.straws, p, onTrack: false)
        for t in scene.tracks { drawTrack(&svg, t, p, cls: "track") }
        drawStraws(&svg, scene.straws, p, onTrack: true)
        for h in scene.trackerHits {
            let (x, y) = p.map(h.position)
            svg.circle(cx: x, cy: y, r: inner ? 1.6 : 1.1, ["class": h.kind == .noise ? "tracker-hit noise" : "tracker-hit"])
        }
        if !inner {
            for h in scene.muonHits {
                let (x, y) = p.map(h.position)
                svg.rect(x: x - 1.5, y: y - 1.5, width: 3, height: 3, ["class": "muon-hit"])
            }
            for s in scene.muonSegments {
                let a = p.map(s.position - s.direction.unit * (s.lengthMM / 2))
                let b = p.map(s.position + s.direction.unit * (s.lengthMM / 2))
                svg.line(x1: a.0, y1: a.1, x2: b.0, y2: b.1, ["class": "muon-segment"], title: s.label)
            }
        }
        drawVertices(&svg, scene.vertices, p, labels: true)
        svg.close("g")
        svg.text(title, x: p.frameX + 8, y: p.frameY + 18, ["class": "view-title"])
        svg.close("g")
    }

    /// Points of a circle of radius r about the beam in the x–y view.
    private func circlePoints(_ r: Double, _ p: DisplayProjection, from phi0: Double = 0, to phi1: Double = 2 * .pi) -> [(Double, Double)] {
        let n = max(2, Int((abs(phi1 - phi0) / 0.04).rounded(.up)))
        return (0...n).map { i in p.mapPolar(r: r, phi: phi0 + (phi1 - phi0) * Double(i) / Double(n)) }
    }

    private func ring(_ svg: inout SVGBuilder, _ r: Double, _ p: DisplayProjection, _ a: SVGBuilder.Attributes, title: String) {
        let (cx, cy) = p.mapXY(x: 0, y: 0)
        svg.circle(cx: cx, cy: cy, r: p.pixelRadius(r), a, title: title)
    }

    private static func caloClass(_ kind: DetectorOutline.CalorimeterKind) -> String {
        switch kind {
        case .em: "calo-em"
        case .hadronic: "calo-had"
        case .passive: "calo-passive"
        }
    }

    private func drawCalorimetersXY(_ svg: inout SVGBuilder, _ o: DetectorOutline, _ p: DisplayProjection) {
        for v in o.calorimeters where v.isBarrel {
            // An annulus: the outer circle, then the inner one the other way round (even-odd fill).
            let outer = circlePoints(v.rMaxMM, p), innerPts = circlePoints(v.rMinMM, p).reversed()
            let d = PathData.polygon(outer) + PathData.polygon(Array(innerPts))
            svg.path(d, ["class": Self.caloClass(v.kind), "fill-rule": "evenodd"], title: v.name)
        }
    }

    private func drawCalorimetersRZ(_ svg: inout SVGBuilder, _ o: DetectorOutline, _ p: DisplayProjection) {
        for v in o.calorimeters {
            for sign in [1.0, -1.0] {
                let a = p.mapRZ(z: v.zMinMM, signedR: sign * v.rMinMM), b = p.mapRZ(z: v.zMaxMM, signedR: sign * v.rMaxMM)
                svg.rect(x: min(a.0, b.0), y: min(a.1, b.1), width: abs(b.0 - a.0), height: abs(b.1 - a.1),
                         ["class": Self.caloClass(v.kind)], title: v.name)
            }
        }
    }

    private func drawTrackerXY(_ svg: inout SVGBuilder, _ o: DetectorOutline, _ p: DisplayProjection) {
        for l in o.trackerLayers {
            ring(&svg, l.radiusMM, p, ["class": "tracker-layer " + l.kind.rawValue], title: l.name)
        }
    }

    private func drawTrackerRZ(_ svg: inout SVGBuilder, _ o: DetectorOutline, _ p: DisplayProjection) {
        for l in o.trackerLayers {
            for sign in [1.0, -1.0] {
                let a = p.mapRZ(z: -l.halfLengthMM, signedR: sign * l.radiusMM), b = p.mapRZ(z: l.halfLengthMM, signedR: sign * l.radiusMM)
                svg.line(x1: a.0, y1: a.1, x2: b.0, y2: b.1, ["class": "tracker-layer " + l.kind.rawValue], title: l.name)
            }
        }
        for d in o.trackerDiscs {
            for sign in [1.0, -1.0] {
                let a = p.mapRZ(z: d.zMM, signedR: sign * d.rMinMM), b = p.mapRZ(z: d.zMM, signedR: sign * d.rMaxMM)
                svg.line(x1: a.0, y1: a.1, x2: b.0, y2: b.1, ["class": "tracker-disc " + d.kind.rawValue], title: d.name)
            }
        }
    }

    private func drawMuonStationsRZ(_ svg: inout SVGBuilder, _ o: DetectorOutline, _ p: DisplayProjection) {
        for m in o.muonBarrel {
            for sign in [1.0, -1.0] {
                let a = p.mapRZ(z: -m.halfLengthMM, signedR: sign * m.radiusMM), b = p.mapRZ(z: m.halfLengthMM, signedR: sign * m.radiusMM)
                svg.line(x1: a.0, y1: a.1, x2: b.0, y2: b.1, ["class": "muon-station"], title: m.name)
            }
        }
        for d in o.muonEndcap {
            for sign in [1.0, -1.0] {
                let a = p.mapRZ(z: d.zMM, signedR: sign * d.rMinMM), b = p.mapRZ(z: d.zMM, signedR: sign * d.rMaxMM)
                svg.line(x1: a.0, y1: a.1, x2: b.0, y2: b.1, ["class": "muon-station"], title: d.name)
            }
        }
    }

    // MARK: Cells

    /// x–y: barrel cells above threshold summed over η, one annular sector per (volume, φ bin).
    private func drawCellsXY(_ svg: inout SVGBuilder, _ cells: [DisplayCell], _ p: DisplayProjection) {
        struct Key: Hashable { var volume: String; var phiBin: Int }
        var sums: [Key: (cell: DisplayCell, energy: Double)] = [:]
        var order: [Key] = []
        for c in cells where c.volume.isBarrel && c.energyGeV > style.cellThresholdGeV {
            let k = Key(volume: c.volume.name, phiBin: Int((c.phiMin * 1e4).rounded()))
            if sums[k] == nil { order.append(k); sums[k] = (c, 0) }
            sums[k]!.energy += c.energyGeV
        }
        for k in order {
            let (c, e) = sums[k]!
            guard e > style.cellThresholdGeV else { continue }
            let outer = circlePoints(c.volume.rMaxMM, p, from: c.phiMin, to: c.phiMax)
            let innerPts = circlePoints(c.volume.rMinMM, p, from: c.phiMin, to: c.phiMax).reversed()
            svg.path(PathData.polygon(outer + innerPts),
                     ["class": c.isHadronic ? "cell cell-had" : "cell cell-em", "fill": style.cellColour(energyGeV: e, hadronic: c.isHadronic)],
                     title: String(format: "%@ φ %.2f: %.2f GeV", c.volume.name, (c.phiMin + c.phiMax) / 2, e))
        }
    }

    /// r–z: cells summed over φ within each half (y ≥ 0 up, y < 0 down), one tile per
    /// (volume, η bin, half): the part of the volume's box between the bin's polar angles.
    private func drawCellsRZ(_ svg: inout SVGBuilder, _ cells: [DisplayCell], _ p: DisplayProjection) {
        struct Key: Hashable { var volume: String; var zMin: Int; var etaBin: Int; var up: Bool }
        var sums: [Key: (cell: DisplayCell, energy: Double)] = [:]
        var order: [Key] = []
        for c in cells where c.energyGeV > style.cellThresholdGeV {
            let up = sin((c.phiMin + c.phiMax) / 2) >= 0
            let k = Key(volume: c.volume.name, zMin: Int(c.volume.zMinMM), etaBin: Int((c.etaMin * 1e4).rounded()), up: up)
            if sums[k] == nil { order.append(k); sums[k] = (c, 0) }
            sums[k]!.energy += c.energyGeV
        }
        for k in order {
            let (c, e) = sums[k]!
            guard e > style.cellThresholdGeV else { continue }
            let v = c.volume
            let poly = RZGeometry.clip(box: (v.zMinMM, v.zMaxMM, v.rMinMM, v.rMaxMM), etaMin: c.etaMin, etaMax: c.etaMax)
            guard poly.count >= 3 else { continue }
            let sign = k.up ? 1.0 : -1.0
            let pts = poly.map { p.mapRZ(z: $0.0, signedR: sign * $0.1) }
            svg.path(PathData.polygon(pts),
                     ["class": c.isHadronic ? "cell cell-had" : "cell cell-em", "fill": style.cellColour(energyGeV: e, hadronic: c.isHadronic)],
                     title: String(format: "%@ η %.3f: %.2f GeV", v.name, (c.etaMin + c.etaMax) / 2, e))
        }
    }

    // MARK: Event objects

    /// Fired straws as small squares: those on tracks over the tracks (so they show as beads
    /// on the helices) in every view; the others, placed at their wires, beneath the tracks in
    /// x–y only, and only while there are at most `style.maxStraws` straws in all.
    private func drawStraws(_ svg: inout SVGBuilder, _ straws: [DisplayStraw], _ p: DisplayProjection, onTrack: Bool) {
        if !onTrack && (p.kind != .xy || straws.count > style.maxStraws) { return }
        let half = onTrack ? 1.2 : 0.8
        for w in straws where w.onTrack == onTrack {
            let (x, y) = p.map(w.position)
            svg.rect(x: x - half, y: y - half, width: 2 * half, height: 2 * half,
                     ["class": onTrack ? "straw-hit on-track" : "straw-hit"])
        }
    }

    private func drawTrack(_ svg: inout SVGBuilder, _ t: DisplayTrack, _ p: DisplayProjection, cls: String) {
        guard t.points.count >= 2 else { return }
        svg.polyline(t.points.map { p.map($0) }, ["class": cls], title: t.label)
    }

    private func drawJets(_ svg: inout SVGBuilder, _ jets: [DisplayJet], _ o: DetectorOutline, _ p: DisplayProjection, labels: Bool) {
        let reachR = o.calorimeterRadiusMM, reachZ = o.calorimeterHalfLengthMM
        for (i, j) in jets.enumerated() {
            let title = String(format: "jet %d: E %.1f GeV, pT %.1f GeV, η %.2f, φ %.2f; ", i + 1, j.energyGeV, j.ptGeV, j.eta, j.phi)
                + j.ratioText + (j.tracks.map { ", \($0) tracks" } ?? "") + (j.label.map { ", \($0)" } ?? "")
            var tip: (Double, Double)
            let origin: (Double, Double)
            switch p.kind {
            case .xy:
                origin = p.mapXY(x: 0, y: 0)
                // The cone reaches the outside of the barrel calorimeter.
                let arc = circlePoints(reachR, p, from: j.phi - j.radius, to: j.phi + j.radius)
                svg.path(PathData.polygon([origin] + arc), ["class": "jet"], title: title)
                tip = p.mapPolar(r: reachR * 1.02, phi: j.phi)
            case .rz:
                let sign = sin(j.phi) >= 0 ? 1.0 : -1.0
                origin = p.mapRZ(z: 0, signedR: 0)
                let n = 8
                var pts = [origin]
                for i in 0...n {
                    let eta = j.eta + j.radius - 2 * j.radius * Double(i) / Double(n)
                    let th = RZGeometry.theta(eta: eta)
                    let s = RZGeometry.reach(theta: th, radius: reachR, halfLength: reachZ)
                    pts.append(p.mapRZ(z: s * cos(th), signedR: sign * s * sin(th)))
                }
                svg.path(PathData.polygon(pts), ["class": "jet"], title: title)
                let th = RZGeometry.theta(eta: j.eta)
                let s = RZGeometry.reach(theta: th, radius: reachR, halfLength: reachZ) * 1.02
                tip = p.mapRZ(z: s * cos(th), signedR: sign * s * sin(th))
            }
            guard labels else { continue }
            // Labels run away from the cone, but turn back before the frame's edge.
            let right = tip.0 >= origin.0 ? tip.0 < p.frameX + p.frameWidth - 150 : tip.0 < p.frameX + 150
            tip.0 = min(max(tip.0, p.frameX + 4), p.frameX + p.frameWidth - 4)
            tip.1 = min(max(tip.1, p.frameY + 30), p.frameY + p.frameHeight - 18)
            let anchor = right ? "start" : "end"
            let extra = (j.label.map { ", " + $0 } ?? "") + (j.tracks.map { ", \($0) trk" } ?? "")
            svg.text(String(format: "j%d  %.0f GeV", i + 1, j.energyGeV) + extra, x: tip.0, y: tip.1,
                     ["class": "jet-label", "text-anchor": anchor])
            svg.text(j.ratioText, x: tip.0, y: tip.1 + 13, ["class": "jet-label", "text-anchor": anchor])
        }
    }

    private func drawVertices(_ svg: inout SVGBuilder, _ vertices: [DisplayVertex], _ p: DisplayProjection, labels: Bool) {
        for v in vertices {
            let (x, y) = p.map(v.position)
            switch v.kind {
            case .primary:
                svg.circle(cx: x, cy: y, r: 2.5, ["class": "primary-vertex"], title: v.label)
            case .llpDecay:
                if let o = v.origin {
                    // Sampled, so the fish-eye bends the flight line as it bends everything else.
                    let pts = (0...24).map { i in p.map(o + (v.position - o) * (Double(i) / 24)) }
                    svg.polyline(pts, ["class": "llp-flight"])
                }
                svg.path(Self.star(x, y, outer: 7, inner: 3), ["class": "llp-vertex"], title: v.label)
                if labels {
                    // Right of the star, or left of it near the frame's right edge.
                    let room = x + 9 + 6.5 * Double(v.label.count) < p.frameX + p.frameWidth
                    svg.text(v.label, x: room ? max(x + 9, p.frameX + 4) : x - 9, y: max(y - 8, p.frameY + 30),
                             ["class": "llp-label", "text-anchor": room ? "start" : "end"])
                }
            }
        }
    }

    /// A five-pointed star centred at (x, y).
    static func star(_ x: Double, _ y: Double, outer: Double, inner: Double) -> String {
        PathData.polygon((0..<10).map { i in
            let r = i % 2 == 0 ? outer : inner
            let a = -Double.pi / 2 + Double(i) * Double.pi / 5
            return (x + r * cos(a), y + r * sin(a))
        })
    }

    // MARK: Legend

    private func drawLegend(_ svg: inout SVGBuilder, x: Double, y: Double, width: Double) {
        svg.open("g", ["id": "legend"])
        var cx = x
        let row = y + 16
        func swatch(_ label: String, _ draw: (inout SVGBuilder, Double, Double) -> Void) {
            draw(&svg, cx, row)
            svg.text(label, x: cx + 24, y: row + 4, ["class": "legend-text"])
            cx += 24 + Double(label.count) * 6.6 + 18
        }
        swatch("tracker hit") { s, x, y in s.circle(cx: x + 8, cy: y, r: 2, ["class": "tracker-hit"]) }
        swatch("TRT straw (on a track)") { s, x, y in
            s.rect(x: x + 4, y: y - 1, width: 2, height: 2, ["class": "straw-hit"])
            s.rect(x: x + 11, y: y - 1, width: 2, height: 2, ["class": "straw-hit on-track"])
        }
        swatch("track") { s, x, y in s.line(x1: x, y1: y, x2: x + 18, y2: y, ["class": "track"]) }
        swatch("charged truth particle") { s, x, y in s.line(x1: x, y1: y, x2: x + 18, y2: y, ["class": "truth-track"]) }
        swatch("jet (anti-kt 0.4)") { s, x, y in s.rect(x: x, y: y - 6, width: 18, height: 12, ["class": "jet"]) }
        swatch("LLP decay") { s, x, y in s.path(Self.star(x + 9, y, outer: 7, inner: 3), ["class": "llp-vertex"]) }
        swatch("muon hit") { s, x, y in s.rect(x: x + 7, y: y - 1.5, width: 3, height: 3, ["class": "muon-hit"]) }
        swatch("muon segment") { s, x, y in s.line(x1: x, y1: y, x2: x + 18, y2: y, ["class": "muon-segment"]) }
        swatch("muon station") { s, x, y in s.line(x1: x, y1: y, x2: x + 18, y2: y, ["class": "muon-station"]) }

        // The two energy scales, logarithmic from threshold to saturation.
        let barWidth = min(360, (width - 60) / 2)
        for (k, hadronic) in [false, true].enumerated() {
            let bx = x + Double(k) * (barWidth + 60)
            let by = y + 44
            let n = 24
            for i in 0..<n {
                let t = (Double(i) + 0.5) / Double(n)
                let e = style.cellThresholdGeV * pow(style.cellSaturationGeV / style.cellThresholdGeV, t)
                svg.rect(x: bx + barWidth * Double(i) / Double(n), y: by, width: barWidth / Double(n) + 0.5, height: 12,
                         ["fill": style.cellColour(energyGeV: e, hadronic: hadronic)])
            }
            svg.text((hadronic ? "hadronic" : "EM") + " cell energy (GeV, log scale)", x: bx, y: by - 4, ["class": "legend-text"])
            for e in [style.cellThresholdGeV, 1, 10, style.cellSaturationGeV] where e >= style.cellThresholdGeV && e <= style.cellSaturationGeV {
                let t = log(e / style.cellThresholdGeV) / log(style.cellSaturationGeV / style.cellThresholdGeV)
                svg.text(e < 1 ? String(format: "%.1f", e) : String(format: "%.0f", e), x: bx + barWidth * t, y: by + 26,
                         ["class": "legend-text", "text-anchor": "middle"])
            }
        }
        svg.close("g")
    }
}
