import EventModel

/// What an event display draws, as plain primitives in detector coordinates (mm, GeV,
/// radians; z along the beam, ATLAS axes). It knows nothing of the detector card or the
/// reconstruction types: `genreco display` turns those into a scene, and
/// ``EventDisplayRenderer`` turns the scene into SVG. So the drawing can be tested on a
/// hand-made scene, and another front end (a notebook, a web page) can reuse it.
public struct DisplayScene: Sendable {
    /// One line for the top of the picture, e.g. "Run 304795, event 17".
    public var title: String
    /// Smaller lines under the title: where the event comes from, counts, settings.
    public var caption: [String]
    public var outline: DetectorOutline
    /// Tracker clusters, global positions.
    public var trackerHits: [DisplayHit] = []
    /// Fired TRT straws (``DisplayStraw``): those on tracks in every view, the others in x–y only.
    public var straws: [DisplayStraw] = []
    /// Reconstructed tracks, as points along their helices.
    public var tracks: [DisplayTrack] = []
    /// Charged generator particles, as helices: drawn faint, for comparison with the tracks.
    public var truthTracks: [DisplayTrack] = []
    public var cells: [DisplayCell] = []
    public var jets: [DisplayJet] = []
    public var vertices: [DisplayVertex] = []
    /// Muon-chamber hits.
    public var muonHits: [DisplayHit] = []
    public var muonSegments: [DisplaySegment] = []

    public init(title: String, caption: [String] = [], outline: DetectorOutline) {
        self.title = title
        self.caption = caption
        self.outline = outline
    }
}

/// The detector drawn behind the event: thin tracker surfaces, calorimeter volumes as r–z
/// boxes, muon stations.
public struct DetectorOutline: Sendable {
    public enum SensorKind: String, Sendable { case pixel, strip, passive }
    public enum CalorimeterKind: String, Sendable { case em, hadronic, passive }

    /// A barrel tracker layer: r = radius, |z| ≤ halfLength.
    public struct Layer: Sendable {
        public var name: String
        public var kind: SensorKind
        public var radiusMM: Double
        public var halfLengthMM: Double
        public init(name: String, kind: SensorKind, radiusMM: Double, halfLengthMM: Double) {
            self.name = name
            self.kind = kind
            self.radiusMM = radiusMM
            self.halfLengthMM = halfLengthMM
        }
    }

    /// A disc at signed z, rMin ≤ r ≤ rMax (tracker end-cap discs and muon end-cap wheels).
    public struct Disc: Sendable {
        public var name: String
        public var kind: SensorKind
        public var zMM: Double
        public var rMinMM: Double
        public var rMaxMM: Double
        public init(name: String, kind: SensorKind, zMM: Double, rMinMM: Double, rMaxMM: Double) {
            self.name = name
            self.kind = kind
            self.zMM = zMM
            self.rMinMM = rMinMM
            self.rMaxMM = rMaxMM
        }
    }

    /// A calorimeter volume: the ring rMin ≤ r ≤ rMax, zMin ≤ z ≤ zMax.
    public struct Volume: Sendable {
        public var name: String
        public var kind: CalorimeterKind
        public var rMinMM: Double
        public var rMaxMM: Double
        public var zMinMM: Double
        public var zMaxMM: Double
        public init(name: String, kind: CalorimeterKind, rMinMM: Double, rMaxMM: Double, zMinMM: Double, zMaxMM: Double) {
            self.name = name
            self.kind = kind
            self.rMinMM = rMinMM
            self.rMaxMM = rMaxMM
            self.zMinMM = zMinMM
            self.zMaxMM = zMaxMM
        }
        /// A barrel volume spans z = 0; it is the one seen in the x–y view.
        public var isBarrel: Bool { zMinMM < 0 && zMaxMM > 0 }
    }

    public var trackerLayers: [Layer]
    public var trackerDiscs: [Disc]
    public var calorimeters: [Volume]
    public var muonBarrel: [Layer]
    public var muonEndcap: [Disc]
    /// The solenoid's field, T, for the caption.
    public var fieldTesla: Double
    /// Radius of the tracker envelope (the inner-detector view's extent), mm.
    public var trackerRadiusMM: Double

    public init(trackerLayers: [Layer], trackerDiscs: [Disc], calorimeters: [Volume], muonBarrel: [Layer],
                muonEndcap: [Disc], fieldTesla: Double, trackerRadiusMM: Double) {
        self.trackerLayers = trackerLayers
        self.trackerDiscs = trackerDiscs
        self.calorimeters = calorimeters
        self.muonBarrel = muonBarrel
        self.muonEndcap = muonEndcap
        self.fieldTesla = fieldTesla
        self.trackerRadiusMM = trackerRadiusMM
    }

    /// The outermost radius and |z| of anything drawn: the extent of the full views.
    public var maxRadiusMM: Double {
        (trackerLayers.map(\.radiusMM) + calorimeters.map(\.rMaxMM) + muonBarrel.map(\.radiusMM)
            + muonEndcap.map(\.rMaxMM) + trackerDiscs.map(\.rMaxMM)).max() ?? 1000
    }
    public var maxAbsZMM: Double {
        (trackerLayers.map(\.halfLengthMM) + calorimeters.flatMap { [abs($0.zMinMM), abs($0.zMaxMM)] }
            + muonBarrel.map(\.halfLengthMM) + muonEndcap.map { abs($0.zMM) } + trackerDiscs.map { abs($0.zMM) }).max() ?? 1000
    }
    /// Outer radius and |z| of the calorimeters: where jet cones end.
    public var calorimeterRadiusMM: Double { calorimeters.map(\.rMaxMM).max() ?? trackerRadiusMM }
    public var calorimeterHalfLengthMM: Double { calorimeters.map { max(abs($0.zMinMM), abs($0.zMaxMM)) }.max() ?? trackerRadiusMM }
}

/// A measured point.
public struct DisplayHit: Sendable {
    public enum Kind: String, Sendable { case pixel, strip, muon, noise }
    public var position: Vector3
    public var kind: Kind
    public init(position: Vector3, kind: Kind) {
        self.position = position
        self.kind = kind
    }
}

/// A TRT straw that fired. A straw measures only its drift circle, not where along the wire
/// the particle passed: a straw on a reconstructed track is placed where the track's helix
/// crosses it (a point in space, drawn in every view); any other barrel straw is placed at
/// its wire in x–y (`position.z` means nothing then, and it is not drawn in r–z).
public struct DisplayStraw: Sendable {
    public var position: Vector3
    public var onTrack: Bool
    public init(position: Vector3, onTrack: Bool) {
        self.position = position
        self.onTrack = onTrack
    }
}

/// A trajectory as points from its origin outwards.
public struct DisplayTrack: Sendable {
    public var points: [Vector3]
    public var ptGeV: Double
    public var charge: Int
    /// Shown on hover: e.g. "track 3: pT 12.4 GeV, η 0.31, d0 0.02 mm".
    public var label: String
    public init(points: [Vector3], ptGeV: Double, charge: Int, label: String) {
        self.points = points
        self.ptGeV = ptGeV
        self.charge = charge
        self.label = label
    }
}

/// A calorimeter cell with its energy: the η–φ tile of a volume.
public struct DisplayCell: Sendable {
    public var volume: DetectorOutline.Volume
    public var etaMin: Double
    public var etaMax: Double
    public var phiMin: Double
    public var phiMax: Double
    /// GeV at the EM scale.
    public var energyGeV: Double
    public init(volume: DetectorOutline.Volume, etaMin: Double, etaMax: Double, phiMin: Double, phiMax: Double, energyGeV: Double) {
        self.volume = volume
        self.etaMin = etaMin
        self.etaMax = etaMax
        self.phiMin = phiMin
        self.phiMax = phiMax
        self.energyGeV = energyGeV
    }
    public var isHadronic: Bool { volume.kind == .hadronic }
}

/// A jet, drawn as a cone of half-opening `radius` in η and φ from the origin to the
/// outside of the calorimeters, labelled with its energy and calorimeter ratio.
public struct DisplayJet: Sendable {
    public var eta: Double
    public var phi: Double
    public var radius: Double
    public var energyGeV: Double
    public var ptGeV: Double
    /// log10(E_H / E_EM); +∞ when the jet has no EM energy.
    public var logRatio: Double
    /// Tracks of pT > 2 GeV within ΔR < 0.2, when known.
    public var tracks: Int?
    /// "signal", "QCD" … when known.
    public var label: String?
    public init(eta: Double, phi: Double, radius: Double = 0.4, energyGeV: Double, ptGeV: Double, logRatio: Double,
                tracks: Int? = nil, label: String? = nil) {
        self.eta = eta
        self.phi = phi
        self.radius = radius
        self.energyGeV = energyGeV
        self.ptGeV = ptGeV
        self.logRatio = logRatio
        self.tracks = tracks
        self.label = label
    }

    /// The label text: "log₁₀(E_H/E_EM) = 1.23" (or "∞" with no EM energy).
    public var ratioText: String {
        logRatio.isFinite ? "log₁₀(E_H/E_EM) = " + String(format: "%.2f", logRatio)
            : (logRatio > 0 ? "log₁₀(E_H/E_EM) = +∞" : "log₁₀(E_H/E_EM) = −∞")
    }
}

/// A vertex: the primary one, or where a long-lived particle decayed.
public struct DisplayVertex: Sendable {
    public enum Kind: String, Sendable { case primary, llpDecay }
    public var position: Vector3
    /// Where the particle was made (for an LLP: its production vertex), drawn as a dashed
    /// flight line to `position`.
    public var origin: Vector3?
    public var kind: Kind
    public var label: String
    public init(position: Vector3, origin: Vector3? = nil, kind: Kind, label: String) {
        self.position = position
        self.origin = origin
        self.kind = kind
        self.label = label
    }
}

/// A straight muon-chamber segment through `position` along `direction`.
public struct DisplaySegment: Sendable {
    public var position: Vector3
    public var direction: Vector3
    public var lengthMM: Double
    public var label: String
    public init(position: Vector3, direction: Vector3, lengthMM: Double = 600, label: String = "") {
        self.position = position
        self.direction = direction
        self.lengthMM = lengthMM
        self.label = label
    }
}
