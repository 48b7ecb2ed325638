import Foundation

extension DetectorCard {
    /// Checks values and geometry, throwing the first problem with its key path:
    /// positive lengths and materials, fractions in range, whole numbers of cells, tracker
    /// surfaces inside the tracker envelope, calorimeter volumes outside it and not
    /// overlapping one another (mirror images included), muon stations clear of the
    /// calorimeters, everything inside the world.
    public func validate(source: String = "<string>") throws {
        func fail(_ key: String, _ message: String) -> DetectorCardError {
            DetectorCardError(source: source, keyPath: key, message: message)
        }
        func positive(_ v: Double, _ key: String) throws {
            guard v.isFinite && v > 0 else { throw fail(key, "must be a finite number > 0, found \(v)") }
        }
        func nonNegative(_ v: Double, _ key: String) throws {
            guard v.isFinite && v >= 0 else { throw fail(key, "must be a finite number ≥ 0, found \(v)") }
        }
        func fraction(_ v: Double, _ key: String, allowZero: Bool = true) throws {
            guard v.isFinite && (allowZero ? v >= 0 : v > 0) && v <= 1 else {
                throw fail(key, "must lie in \(allowZero ? "[0" : "(0"), 1], found \(v)")
            }
        }

        try positive(world.radiusMM, "world.radius_mm")
        try positive(world.halfLengthMM, "world.half_length_mm")
        guard solenoid.fieldTesla.isFinite else { throw fail("solenoid.field_tesla", "must be finite") }
        try positive(solenoid.radiusMM, "solenoid.radius_mm")
        try positive(solenoid.halfLengthMM, "solenoid.half_length_mm")

        // Tracker
        let t = tracker
        try positive(t.envelopeRadiusMM, "tracker.envelope_radius_mm")
        try positive(t.envelopeHalfLengthMM, "tracker.envelope_half_length_mm")
        func checkReadout(_ r: Readout, _ tech: Technology, _ key: String) throws {
            guard tech != .passive else { return }
            try positive(r.sensorThicknessUM, key + ".sensor_thickness_um")
            try positive(r.pitchUUM, key + ".pitch_u_um")
            try positive(r.pitchVUM, key + ".pitch_v_um")
            try nonNegative(r.stereoAngleMrad, key + ".stereo_angle_mrad")
            try positive(r.thresholdElectrons, key + ".threshold_electrons")
            try nonNegative(r.noiseElectrons, key + ".noise_electrons")
            try fraction(r.noiseOccupancy, key + ".noise_occupancy")
            try fraction(r.deadChannelFraction, key + ".dead_channel_fraction")
        }
        if t.barrel.count + 2 * t.endcap.count > 255 {
            throw fail("tracker.endcap", "at most 255 tracker surfaces (barrel layers + 2 × discs), found \(t.barrel.count + 2 * t.endcap.count)")
        }
        for (i, l) in t.barrel.enumerated() {
            let k = "tracker.barrel[\(i)]"
            try positive(l.radiusMM, k + ".radius_mm")
            try positive(l.halfLengthMM, k + ".half_length_mm")
            try nonNegative(l.thicknessX0, k + ".thickness_x0")
            try checkReadout(l.readout, l.technology, k + ".readout")
            if l.radiusMM >= t.envelopeRadiusMM || l.halfLengthMM > t.envelopeHalfLengthMM {
                throw fail(k, "\(l.name) (r = \(l.radiusMM) mm, |z| ≤ \(l.halfLengthMM) mm) is outside the tracker envelope")
            }
            if i > 0 && l.radiusMM <= t.barrel[i - 1].radiusMM {
                throw fail(k + ".radius_mm", "barrel layers must be listed by increasing radius; \(l.name) at \(l.radiusMM) mm follows \(t.barrel[i - 1].name) at \(t.barrel[i - 1].radiusMM) mm")
            }
        }
        for (i, d) in t.endcap.enumerated() {
            let k = "tracker.endcap[\(i)]"
            try positive(d.zMM, k + ".z_mm")
            try nonNegative(d.rMinMM, k + ".r_min_mm")
            try positive(d.rMaxMM, k + ".r_max_mm")
            if d.rMinMM >= d.rMaxMM { throw fail(k + ".r_min_mm", "must be < r_max_mm (\(d.rMaxMM)), found \(d.rMinMM)") }
            try nonNegative(d.thicknessX0, k + ".thickness_x0")
            try checkReadout(d.readout, d.technology, k + ".readout")
            if d.rMaxMM >= t.envelopeRadiusMM || d.zMM >= t.envelopeHalfLengthMM {
                throw fail(k, "\(d.name) (|z| = \(d.zMM) mm, r ≤ \(d.rMaxMM) mm) is outside the tracker envelope")
            }
            // A disc must not cut through a barrel layer.
            for (j, l) in t.barrel.enumerated() where d.zMM <= l.halfLengthMM && d.rMinMM < l.radiusMM && l.radiusMM < d.rMaxMM {
                throw fail(k, "\(d.name) intersects tracker.barrel[\(j)] (\(l.name))")
            }
        }

        if let trt = t.trt { try trt.validate(in: t, fail: fail) }

        // Calorimeter
        let volumes = calorimeter.volumes
        for (i, v) in volumes.enumerated() {
            let k = "calorimeter.volumes[\(i)]"
            try nonNegative(v.rMinMM, k + ".r_min_mm")
            try positive(v.rMaxMM, k + ".r_max_mm")
            if v.rMinMM >= v.rMaxMM { throw fail(k + ".r_min_mm", "must be < r_max_mm (\(v.rMaxMM)), found \(v.rMinMM)") }
            guard v.zMinMM.isFinite && v.zMaxMM.isFinite && v.zMinMM < v.zMaxMM else {
                throw fail(k + ".z_min_mm", "must be < z_max_mm (\(v.zMaxMM)), found \(v.zMinMM)")
            }
            if v.mirroredInZ && v.zMinMM < 0 {
                throw fail(k + ".z_min_mm", "a volume mirrored in z must lie at z ≥ 0, found \(v.zMinMM)")
            }
            try positive(v.radiationLengthMM, k + ".radiation_length_mm")
            try positive(v.interactionLengthMM, k + ".interaction_length_mm")
            try positive(v.moliereRadiusMM, k + ".moliere_radius_mm")
            try positive(v.criticalEnergyMeV, k + ".critical_energy_mev")
            try nonNegative(v.mipLossMeVPerMM, k + ".mip_loss_mev_per_mm")
            try fraction(v.samplingFraction, k + ".sampling_fraction", allowZero: false)
            try positive(v.eOverH, k + ".e_over_h")
            try nonNegative(v.emStochasticTerm, k + ".em_stochastic_term")
            try nonNegative(v.hadronicStochasticTerm, k + ".hadronic_stochastic_term")
            try fraction(v.calibrationSpread, k + ".calibration_spread")
            try nonNegative(v.adcLSBMeV, k + ".adc_lsb_mev")
            try fraction(v.deadCellFraction, k + ".dead_cell_fraction")
            if v.kind == .passive && !v.regions.isEmpty {
                throw fail(k + ".regions", "a passive volume has no cells")
            }
            if v.kind != .passive && v.regions.isEmpty {
                throw fail(k + ".regions", "an active volume needs at least one cell region")
            }
            if v.kind != .passive { try positive(v.adcLSBMeV, k + ".adc_lsb_mev") }
            for (j, r) in v.regions.enumerated() {
                let rk = k + ".regions[\(j)]"
                try nonNegative(r.etaMin, rk + ".eta_min")
                try positive(r.etaMax, rk + ".eta_max")
                if r.etaMin >= r.etaMax { throw fail(rk + ".eta_min", "must be < eta_max (\(r.etaMax)), found \(r.etaMin)") }
                try positive(r.deltaEta, rk + ".delta_eta")
                let n = (r.etaMax - r.etaMin) / r.deltaEta
                if abs(n - n.rounded()) > 1e-6 * max(1, n) {
                    throw fail(rk + ".delta_eta", "(eta_max − eta_min)/delta_eta = \(n) must be a whole number of cells")
                }
                if r.phiCells < 1 || r.phiCells > 4_096 { throw fail(rk + ".phi_cells", "must lie in 1…4096, found \(r.phiCells)") }
                try nonNegative(r.electronicNoiseMeV, rk + ".electronic_noise_mev")
                try nonNegative(r.pileupNoiseMeVAtMu40, rk + ".pileup_noise_mev_at_mu40")
                if j > 0 && r.etaMin < v.regions[j - 1].etaMax - 1e-9 {
                    throw fail(rk + ".eta_min", "regions must be listed by increasing |η| without overlap")
                }
            }
            // Outside the tracker envelope, inside the world.
            for box in RZBox.boxes(of: v) {
                if box.rMin < t.envelopeRadiusMM - 1e-9 && box.zMin < t.envelopeHalfLengthMM - 1e-9
                    && box.zMax > -t.envelopeHalfLengthMM + 1e-9 {
                    throw fail(k, "\(v.name) overlaps the tracker envelope (r < \(t.envelopeRadiusMM) mm, |z| < \(t.envelopeHalfLengthMM) mm)")
                }
                if box.rMax > world.radiusMM || max(abs(box.zMin), abs(box.zMax)) > world.halfLengthMM {
                    throw fail(k, "\(v.name) reaches outside the world")
                }
            }
        }
        for i in volumes.indices {
            for j in volumes.indices where j > i {
                for a in RZBox.boxes(of: volumes[i]) {
                    for b in RZBox.boxes(of: volumes[j]) where a.overlaps(b) {
                        throw fail("calorimeter.volumes[\(j)]",
                                   "\(volumes[j].name) overlaps calorimeter.volumes[\(i)] (\(volumes[i].name))")
                    }
                }
            }
        }

        // Muon stations: clear of the calorimeters, inside the world.
        for (i, s) in muonSpectrometer.barrel.enumerated() {
            let k = "muon_spectrometer.barrel[\(i)]"
            try positive(s.radiusMM, k + ".radius_mm")
            try positive(s.halfLengthMM, k + ".half_length_mm")
            try checkMuonResponse(s.response, k + ".response", fail: fail)
            if s.radiusMM > world.radiusMM || s.halfLengthMM > world.halfLengthMM { throw fail(k, "\(s.name) reaches outside the world") }
            for (j, v) in volumes.enumerated() {
                for b in RZBox.boxes(of: v) where b.rMin < s.radiusMM && s.radiusMM < b.rMax && b.zMin < s.halfLengthMM && b.zMax > -s.halfLengthMM {
                    throw fail(k, "\(s.name) passes through calorimeter.volumes[\(j)] (\(v.name))")
                }
            }
        }
        for (i, s) in muonSpectrometer.endcap.enumerated() {
            let k = "muon_spectrometer.endcap[\(i)]"
            try positive(s.zMM, k + ".z_mm")
            try nonNegative(s.rMinMM, k + ".r_min_mm")
            if s.rMinMM >= s.rMaxMM { throw fail(k + ".r_min_mm", "must be < r_max_mm (\(s.rMaxMM)), found \(s.rMinMM)") }
            try checkMuonResponse(s.response, k + ".response", fail: fail)
            if s.rMaxMM > world.radiusMM || s.zMM > world.halfLengthMM { throw fail(k, "\(s.name) reaches outside the world") }
            for (j, v) in volumes.enumerated() {
                for b in RZBox.boxes(of: v) where b.zMin < s.zMM && s.zMM < b.zMax && b.rMin < s.rMaxMM && b.rMax > s.rMinMM {
                    throw fail(k, "\(s.name) passes through calorimeter.volumes[\(j)] (\(v.name))")
                }
            }
        }
    }

    private func checkMuonResponse(_ r: MuonResponse, _ key: String,
                                   fail: (String, String) -> DetectorCardError) throws {
        guard r.precisionResolutionUM.isFinite && r.precisionResolutionUM > 0 else {
            throw fail(key + ".precision_resolution_um", "must be > 0, found \(r.precisionResolutionUM)")
        }
        guard r.secondCoordinateResolutionMM.isFinite && r.secondCoordinateResolutionMM > 0 else {
            throw fail(key + ".second_coordinate_resolution_mm", "must be > 0, found \(r.secondCoordinateResolutionMM)")
        }
        guard r.timeResolutionNS.isFinite && r.timeResolutionNS >= 0 else {
            throw fail(key + ".time_resolution_ns", "must be ≥ 0, found \(r.timeResolutionNS)")
        }
        guard r.efficiency.isFinite && r.efficiency >= 0 && r.efficiency <= 1 else {
            throw fail(key + ".efficiency", "must lie in [0, 1], found \(r.efficiency)")
        }
    }
}
