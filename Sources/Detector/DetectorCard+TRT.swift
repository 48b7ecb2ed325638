import Foundation

// MARK: - Straw tracker (TRT)

extension DetectorCard {
    /// A straw-tube tracker around the silicon (ATLAS's TRT, JINST 3 (2008) S08003 §4.4):
    /// drift tubes measuring only the distance of closest approach of a track to their wire,
    /// the drift circle. Barrel straws run along z in cylindrical layers; end-cap straws run
    /// radially in planes z = const (mirrored at ±z).
    ///
    /// The straws carry no material here: the TRT's material stays lumped in the passive
    /// `TRTB*` / `TRTD*` surfaces of ``Tracker/barrel`` and ``Tracker/endcap`` (counting it
    /// again per straw would double it).
    public struct StrawTracker: Codable, Hashable, Sendable {
        public var barrel: StrawBarrel
        /// Groups of equally spaced planes (ATLAS's wheel types A and B), by increasing z.
        public var endcap: [StrawWheelGroup]
        public var response: StrawResponse
        public var source: String

        public init(barrel: StrawBarrel, endcap: [StrawWheelGroup], response: StrawResponse, source: String) {
            self.barrel = barrel
            self.endcap = endcap
            self.response = response
            self.source = source
        }
    }

    /// `layerCount` cylindrical straw layers, equally spaced in r: layer i at
    /// r = `rMinMM` + (i + ½)(`rMaxMM` − `rMinMM`)/`layerCount`, |z| ≤ `halfLengthMM`,
    /// wires every `strawPitchMM` along r·φ (the number per layer rounded to a whole number).
    /// Successive layers are staggered in φ (by the golden-ratio fraction of a pitch), as
    /// the straws of ATLAS's modules are, so that a straight track does not find the same
    /// gaps in every layer.
    public struct StrawBarrel: Codable, Hashable, Sendable {
        public var layerCount: Int
        public var rMinMM: Double
        public var rMaxMM: Double
        public var halfLengthMM: Double
        public var strawPitchMM: Double
        public var source: String

        public init(layerCount: Int, rMinMM: Double, rMaxMM: Double, halfLengthMM: Double, strawPitchMM: Double,
                    source: String) {
            self.layerCount = layerCount
            self.rMinMM = rMinMM
            self.rMaxMM = rMaxMM
            self.halfLengthMM = halfLengthMM
            self.strawPitchMM = strawPitchMM
            self.source = source
        }

        enum CodingKeys: String, CodingKey {
            case layerCount = "layer_count", rMinMM = "r_min_mm", rMaxMM = "r_max_mm"
            case halfLengthMM = "half_length_mm", strawPitchMM = "straw_pitch_mm", source
        }
    }

    /// `planeCount` planes of `strawsPerPlane` radial straws (`rMinMM` ≤ r ≤ `rMaxMM`),
    /// equally spaced in `zMinMM` < z < `zMaxMM` (plane j at zMin + (j + ½)(zMax − zMin)/planeCount),
    /// and their mirror images at −z.
    public struct StrawWheelGroup: Codable, Hashable, Sendable {
        public var name: String
        public var zMinMM: Double
        public var zMaxMM: Double
        public var planeCount: Int
        public var rMinMM: Double
        public var rMaxMM: Double
        public var strawsPerPlane: Int
        public var source: String

        public init(name: String, zMinMM: Double, zMaxMM: Double, planeCount: Int, rMinMM: Double, rMaxMM: Double,
                    strawsPerPlane: Int, source: String) {
            self.name = name
            self.zMinMM = zMinMM
            self.zMaxMM = zMaxMM
            self.planeCount = planeCount
            self.rMinMM = rMinMM
            self.rMaxMM = rMaxMM
            self.strawsPerPlane = strawsPerPlane
            self.source = source
        }

        enum CodingKeys: String, CodingKey {
            case name, zMinMM = "z_min_mm", zMaxMM = "z_max_mm", planeCount = "plane_count"
            case rMinMM = "r_min_mm", rMaxMM = "r_max_mm", strawsPerPlane = "straws_per_plane", source
        }
    }

    /// Straw response: a crossing with distance of closest approach d < `strawRadiusMM` to
    /// the wire fires the straw with probability `efficiency`; the drift circle's radius is
    /// d smeared by a Gaussian of `driftResolutionUM`; `noiseOccupancy` is the probability
    /// per straw and event of a noise hit (drift radius uniform in the straw).
    public struct StrawResponse: Codable, Hashable, Sendable {
        public var strawRadiusMM: Double
        public var driftResolutionUM: Double
        public var efficiency: Double
        public var noiseOccupancy: Double

        public init(strawRadiusMM: Double, driftResolutionUM: Double, efficiency: Double, noiseOccupancy: Double) {
            self.strawRadiusMM = strawRadiusMM
            self.driftResolutionUM = driftResolutionUM
            self.efficiency = efficiency
            self.noiseOccupancy = noiseOccupancy
        }

        enum CodingKeys: String, CodingKey {
            case strawRadiusMM = "straw_radius_mm", driftResolutionUM = "drift_resolution_um"
            case efficiency, noiseOccupancy = "noise_occupancy"
        }
    }
}

// MARK: - The built-in TRT

extension DetectorCard {
    /// ATLAS's TRT ([S08003] §4.4 and Table 4.1; [TRT17] for the Run-1 straw performance).
    ///
    /// * Barrel: 73 straw layers between r = 563 and 1066 mm, |z| < 712 mm, straws 4 mm in
    ///   diameter on a 6.8 mm pitch; 73 layers × 2πr̄/6.8 mm ≈ 55 000 straws against ATLAS's
    ///   52 544. A track crosses ≈ 73 × 4/6.8 ≈ 43 straws (ATLAS: ≥ 36 in the barrel).
    /// * End-caps: 20 wheels per side, 12 of type A (8 planes each, 848 < |z| < 1705 mm) and
    ///   8 of type B (8 planes each, 1740 < |z| < 2710 mm), 768 radial straws per plane,
    ///   644 < r < 1004 mm (122 880 straws per end-cap).
    /// * Straws: 130 µm drift-circle resolution (design, [S08003] §4.4; [TRT17] measures
    ///   ≈ 110–130 µm in Run 1); efficiency 0.96, the plateau of the straw efficiency versus
    ///   the track-to-wire distance in [TRT17]. Noise hits are not included in the built-in
    ///   card (occupancy 0): at μ = 40 the occupancy comes from the simulated pile-up.
    static let atlasTRT = StrawTracker(
        barrel: StrawBarrel(layerCount: 73, rMinMM: 563, rMaxMM: 1_066, halfLengthMM: 712, strawPitchMM: 6.8,
                            source: "S08003 §4.4, Table 4.1: TRT barrel 563 < r < 1066 mm, |z| < 712 mm, 73 straw layers, "
                                + "4 mm straws on a 6.8 mm pitch (52 544 straws in ATLAS)"),
        endcap: [
            StrawWheelGroup(name: "TRTWheelsA", zMinMM: 848, zMaxMM: 1_705, planeCount: 96, rMinMM: 644, rMaxMM: 1_004,
                            strawsPerPlane: 768,
                            source: "S08003 §4.4, Table 4.1: 12 type-A wheels of 8 planes, 848 < |z| < 1705 mm, "
                                + "644 < r < 1004 mm, 768 radial straws per plane"),
            StrawWheelGroup(name: "TRTWheelsB", zMinMM: 1_740, zMaxMM: 2_710, planeCount: 64, rMinMM: 644, rMaxMM: 1_004,
                            strawsPerPlane: 768,
                            source: "S08003 §4.4, Table 4.1: 8 type-B wheels of 8 planes, 1740 < |z| < 2710 mm"),
        ],
        response: StrawResponse(strawRadiusMM: 2.0, driftResolutionUM: 130, efficiency: 0.96, noiseOccupancy: 0),
        source: "S08003 §4.4 (geometry, 130 µm design resolution); TRT17: JINST 12 (2017) P05002 (Run-1 straw "
            + "efficiency ≈ 96 % plateau, resolution 110–130 µm). Material: the passive TRTB*/TRTD* surfaces only")
}

// MARK: - Checks

extension DetectorCard.StrawTracker {
    /// Value and geometry checks, with key paths under `tracker.trt`.
    func validate(in tracker: DetectorCard.Tracker, fail: (String, String) -> DetectorCardError) throws {
        func positive(_ v: Double, _ key: String) throws {
            guard v.isFinite && v > 0 else { throw fail(key, "must be a finite number > 0, found \(v)") }
        }
        func fraction(_ v: Double, _ key: String, allowZero: Bool) throws {
            guard v.isFinite && (allowZero ? v >= 0 : v > 0) && v <= 1 else {
                throw fail(key, "must lie in \(allowZero ? "[0" : "(0"), 1], found \(v)")
            }
        }
        let k = "tracker.trt"
        let r = response
        try positive(r.strawRadiusMM, k + ".response.straw_radius_mm")
        try positive(r.driftResolutionUM, k + ".response.drift_resolution_um")
        try fraction(r.efficiency, k + ".response.efficiency", allowZero: false)
        try fraction(r.noiseOccupancy, k + ".response.noise_occupancy", allowZero: true)

        let b = barrel
        let kb = k + ".barrel"
        guard b.layerCount >= 1 && b.layerCount <= 1_000 else {
            throw fail(kb + ".layer_count", "must lie in [1, 1000], found \(b.layerCount)")
        }
        try positive(b.rMinMM, kb + ".r_min_mm")
        try positive(b.rMaxMM, kb + ".r_max_mm")
        try positive(b.halfLengthMM, kb + ".half_length_mm")
        try positive(b.strawPitchMM, kb + ".straw_pitch_mm")
        if b.rMinMM >= b.rMaxMM { throw fail(kb + ".r_min_mm", "must be < r_max_mm (\(b.rMaxMM)), found \(b.rMinMM)") }
        if b.strawPitchMM < 2 * r.strawRadiusMM {
            throw fail(kb + ".straw_pitch_mm", "straws of radius \(r.strawRadiusMM) mm overlap at a pitch of \(b.strawPitchMM) mm")
        }
        if b.rMaxMM >= tracker.envelopeRadiusMM || b.halfLengthMM >= tracker.envelopeHalfLengthMM {
            throw fail(kb, "the straw barrel (r ≤ \(b.rMaxMM) mm, |z| ≤ \(b.halfLengthMM) mm) is outside the tracker envelope")
        }
        if let inner = tracker.barrel.filter({ $0.technology != .passive }).map(\.radiusMM).max(), b.rMinMM <= inner {
            throw fail(kb + ".r_min_mm", "the straws must lie outside the silicon (outermost active layer at r = \(inner) mm)")
        }
        var lastZ = b.halfLengthMM
        for (i, g) in endcap.enumerated() {
            let kg = k + ".endcap[\(i)]"
            guard g.planeCount >= 1 && g.planeCount <= 1_000 else {
                throw fail(kg + ".plane_count", "must lie in [1, 1000], found \(g.planeCount)")
            }
            guard g.strawsPerPlane >= 1 else { throw fail(kg + ".straws_per_plane", "must be ≥ 1, found \(g.strawsPerPlane)") }
            try positive(g.zMinMM, kg + ".z_min_mm")
            try positive(g.zMaxMM, kg + ".z_max_mm")
            try positive(g.rMinMM, kg + ".r_min_mm")
            try positive(g.rMaxMM, kg + ".r_max_mm")
            if g.zMinMM >= g.zMaxMM { throw fail(kg + ".z_min_mm", "must be < z_max_mm (\(g.zMaxMM)), found \(g.zMinMM)") }
            if g.rMinMM >= g.rMaxMM { throw fail(kg + ".r_min_mm", "must be < r_max_mm (\(g.rMaxMM)), found \(g.rMinMM)") }
            // Radial straws are closest at the inner radius.
            if Double(g.strawsPerPlane) * 2 * r.strawRadiusMM > 2 * Double.pi * g.rMinMM {
                throw fail(kg + ".straws_per_plane", "\(g.strawsPerPlane) straws of radius \(r.strawRadiusMM) mm do not fit around r = \(g.rMinMM) mm")
            }
            if g.zMinMM < lastZ && g.rMinMM < b.rMaxMM && g.rMaxMM > b.rMinMM {
                throw fail(kg + ".z_min_mm", "\(g.name) overlaps the straw barrel or the previous group (groups by increasing z, outside |z| ≤ \(lastZ) mm)")
            }
            if g.rMaxMM >= tracker.envelopeRadiusMM || g.zMaxMM >= tracker.envelopeHalfLengthMM {
                throw fail(kg, "\(g.name) (|z| ≤ \(g.zMaxMM) mm, r ≤ \(g.rMaxMM) mm) is outside the tracker envelope")
            }
            lastZ = g.zMaxMM
        }
        // Digitization packs (layer, straw) into sort keys of 10 and 16 bits.
        let layers = b.layerCount + 2 * endcap.reduce(0) { $0 + $1.planeCount }
        if layers > 1_000 { throw fail(k, "at most 1000 straw layers (barrel layers + 2 × end-cap planes), found \(layers)") }
        let widest = max(2 * Double.pi * b.rMaxMM / b.strawPitchMM, Double(endcap.map(\.strawsPerPlane).max() ?? 0))
        if widest > 65_535 { throw fail(k, "at most 65 535 straws per layer, found \(Int(widest))") }
    }
}
