import Foundation
import EventModel
import Detector

/// Lateral shower shape: p·core + (1 − p)·tail, each the 2D density R²/(π (r² + R²)²)
/// (Grindhammer & Peters, hep-ex/0001020, eq. 17), radii in mm. Its marginal along one
/// transverse axis has the cumulative distribution F(x) = ½ (1 + x/√(x² + R²)); cells
/// get the product of the η and φ marginals per component (exact for the total and the
/// projections, approximate on the diagonals).
struct LateralProfile {
    var coreRadius: Double
    var tailRadius: Double
    var coreFraction: Double
}

/// A shower's straight line o + s·d, with the η and φ of the points the shower visits along
/// it (in the order visited), each from the previous point's by a small-angle series instead
/// of an asinh and an atan2 per point (≈ 230 instructions; ≈ 60 for the series): the points
/// of one line are centimetres to metres apart at 1.5–6 m from the beam, so their η and φ
/// differ by hundredths of a unit.
///
/// φ: ``AzimuthWalk`` (Detector; |t| < 0.1, series to t¹⁵). η: from the previous point q,
/// asinh(a) − asinh(b) = asinh(a√(1 + b²) − b√(1 + a²)) with a = z/r of the point and b of
/// q, i.e. asinh of X = (z_p|q| − z_q|p|)/(r_p r_q), by its series while |X| < 0.1 (to X¹⁵;
/// the first omitted term, 6435 X¹⁷/557056, is below 2·10⁻¹⁹). The first point and larger
/// steps take the library, as before. Both agree with the library to rounding: a few 10⁻¹⁶
/// rad per step in φ; in η the cancellation in X adds ≈ 4·10⁻¹⁶ sinh η cosh η per step
/// (2·10⁻¹² at |η| = 4.9), against cells of 0.003 and more (`ShowerLineTests`).
struct ShowerLine {
    let origin: Vector3
    let direction: Vector3
    private var azimuths = AzimuthWalk()
    /// The last point whose η is known: its r, |p|, z and η (`started` once there is one).
    private var lastR = 0.0, lastLength = 0.0, lastZ = 0.0, lastEta = 0.0
    private var started = false

    init(origin: Vector3, direction: Vector3) {
        self.origin = origin
        self.direction = direction
    }

    @inline(__always) func point(at s: Double) -> Vector3 { origin + direction * s }

    /// η of `p`, a point of the line (as `p.eta`, to rounding).
    @inline(__always) mutating func eta(of p: Vector3) -> Double {
        let r = p.perp
        guard r > 0 else { return p.eta }
        let length = (r * r + p.z * p.z).squareRoot()
        defer { lastR = r; lastLength = length; lastZ = p.z; started = true }
        if started {
            let x = (p.z * lastLength - lastZ * length) / (r * lastR)
            if abs(x) < 0.1 {
                let x2 = x * x
                let high = 35.0 / 1152 - x2 * (63.0 / 2816 - x2 * (231.0 / 13312 - x2 * (143.0 / 10240)))
                lastEta += x * (1 - x2 * (1.0 / 6 - x2 * (3.0 / 40 - x2 * (5.0 / 112 - x2 * high))))
                return lastEta
            }
        }
        lastEta = asinh(p.z / r)
        return lastEta
    }

    /// φ of `p`, a point of the line, in (−π, π] (as `p.phi`, to rounding).
    @inline(__always) mutating func phi(of p: Vector3) -> Double {
        azimuths.azimuth(x: p.x, y: p.y)
    }
}

extension EventTransport {
    // MARK: - Dispatch

    /// Straight-line transport from the track's position (outside the solenoid field).
    /// `detector` is the stored one, passed in so that it is borrowed, not copied (see ``run(_:in:rng:)``).
    mutating func calorimeterTransport(_ track: Track, in detector: Detector, rng: inout RandomStream) {
        // The segments in the transport's reused list (no array per particle); nothing below
        // asks for segments again before this particle is done, so the view stays valid.
        detector.calorimeterSegments(origin: track.position, direction: track.direction, into: &segmentList)
        let segments = UnsafeBufferPointer(segmentList.elements)
        switch track.species {
        case .photon:
            emShower(track, energy: track.energy, isPhoton: true, segments: segments, rng: &rng)
        case .electron:
            emShower(track, energy: track.energy, isPhoton: false, segments: segments, rng: &rng)
        case .muon, .otherCharged:
            var line = ShowerLine(origin: track.position, direction: track.direction)
            let exitEnergy = ionise(track, segments: segments, upTo: .infinity, scale: config.muonLossScale,
                                    line: &line, rng: &rng)
            if exitEnergy > track.mass { muonStationHits(track) }
        case let .hadron(baryonNumber, isMeson):
            // Energy the shower can release: kinetic for baryons, plus 2m for antibaryons (annihilation).
            let available: Double
            switch baryonNumber {
            case 1: available = track.energy - track.mass
            case -1: available = track.energy + track.mass
            default: available = track.energy
            }
            hadronShower(track, available: available, isMeson: isMeson, segments: segments, rng: &rng)
        case .invisible:
            break
        }
    }

    // MARK: - Electromagnetic showers

    /// An EM shower along the line: dE/dt = E b (bt)^(a−1) e^(−bt)/Γ(a) in X₀ from where
    /// the line meets the first material (PDG §34.5), t_max = (a − 1)/b = ln(E/E_c) + C,
    /// E_c of the first active medium ≥ 1 X₀ thick; log-normal fluctuations of t_max and a
    /// (Grindhammer–Peters). Energy beyond the last volume leaks.
    mutating func emShower(_ track: Track, energy: Double, isPhoton: Bool, segments: UnsafeBufferPointer<CalorimeterSegment>,
                           rng: inout RandomStream) {
        guard !segments.isEmpty, energy > 0 else {
            stats.leakedEnergy += max(energy, 0)
            return
        }
        // E_c of the medium the shower develops in: the first active volume at least one X₀
        // thick along the line (not a thin presampler).
        let firstActive = segments.first { !media.isPassive[$0.volume] && $0.length >= media.radiationLength[$0.volume] }
            ?? segments.first { !media.isPassive[$0.volume] } ?? segments[0]
        let ec = media.criticalEnergy[firstActive.volume]
        let lnY = log(max(energy / ec, 1.5))
        var tmax = max(lnY + (isPhoton ? config.emTmaxOffsetPhoton : config.emTmaxOffsetElectron), 0.2)
        var alpha = config.emProfileB * tmax + 1
        var b = config.emProfileB
        if config.emProfileFluctuations {
            let sT = min(0.7, 1 / max(-1.4 + 1.26 * lnY, 1 / 0.7))
            let sA = min(0.7, 1 / max(-0.58 + 0.86 * lnY, 1 / 0.7))
            let rho = min(max(0.705 - 0.023 * lnY, -1), 1)
            let z1 = rng.standardNormal(), z2 = rng.standardNormal()
            tmax = exp(log(tmax) + sT * z1)
            alpha = max(exp(log(alpha) + sA * (rho * z1 + (1 - rho * rho).squareRoot() * z2)), 1.05)
            b = (alpha - 1) / tmax
        }
        let profile = LongitudinalProfile(alpha: alpha, b: b)
        var line = ShowerLine(origin: track.position, direction: track.direction)
        var depth = 0.0
        var cumulative = 0.0
        for seg in segments {
            let v = seg.volume
            let dt = seg.length / media.radiationLength[v]
            let t0 = depth, t1 = depth + dt
            depth = t1
            let c1 = max(profile.cdf(t1), cumulative)
            let fraction = c1 - cumulative
            defer { cumulative = c1 }
            guard fraction * energy > 1e-7 else {
                if c1 > 1 - 1e-9 { break } else { continue }
            }
            let e = fraction * energy
            if media.isPassive[v] {
                stats.deadMaterialEnergy += e
                continue
            }
            let rm = media.moliereRadius[v]
            depositInSegment(volume: v, segment: seg, line: &line,
                             emEnergy: e, hadronicEnergy: 0,
                             lateral: LateralProfile(coreRadius: config.emCoreRadiusRM * rm,
                                                     tailRadius: config.emTailRadiusRM * rm,
                                                     coreFraction: config.emCoreFraction),
                             time: track.time, speed: 1, profile: profile, depthRange: (t0, t1),
                             cdfRange: (cumulative, c1), rng: &rng)
        }
        stats.leakedEnergy += max(0, 1 - cumulative) * energy
    }

    // MARK: - Hadronic showers

    /// A hadron: MIP until its first inelastic interaction at an exponential depth (in
    /// units of its interaction length), then a shower with a Gamma profile in λ,
    /// t_max = (0.2 ln E + 0.7) λ and b = E^(−0.13)/λ (PDG §34.5), EM fraction
    /// f_em = 1 − (E/E₀)^(k−1) with a Gaussian spread; the non-EM part is seen at 1/(e/h).
    mutating func hadronShower(_ track: Track, available: Double, isMeson: Bool, segments: UnsafeBufferPointer<CalorimeterSegment>,
                               rng: inout RandomStream) {
        guard !segments.isEmpty, available > 0 else {
            stats.leakedEnergy += max(available, 0)
            if track.charge != 0 { muonStationHits(track) }
            return
        }
        let scale = isMeson ? config.mesonInteractionLengthScale : 1
        let interactionDepth = rng.exponential(mean: 1)
        // Find the interaction point.
        var depth = 0.0
        var interaction: (segment: Int, path: Double)? = nil
        for (k, seg) in segments.enumerated() {
            let lambda = media.interactionLength[seg.volume] * scale
            let d = seg.length / lambda
            if depth + d >= interactionDepth {
                interaction = (k, seg.entry + (interactionDepth - depth) * lambda)
                break
            }
            depth += d
        }
        // Ionisation before the interaction (charged only), then the shower, along one line
        // (the shower's first point walks on from the last ionisation substep's).
        var line = ShowerLine(origin: track.position, direction: track.direction)
        var energy = available
        if track.charge != 0 {
            let stopAt = interaction?.path ?? .infinity
            let before = track.energy
            let after = ionise(track, segments: segments, upTo: stopAt, scale: 1, line: &line, rng: &rng)
            energy = max(0, available - (before - after))
        }
        guard let (first, start) = interaction else {
            // Punch-through: leaves the calorimeter without interacting.
            stats.leakedEnergy += energy
            if track.charge != 0 { muonStationHits(track) }
            return
        }
        guard energy > 0 else { return }
        let eGeV = max(energy, 0.05)
        let tmax = max(config.hadronTmaxSlope * log(eGeV) + config.hadronTmaxOffset, 0.1)
        let b = pow(eGeV, -config.hadronAttenuationExponent)
        let profile = LongitudinalProfile(alpha: 1 + b * tmax, b: b)
        let meanFEM = eGeV > config.emFractionScaleGeV
            ? 1 - pow(eGeV / config.emFractionScaleGeV, config.emFractionExponent - 1) : 0
        let sigmaFEM = config.emFractionSigma * pow(eGeV / 10, -config.emFractionSigmaSlope)
        let fEM = min(max(meanFEM + sigmaFEM * rng.standardNormal(), 0), 1)

        var depthL = 0.0
        var cumulative = 0.0
        for k in first..<segments.count {
            var seg = segments[k]
            if k == first { seg.entry = start }
            guard seg.length > 0 else { continue }
            let v = seg.volume
            let dt = seg.length / media.interactionLength[v]
            let t0 = depthL, t1 = depthL + dt
            depthL = t1
            let c0 = cumulative, c1 = max(profile.cdf(t1), c0)
            let fraction = c1 - c0
            cumulative = c1
            let e = fraction * energy
            guard e > 1e-7 else { if c1 > 1 - 1e-9 { break } else { continue } }
            if media.isPassive[v] {
                stats.deadMaterialEnergy += e
                continue
            }
            let lambda = media.interactionLength[v]
            depositInSegment(volume: v, segment: seg, line: &line,
                             emEnergy: fEM * e, hadronicEnergy: (1 - fEM) * e,
                             lateral: LateralProfile(coreRadius: config.hadronCoreRadiusLambda * lambda,
                                                     tailRadius: config.hadronTailRadiusLambda * lambda,
                                                     coreFraction: config.hadronCoreFraction),
                             time: track.time, speed: 1, profile: profile, depthRange: (t0, t1),
                             cdfRange: (c0, c1), rng: &rng)
        }
        stats.leakedEnergy += max(0, 1 - cumulative) * energy
    }

    // MARK: - Ionisation (muons, hadrons before interacting)

    /// Deposits the ionisation loss of a charged track along the line up to path `limit`,
    /// one cell per step, each volume's loss mip_loss · length · scale with Moyal spread.
    /// Returns the track's energy at the end. `line` is the track's (`ShowerLine`), whose η and
    /// φ walk a hadron's shower continues.
    mutating func ionise(_ track: Track, segments: UnsafeBufferPointer<CalorimeterSegment>, upTo limit: Double, scale: Double,
                         line: inout ShowerLine, rng: inout RandomStream) -> Double {
        var energy = track.energy
        for seg in segments {
            guard seg.entry < limit else { break }
            let exit = min(seg.exit, limit)
            let length = exit - seg.entry
            guard length > 0 else { continue }
            let v = seg.volume
            let mean = media.mipLoss[v] * length * scale
            var loss = mean * (0.72 + 0.09 * rng.moyal()) / 0.834
            loss = min(loss, max(energy - track.mass, 0))
            energy -= loss
            if media.isPassive[v] {
                stats.deadMaterialEnergy += loss
            } else if loss > 0 {
                // Split along the path in steps so that inclined tracks cross cells.
                let n = max(1, min(config.maximumSubsteps, Int(length / 50) + 1))
                let fs = media.samplingFraction[v]
                for i in 0..<n {
                    let s = seg.entry + (Double(i) + 0.5) * length / Double(n)
                    let p = line.point(at: s)
                    let e = loss / Double(n)
                    if let id = detector.cells.cellID(volume: v, eta: line.eta(of: p), phi: line.phi(of: p)) {
                        cells.add(id, active: fs * e, deposited: e,
                                  time: track.time + s / (track.beta * speedOfLightMMPerNS))
                    } else {
                        stats.leakedEnergy += e
                    }
                }
            }
            if energy - track.mass <= config.minimumKineticEnergyGeV { return energy }
        }
        return energy
    }

    /// Hits in every muon station the straight line from the track's position crosses.
    mutating func muonStationHits(_ track: Track) {
        for c in detector.muonCrossings(origin: track.position, direction: track.direction) {
            muonHits.append(MuonSimHit(surface: Int32(c.surface), position: c.position, direction: c.direction,
                                       time: Float(track.time + c.pathLength / (track.beta * speedOfLightMMPerNS)),
                                       particle: Int32(track.particle), pdgID: Int32(track.pdgID)))
        }
    }

    // MARK: - Cells

    /// Deposits a segment's shower energy into cells: sampling fluctuations
    /// (a²·E variance per component, Gamma-distributed), the non-EM part divided by e/h,
    /// times the sampling fraction; split along the segment where the axis moves across
    /// cells, each step spread laterally. `cdfRange` is the profile's cumulative fraction
    /// at the ends of `depthRange`.
    mutating func depositInSegment(volume v: Int, segment seg: CalorimeterSegment, line: inout ShowerLine,
                                   emEnergy: Double, hadronicEnergy: Double, lateral: LateralProfile,
                                   time: Double, speed: Double, profile: LongitudinalProfile,
                                   depthRange: (Double, Double), cdfRange: (Double, Double),
                                   rng: inout RandomStream) {
        let aEM = media.emStochastic[v], aHad = media.hadronicStochastic[v]
        let fs = media.samplingFraction[v], eOverH = media.eOverH[v]
        // A tiny stretch (a shower's tail in the next volume): its mean signal μ is far
        // below every cut-off of the volume. The law of what it leaves is kept exactly, but
        // drawn backwards, so that most stretches cost one uniform: with S the fluctuated
        // signal and c the cut-off where it lands, the stretch leaves S (S ≥ c) or c with
        // probability S/c (S < c); that is, for any f with f(0) = 0,
        //     E f(X) = μ · E[f(m)/m],  m = max(S*, c),
        // S* the size-biased signal (density s·p(s)/μ: a Gamma(k, θ) becomes a Gamma(k + 1, θ)).
        // So: keep with probability μ/m, leaving m. One uniform u decides, first against the
        // volume's smallest cut-off (u·c_min ≥ μ: nothing, before any geometry or Gamma
        // deviate), then, in `spread`, against m (u·m < μ).
        let minimumCutoff = media.minimumCutoff[v]
        let meanEM = fs * emEnergy, meanHad = fs * hadronicEnergy / eOverH
        let meanActive = meanEM + meanHad
        if meanActive < min(config.tinyDepositCutoffFraction, 1) * minimumCutoff {
            let u = rng.uniform01()
            guard u * minimumCutoff < meanActive else { return }
            // S* of a sum of two independent parts: one of them size-biased, picked in
            // proportion to its mean.
            let biasEM = meanHad == 0 || (meanEM > 0 && rng.uniform01() * meanActive < meanEM)
            let signalEM = biasEM ? rng.sizeBiasedFluctuation(mean: emEnergy, variance: aEM * aEM * emEnergy)
                : rng.positiveFluctuation(mean: emEnergy, variance: aEM * aEM * emEnergy)
            let signalHad = biasEM ? rng.positiveFluctuation(mean: hadronicEnergy, variance: aHad * aHad * hadronicEnergy)
                : rng.sizeBiasedFluctuation(mean: hadronicEnergy, variance: aHad * aHad * hadronicEnergy)
            let biased = fs * (signalEM + signalHad / eOverH)
            let s = 0.5 * (seg.entry + seg.exit)
            // The deposited (true) energy follows the signal: (E_em + E_had)·kept/μ, unbiased.
            spread(volume: v, on: &line, at: s, active: biased,
                   deposited: (emEnergy + hadronicEnergy) * biased / meanActive, lateral: lateral,
                   time: time + s / (speed * speedOfLightMMPerNS), sizeBiased: (u, meanActive), rng: &rng)
            return
        }
        let visibleEM = rng.positiveFluctuation(mean: emEnergy, variance: aEM * aEM * emEnergy)
        let visibleHad = rng.positiveFluctuation(mean: hadronicEnergy, variance: aHad * aHad * hadronicEnergy)
            / eOverH
        let active = fs * (visibleEM + visibleHad)
        let deposited = emEnergy + hadronicEnergy
        guard active > 0 || deposited > 0 else { return }

        // Steps: enough that the axis moves by less than about a cell per step, but each
        // step worth at least 20 cell cut-offs (small deposits are not worth splitting).
        // (How far the axis moves is only worth working out, with its η and φ at both ends,
        // when the deposit is worth splitting at all.)
        let worth = Int(active / (20 * config.cellEnergyCutoffGeV * media.samplingFraction[v]))
        var n = 1
        if worth > 1 {
            let pIn = line.point(at: seg.entry)
            let pOut = line.point(at: seg.exit)
            // A bound on how far the axis moves in η and φ first, without atan2 or asinh:
            // |Δη| ≤ |Δ(z/r)| (dη/d(z/r) = 1/√(1 + (z/r)²) ≤ 1) and |Δφ| ≤ 1.03 |sin Δφ| while
            // |sin Δφ| ≤ 0.4 with cos Δφ > 0. Below the volume's smallest cell (a line from near
            // the beam line, as most are: projective cells) one step it is, as the exact
            // η and φ would give; only a line that may move across cells pays for them.
            let rIn = pIn.perp, rOut = pOut.perp
            var mayMove = true
            if rIn > 0 && rOut > 0 {
                let inverse = 1 / (rIn * rOut)
                let sinDPhi = abs(pIn.x * pOut.y - pIn.y * pOut.x) * inverse
                let cosDPhi = (pIn.x * pOut.x + pIn.y * pOut.y) * inverse
                let dEta = abs(pOut.z * rIn - pIn.z * rOut) * inverse
                let bound = max(dEta, 1.03 * sinDPhi) * (1 + 1e-9) + 1e-12
                mayMove = !(cosDPhi > 0 && sinDPhi <= 0.4 && bound < media.minimumCellSize[v])
            }
            if mayMove {
                // A step per cell the axis crosses, but no finer than the shower's core radius
                // (as an angle, as `spread` converts it): steps one core radius apart put each
                // cell's share within 2 % of the peak cell's of the continuous line source
                // (a core-only profile, numerically; the tail smooths it further), less than
                // the layer's sampling fluctuation a/√E below 25 GeV. In the strips and in the
                // hadron showers' passage through the EM layers the cells are finer than the
                // core: there this saves about a quarter of the steps (μ = 0: 68 000 → 49 000).
                n = stepsAcrossCells(volume: v, from: pIn, to: pOut, line: &line, coreRadius: lateral.coreRadius,
                                     worth: worth)
            }
        }
        if n == 1 {
            let s = 0.5 * (seg.entry + seg.exit)
            spread(volume: v, on: &line, at: s, active: active, deposited: deposited, lateral: lateral,
                   time: time + s / (speed * speedOfLightMMPerNS), rng: &rng)
            return
        }
        // The profile's cumulative fraction at the segment's ends comes from the caller,
        // which has just evaluated it: two incomplete-Gamma evaluations fewer per split segment.
        let (t0, t1) = depthRange
        var previous = cdfRange.0
        let total = cdfRange.1 - previous
        for i in 0..<n {
            let next = i == n - 1 ? cdfRange.1 : max(profile.cdf(t0 + (t1 - t0) * Double(i + 1) / Double(n)), previous)
            let w = total > 0 ? (next - previous) / total : 1 / Double(n)
            previous = next
            guard w > 0 else { continue }
            let s = seg.entry + (Double(i) + 0.5) * seg.length / Double(n)
            spread(volume: v, on: &line, at: s, active: w * active, deposited: w * deposited,
                   lateral: lateral, time: time + s / (speed * speedOfLightMMPerNS), rng: &rng)
        }
    }

    /// The steps of a segment whose axis may move across cells (see `depositInSegment`): one
    /// per cell or core radius crossed, at most `worth`. Out of line, so that the rare case
    /// does not keep `depositInSegment` from being inlined into the showers (inline, its η
    /// and φ from `ShowerLine` made it too large: 13 M instructions more at μ = 0 for the
    /// out-of-line call than the 6 M their series saved; callgrind).
    @inline(never)
    func stepsAcrossCells(volume v: Int, from pIn: Vector3, to pOut: Vector3, line: inout ShowerLine,
                          coreRadius: Double, worth: Int) -> Int {
        let middle = 0.5 * (pIn + pOut)
        let etaIn = line.eta(of: pIn), etaMiddle = line.eta(of: middle), etaOut = line.eta(of: pOut)
        let phiIn = line.phi(of: pIn), phiOut = line.phi(of: pOut)
        let cellSize = detector.cells.typicalCellSize(volume: v, eta: etaMiddle)
        let coreAngle = coreRadius / max(middle.perp, 30)
        let moved = max(abs(etaOut - etaIn), abs(deltaPhi(phiOut, phiIn)))
        return max(1, min(config.maximumSubsteps, Int(moved / max(cellSize, coreAngle, 1e-6)) + 1, worth))
    }

    /// Spreads energy around the axis point at path `s` along `line` over the cells of its
    /// volume with the lateral profile (converted to η–φ units at the point's transverse
    /// radius: Δη = Δφ = d/r).
    ///
    /// The window is ± `lateralWindowTailRadii` tail radii, narrowed for small deposits
    /// (to where a cell could still hold ≈ 50 cut-off energies) and renormalised, so the
    /// energy is conserved. Cells below the cut-off are sampled systematically: walking
    /// the window, a cell gets the cut-off energy each time the running sum of E/cut
    /// passes the next integer (one random offset per call), so each small cell is kept
    /// with probability E/cut — unbiased, and one draw instead of one per cell. A window
    /// with no cell at the cut-off is not walked: its ⌊u + E/cut⌋ kept cells are drawn
    /// from the profile (`Simulation.Config.drawSubCutoffWindows`).
    ///
    /// `sizeBiased` (u, μ): `active` is the size-biased signal S* of a tiny stretch of mean
    /// signal μ (see `depositInSegment`); the stretch is kept if u·max(S*, c) < μ, and
    /// then leaves S* (spread as usual) or c at one cell.
    mutating func spread(volume v: Int, on line: inout ShowerLine, at s: Double, active: Double, deposited: Double,
                         lateral: LateralProfile, time: Double, sizeBiased: (u: Double, mean: Double)? = nil,
                         rng: inout RandomStream) {
        let point = line.point(at: s)
        let eta = line.eta(of: point)
        guard let k = detector.cells.regionIndex(volume: v, eta: eta) else {
            // (A tiny stretch gets here with probability μ/c_min: its share scaled back.)
            stats.leakedEnergy += sizeBiased.map { _ in deposited / active * media.minimumCutoff[v] } ?? deposited
            return
        }
        // Below the volume's smallest cut-off c_min (so below the cell's c ≥ c_min), the
        // deposit is kept with probability E/c (or, for a tiny stretch, if u·max(S*, c) < μ,
        // below). Its uniform is drawn here, where it would be drawn anyway (no draw comes
        // between), and tried against c_min first: u·c_min ≥ E means u·c ≥ E whatever the
        // cell, so the deposit is dropped before its φ (an atan2) and its region's cut-off.
        // The same draws and decisions as deciding after them: bit-identical.
        let minimumCutoff = media.minimumCutoff[v]
        var keepDraw: Double? = nil
        if let (u, mean) = sizeBiased {
            guard u * max(active, minimumCutoff) < mean else { return }
        } else if active < minimumCutoff {
            let u = rng.uniform01()
            guard u * minimumCutoff < active else { return }
            keepDraw = u
        }
        let phi = line.phi(of: point)
        let rT = max(point.perp, 30)
        let region = detector.cells.regions[k]
        // Cut-off at the EM scale: the configured floor, or a fraction of the cell noise.
        let cutoff = CalorimeterMedia.cutoff(electronicNoiseMeV: region.electronicNoiseMeV,
                                             samplingFraction: media.samplingFraction[v], config: config)
        if let (u, mean) = sizeBiased {
            guard u * max(active, cutoff) < mean else { return }
        }
        let rc = lateral.coreRadius / rT, rt = lateral.tailRadius / rT
        let energyScale = cutoff > 0 ? (active / (50 * cutoff)).squareRoot() : .infinity
        let window = min(config.lateralWindowTailRadii, max(energyScale, 0.5)) * rt
        let u = abs(eta)
        let sign = eta < 0 ? -1.0 : 1.0
        let dEta = region.deltaEta
        let dPhi = 2 * Double.pi / Double(region.phiCells)
        let maxHalf = 12
        let iC = Int(((u - region.etaMin) / dEta).rounded(.down))
        let jC = Int(((phi + Double.pi) / dPhi).rounded(.down))
        let nI = min(maxHalf, Int(window / dEta) + 1)
        let nJ = min(maxHalf, Int(window / dPhi) + 1)
        let wI = 2 * nI + 1, wJ = 2 * nJ + 1
        let depositedPerActive = active > 0 ? deposited / active : 0
        // φ index of the window's first column, in 0 ..< phiCells (no modulo per cell).
        var jFirst = (jC - nJ) % region.phiCells
        if jFirst < 0 { jFirst += region.phiCells }

        let etaCells = region.etaCells, phiCells = region.phiCells
        // The id of the region's row i, column j on this side is sideFirst + i·nφ + j; ids
        // fit in a CellID (checked when the cells are numbered), so no overflow checks.
        let sideFirst = region.firstID + (sign < 0 ? region.perSide : 0)

        /// Adds to the cell in row `a`, column `c` of the window (or counts it as leaked).
        func deposit(_ a: Int, _ c: Int, active eActive: Double, deposited eDeposited: Double) {
            let i = iC &+ a &- nI
            if i >= 0 && i < etaCells {
                var j = jFirst &+ c
                while j >= phiCells { j &-= phiCells }
                cells.add(CellID(truncatingIfNeeded: sideFirst &+ i &* phiCells &+ j),
                          active: eActive, deposited: eDeposited, time: time)
                return
            }
            let centre = sign * (region.etaMin + (Double(i) + 0.5) * dEta)
            if let id = detector.cells.cellID(volume: v, eta: centre,
                                              phi: wrapPhi(-Double.pi + (Double(jC + c - nJ) + 0.5) * dPhi)) {
                cells.add(id, active: eActive, deposited: eDeposited, time: time)
            } else {
                stats.leakedEnergy += eDeposited
            }
        }

        // Less than one cut-off in all (half the calls): the systematic sampling below keeps
        // at most one cell, with probability E/cut, and that cell is distributed as the
        // profile within the window. The same law is drawn directly — keep or not, then a
        // point from the core or the tail component (inverting F(x) = ½(1 + x/√(x² + R²))
        // per axis), redrawn until its cell lies in the window — without the window's
        // per-cell integrals.
        if cutoff > 0 && active < cutoff {
            if sizeBiased == nil {
                guard (keepDraw ?? rng.uniform01()) * cutoff < active else { return }
            }
            @inline(__always) func offset(_ r: Double, _ w: Double) -> Double {
                let t = 2 * w - 1
                return r * t / (1 - t * t).squareRoot()
            }
            for _ in 0..<64 {
                let r = rng.uniform01() < lateral.coreFraction ? rc : rt
                let x = offset(r, rng.uniform01()), y = offset(r, rng.uniform01())
                let a = ((u + x - region.etaMin) / dEta).rounded(.down) - Double(iC - nI)
                let c = ((phi + y + Double.pi) / dPhi).rounded(.down) - Double(jC - nJ)
                guard a >= 0 && a < Double(wI) && c >= 0 && c < Double(wJ) else { continue }
                deposit(Int(a), Int(c), active: cutoff, deposited: cutoff * depositedPerActive)
                return
            }
            // (Not reached in practice: the window holds the axis and most of the core.)
            stats.leakedEnergy += deposited
            return
        }

        // The marginal shares of the window's rows and columns, core and tail: F(x) = ½(1 +
        // x/√(x² + R²)) at each cell edge (a cell's upper edge is the next one's lower), the
        // core and tail radii in the two lanes of a SIMD2 so that one packed square root and
        // one packed division serve both (the same operations per lane: bit-identical).
        let radiiSquared = SIMD2(rc * rc, rt * rt)
        /// The shares of `count` cells `step` wide whose edges lie at origin + k·step − centre,
        /// k = first ... first + count, into `core` and `tail`; returns their sums (core, tail).
        func shares(origin: Double, first: Int, step: Double, centre: Double, count: Int,
                    core: UnsafeMutablePointer<Double>, tail: UnsafeMutablePointer<Double>) -> SIMD2<Double> {
            @inline(__always) func cdf(_ x: Double) -> SIMD2<Double> { 0.5 * (1 + x / (x * x + radiiSquared).squareRoot()) }
            var sum = SIMD2<Double>(repeating: 0)
            var low = cdf(origin + Double(first) * step - centre)
            // (Wrapping sums: |first| is below a region's cell count plus the window's half
            // width, and k < count ≤ 25, far from Int's range.)
            for k in 0..<count {
                let high = cdf(origin + Double(first &+ k &+ 1) * step - centre)
                let share = high - low
                core[k] = share.x; tail[k] = share.y
                sum += share
                low = high
            }
            return sum
        }
        withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * (wI + wJ)) { buffer in
            let fEtaCore = buffer.baseAddress!, fEtaTail = fEtaCore + wI
            let fPhiCore = fEtaTail + wI, fPhiTail = fPhiCore + wJ
            let sumsEta = shares(origin: region.etaMin, first: iC - nI, step: dEta, centre: u, count: wI,
                                 core: fEtaCore, tail: fEtaTail)
            let sumsPhi = shares(origin: -Double.pi, first: jC - nJ, step: dPhi, centre: phi, count: wJ,
                                 core: fPhiCore, tail: fPhiTail)
            let (sumEC, sumET, sumPC, sumPT) = (sumsEta.x, sumsEta.y, sumsPhi.x, sumsPhi.y)
            let pc = lateral.coreFraction, pt = 1 - pc
            let norm = pc * sumEC * sumPC + pt * sumET * sumPT
            guard norm > 0 else { return }
            // No cell reaches the cut-off (a third of the windows, with 37 % of their cells at
            // μ = 0): each cell would be kept with probability E/cut, and the walk below keeps
            // ⌊u + E_window/cut⌋ of them. The same number is kept here, each drawn from the
            // window's profile (component, then η row and φ column from their marginals), so
            // each cell keeps its mean; only the cells are no longer spread evenly along the
            // walk's order, and a cell drawn twice gets 2 cut-offs (its variance then p·c²
            // instead of p(1 − p)·c², p = E/cut < 1: at most 0.09 σ_noise² more, and only in
            // cells holding about one cut-off). The axis cell holds the largest share of a
            // symmetric unimodal profile, so it alone tells whether any cell is above the cut-off.
            let axisShare = (pc * fEtaCore[nI] * fPhiCore[nJ] + pt * fEtaTail[nI] * fPhiTail[nJ]) / norm
            if config.drawSubCutoffWindows && cutoff > 0 && axisShare * active < cutoff {
                /// The index whose cumulative share in `f` first exceeds `target` (the last one if none does).
                func pick(_ f: UnsafeMutablePointer<Double>, _ count: Int, _ target: Double) -> Int {
                    var sum = 0.0
                    for k in 0..<(count - 1) {
                        sum += f[k]
                        if sum > target { return k }
                    }
                    return count - 1
                }
                let kept = Int(rng.uniform01() + active / cutoff)
                let coreWeight = pc * sumEC * sumPC
                for _ in 0..<kept {
                    let a: Int, c: Int
                    if rng.uniform01() * norm < coreWeight {
                        a = pick(fEtaCore, wI, rng.uniform01() * sumEC)
                        c = pick(fPhiCore, wJ, rng.uniform01() * sumPC)
                    } else {
                        a = pick(fEtaTail, wI, rng.uniform01() * sumET)
                        c = pick(fPhiTail, wJ, rng.uniform01() * sumPT)
                    }
                    deposit(a, c, active: cutoff, deposited: cutoff * depositedPerActive)
                }
                return
            }
            var roulette = cutoff > 0 ? rng.uniform01() : 0   // systematic-sampling offset
            let perCutoff = cutoff > 0 ? active / cutoff : 0        // E/cut = f · perCutoff (no division per cell)
            // Each row's weights, all divided before the walk (a loop of independent divisions,
            // four to an AVX instruction) rather than at each row's start, where the division's
            // latency (≈ 13 cycles) stalled the row's first cell after the mispredicted exit of
            // the previous row. The same operations: bit-identical. (In place: the rows'
            // shares are not read again, and the scratch stays within the 1 kB that
            // `withUnsafeTemporaryAllocation` keeps on the stack without a check.)
            let rowCore = fEtaCore, rowTail = fEtaTail
            for a in 0..<wI {
                rowCore[a] = fEtaCore[a] * pc / norm
                rowTail[a] = fEtaTail[a] * pt / norm
            }
            for a in 0..<wI {
                let ec = rowCore[a], et = rowTail[a]
                for c in 0..<wJ {
                    let f = ec * fPhiCore[c] + et * fPhiTail[c]
                    guard f > 0 else { continue }
                    // (The deposited energy is worked out only for a cell that keeps one: most
                    // walked cells are below the cut-off and not kept, 5.0 of 6.5 M at μ = 0.)
                    let eActive = f * active
                    if eActive < cutoff {
                        roulette += f * perCutoff
                        guard roulette >= 1 else { continue }
                        roulette -= 1
                        deposit(a, c, active: cutoff, deposited: active > 0 ? cutoff * depositedPerActive : f * deposited)
                    } else {
                        deposit(a, c, active: eActive, deposited: f * deposited)
                    }
                }
            }
        }
    }
}

/// The Gamma longitudinal profile: cumulative fraction P(α, b t) at depth t.
struct LongitudinalProfile {
    let alpha: Double
    let b: Double
    /// The table's rows for α (nil where it does not cover α) ...
    let table: GammaCDFTable.Row?
    /// ... and ln Γ(α) only where it does not (then needed by the exact P).
    let logGammaAlpha: Double
    init(alpha: Double, b: Double) {
        self.alpha = alpha
        self.b = b
        table = GammaCDFTable.shared.row(alpha)
        logGammaAlpha = table == nil ? logGamma(alpha) : 0
    }
    /// From ``GammaCDFTable`` (within 5·10⁻⁵ of P; see there why that is good enough):
    /// not monotone to the last 10⁻⁵, so the showers clamp each fraction at 0.
    /// (Inlined: out of line it was a call per depth, 504 000 in the μ = 0 bench; inline the
    /// showers keep the row's pointers and weights in their loops: −16 M instructions.)
    @inline(__always)
    func cdf(_ t: Double) -> Double {
        if let table { return table(b * t) }
        return regularizedGammaP(alpha, b * t, logGammaA: logGammaAlpha)
    }
}
