import EventModel

/// Everything the simulation and digitization know about the detector, as data: the
/// world, the solenoid field, the tracker layers and discs, the calorimeter volumes with
/// their cells and electronics, and the muon stations. One card per detector, as in
/// Delphes; the embedded default is ``DetectorCard/atlasRun2`` (`builtin:atlas-run2`).
///
/// Units are in the key names (`radius_mm`, `noise_mev`); fractions of a radiation
/// length are `_x0`. Coordinates are ATLAS's: z along the beam, r = √(x² + y²), the
/// nominal interaction point at the origin. Every element carries a `source` string that
/// says where its numbers come from.
///
/// A card is loaded with ``DetectorCard/load(_:)`` (a `builtin:` name, a `.toml` or a
/// `.json` file) and checked by ``DetectorCard/validate()``; ``Detector/init(card:)`` then
/// builds the fast look-up structures.
public struct DetectorCard: Codable, Hashable, Sendable {
    /// Short name, e.g. `atlas-run2`.
    public var name: String
    /// One line on what the card describes and its overall source.
    public var description: String
    public var world: World
    public var solenoid: Solenoid
    public var tracker: Tracker
    public var calorimeter: Calorimeter
    public var muonSpectrometer: MuonSpectrometer

    public init(name: String, description: String, world: World, solenoid: Solenoid, tracker: Tracker,
                calorimeter: Calorimeter, muonSpectrometer: MuonSpectrometer) {
        self.name = name
        self.description = description
        self.world = world
        self.solenoid = solenoid
        self.tracker = tracker
        self.calorimeter = calorimeter
        self.muonSpectrometer = muonSpectrometer
    }

    enum CodingKeys: String, CodingKey {
        case name, description, world, solenoid, tracker, calorimeter
        case muonSpectrometer = "muon_spectrometer"
    }
}

// MARK: - World and field

extension DetectorCard {
    /// The simulated volume: a cylinder around the beam. Particles made outside it are
    /// skipped (and counted); particles leaving it escape.
    public struct World: Codable, Hashable, Sendable {
        public var radiusMM: Double
        public var halfLengthMM: Double
        public var source: String

        public init(radiusMM: Double, halfLengthMM: Double, source: String) {
            self.radiusMM = radiusMM
            self.halfLengthMM = halfLengthMM
            self.source = source
        }

        enum CodingKeys: String, CodingKey {
            case radiusMM = "radius_mm", halfLengthMM = "half_length_mm", source
        }
    }

    /// A uniform solenoidal field B = (0, 0, Bz) inside the cylinder r < `radiusMM`,
    /// |z| < `halfLengthMM`, zero outside (fringe field and toroids are not modelled).
    public struct Solenoid: Codable, Hashable, Sendable {
        public var fieldTesla: Double
        public var radiusMM: Double
        public var halfLengthMM: Double
        public var source: String

        public init(fieldTesla: Double, radiusMM: Double, halfLengthMM: Double, source: String) {
            self.fieldTesla = fieldTesla
            self.radiusMM = radiusMM
            self.halfLengthMM = halfLengthMM
            self.source = source
        }

        enum CodingKeys: String, CodingKey {
            case fieldTesla = "field_tesla", radiusMM = "radius_mm", halfLengthMM = "half_length_mm", source
        }
    }
}

// MARK: - Tracker

extension DetectorCard {
    /// What a tracker surface is made of, for digitization.
    public enum Technology: String, Codable, Hashable, Sendable, CaseIterable {
        /// Two-dimensional pixels: pitch u × pitch v.
        case pixel
        /// Strips along v (length `pitch_v_um`), pitch u across; with a second, stereo side
        /// rotated by `stereo_angle_mrad` when that angle is non-zero.
        case strip
        /// Material only (beam pipe, support tubes, TRT as material): no hits.
        case passive
    }

    /// The inner detector: thin cylinders (barrel) and discs (end-caps, mirrored at ±z),
    /// inside the envelope r < `envelopeRadiusMM`, |z| < `envelopeHalfLengthMM`.
    public struct Tracker: Codable, Hashable, Sendable {
        public var envelopeRadiusMM: Double
        public var envelopeHalfLengthMM: Double
        public var barrel: [BarrelLayer]
        public var endcap: [Disc]
        /// The straw tracker (TRT) outside the silicon; absent (nil) in a silicon-only card.
        /// See ``StrawTracker`` (DetectorCard+TRT.swift).
        public var trt: StrawTracker?
        public var source: String

        public init(envelopeRadiusMM: Double, envelopeHalfLengthMM: Double, barrel: [BarrelLayer],
                    endcap: [Disc], trt: StrawTracker? = nil, source: String) {
            self.envelopeRadiusMM = envelopeRadiusMM
            self.envelopeHalfLengthMM = envelopeHalfLengthMM
            self.barrel = barrel
            self.endcap = endcap
            self.trt = trt
            self.source = source
        }

        enum CodingKeys: String, CodingKey {
            case envelopeRadiusMM = "envelope_radius_mm", envelopeHalfLengthMM = "envelope_half_length_mm"
            case barrel, endcap, trt, source
        }
    }

    /// Read-out of a silicon surface. Passive surfaces carry zeros.
    ///
    /// * u is the precision direction (r·φ on a barrel layer, φ on a disc at its mean
    ///   radius), v the other one (z on a barrel layer, r on a disc).
    /// * Charge: 3.62 eV per electron–hole pair in silicon (PDG, "Passage of particles
    ///   through matter"), compared with `thresholdElectrons` after Gaussian noise of
    ///   `noiseElectrons`; `noiseOccupancy` is the probability per channel per event of a
    ///   pure-noise hit.
    /// * `deadChannelFraction`: the fraction of channels that never fire (dead or masked),
    ///   chosen per channel by a fixed hash of its id: the same channels in every event and job.
    public struct Readout: Codable, Hashable, Sendable {
        public var sensorThicknessUM: Double
        public var pitchUUM: Double
        public var pitchVUM: Double
        public var stereoAngleMrad: Double
        public var thresholdElectrons: Double
        public var noiseElectrons: Double
        public var noiseOccupancy: Double
        public var deadChannelFraction: Double

        public init(sensorThicknessUM: Double = 0, pitchUUM: Double = 0, pitchVUM: Double = 0,
                    stereoAngleMrad: Double = 0, thresholdElectrons: Double = 0, noiseElectrons: Double = 0,
                    noiseOccupancy: Double = 0, deadChannelFraction: Double = 0) {
            self.sensorThicknessUM = sensorThicknessUM
            self.pitchUUM = pitchUUM
            self.pitchVUM = pitchVUM
            self.stereoAngleMrad = stereoAngleMrad
            self.thresholdElectrons = thresholdElectrons
            self.noiseElectrons = noiseElectrons
            self.noiseOccupancy = noiseOccupancy
            self.deadChannelFraction = deadChannelFraction
        }

        public static let none = Readout()

        enum CodingKeys: String, CodingKey {
            case sensorThicknessUM = "sensor_thickness_um", pitchUUM = "pitch_u_um", pitchVUM = "pitch_v_um"
            case stereoAngleMrad = "stereo_angle_mrad", thresholdElectrons = "threshold_electrons"
            case noiseElectrons = "noise_electrons", noiseOccupancy = "noise_occupancy"
            case deadChannelFraction = "dead_channel_fraction"
        }
    }

    /// A thin cylinder r = `radiusMM`, |z| ≤ `halfLengthMM`, of `thicknessX0` radiation
    /// lengths at normal incidence (sensors, electronics, supports and services together).
    public struct BarrelLayer: Codable, Hashable, Sendable {
        public var name: String
        public var technology: Technology
        public var radiusMM: Double
        public var halfLengthMM: Double
        public var thicknessX0: Double
        public var readout: Readout
        public var source: String

        public init(name: String, technology: Technology, radiusMM: Double, halfLengthMM: Double,
                    thicknessX0: Double, readout: Readout = .none, source: String) {
            self.name = name
            self.technology = technology
            self.radiusMM = radiusMM
            self.halfLengthMM = halfLengthMM
            self.thicknessX0 = thicknessX0
            self.readout = readout
            self.source = source
        }

        enum CodingKeys: String, CodingKey {
            case name, technology, radiusMM = "radius_mm", halfLengthMM = "half_length_mm"
            case thicknessX0 = "thickness_x0", readout, source
        }
    }

    /// A pair of thin discs at z = ±`zMM`, `rMinMM` ≤ r ≤ `rMaxMM`.
    public struct Disc: Codable, Hashable, Sendable {
        public var name: String
        public var technology: Technology
        public var zMM: Double
        public var rMinMM: Double
        public var rMaxMM: Double
        public var thicknessX0: Double
        public var readout: Readout
        public var source: String

        public init(name: String, technology: Technology, zMM: Double, rMinMM: Double, rMaxMM: Double,
                    thicknessX0: Double, readout: Readout = .none, source: String) {
            self.name = name
            self.technology = technology
            self.zMM = zMM
            self.rMinMM = rMinMM
            self.rMaxMM = rMaxMM
            self.thicknessX0 = thicknessX0
            self.readout = readout
            self.source = source
        }

        enum CodingKeys: String, CodingKey {
            case name, technology, zMM = "z_mm", rMinMM = "r_min_mm", rMaxMM = "r_max_mm"
            case thicknessX0 = "thickness_x0", readout, source
        }
    }
}

// MARK: - Calorimeter

extension DetectorCard {
    /// What a calorimeter volume measures.
    public enum CalorimeterKind: String, Codable, Hashable, Sendable, CaseIterable {
        /// Electromagnetic sampling (LAr presampler, EM barrel and end-cap, FCal1):
        /// counted in E_EM of the CalRatio variable.
        case em
        /// Hadronic sampling (Tile, HEC, FCal2–3): counted in E_H.
        case hadronic
        /// Dead material (cryostats, solenoid, girder): absorbs, is not read out.
        case passive
    }

    /// The calorimeters as a list of r–z boxes (rotationally symmetric volumes).
    public struct Calorimeter: Codable, Hashable, Sendable {
        public var volumes: [Volume]
        public var source: String

        public init(volumes: [Volume], source: String) {
            self.volumes = volumes
            self.source = source
        }
    }

    /// One calorimeter sampling layer or dead-material volume: the ring
    /// `rMinMM` ≤ r ≤ `rMaxMM`, `zMinMM` ≤ z ≤ `zMaxMM`, and its mirror image at −z when
    /// `mirroredInZ` (end-caps: one card entry for both sides, z ranges positive).
    ///
    /// Material is described by an effective homogeneous medium (the sampling structure
    /// averaged): radiation length X₀, nuclear interaction length λ, Molière radius R_M,
    /// critical energy E_c and the mean ionisation loss of a muon. Response:
    /// * `samplingFraction`: the fraction of an electron's deposited energy seen in the
    ///   active medium; digitization divides by it (the EM scale).
    /// * `eOverH`: response to electrons over response to the non-EM part of a hadron
    ///   shower (Wigmans, "Calorimetry", 2nd ed., OUP 2017, ch. 3).
    /// * `emStochasticTerm`, `hadronicStochasticTerm`: sampling (and, for hadrons,
    ///   intrinsic) fluctuations, a in σ/E = a/√(E/GeV), applied to the EM and the non-EM
    ///   energy deposited in this volume.
    /// * `calibrationSpread`: cell-to-cell non-uniformity (fraction), fixed per cell, the
    ///   origin of the constant term.
    /// * `adcLSBMeV`: least count of the highest gain; three gains ×1, ×10, ×100 with a
    ///   12-bit ADC.
    /// * `deadCellFraction`: the fraction of cells that read nothing (dead or masked),
    ///   chosen per cell by a fixed hash of its id.
    public struct Volume: Codable, Hashable, Sendable {
        public var name: String
        public var kind: CalorimeterKind
        public var rMinMM: Double
        public var rMaxMM: Double
        public var zMinMM: Double
        public var zMaxMM: Double
        public var mirroredInZ: Bool
        public var radiationLengthMM: Double
        public var interactionLengthMM: Double
        public var moliereRadiusMM: Double
        public var criticalEnergyMeV: Double
        public var mipLossMeVPerMM: Double
        public var samplingFraction: Double
        public var eOverH: Double
        public var emStochasticTerm: Double
        public var hadronicStochasticTerm: Double
        public var calibrationSpread: Double
        public var adcLSBMeV: Double
        public var deadCellFraction: Double
        /// Cell layout in |η|; empty for passive volumes.
        public var regions: [CellRegion]
        public var source: String

        public init(name: String, kind: CalorimeterKind, rMinMM: Double, rMaxMM: Double, zMinMM: Double,
                    zMaxMM: Double, mirroredInZ: Bool, radiationLengthMM: Double, interactionLengthMM: Double,
                    moliereRadiusMM: Double, criticalEnergyMeV: Double, mipLossMeVPerMM: Double,
                    samplingFraction: Double = 1, eOverH: Double = 1.3, emStochasticTerm: Double = 0,
                    hadronicStochasticTerm: Double = 0, calibrationSpread: Double = 0, adcLSBMeV: Double = 0,
                    deadCellFraction: Double = 0, regions: [CellRegion] = [], source: String) {
            self.name = name
            self.kind = kind
            self.rMinMM = rMinMM
            self.rMaxMM = rMaxMM
            self.zMinMM = zMinMM
            self.zMaxMM = zMaxMM
            self.mirroredInZ = mirroredInZ
            self.radiationLengthMM = radiationLengthMM
            self.interactionLengthMM = interactionLengthMM
            self.moliereRadiusMM = moliereRadiusMM
            self.criticalEnergyMeV = criticalEnergyMeV
            self.mipLossMeVPerMM = mipLossMeVPerMM
            self.samplingFraction = samplingFraction
            self.eOverH = eOverH
            self.emStochasticTerm = emStochasticTerm
            self.hadronicStochasticTerm = hadronicStochasticTerm
            self.calibrationSpread = calibrationSpread
            self.adcLSBMeV = adcLSBMeV
            self.deadCellFraction = deadCellFraction
            self.regions = regions
            self.source = source
        }

        enum CodingKeys: String, CodingKey {
            case name, kind, rMinMM = "r_min_mm", rMaxMM = "r_max_mm", zMinMM = "z_min_mm", zMaxMM = "z_max_mm"
            case mirroredInZ = "mirrored_in_z", radiationLengthMM = "radiation_length_mm"
            case interactionLengthMM = "interaction_length_mm", moliereRadiusMM = "moliere_radius_mm"
            case criticalEnergyMeV = "critical_energy_mev", mipLossMeVPerMM = "mip_loss_mev_per_mm"
            case samplingFraction = "sampling_fraction", eOverH = "e_over_h"
            case emStochasticTerm = "em_stochastic_term", hadronicStochasticTerm = "hadronic_stochastic_term"
            case calibrationSpread = "calibration_spread", adcLSBMeV = "adc_lsb_mev"
            case deadCellFraction = "dead_cell_fraction", regions, source
        }
    }

    /// Projective cells in one |η| band of a volume: `etaMin` ≤ |η| < `etaMax` in steps
    /// of `deltaEta`, and `phiCells` equal slices of 2π. η is that of the point as seen
    /// from the nominal interaction point, η = asinh(z/r). Noise is per cell, in MeV at
    /// the EM scale: electronic, and pile-up at ⟨μ⟩ = 40 (scaled by √(μ/40)).
    public struct CellRegion: Codable, Hashable, Sendable {
        public var etaMin: Double
        public var etaMax: Double
        public var deltaEta: Double
        public var phiCells: Int
        public var electronicNoiseMeV: Double
        public var pileupNoiseMeVAtMu40: Double

        public init(etaMin: Double, etaMax: Double, deltaEta: Double, phiCells: Int,
                    electronicNoiseMeV: Double, pileupNoiseMeVAtMu40: Double) {
            self.etaMin = etaMin
            self.etaMax = etaMax
            self.deltaEta = deltaEta
            self.phiCells = phiCells
            self.electronicNoiseMeV = electronicNoiseMeV
            self.pileupNoiseMeVAtMu40 = pileupNoiseMeVAtMu40
        }

        /// Number of cells in η (per side).
        public var etaCells: Int { Int(((etaMax - etaMin) / deltaEta).rounded()) }

        enum CodingKeys: String, CodingKey {
            case etaMin = "eta_min", etaMax = "eta_max", deltaEta = "delta_eta", phiCells = "phi_cells"
            case electronicNoiseMeV = "electronic_noise_mev", pileupNoiseMeVAtMu40 = "pileup_noise_mev_at_mu40"
        }
    }
}

// MARK: - Muon spectrometer

extension DetectorCard {
    /// Muon chambers as thin surfaces: barrel cylinders and end-cap discs (mirrored).
    /// Toroid fields are not modelled: tracks are straight outside the solenoid.
    public struct MuonSpectrometer: Codable, Hashable, Sendable {
        public var barrel: [MuonBarrelStation]
        public var endcap: [MuonEndcapStation]
        public var source: String

        public init(barrel: [MuonBarrelStation], endcap: [MuonEndcapStation], source: String) {
            self.barrel = barrel
            self.endcap = endcap
            self.source = source
        }
    }

    /// Chamber response: precision-coordinate resolution, second-coordinate resolution,
    /// time resolution and hit efficiency.
    public struct MuonResponse: Codable, Hashable, Sendable {
        public var precisionResolutionUM: Double
        public var secondCoordinateResolutionMM: Double
        public var timeResolutionNS: Double
        public var efficiency: Double

        public init(precisionResolutionUM: Double, secondCoordinateResolutionMM: Double,
                    timeResolutionNS: Double, efficiency: Double) {
            self.precisionResolutionUM = precisionResolutionUM
            self.secondCoordinateResolutionMM = secondCoordinateResolutionMM
            self.timeResolutionNS = timeResolutionNS
            self.efficiency = efficiency
        }

        enum CodingKeys: String, CodingKey {
            case precisionResolutionUM = "precision_resolution_um"
            case secondCoordinateResolutionMM = "second_coordinate_resolution_mm"
            case timeResolutionNS = "time_resolution_ns", efficiency
        }
    }

    public struct MuonBarrelStation: Codable, Hashable, Sendable {
        public var name: String
        public var radiusMM: Double
        public var halfLengthMM: Double
        public var response: MuonResponse
        public var source: String

        public init(name: String, radiusMM: Double, halfLengthMM: Double, response: MuonResponse, source: String) {
            self.name = name
            self.radiusMM = radiusMM
            self.halfLengthMM = halfLengthMM
            self.response = response
            self.source = source
        }

        enum CodingKeys: String, CodingKey {
            case name, radiusMM = "radius_mm", halfLengthMM = "half_length_mm", response, source
        }
    }

    public struct MuonEndcapStation: Codable, Hashable, Sendable {
        public var name: String
        public var zMM: Double
        public var rMinMM: Double
        public var rMaxMM: Double
        public var response: MuonResponse
        public var source: String

        public init(name: String, zMM: Double, rMinMM: Double, rMaxMM: Double, response: MuonResponse, source: String) {
            self.name = name
            self.zMM = zMM
            self.rMinMM = rMinMM
            self.rMaxMM = rMaxMM
            self.response = response
            self.source = source
        }

        enum CodingKeys: String, CodingKey {
            case name, zMM = "z_mm", rMinMM = "r_min_mm", rMaxMM = "r_max_mm", response, source
        }
    }
}
