import Detector
import Output

extension DetectorOutline {
    /// The outline of a built detector: every tracker surface, calorimeter volume and muon
    /// station of its card, each once (discs and mirrored volumes on both sides).
    init(_ detector: Detector) {
        func sensor(_ t: DetectorCard.Technology) -> SensorKind {
            switch t {
            case .pixel: .pixel
            case .strip: .strip
            case .passive: .passive
            }
        }
        var layers: [Layer] = [], discs: [Disc] = []
        for s in detector.trackerSurfaces {
            switch s.shape {
            case let .cylinder(r, hl): layers.append(Layer(name: s.name, kind: sensor(s.technology), radiusMM: r, halfLengthMM: hl))
            case let .disc(z, rMin, rMax): discs.append(Disc(name: s.name, kind: sensor(s.technology), zMM: z, rMinMM: rMin, rMaxMM: rMax))
            }
        }
        let volumes = detector.calorimeterBoxes.map { box in
            let v = detector.card.calorimeter.volumes[box.volume]
            return Volume(name: v.name + (box.side > 0 ? "A" : box.side < 0 ? "C" : ""), kind: Self.kind(v.kind),
                          rMinMM: box.rMin, rMaxMM: box.rMax, zMinMM: box.zMin, zMaxMM: box.zMax)
        }
        var muonBarrel: [Layer] = [], muonEndcap: [Disc] = []
        for m in detector.muonSurfaces {
            switch m.shape {
            case let .cylinder(r, hl): muonBarrel.append(Layer(name: m.name, kind: .strip, radiusMM: r, halfLengthMM: hl))
            case let .disc(z, rMin, rMax): muonEndcap.append(Disc(name: m.name, kind: .strip, zMM: z, rMinMM: rMin, rMaxMM: rMax))
            }
        }
        self.init(trackerLayers: layers, trackerDiscs: discs, calorimeters: volumes, muonBarrel: muonBarrel,
                  muonEndcap: muonEndcap, fieldTesla: detector.fieldTesla,
                  trackerRadiusMM: detector.card.tracker.envelopeRadiusMM)
    }

    static func kind(_ k: DetectorCard.CalorimeterKind) -> CalorimeterKind {
        switch k {
        case .em: .em
        case .hadronic: .hadronic
        case .passive: .passive
        }
    }
}
