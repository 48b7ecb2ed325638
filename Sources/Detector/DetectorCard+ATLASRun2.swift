import EventModel

/// Sources quoted by the built-in card (short keys used in each element's `source`).
///
/// * [S08003] ATLAS Collaboration, "The ATLAS Experiment at the CERN Large Hadron
///   Collider", JINST 3 (2008) S08003, doi:10.1088/1748-0221/3/08/S08003: Table 1.1
///   (design resolutions), Table 1.3 (calorimeter granularity), §2.1 (solenoid),
///   §4 (inner detector, Tables 4.1–4.4 layer radii and discs), §5 (calorimeters),
///   §6 (muon chambers).
/// * [IBL] ATLAS IBL Collaboration, "Production and integration of the ATLAS Insertable
///   B-Layer", JINST 13 (2018) T05008, doi:10.1088/1748-0221/13/05/T05008.
/// * [PDG] S. Navas et al. (PDG), Phys. Rev. D 110 (2024) 030001, "Atomic and nuclear
///   properties of materials" and "Passage of particles through matter"
///   (X₀, λ_I, E_c, R_M of Pb, Cu, W, Fe, Al, LAr, Si, polystyrene).
/// * [TOPO] ATLAS Collaboration, "Topological cell clustering in the ATLAS calorimeters
///   and its performance in LHC Run 1", Eur. Phys. J. C 77 (2017) 490, arXiv:1603.02934,
///   Fig. 4 (electronic and pile-up noise per sampling versus |η|).
/// * [TILE] ATLAS Tile Calorimeter TDR, CERN/LHCC 96-42; ATLAS, "Readiness of the ATLAS
///   Tile Calorimeter for LHC collisions", Eur. Phys. J. C 70 (2010) 1193, arXiv:1007.5423.
/// * [LARTB] ATLAS LAr barrel test beam: M. Aharrouche et al., NIM A 568 (2006) 601
///   (σ/E = 10 %/√E ⊕ 0.17 %, before material and non-uniformity in situ).
/// * [WIG] R. Wigmans, "Calorimetry", 2nd ed., Oxford University Press (2017): e/h and
///   non-compensation; intrinsic hadronic fluctuations.
/// * [DQ] ATLAS Collaboration, "ATLAS data quality operations and performance for
///   2015–2018 data-taking", JINST 15 (2020) P04003, Table 1: operational fractions of the
///   sub-detectors' channels at the end of Run 2 (used, rounded, as dead-channel fractions).
/// * [TRT17] ATLAS Collaboration, "Performance of the ATLAS Transition Radiation Tracker in
///   Run 1 of the LHC: tracker properties", JINST 12 (2017) P05002, arXiv:1702.06473
///   (straw efficiency and drift-circle resolution).
///
/// Effective media were obtained by volume-averaging absorber and active material
/// ([PDG] constants); the ATLAS "X₀ per layer at η = 0" figures of [S08003] fix the layer
/// depths. Where ATLAS's granularity varies within a layer, the dominant one is used.
/// Stochastic terms of the non-EM hadronic deposit are model parameters tuned so the
/// single-pion response reproduces the design 50 %/√E ⊕ 3 % of [S08003] Table 1.1; they
/// say so in their `source`.
public enum DetectorCardSources {
    public static let all: [String] = [
        "S08003: ATLAS Collaboration, JINST 3 (2008) S08003, doi:10.1088/1748-0221/3/08/S08003",
        "IBL: ATLAS IBL Collaboration, JINST 13 (2018) T05008",
        "PDG: S. Navas et al., Phys. Rev. D 110 (2024) 030001, atomic and nuclear properties of materials",
        "TOPO: ATLAS Collaboration, Eur. Phys. J. C 77 (2017) 490, arXiv:1603.02934, Fig. 4",
        "TILE: ATLAS Tile Calorimeter TDR, CERN/LHCC 96-42; Eur. Phys. J. C 70 (2010) 1193",
        "LARTB: M. Aharrouche et al., NIM A 568 (2006) 601",
        "WIG: R. Wigmans, Calorimetry, 2nd ed., OUP 2017",
        "DQ: ATLAS Collaboration, JINST 15 (2020) P04003, Table 1 (operational channel fractions, Run 2)",
        "TRT17: ATLAS Collaboration, JINST 12 (2017) P05002, arXiv:1702.06473 (TRT tracking performance in Run 1)",
    ]
}

extension DetectorCard {
    /// The built-in ATLAS Run-2-like detector (`builtin:atlas-run2`). Sources per element;
    /// see ``DetectorCardSources``.
    public static let atlasRun2 = DetectorCard(
        name: "atlas-run2",
        description: "ATLAS Run-2-like detector: IBL + pixel + SCT + TRT straws (TRT material lumped), 2 T solenoid, "
            + "LAr EM barrel/end-cap, Tile, HEC, FCal, muon stations. JINST 3 (2008) S08003 and sources per element.",
        world: World(radiusMM: 12_500, halfLengthMM: 23_000,
                     source: "S08003 §1: overall ATLAS size, 25 m diameter, 44 m length"),
        solenoid: Solenoid(fieldTesla: 2.0, radiusMM: 1_150, halfLengthMM: 2_900,
                           source: "S08003 §2.1.1: 2 T central field, 5.8 m long; field taken uniform inside the ID envelope radius"),
        tracker: atlasTracker,
        calorimeter: atlasCalorimeter,
        muonSpectrometer: atlasMuons)

    // MARK: Tracker

    /// Dead channels [DQ]: pixels ≈ 97 % operational (IBL ≈ 99 %), SCT ≈ 98.6 %.
    static let pixelReadout = Readout(sensorThicknessUM: 250, pitchUUM: 50, pitchVUM: 400, stereoAngleMrad: 0,
                                      thresholdElectrons: 3_500, noiseElectrons: 170, noiseOccupancy: 1e-9,
                                      deadChannelFraction: 0.03)
    static let iblReadout = Readout(sensorThicknessUM: 200, pitchUUM: 50, pitchVUM: 250, stereoAngleMrad: 0,
                                    thresholdElectrons: 2_500, noiseElectrons: 150, noiseOccupancy: 1e-9,
                                    deadChannelFraction: 0.01)
    static let sctReadout = Readout(sensorThicknessUM: 285, pitchUUM: 80, pitchVUM: 126_000, stereoAngleMrad: 40,
                                    thresholdElectrons: 6_242, noiseElectrons: 1_500, noiseOccupancy: 2e-5,
                                    deadChannelFraction: 0.014)
    static let sctDiscReadout = Readout(sensorThicknessUM: 285, pitchUUM: 80, pitchVUM: 60_000, stereoAngleMrad: 40,
                                        thresholdElectrons: 6_242, noiseElectrons: 1_500, noiseOccupancy: 2e-5,
                                    deadChannelFraction: 0.014)

    static let atlasTracker = Tracker(
        envelopeRadiusMM: 1_150, envelopeHalfLengthMM: 3_450,
        barrel: [
            BarrelLayer(name: "BeamPipe", technology: .passive, radiusMM: 23.5, halfLengthMM: 3_400, thicknessX0: 0.0023,
                        source: "IBL §1: Be beam pipe, inner radius 23.5 mm, 0.8 mm wall (X0(Be) = 352.8 mm, PDG)"),
            BarrelLayer(name: "IBL", technology: .pixel, radiusMM: 33.25, halfLengthMM: 332, thicknessX0: 0.019,
                        readout: iblReadout,
                        source: "IBL: mean radius 33.25 mm, 50×250 µm pixels, 200 µm sensors, ≈1.9 % X0 at η = 0; threshold 2500 e"),
            BarrelLayer(name: "PixelB0", technology: .pixel, radiusMM: 50.5, halfLengthMM: 400.5, thicknessX0: 0.03,
                        readout: pixelReadout,
                        source: "S08003 Table 4.3: B-layer r = 50.5 mm, |z| < 400.5 mm; §4.2.1: 50×400 µm, 250 µm; "
                            + "≈3 % X0 per layer incl. supports (Fig. 4.45); threshold 3500 e, noise ≈170 e (§4.3.2)"),
            BarrelLayer(name: "PixelB1", technology: .pixel, radiusMM: 88.5, halfLengthMM: 400.5, thicknessX0: 0.03,
                        readout: pixelReadout, source: "S08003 Table 4.3: layer 1 r = 88.5 mm"),
            BarrelLayer(name: "PixelB2", technology: .pixel, radiusMM: 122.5, halfLengthMM: 400.5, thicknessX0: 0.03,
                        readout: pixelReadout, source: "S08003 Table 4.3: layer 2 r = 122.5 mm"),
            BarrelLayer(name: "PixelSupportTube", technology: .passive, radiusMM: 230, halfLengthMM: 3_000, thicknessX0: 0.01,
                        source: "S08003 §4.8: pixel support tube, approximate"),
            BarrelLayer(name: "SCTB0", technology: .strip, radiusMM: 299, halfLengthMM: 749, thicknessX0: 0.025,
                        readout: sctReadout,
                        source: "S08003 Table 4.4: barrel 3 r = 299 mm, |z| < 749 mm; 80 µm pitch, 2×6.4 cm strips, "
                            + "40 mrad stereo, 285 µm; 1 fC threshold (6242 e), ENC ≈1500 e; noise occupancy < 5e-4 (2e-5 achieved)"),
            BarrelLayer(name: "SCTB1", technology: .strip, radiusMM: 371, halfLengthMM: 749, thicknessX0: 0.025,
                        readout: sctReadout, source: "S08003 Table 4.4: barrel 4 r = 371 mm"),
            BarrelLayer(name: "SCTB2", technology: .strip, radiusMM: 443, halfLengthMM: 749, thicknessX0: 0.025,
                        readout: sctReadout, source: "S08003 Table 4.4: barrel 5 r = 443 mm"),
            BarrelLayer(name: "SCTB3", technology: .strip, radiusMM: 514, halfLengthMM: 749, thicknessX0: 0.025,
                        readout: sctReadout, source: "S08003 Table 4.4: barrel 6 r = 514 mm"),
            BarrelLayer(name: "TRTB0", technology: .passive, radiusMM: 650, halfLengthMM: 712, thicknessX0: 0.05,
                        source: "S08003 §4.4: TRT barrel 563 < r < 1066 mm as material only, ≈15 % X0 split in three"),
            BarrelLayer(name: "TRTB1", technology: .passive, radiusMM: 820, halfLengthMM: 712, thicknessX0: 0.05,
                        source: "as TRTB0"),
            BarrelLayer(name: "TRTB2", technology: .passive, radiusMM: 990, halfLengthMM: 712, thicknessX0: 0.05,
                        source: "as TRTB0"),
        ],
        endcap: [
            Disc(name: "PixelD0", technology: .pixel, zMM: 495, rMinMM: 88.8, rMaxMM: 149.6, thicknessX0: 0.03,
                 readout: pixelReadout, source: "S08003 Table 4.3: discs at |z| = 495, 580, 650 mm, 88.8 < r < 149.6 mm"),
            Disc(name: "PixelD1", technology: .pixel, zMM: 580, rMinMM: 88.8, rMaxMM: 149.6, thicknessX0: 0.03,
                 readout: pixelReadout, source: "S08003 Table 4.3"),
            Disc(name: "PixelD2", technology: .pixel, zMM: 650, rMinMM: 88.8, rMaxMM: 149.6, thicknessX0: 0.03,
                 readout: pixelReadout, source: "S08003 Table 4.3"),
            Disc(name: "SCTD0", technology: .strip, zMM: 853.8, rMinMM: 275, rMaxMM: 560, thicknessX0: 0.03,
                 readout: sctDiscReadout, source: "S08003 Table 4.4: discs at |z| = 853.8 … 2720.2 mm, 275 < r < 560 mm"),
            Disc(name: "SCTD1", technology: .strip, zMM: 934.0, rMinMM: 275, rMaxMM: 560, thicknessX0: 0.03,
                 readout: sctDiscReadout, source: "S08003 Table 4.4"),
            Disc(name: "SCTD2", technology: .strip, zMM: 1_091.5, rMinMM: 275, rMaxMM: 560, thicknessX0: 0.03,
                 readout: sctDiscReadout, source: "S08003 Table 4.4"),
            Disc(name: "SCTD3", technology: .strip, zMM: 1_299.9, rMinMM: 275, rMaxMM: 560, thicknessX0: 0.03,
                 readout: sctDiscReadout, source: "S08003 Table 4.4"),
            Disc(name: "SCTD4", technology: .strip, zMM: 1_399.7, rMinMM: 275, rMaxMM: 560, thicknessX0: 0.03,
                 readout: sctDiscReadout, source: "S08003 Table 4.4"),
            Disc(name: "SCTD5", technology: .strip, zMM: 1_771.4, rMinMM: 275, rMaxMM: 560, thicknessX0: 0.03,
                 readout: sctDiscReadout, source: "S08003 Table 4.4"),
            Disc(name: "SCTD6", technology: .strip, zMM: 2_115.2, rMinMM: 337, rMaxMM: 560, thicknessX0: 0.03,
                 readout: sctDiscReadout, source: "S08003 Table 4.4 (inner ring absent)"),
            Disc(name: "SCTD7", technology: .strip, zMM: 2_505.0, rMinMM: 337, rMaxMM: 560, thicknessX0: 0.03,
                 readout: sctDiscReadout, source: "S08003 Table 4.4 (inner ring absent)"),
            Disc(name: "SCTD8", technology: .strip, zMM: 2_720.2, rMinMM: 440, rMaxMM: 560, thicknessX0: 0.03,
                 readout: sctDiscReadout, source: "S08003 Table 4.4 (outer ring only)"),
            Disc(name: "TRTD0", technology: .passive, zMM: 1_100, rMinMM: 644, rMaxMM: 1_004, thicknessX0: 0.08,
                 source: "S08003 §4.4: TRT end-cap 827 < |z| < 2744 mm, 617 < r < 1106 mm, as material only"),
            Disc(name: "TRTD1", technology: .passive, zMM: 1_800, rMinMM: 644, rMaxMM: 1_004, thicknessX0: 0.08,
                 source: "as TRTD0"),
            Disc(name: "TRTD2", technology: .passive, zMM: 2_500, rMinMM: 644, rMaxMM: 1_004, thicknessX0: 0.08,
                 source: "as TRTD0"),
        ],
        trt: atlasTRT,
        source: "S08003 §4: inner detector inside r < 1150 mm, |z| < 3512 mm (trimmed here to 3450 mm, the end-cap cryostat front)")

    // MARK: Calorimeter

    /// Dead cells [DQ]: LAr EM ≈ 99.9 %, Tile ≈ 99.2 %, HEC ≈ 99.6 %, FCal ≈ 99.8 % operational.
    /// Noise in MeV: [TOPO] Fig. 4, read to about ±30 %: electronic noise at the EM scale and
    /// pile-up noise scaled to ⟨μ⟩ = 40 from the 2012 (⟨μ⟩ ≈ 20) curves by √2.
    static let atlasCalorimeter = Calorimeter(
        volumes: [
            // ── Barrel: dead material, presampler, accordion, Tile ──
            Volume(name: "SolenoidCryostatBarrelInner", kind: .passive, rMinMM: 1_150, rMaxMM: 1_410,
                   zMinMM: -3_450, zMaxMM: 3_450, mirroredInZ: false,
                   radiationLengthMM: 186, interactionLengthMM: 830, moliereRadiusMM: 45, criticalEnergyMeV: 43,
                   mipLossMeVPerMM: 0.21,
                   source: "S08003 §2.1.1: solenoid 0.66 X0, plus the LAr barrel cryostat walls ≈0.7 X0: ≈1.4 X0 before the presampler at η = 0 (Al-like, λ/X0 = 4.46, PDG)"),
            Volume(name: "PreSamplerB", kind: .em, rMinMM: 1_410, rMaxMM: 1_421, zMinMM: -3_100, zMaxMM: 3_100,
                   mirroredInZ: false, radiationLengthMM: 140, interactionLengthMM: 858, moliereRadiusMM: 91,
                   criticalEnergyMeV: 32.8, mipLossMeVPerMM: 0.21, samplingFraction: 1.0, eOverH: 1.3,
                   emStochasticTerm: 0.10, hadronicStochasticTerm: 0.5, calibrationSpread: 0.01, adcLSBMeV: 3, deadCellFraction: 0.001,
                   regions: [CellRegion(etaMin: 0, etaMax: 1.525, deltaEta: 0.025, phiCells: 64,
                                        electronicNoiseMeV: 30, pileupNoiseMeVAtMu40: 60)],
                   source: "S08003 §5.2.2 and Table 1.3: 11 mm LAr presampler, |η| < 1.52, 0.025×0.1; noise TOPO Fig. 4"),
            Volume(name: "CryostatGapBarrel", kind: .passive, rMinMM: 1_421, rMaxMM: 1_500,
                   zMinMM: -3_450, zMaxMM: 3_450, mirroredInZ: false,
                   radiationLengthMM: 263, interactionLengthMM: 1_170, moliereRadiusMM: 50, criticalEnergyMeV: 40,
                   mipLossMeVPerMM: 0.15,
                   source: "S08003 §5.2.2: material between presampler and strips (cables, electrodes), ≈0.3 X0, approximate"),
            Volume(name: "EMB1", kind: .em, rMinMM: 1_500, rMaxMM: 1_590, zMinMM: -3_200, zMaxMM: 3_200, mirroredInZ: false,
                   radiationLengthMM: 21, interactionLengthMM: 380, moliereRadiusMM: 45, criticalEnergyMeV: 10,
                   mipLossMeVPerMM: 0.7, samplingFraction: 0.18, eOverH: 1.35,
                   emStochasticTerm: 0.10, hadronicStochasticTerm: 0.5, calibrationSpread: 0.01, adcLSBMeV: 2, deadCellFraction: 0.001,
                   regions: [CellRegion(etaMin: 0, etaMax: 1.4, deltaEta: 0.003125, phiCells: 64,
                                        electronicNoiseMeV: 15, pileupNoiseMeVAtMu40: 20),
                             CellRegion(etaMin: 1.4, etaMax: 1.475, deltaEta: 0.025, phiCells: 256,
                                        electronicNoiseMeV: 15, pileupNoiseMeVAtMu40: 20)],
                   source: "S08003 §5.2.1, Table 1.3: EM barrel 1.5 < r < 1.97 m, strips 4.3 X0 at η = 0, 0.025/8×0.1; "
                       + "Pb–LAr accordion X0 ≈ 21 mm, R_M ≈ 45 mm, E_c ≈ 10 MeV, λ ≈ 38 cm (PDG mixture); "
                       + "sampling fraction ≈ 0.18 and a = 10 % (LARTB); noise TOPO Fig. 4"),
            Volume(name: "EMB2", kind: .em, rMinMM: 1_590, rMaxMM: 1_926, zMinMM: -3_200, zMaxMM: 3_200, mirroredInZ: false,
                   radiationLengthMM: 21, interactionLengthMM: 380, moliereRadiusMM: 45, criticalEnergyMeV: 10,
                   mipLossMeVPerMM: 0.7, samplingFraction: 0.18, eOverH: 1.35,
                   emStochasticTerm: 0.10, hadronicStochasticTerm: 0.5, calibrationSpread: 0.01, adcLSBMeV: 4, deadCellFraction: 0.001,
                   regions: [CellRegion(etaMin: 0, etaMax: 1.4, deltaEta: 0.025, phiCells: 256,
                                        electronicNoiseMeV: 35, pileupNoiseMeVAtMu40: 70),
                             CellRegion(etaMin: 1.4, etaMax: 1.475, deltaEta: 0.075, phiCells: 256,
                                        electronicNoiseMeV: 35, pileupNoiseMeVAtMu40: 70)],
                   source: "S08003 §5.2.1, Table 1.3: middle layer 16 X0 at η = 0, 0.025×0.025; noise TOPO Fig. 4"),
            Volume(name: "EMB3", kind: .em, rMinMM: 1_926, rMaxMM: 1_968, zMinMM: -3_200, zMaxMM: 3_200, mirroredInZ: false,
                   radiationLengthMM: 21, interactionLengthMM: 380, moliereRadiusMM: 45, criticalEnergyMeV: 10,
                   mipLossMeVPerMM: 0.7, samplingFraction: 0.18, eOverH: 1.35,
                   emStochasticTerm: 0.10, hadronicStochasticTerm: 0.5, calibrationSpread: 0.01, adcLSBMeV: 2, deadCellFraction: 0.001,
                   regions: [CellRegion(etaMin: 0, etaMax: 1.35, deltaEta: 0.05, phiCells: 256,
                                        electronicNoiseMeV: 20, pileupNoiseMeVAtMu40: 30)],
                   source: "S08003 §5.2.1, Table 1.3: back layer 2 X0 at η = 0, 0.05×0.025, |η| < 1.35; noise TOPO Fig. 4"),
            Volume(name: "CryostatBarrelOuter", kind: .passive, rMinMM: 1_968, rMaxMM: 2_280,
                   zMinMM: -3_450, zMaxMM: 3_450, mirroredInZ: false,
                   radiationLengthMM: 300, interactionLengthMM: 1_300, moliereRadiusMM: 50, criticalEnergyMeV: 43,
                   mipLossMeVPerMM: 0.15,
                   source: "S08003 §5.1: outer LAr cryostat walls between EM and Tile, ≈1 X0 and ≈0.25 λ at η = 0, approximate"),
            Volume(name: "TileBar0", kind: .hadronic, rMinMM: 2_280, rMaxMM: 2_592, zMinMM: -2_820, zMaxMM: 2_820,
                   mirroredInZ: false, radiationLengthMM: 21.1, interactionLengthMM: 208, moliereRadiusMM: 20,
                   criticalEnergyMeV: 22, mipLossMeVPerMM: 0.97, samplingFraction: 0.034, eOverH: 1.36,
                   emStochasticTerm: 0.28, hadronicStochasticTerm: 0.55, calibrationSpread: 0.02, adcLSBMeV: 12, deadCellFraction: 0.008,
                   regions: [CellRegion(etaMin: 0, etaMax: 1.1, deltaEta: 0.1, phiCells: 64,
                                        electronicNoiseMeV: 25, pileupNoiseMeVAtMu40: 40)],
                   source: "S08003 §5.3, Table 1.3: Tile barrel 2.28 < r < 4.25 m, |z| < 2.82 m; layers A/BC/D "
                       + "1.5/4.1/1.8 λ at η = 0, 0.1×0.1 (D 0.2×0.1); steel:scintillator 4.7:1 → X0 = 21 mm, "
                       + "λ ≈ 20.8 cm; e/h = 1.36 and electron a = 28 % (TILE); hadronic a tuned to S08003 Table 1.1"),
            Volume(name: "TileBar1", kind: .hadronic, rMinMM: 2_592, rMaxMM: 3_445, zMinMM: -2_820, zMaxMM: 2_820,
                   mirroredInZ: false, radiationLengthMM: 21.1, interactionLengthMM: 208, moliereRadiusMM: 20,
                   criticalEnergyMeV: 22, mipLossMeVPerMM: 0.97, samplingFraction: 0.034, eOverH: 1.36,
                   emStochasticTerm: 0.28, hadronicStochasticTerm: 0.55, calibrationSpread: 0.02, adcLSBMeV: 12, deadCellFraction: 0.008,
                   regions: [CellRegion(etaMin: 0, etaMax: 1.1, deltaEta: 0.1, phiCells: 64,
                                        electronicNoiseMeV: 25, pileupNoiseMeVAtMu40: 30)],
                   source: "as TileBar0 (layer BC, 4.1 λ)"),
            Volume(name: "TileBar2", kind: .hadronic, rMinMM: 3_445, rMaxMM: 3_820, zMinMM: -2_820, zMaxMM: 2_820,
                   mirroredInZ: false, radiationLengthMM: 21.1, interactionLengthMM: 208, moliereRadiusMM: 20,
                   criticalEnergyMeV: 22, mipLossMeVPerMM: 0.97, samplingFraction: 0.034, eOverH: 1.36,
                   emStochasticTerm: 0.28, hadronicStochasticTerm: 0.55, calibrationSpread: 0.02, adcLSBMeV: 12, deadCellFraction: 0.008,
                   regions: [CellRegion(etaMin: 0, etaMax: 1.2, deltaEta: 0.2, phiCells: 64,
                                        electronicNoiseMeV: 30, pileupNoiseMeVAtMu40: 20)],
                   source: "as TileBar0 (layer D, 1.8 λ, 0.2×0.1)"),
            Volume(name: "TileGirderBarrel", kind: .passive, rMinMM: 3_820, rMaxMM: 4_250, zMinMM: -2_820, zMaxMM: 2_820,
                   mirroredInZ: false, radiationLengthMM: 35, interactionLengthMM: 336, moliereRadiusMM: 30,
                   criticalEnergyMeV: 22, mipLossMeVPerMM: 0.57,
                   source: "S08003 §5.3: steel girder at the outer radius, half-filled steel, approximate"),
            Volume(name: "TileGapITC", kind: .passive, rMinMM: 2_280, rMaxMM: 3_820, zMinMM: 2_950, zMaxMM: 3_500,
                   mirroredInZ: true, radiationLengthMM: 60, interactionLengthMM: 500, moliereRadiusMM: 30,
                   criticalEnergyMeV: 22, mipLossMeVPerMM: 0.4,
                   source: "S08003 §5.3: gap between barrel and extended barrel (ITC, services), as dead material, approximate"),
            Volume(name: "TileExt0", kind: .hadronic, rMinMM: 2_280, rMaxMM: 2_592, zMinMM: 3_560, zMaxMM: 6_050,
                   mirroredInZ: true, radiationLengthMM: 21.1, interactionLengthMM: 208, moliereRadiusMM: 20,
                   criticalEnergyMeV: 22, mipLossMeVPerMM: 0.97, samplingFraction: 0.034, eOverH: 1.36,
                   emStochasticTerm: 0.28, hadronicStochasticTerm: 0.55, calibrationSpread: 0.02, adcLSBMeV: 12, deadCellFraction: 0.008,
                   regions: [CellRegion(etaMin: 0.8, etaMax: 1.8, deltaEta: 0.1, phiCells: 64,
                                        electronicNoiseMeV: 25, pileupNoiseMeVAtMu40: 50)],
                   source: "S08003 §5.3: extended barrel 0.8 < |η| < 1.7, layers A/B/D 1.5/2.6/3.3 λ; 0.1×0.1"),
            Volume(name: "TileExt1", kind: .hadronic, rMinMM: 2_592, rMaxMM: 3_133, zMinMM: 3_560, zMaxMM: 6_050,
                   mirroredInZ: true, radiationLengthMM: 21.1, interactionLengthMM: 208, moliereRadiusMM: 20,
                   criticalEnergyMeV: 22, mipLossMeVPerMM: 0.97, samplingFraction: 0.034, eOverH: 1.36,
                   emStochasticTerm: 0.28, hadronicStochasticTerm: 0.55, calibrationSpread: 0.02, adcLSBMeV: 12, deadCellFraction: 0.008,
                   regions: [CellRegion(etaMin: 0.8, etaMax: 1.8, deltaEta: 0.1, phiCells: 64,
                                        electronicNoiseMeV: 25, pileupNoiseMeVAtMu40: 40)],
                   source: "as TileExt0 (layer B, 2.6 λ)"),
            Volume(name: "TileExt2", kind: .hadronic, rMinMM: 3_133, rMaxMM: 3_820, zMinMM: 3_560, zMaxMM: 6_050,
                   mirroredInZ: true, radiationLengthMM: 21.1, interactionLengthMM: 208, moliereRadiusMM: 20,
                   criticalEnergyMeV: 22, mipLossMeVPerMM: 0.97, samplingFraction: 0.034, eOverH: 1.36,
                   emStochasticTerm: 0.28, hadronicStochasticTerm: 0.55, calibrationSpread: 0.02, adcLSBMeV: 12, deadCellFraction: 0.008,
                   regions: [CellRegion(etaMin: 0.6, etaMax: 1.8, deltaEta: 0.2, phiCells: 64,
                                        electronicNoiseMeV: 30, pileupNoiseMeVAtMu40: 30)],
                   source: "as TileExt0 (layer D, 3.3 λ, 0.2×0.1)"),
            // ── End-cap: cryostat front, EMEC, HEC, FCal ──
            Volume(name: "CryostatEndcapFront", kind: .passive, rMinMM: 300, rMaxMM: 2_100, zMinMM: 3_450, zMaxMM: 3_640,
                   mirroredInZ: true, radiationLengthMM: 100, interactionLengthMM: 450, moliereRadiusMM: 45,
                   criticalEnergyMeV: 43, mipLossMeVPerMM: 0.4,
                   source: "S08003 §5.1: end-cap cryostat front wall and services, ≈2 X0, approximate"),
            Volume(name: "EME1", kind: .em, rMinMM: 330, rMaxMM: 2_098, zMinMM: 3_640, zMaxMM: 3_750, mirroredInZ: true,
                   radiationLengthMM: 25, interactionLengthMM: 390, moliereRadiusMM: 50, criticalEnergyMeV: 11,
                   mipLossMeVPerMM: 0.65, samplingFraction: 0.15, eOverH: 1.35,
                   emStochasticTerm: 0.11, hadronicStochasticTerm: 0.5, calibrationSpread: 0.012, adcLSBMeV: 3, deadCellFraction: 0.001,
                   regions: [CellRegion(etaMin: 1.375, etaMax: 1.5, deltaEta: 0.025, phiCells: 64,
                                        electronicNoiseMeV: 25, pileupNoiseMeVAtMu40: 40),
                             CellRegion(etaMin: 1.5, etaMax: 2.5, deltaEta: 0.025 / 6, phiCells: 64,
                                        electronicNoiseMeV: 20, pileupNoiseMeVAtMu40: 40),
                             CellRegion(etaMin: 2.5, etaMax: 3.2, deltaEta: 0.1, phiCells: 64,
                                        electronicNoiseMeV: 50, pileupNoiseMeVAtMu40: 100)],
                   source: "S08003 §5.2.3, Table 1.3: EMEC 1.375 < |η| < 3.2, |z| 3.64–4.25 m, strips ≈4.4 X0; "
                       + "0.025/6 dominant strip pitch; a ≈ 10–12 %; noise TOPO Fig. 4"),
            Volume(name: "EME2", kind: .em, rMinMM: 330, rMaxMM: 2_098, zMinMM: 3_750, zMaxMM: 4_150, mirroredInZ: true,
                   radiationLengthMM: 25, interactionLengthMM: 390, moliereRadiusMM: 50, criticalEnergyMeV: 11,
                   mipLossMeVPerMM: 0.65, samplingFraction: 0.15, eOverH: 1.35,
                   emStochasticTerm: 0.11, hadronicStochasticTerm: 0.5, calibrationSpread: 0.012, adcLSBMeV: 5, deadCellFraction: 0.001,
                   regions: [CellRegion(etaMin: 1.375, etaMax: 1.425, deltaEta: 0.05, phiCells: 256,
                                        electronicNoiseMeV: 50, pileupNoiseMeVAtMu40: 150),
                             CellRegion(etaMin: 1.425, etaMax: 2.5, deltaEta: 0.025, phiCells: 256,
                                        electronicNoiseMeV: 50, pileupNoiseMeVAtMu40: 150),
                             CellRegion(etaMin: 2.5, etaMax: 3.2, deltaEta: 0.1, phiCells: 64,
                                        electronicNoiseMeV: 80, pileupNoiseMeVAtMu40: 250)],
                   source: "S08003 Table 1.3: EMEC middle 0.025×0.025 (1.425–2.5), 0.1×0.1 (2.5–3.2); noise TOPO Fig. 4"),
            Volume(name: "EME3", kind: .em, rMinMM: 330, rMaxMM: 2_098, zMinMM: 4_150, zMaxMM: 4_250, mirroredInZ: true,
                   radiationLengthMM: 25, interactionLengthMM: 390, moliereRadiusMM: 50, criticalEnergyMeV: 11,
                   mipLossMeVPerMM: 0.65, samplingFraction: 0.15, eOverH: 1.35,
                   emStochasticTerm: 0.11, hadronicStochasticTerm: 0.5, calibrationSpread: 0.012, adcLSBMeV: 3, deadCellFraction: 0.001,
                   regions: [CellRegion(etaMin: 1.5, etaMax: 2.5, deltaEta: 0.05, phiCells: 256,
                                        electronicNoiseMeV: 30, pileupNoiseMeVAtMu40: 60)],
                   source: "S08003 Table 1.3: EMEC back 0.05×0.025, 1.5 < |η| < 2.5"),
            Volume(name: "HEC0", kind: .hadronic, rMinMM: 475, rMaxMM: 2_030, zMinMM: 4_350, zMaxMM: 4_630, mirroredInZ: true,
                   radiationLengthMM: 18.6, interactionLengthMM: 193, moliereRadiusMM: 18, criticalEnergyMeV: 20,
                   mipLossMeVPerMM: 1.1, samplingFraction: 0.044, eOverH: 1.4,
                   emStochasticTerm: 0.21, hadronicStochasticTerm: 0.6, calibrationSpread: 0.02, adcLSBMeV: 30, deadCellFraction: 0.004,
                   regions: [CellRegion(etaMin: 1.5, etaMax: 2.5, deltaEta: 0.1, phiCells: 64,
                                        electronicNoiseMeV: 200, pileupNoiseMeVAtMu40: 250),
                             CellRegion(etaMin: 2.5, etaMax: 3.3, deltaEta: 0.2, phiCells: 32,
                                        electronicNoiseMeV: 250, pileupNoiseMeVAtMu40: 400)],
                   source: "S08003 §5.2.4, Table 1.3: HEC 1.5 < |η| < 3.2, four layers, 0.1×0.1 / 0.2×0.2; "
                       + "Cu (25 mm) – LAr (8.5 mm): X0 = 18.6 mm, λ = 19.3 cm (PDG); sampling fraction 4.4 %, "
                       + "electron a = 21 % (HEC beam tests, NIM A 482 (2002) 94); noise TOPO Fig. 4"),
            Volume(name: "HEC1", kind: .hadronic, rMinMM: 475, rMaxMM: 2_030, zMinMM: 4_630, zMaxMM: 5_130, mirroredInZ: true,
                   radiationLengthMM: 18.6, interactionLengthMM: 193, moliereRadiusMM: 18, criticalEnergyMeV: 20,
                   mipLossMeVPerMM: 1.1, samplingFraction: 0.044, eOverH: 1.4,
                   emStochasticTerm: 0.21, hadronicStochasticTerm: 0.6, calibrationSpread: 0.02, adcLSBMeV: 30, deadCellFraction: 0.004,
                   regions: [CellRegion(etaMin: 1.5, etaMax: 2.5, deltaEta: 0.1, phiCells: 64,
                                        electronicNoiseMeV: 200, pileupNoiseMeVAtMu40: 200),
                             CellRegion(etaMin: 2.5, etaMax: 3.3, deltaEta: 0.2, phiCells: 32,
                                        electronicNoiseMeV: 250, pileupNoiseMeVAtMu40: 300)],
                   source: "as HEC0"),
            Volume(name: "HEC2", kind: .hadronic, rMinMM: 475, rMaxMM: 2_030, zMinMM: 5_130, zMaxMM: 5_600, mirroredInZ: true,
                   radiationLengthMM: 18.6, interactionLengthMM: 193, moliereRadiusMM: 18, criticalEnergyMeV: 20,
                   mipLossMeVPerMM: 1.1, samplingFraction: 0.022, eOverH: 1.4,
                   emStochasticTerm: 0.21, hadronicStochasticTerm: 0.6, calibrationSpread: 0.02, adcLSBMeV: 30, deadCellFraction: 0.004,
                   regions: [CellRegion(etaMin: 1.5, etaMax: 2.5, deltaEta: 0.1, phiCells: 64,
                                        electronicNoiseMeV: 200, pileupNoiseMeVAtMu40: 150),
                             CellRegion(etaMin: 2.5, etaMax: 3.3, deltaEta: 0.2, phiCells: 32,
                                        electronicNoiseMeV: 250, pileupNoiseMeVAtMu40: 200)],
                   source: "as HEC0 (rear wheel: 50 mm Cu plates, sampling fraction 2.2 %)"),
            Volume(name: "HEC3", kind: .hadronic, rMinMM: 475, rMaxMM: 2_030, zMinMM: 5_600, zMaxMM: 6_050, mirroredInZ: true,
                   radiationLengthMM: 18.6, interactionLengthMM: 193, moliereRadiusMM: 18, criticalEnergyMeV: 20,
                   mipLossMeVPerMM: 1.1, samplingFraction: 0.022, eOverH: 1.4,
                   emStochasticTerm: 0.21, hadronicStochasticTerm: 0.6, calibrationSpread: 0.02, adcLSBMeV: 30, deadCellFraction: 0.004,
                   regions: [CellRegion(etaMin: 1.5, etaMax: 2.5, deltaEta: 0.1, phiCells: 64,
                                        electronicNoiseMeV: 200, pileupNoiseMeVAtMu40: 100),
                             CellRegion(etaMin: 2.5, etaMax: 3.3, deltaEta: 0.2, phiCells: 32,
                                        electronicNoiseMeV: 250, pileupNoiseMeVAtMu40: 150)],
                   source: "as HEC2"),
            Volume(name: "FCal1", kind: .em, rMinMM: 72, rMaxMM: 455, zMinMM: 4_708, zMaxMM: 5_158, mirroredInZ: true,
                   radiationLengthMM: 16.1, interactionLengthMM: 169, moliereRadiusMM: 18, criticalEnergyMeV: 20,
                   mipLossMeVPerMM: 1.2, samplingFraction: 0.015, eOverH: 1.5,
                   emStochasticTerm: 0.28, hadronicStochasticTerm: 0.9, calibrationSpread: 0.035, adcLSBMeV: 60, deadCellFraction: 0.002,
                   regions: [CellRegion(etaMin: 3.1, etaMax: 4.9, deltaEta: 0.2, phiCells: 32,
                                        electronicNoiseMeV: 400, pileupNoiseMeVAtMu40: 1_500)],
                   source: "S08003 §5.4: FCal1 (Cu) 3.1 < |η| < 4.9, 45 cm, 27.6 X0 and 2.66 λ; "
                       + "electrons 28 %/√E ⊕ 3.5 % (FCal beam test, JINST 3 (2008) P02002); cells ≈3×2.6 cm² as 0.2×0.2; noise TOPO Fig. 4"),
            Volume(name: "FCal2", kind: .hadronic, rMinMM: 72, rMaxMM: 455, zMinMM: 5_158, zMaxMM: 5_608, mirroredInZ: true,
                   radiationLengthMM: 5.0, interactionLengthMM: 122, moliereRadiusMM: 10, criticalEnergyMeV: 8,
                   mipLossMeVPerMM: 2.4, samplingFraction: 0.01, eOverH: 1.5,
                   emStochasticTerm: 0.3, hadronicStochasticTerm: 0.9, calibrationSpread: 0.035, adcLSBMeV: 60, deadCellFraction: 0.002,
                   regions: [CellRegion(etaMin: 3.1, etaMax: 4.9, deltaEta: 0.3, phiCells: 16,
                                        electronicNoiseMeV: 500, pileupNoiseMeVAtMu40: 1_000)],
                   source: "S08003 §5.4: FCal2 (W) 3.68 λ in 45 cm; noise TOPO Fig. 4"),
            Volume(name: "FCal3", kind: .hadronic, rMinMM: 72, rMaxMM: 455, zMinMM: 5_608, zMaxMM: 6_058, mirroredInZ: true,
                   radiationLengthMM: 5.0, interactionLengthMM: 125, moliereRadiusMM: 10, criticalEnergyMeV: 8,
                   mipLossMeVPerMM: 2.4, samplingFraction: 0.01, eOverH: 1.5,
                   emStochasticTerm: 0.3, hadronicStochasticTerm: 0.9, calibrationSpread: 0.035, adcLSBMeV: 60, deadCellFraction: 0.002,
                   regions: [CellRegion(etaMin: 3.1, etaMax: 4.9, deltaEta: 0.3, phiCells: 16,
                                        electronicNoiseMeV: 600, pileupNoiseMeVAtMu40: 800)],
                   source: "S08003 §5.4: FCal3 (W) 3.6 λ in 45 cm; noise TOPO Fig. 4"),
        ],
        source: "S08003 §5; granularity Table 1.3; noise TOPO Fig. 4; materials PDG")

    // MARK: Muon spectrometer

    static let mdtResponse = MuonResponse(precisionResolutionUM: 35, secondCoordinateResolutionMM: 10,
                                          timeResolutionNS: 1.5, efficiency: 0.98)

    static let atlasMuonStations = MuonSpectrometer(
        barrel: [
            MuonBarrelStation(name: "BI", radiusMM: 5_000, halfLengthMM: 6_300, response: mdtResponse,
                              source: "S08003 §6.1, Fig. 6.1: barrel inner station r ≈ 5 m, |η| < 1.05; MDT chamber 35 µm (Table 6.1), RPC φ ≈ 10 mm"),
            MuonBarrelStation(name: "BM", radiusMM: 7_500, halfLengthMM: 9_400, response: mdtResponse,
                              source: "S08003 §6.1: barrel middle station r ≈ 7.5 m"),
            MuonBarrelStation(name: "BO", radiusMM: 10_000, halfLengthMM: 12_500, response: mdtResponse,
                              source: "S08003 §6.1: barrel outer station r ≈ 10 m"),
        ],
        endcap: [
            MuonEndcapStation(name: "EI", zMM: 7_400, rMinMM: 1_000, rMaxMM: 4_500, response: mdtResponse,
                              source: "S08003 §6.1: end-cap inner (small) wheel |z| ≈ 7.4 m"),
            MuonEndcapStation(name: "EM", zMM: 13_500, rMinMM: 1_500, rMaxMM: 11_500, response: mdtResponse,
                              source: "S08003 §6.1: end-cap middle (big) wheel |z| ≈ 13.5 m"),
            MuonEndcapStation(name: "EO", zMM: 21_500, rMinMM: 2_000, rMaxMM: 12_000, response: mdtResponse,
                              source: "S08003 §6.1: end-cap outer wheel |z| ≈ 21.5 m"),
        ],
        source: "S08003 §6: MDT/RPC/TGC stations, toroid field not modelled")

    /// Layer spacing within a station, mm: an MDT chamber's two multilayers and its trigger
    /// chamber span about half a metre (S08003 §6.3), so three surfaces 250 mm apart.
    static let muonLayerSpacingMM = 250.0

    /// Each station as three thin surfaces sharing its name, so that a muon leaves three
    /// digits per station and reconstruction can fit a segment (a direction and a t0).
    static let atlasMuons: MuonSpectrometer = {
        var spectrometer = atlasMuonStations
        let d = muonLayerSpacingMM
        spectrometer.barrel = atlasMuonStations.barrel.flatMap { station in
            [-d, 0, d].map { offset in
                var layer = station
                layer.radiusMM += offset
                return layer
            }
        }
        spectrometer.endcap = atlasMuonStations.endcap.flatMap { station in
            [-d, 0, d].map { offset in
                var layer = station
                layer.zMM += offset
                return layer
            }
        }
        return spectrometer
    }()
}
