import Foundation
import EventModel
import Detector
import Simulation

/// The digitization stage: true detector response in, read-out out (DESIGN.md §1, §6
/// "Digitization").
///
/// * **Calorimeter** — each cell's active energy is divided by the sampling fraction (the
///   EM scale), multiplied by a fixed per-cell calibration factor 1 + c·g (g a standard
///   normal fixed by the cell id, c the card's `calibration_spread`: the constant term),
///   added to Gaussian noise σ = electronic ⊕ pile-up·√(μ/40) of its region, quantised by
///   a 12-bit ADC in the lowest gain that does not overflow, and stored if |E| exceeds
///   k σ; dead cells (the card's `dead_cell_fraction`) read nothing. Noise exists in every
///   cell, but only the cells that pass are made: each cell
///   without signal passes with probability p = P(|x| > k), so the gaps between passing
///   cells are geometric and are drawn directly (an exponential deviate per passing cell,
///   in id order);
///   their ADC counts come from the quantised Gaussian tail, tabulated per region.
/// * **Tracker** — the charge (deposit / 3.62 eV) is spread uniformly along the track's
///   path through the sensor, projected on the channels and widened by diffusion; each
///   channel gets Gaussian noise and fires above the card's threshold unless it is dead
///   (the card's `dead_channel_fraction`); noise hits from the
///   card's noise occupancy; adjacent fired channels make a cluster, at the
///   charge-weighted centroid, with error pitch/√12 (one channel) or less (shared charge).
///   Strip modules read two sides: axial and stereo (rotated by the stereo angle).
/// * **Muons** — chamber efficiency, then Gaussian smearing of the precision and second
///   coordinates and of the time.
///
/// * **TRT straws** — Digitization+Straws.swift: efficiency, the drift circle smeared by
///   the card's resolution, noise hits from its occupancy.
///
/// Sub-streams of the stage: 1 calorimeter, 2 tracker, 3 muons, 4 straws; a fixed per-cell stream
/// (independent of the event) for the calibration factors.
public struct Digitization: Sendable {
    public var config: Config
    public static let stage: RandomStream.Stage = .digitization

    public init(config: Config = Config()) {
        self.config = config
    }

    public func callAsFunction(_ hits: SimHits, in detector: Detector, rng: inout RandomStream) -> RawEvent {
        var stats = DigitizationStats()
        var caloRNG = rng.withSubstream(1)
        var trackerRNG = rng.withSubstream(2)
        var muonRNG = rng.withSubstream(3)
        let cells = digitizeCalorimeter(hits.calorimeterDeposits, detector: detector, rng: &caloRNG, stats: &stats)
        let clusters = digitizeTracker(hits.trackerHits, detector: detector, rng: &trackerRNG, stats: &stats)
        let muons = digitizeMuons(hits.muonHits, detector: detector, rng: &muonRNG, stats: &stats)
        var strawRNG = rng.withSubstream(4)
        let straws = digitizeStraws(hits.strawHits, detector: detector, rng: &strawRNG)
        return RawEvent(eventNumber: hits.eventNumber, trackerClusters: clusters, calorimeterCells: cells,
                        muonDigits: muons, strawDigits: straws, stats: stats, simulationStats: hits.stats)
    }

    // MARK: - Calorimeter

    func digitizeCalorimeter(_ deposits: [CalorimeterSimDeposit], detector: Detector, rng: inout RandomStream,
                             stats: inout DigitizationStats) -> [CalorimeterCellDigit] {
        let card = detector.card
        let cellsIndex = detector.cells
        let k = config.cellStorageThresholdSigma
        let sigma: [Double] = cellsIndex.regions.indices.map {
            config.calorimeterNoise ? cellsIndex.noiseMeV(region: $0, mu: config.pileupMu) * MeV : 0
        }
        // Per region, read once: sampling fraction and ADC least count.
        let samplingFraction = cellsIndex.regions.map { card.calorimeter.volumes[$0.volume].samplingFraction }
        let adcLSB = cellsIndex.regions.map { card.calorimeter.volumes[$0.volume].adcLSBMeV * MeV }
        let gainRatios = config.gainRatios
        let maxCount = Double((1 << config.adcBits) - 1)
        // Per region, the |E| below which a cell cannot be stored (most deposits: 79 % of
        // the μ = 0 bench's): they skip the ADC's gain loop, division and rounding.
        let notStoredBelow = sigma.indices.map {
            Self.notStoredBelow(sigmas: k, sigma: sigma[$0], lsb: adcLSB[$0], gainRatios: gainRatios, maxCount: maxCount)
        }
        // The cells the noise loop skips, one bit a cell (``CellBits``): the dead ones, then
        // those with a deposit. Words kept with the scratch, filled anew in every event with
        // the dead cells' (24 kB for the ATLAS card), so that a noise cell tests one bit.
        let dead = config.deadChannels ? CellBits.deadCells(of: detector).words : []
        var scratch = TrackerScratchPool.shared.take()
        defer { TrackerScratchPool.shared.give(scratch) }
        var skip = TrackerScratch.takeOut(&scratch.cellSkip.words)
        defer { scratch.cellSkip.words = skip }
        let wordCount = (cellsIndex.count + 63) >> 6
        if skip.count != wordCount { skip = [UInt64](repeating: 0, count: wordCount) }
        precondition(dead.isEmpty || dead.count == wordCount, "dead-cell bits of another detector")
        skip.withUnsafeMutableBufferPointer { skip in
            if dead.isEmpty { skip.update(repeating: 0) } else { _ = skip.update(fromContentsOf: dead) }
        }
        var out: [CalorimeterCellDigit] = []
        out.reserveCapacity(deposits.count + 1_024)

        let calibrate = config.calibrationNonUniformity
        let cellCount = cellsIndex.count
        // The calibration factor of every deposit's cell, gathered first: the table is
        // ≈ 0.7 MB and the deposits' cells are sparse in it, so each read misses the cache;
        // in a loop of loads alone the misses overlap, in the loop below they would wait
        // one after the other behind its normal deviates.
        var factors = TrackerScratch.takeOut(&scratch.cellFactors)
        defer { scratch.cellFactors = factors }
        factors.removeAll(keepingCapacity: true)
        if calibrate {
            factors.append(contentsOf: repeatElement(1, count: deposits.count))
            factors.withUnsafeMutableBufferPointer { factors in
                detector.cellCalibration.withUnsafeBufferPointer { calibration in
                    deposits.withUnsafeBufferPointer { deposits in
                        for n in 0..<deposits.count {
                            let id = Int(deposits[n].cell)
                            precondition(id < calibration.count, "deposit in cell \(id) beyond the \(cellCount) cells")
                            factors[n] = calibration[id]
                        }
                    }
                }
            }
        }
        // The deposits come in id order (the simulation sorts them), so consecutive ones
        // mostly share a region: the id range of the last one (one side's cells,
        // firstID + side·perSide ..< + cellCount) is kept, and the region is looked up
        // (``RegionRanges``) only when a deposit leaves it. The region's constants are read
        // then too, into locals (four array reads a deposit fewer).
        let ranges = RegionRanges.of(cellsIndex)
        var regionStart = 0, regionEnd = 0
        var fraction = 1.0, s = 0.0, cut = 0.0, lsb = 0.0   // sampling fraction, σ, not-stored bound, ADC LSB
        let normal = NormalZiggurat.shared
        var halves = HalfDraws()   // the deposits' noise and times: two deviates per draw
        skip.withUnsafeMutableBufferPointer { skip in
        dead.withUnsafeBufferPointer { dead in
        factors.withUnsafeBufferPointer { factors in
        for (n, d) in deposits.enumerated() {
            let id = Int(d.cell)
            precondition(id < cellCount, "deposit in cell \(d.cell) beyond the \(cellCount) cells")
            skip.setBit(id)
            if !dead.isEmpty && dead.bit(id) {
                stats.deadCellsWithSignal += 1
                continue
            }
            if id < regionStart || id >= regionEnd {
                // (Every id below the cell count is in one region's range: the cells are
                // numbered so.)
                guard let found = ranges.region(of: id) else { preconditionFailure("cell \(id) in no region") }
                let region = found.region
                (regionStart, regionEnd) = (found.start, found.end)
                (fraction, s, cut, lsb) = (samplingFraction[region], sigma[region], notStoredBelow[region], adcLSB[region])
            }
            var e = Double(d.activeEnergy) / fraction
            if calibrate { e *= Double(factors[n]) }
            if s > 0 { e += s * normal.next(&rng, halves: &halves) }
            // (What follows draws nothing for a cell that is not stored.)
            if abs(e) < cut { continue }
            let (q, gain, saturated) = Self.quantize(e, lsb: lsb, gainRatios: gainRatios, maxCount: maxCount)
            if saturated { stats.saturatedCells += 1 }
            guard q != 0, abs(q) > k * s else { continue }
            let st = timeResolution(energy: q, sigma: s)
            out.append(CalorimeterCellDigit(cell: d.cell, energy: Float(q), time: Float(Double(d.time) + st * normal.next(&rng, halves: &halves)),
                                            gain: gain))
            stats.signalCells += 1
        }
        }
        }
        }

        // Pure-noise cells above threshold, made sparsely: every cell without signal passes
        // independently with probability p = P(|x| > k); the gap to the next passing cell is
        // geometric, ⌊E / λ⌋ with E exponential (``ExponentialZiggurat``, 32 bits for 97.8 %
        // of gaps: half a draw) and λ = −ln(1 − p); the cell's count, sign and time take the
        // draw's other 32 bits (one draw per passing cell, none per silent cell). The cells
        // come out in increasing id order, into a list kept with the scratch (an append
        // through a pointer: the array's append cost ≈ 20 instructions a cell more,
        // callgrind), then merged with the signal cells.
        if zip(out, out.dropFirst()).contains(where: { $0.cell >= $1.cell }) { out.sort { $0.cell < $1.cell } }
        guard config.calorimeterNoise else { return out }
        var noise = scratch.noiseCells
        noise.removeAll()
        defer { scratch.noiseCells = noise }
        // Per region: the distribution of the quantised noise count beyond threshold.
        let tables = NoiseCountTable.tables(sigma: sigma, lsb: adcLSB, sigmas: k)
        let timeScale = 2 * config.noiseCellTimeHalfWidthNS
        let exponential = ExponentialZiggurat.shared
        var noiseHalves = HalfDraws()   // a gap, then its cell's count, sign and time: 32 bits each
        skip.withUnsafeBufferPointer { skip in
        for v in detector.card.calorimeter.volumes.indices {
            for side in 0..<2 {
                for r in cellsIndex.regionsOfVolume[v] {
                    guard let table = tables[r], table.passProbability > 0 else { continue }
                    let region = cellsIndex.regions[r]
                    let lsb = adcLSB[r]
                    // gap = ⌊E/λ⌋, E ~ Exp(1), λ = −ln(1 − p): P(gap ≥ g) = (1 − p)^g.
                    let gapPerUnit = -1 / log1p(-min(table.passProbability, 1 - 1e-12))
                    let first = region.firstID + side * region.perSide
                    let end = first + region.cellCount
                    precondition(first >= 0 && end <= cellCount, "calorimeter region \(r) beyond the \(cellCount) cells")
                    var id = first - 1
                    table.cumulative.withUnsafeBufferPointer { cumulative in
                    table.guide.withUnsafeBufferPointer { guide in
                    while true {
                        // The gap is ≥ 0: truncation is the floor (and the comparison in
                        // Double keeps a gap beyond the region from overflowing Int).
                        let gap = exponential.next(&rng, halves: &noiseHalves) * gapPerUnit
                        guard gap < Double(end &- id &- 1) else { break }
                        id &+= 1 &+ Self.floorOfSmall(gap)
                        // (id < end ≤ cellCount, checked above: within the bits.)
                        if skip.bit(id) { continue }
                        // 32 bits: 16 pick the count (exactly, ``NoiseCountTable/index(for16Bits:
                        // cumulative:guide:rng:)``), 1 the sign, 15 the time (steps of 25 ns/2¹⁵
                        // = 0.8 ps; a noise cell's time resolution is ≈ 12 ns, the constant term
                        // 0.3 ns).
                        let bits = noiseHalves.next(&rng)
                        let count = table.firstCount &+ NoiseCountTable.index(for16Bits: bits & 0xFFFF, cumulative: cumulative,
                                                                              guide: guide, rng: &rng)
                        let q = Double(bits & 0x1_0000 == 0 ? count : -count) * lsb
                        let time = ((Double(bits &>> 17) + 0.5) * 0x1p-15 - 0.5) * timeScale
                        noise.append(CalorimeterCellDigit(cell: CellID(truncatingIfNeeded: id), energy: Float(q), time: Float(time),
                                                          gain: 0))
                    }
                    }
                    }
                }
            }
        }
        }
        stats.noiseCells = noise.count
        let merged = out.withUnsafeBufferPointer { Self.mergedByID(signal: $0, noise: UnsafeBufferPointer(noise.elements)) }
        assert(zip(merged, merged.dropFirst()).allSatisfy { $0.cell < $1.cell }, "noise cells out of id order")
        return merged
    }

    /// The signal cells and the noise cells, each in increasing id order and no id in both,
    /// as one list in id order, written through a pointer into the new array's storage.
    /// The loop runs over the noise cells (≈ 8 000 an event against a few hundred signal
    /// cells above threshold at μ = 0), each compared with the next signal cell's id only:
    /// ≈ 9 instructions a cell, where a merge testing both lists' ends at every step cost
    /// ≈ 19 (callgrind).
    static func mergedByID(signal: UnsafeBufferPointer<CalorimeterCellDigit>,
                           noise: UnsafeBufferPointer<CalorimeterCellDigit>) -> [CalorimeterCellDigit] {
        [CalorimeterCellDigit](unsafeUninitializedCapacity: signal.count + noise.count) { out, made in
            var i = 0, k = 0
            // The next signal cell's id, UInt64.max past the last (above every cell id).
            @inline(__always) func nextID() -> UInt64 { i < signal.count ? UInt64(signal[i].cell) : .max }
            var next = nextID()
            for n in noise {
                while next < UInt64(n.cell) {
                    out[k] = signal[i]
                    k &+= 1
                    i &+= 1
                    next = nextID()
                }
                out[k] = n
                k &+= 1
            }
            for s in signal[i...] { out[k] = s; k &+= 1 }
            made = k
        }
    }

    /// The high-gain ADC count of pure noise, conditioned on being stored: counts n ≥ n₀
    /// (n₀ LSB > k σ) with P(n) = Φ((n + ½) LSB/σ) − Φ((n − ½) LSB/σ), tabulated as a
    /// cumulative distribution up to where the tail is below 10⁻¹⁰. Sampling is one uniform and
    /// a guided search (a guide table of where each 1/64 of the cumulative starts, then a
    /// short linear scan): exact for the quantised Gaussian, no rejection, no logarithm. The
    /// digitization reads the uniform 16 bits at a time (``index(for16Bits:cumulative:guide:rng:)``).
    struct NoiseCountTable: Sendable {
        let firstCount: Int
        let cumulative: [Double]
        /// guide[g]: the first index whose cumulative exceeds g/64 (where the search for a
        /// u in [g/64, (g+1)/64) starts).
        let guide: [Int]
        /// P(|quantised x| > k σ) for one cell.
        let passProbability: Double

        init(sigma: Double, lsb: Double, sigmas k: Double) {
            let n0 = Int((k * sigma / lsb).rounded(.down)) + 1
            firstCount = n0
            let scale = lsb / (sigma * 2.0.squareRoot())
            func upper(_ n: Int) -> Double { 0.5 * erfc((Double(n) - 0.5) * scale) }   // P(x ≥ (n − ½) LSB)
            let total = upper(n0)
            passProbability = 2 * total
            var cdf: [Double] = []
            var n = n0
            while true {
                let beyond = upper(n + 1)
                cdf.append(total > 0 ? 1 - beyond / total : 1)
                n += 1
                if beyond <= 1e-10 * total || cdf.count >= 4_096 { break }
            }
            cdf[cdf.count - 1] = 1
            cumulative = cdf
            var guide = [Int](repeating: 0, count: 64)
            var i = 0
            for g in 0..<64 {
                while cdf[i] <= Double(g) / 64 { i += 1 }
                guide[g] = i
            }
            self.guide = guide
        }

        /// The tables of every region (nil where σ = 0), made once per (σ, LSB, k) list and
        /// kept: building them costs thousands of erfc, more than a quiet event's noise.
        static func tables(sigma: [Double], lsb: [Double], sigmas k: Double) -> [NoiseCountTable?] {
            let key = sigma.map(\.bitPattern) + lsb.map(\.bitPattern) + [k.bitPattern]
            if let cached = cache.get(key) { return cached }
            let made: [NoiseCountTable?] = sigma.indices.map { r in
                sigma[r] > 0 ? NoiseCountTable(sigma: sigma[r], lsb: lsb[r], sigmas: k) : nil
            }
            cache.put(key, made)
            return made
        }

        private static let cache = KeyedCache<[UInt64], [NoiseCountTable?]>()

        /// The index (count less `firstCount`) for the uniform u = (c + f)/2¹⁶, c the 16 bits
        /// given and f uniform in [0, 1) drawn only when needed: the first index whose
        /// cumulative exceeds u. The slot [c, c + 1)/2¹⁶ settles it unless a cumulative value
        /// lies inside the slot — at most one slot per count, and the far tail's counts share
        /// the last slot: at most 2.2·10⁻³ of the slots for the card's regions (μ = 0 and 40;
        /// the finest LSB in σ at μ = 40) — and then f is drawn (53 bits, one 64-bit draw) and
        /// the scan goes on from there. The law is the table's to 2⁻⁵³, finer than the 32-bit
        /// uniform it replaces, with 16 bits of the draw instead of 32
        /// (`testNoiseCountFrom16BitsIsTheInverseOfTheCumulative`). The tables' buffers are
        /// passed in (the per-cell loop takes them once per region); the guide entries are
        /// indices of the cumulative and its last entry is 1 > u, so the scan stays inside it.
        @inline(__always)
        static func index(for16Bits c: UInt64, cumulative: UnsafeBufferPointer<Double>, guide: UnsafeBufferPointer<Int>,
                          rng: inout RandomStream) -> Int {
            precondition(c < 1 << 16, "16 random bits")
            let lower = Double(c) * 0x1p-16
            // u's 1/64 is c's top 6 bits (u · 64 = c / 2¹⁰, and f < 1 does not change it).
            var i = guide[Int(truncatingIfNeeded: c &>> 10)]
            while cumulative[i] <= lower { i &+= 1 }
            // Every earlier cumulative is ≤ lower ≤ u; one at or beyond the slot's end settles it.
            if cumulative[i] < lower + 0x1p-16 {
                let u = lower + Double(rng.next() &>> 11) * 0x1p-69
                while cumulative[i] <= u { i &+= 1 }
            }
            return i
        }
    }

    /// The analogue |E| above which the quantised (high-gain) energy exceeds k σ:
    /// (n − ½)·LSB with n the smallest count such that n·LSB > k σ.
    public static func analogueThreshold(sigmas k: Double, sigma: Double, lsb: Double) -> Double {
        guard lsb > 0 else { return k * sigma }
        let n = (k * sigma / lsb).rounded(.down) + 1
        return max(0, (n - 0.5) * lsb)
    }

    /// The |E| below which a cell is not stored, whatever its sign: the analogue threshold
    /// (m − ½)·step (step = LSB × the first gain ratio, m the smallest first-gain count whose
    /// energy m·step passes the storage test `> k σ`, found with the same floating-point
    /// products as that test) less 2⁻⁴⁰ of it. |E|/step is then below m − ½ by far more
    /// than the division's rounding, so its count is at most m − 1, whose energy fails the
    /// test; the first gain holds it (no saturation). The cells below it skip
    /// ``quantize(_:lsb:gainRatios:maxCount:)`` with the same result, bit for bit
    /// (`testCellsBelowTheSkipBoundAreNeverStored`). 0 (no cell skipped) without noise.
    static func notStoredBelow(sigmas k: Double, sigma: Double, lsb: Double, gainRatios: [Double],
                               maxCount: Double) -> Double {
        guard let first = gainRatios.first, lsb > 0, first > 0, k * sigma > 0 else { return 0 }
        let step = lsb * first
        let cut = k * sigma
        var m = max((cut / step).rounded(.down) - 1, 1)
        while m * step <= cut { m += 1 }
        return min(m - 0.5, maxCount / 2) * step * (1 - 0x1p-40)
    }

    /// ADC: the lowest gain whose 12-bit range holds |E|; returns the quantised energy,
    /// the gain index and whether even the lowest gain saturated.
    func quantize(_ e: Double, lsb: Double) -> (Double, UInt8, Bool) {
        Self.quantize(e, lsb: lsb, gainRatios: config.gainRatios, maxCount: Double((1 << config.adcBits) - 1))
    }

    /// ``quantize(_:lsb:)`` with the card's gains and the largest count read once by the
    /// caller (inlined in the per-cell loop: most cells take the first gain).
    @inline(__always)
    static func quantize(_ e: Double, lsb: Double, gainRatios: [Double], maxCount: Double) -> (Double, UInt8, Bool) {
        guard lsb > 0 else { return (e, 0, false) }
        for g in gainRatios.indices {
            let step = lsb * gainRatios[g]
            let counts = roundedHalfAway(e / step)
            if abs(counts) <= maxCount { return (counts * step, UInt8(g), false) }
        }
        let step = lsb * (gainRatios.last ?? 1)
        return ((e < 0 ? -maxCount : maxCount) * step, UInt8(max(gainRatios.count - 1, 0)), true)
    }

    /// ⌊x⌋ for 0 ≤ x < 2⁵¹ (a noise cell's gap, below the cell count), without the checked
    /// conversion's tests of finiteness and range (≈ 7 instructions per noise cell): x + 2⁵²
    /// lies in [2⁵², 2⁵³), where the spacing of doubles is 1, so its low 52 bits are x
    /// rounded to the nearest integer n; ⌊x⌋ is n, or n − 1 where n > x.
    @inline(__always)
    static func floorOfSmall(_ x: Double) -> Int {
        let shifted = x + 0x1p52
        let n = Int(truncatingIfNeeded: shifted.bitPattern & 0xF_FFFF_FFFF_FFFF)
        return shifted - 0x1p52 > x ? n &- 1 : n
    }

    /// `x.rounded()` (to nearest, halves away from zero, the sign of zero kept) without the
    /// library call for |x| < 2⁵²: the integer part by truncation, then the fraction x − t
    /// (exact) decides. Larger, infinite and NaN x go to the library.
    @inline(__always)
    static func roundedHalfAway(_ x: Double) -> Double {
        guard abs(x) < 0x1p52 else { return x.rounded() }
        let t = Double(Int64(x))
        let d = x - t
        let r = d >= 0.5 ? t + 1 : (d <= -0.5 ? t - 1 : t)
        return r == 0 ? Double(signOf: x, magnitudeOf: 0) : r
    }

    func timeResolution(energy: Double, sigma: Double) -> Double {
        let a = sigma > 0 ? config.timeNoiseTermNS * sigma / max(abs(energy), 1e-12) : 0
        return min((a * a + config.timeConstantTermNS * config.timeConstantTermNS).squareRoot(), 25)
    }

    // MARK: - Muons

    func digitizeMuons(_ hits: [MuonSimHit], detector: Detector, rng: inout RandomStream,
                       stats: inout DigitizationStats) -> [MuonDigit] {
        var out: [MuonDigit] = []
        for h in hits {
            let surface = detector.muonSurfaces[Int(h.surface)]
            let r = surface.response
            guard rng.uniform01() < r.efficiency else {
                stats.lostMuonHits += 1
                continue
            }
            let precision = r.precisionResolutionUM * um
            let second = r.secondCoordinateResolutionMM * mm
            let radius = h.position.perp
            var phi = h.position.phi
            if radius > 0 { phi += rng.gaussian(sigma: second) / radius }
            var position: Vector3
            switch surface.shape {
            case .cylinder:
                let z = h.position.z + rng.gaussian(sigma: precision)
                position = Vector3(radius * cos(phi), radius * sin(phi), z)
            case .disc:
                let rr = radius + rng.gaussian(sigma: precision)
                position = Vector3(rr * cos(phi), rr * sin(phi), h.position.z)
            }
            out.append(MuonDigit(surface: h.surface, position: position,
                                 time: Float(Double(h.time) + rng.gaussian(sigma: r.timeResolutionNS)),
                                 truthParticle: h.particle))
        }
        return out
    }
}
