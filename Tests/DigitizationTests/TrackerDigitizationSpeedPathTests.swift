import Foundation
import XCTest
@testable import Digitization
@testable import Simulation
import Detector
import EventModel

/// The fast paths of the tracker digitization (radix sort of channel keys, one-pass pixel
/// clustering) give what the simple definitions give.
final class TrackerDigitizationSpeedPathTests: XCTestCase {
    let detector = Detector.atlasRun2

    func testRadixSortOrdersLikeTheLibrarySort() {
        var rng = RandomStream(seed: 9, event: 0, stage: .digitization)
        for (count, bits) in [(10, 40), (5_000, 54), (20_000, 64)] {
            let mask: UInt64 = bits == 64 ? .max : (1 << UInt64(bits)) - 1
            var a = (0..<count).map { _ in rng.next() & mask }
            let expected = a.sorted()
            Digitization.radixSort(&a, bits: bits)
            XCTAssertEqual(a, expected, "\(count) values of \(bits) bits")
        }
    }

    /// Keys whose low 12 bits are an increasing index (taken as in order, `from: 12`) and
    /// whose digit at bits 23–33 is the same in every key (that pass is skipped), with one,
    /// two and three remaining passes: the full sort's order (the sort is stable).
    func testRadixSortSkipsConstantDigitsAndKeepsOrderBelowFrom() {
        var rng = RandomStream(seed: 11, event: 0, stage: .digitization)
        for bits in [23, 34, 45] {
            let count = 3_000
            var a: [UInt64] = (0..<count).map { i in
                let high = rng.next() & ((1 << UInt64(bits - 12)) - 1)
                let constant: UInt64 = bits > 23 ? 0x2A5 << 11 : 0
                return ((high & ~(0x7FF << 11)) | constant) << 12 | UInt64(i)
            }
            let expected = a.sorted()
            Digitization.radixSort(&a, bits: bits, from: 12)
            XCTAssertEqual(a, expected, "\(bits) bits")
        }
    }

    /// The sweep over charge runs (the digitization's path) gives what expanding every run
    /// into its (channel, fraction) contributions with ``Digitization/Overlaps`` and merging
    /// them by channel gives: same channels in the same order, same charge bits, truth
    /// particle and time. 3 000 hits' rows (many sharing channels, some three or more deep,
    /// some spilling over the φ wrap, a few of zero width), with the radix sort and with
    /// the comparison sort (too few index bits).
    func testChargeRunSweepMatchesTheContributionMerge() {
        var rng = RandomStream(seed: 13, event: 0, stage: .digitization)
        let rows = 5, columns = 60, surfaces = 3
        var list: [ChannelCharge] = []
        var runList = RunList(capacity: 16)   // grown many times over
        for h in 0..<3_000 {
            let surface = Int(rng.uniform01() * Double(surfaces)), side = Int(rng.uniform01() * 2)
            let row = Int(rng.uniform01() * Double(rows))
            let pitch = [0.05, 0.08][side]
            // Centres anywhere in one turn and a little beyond either end (the wrap).
            let centre = rng.uniform(-3, Double(columns) + 3) * pitch
            let halfWidth = h % 97 == 0 ? 0 : rng.uniform(0.001, 4) * pitch
            let lo = centre - halfWidth, hi = centre + halfWidth
            let charge = rng.uniform(1_000, 50_000), rowFraction = h % 3 == 0 ? rng.uniform(0.2, 1) : 1
            let hit = TrackerSimHit(surface: Int32(surface), position: Vector3(0, 0, 0), direction: Vector3(0, 0, 1),
                                    momentum: 1, energyDeposit: 0, time: Float(rng.uniform(-5, 5)),
                                    particle: Int32(rng.uniform01() * 50), pdgID: 211, isSecondary: false)
            for (i, f) in Digitization.Overlaps(lo: lo, hi: hi, pitch: pitch) {
                let q = charge * f * rowFraction
                list.append(ChannelCharge(key: ChannelKey(surface: Int32(surface), side: UInt8(side), row: Int32(row),
                                                          column: Int32(Digitization.wrapColumn(i, columns))),
                                          charge: q, bestParticle: hit.particle, bestCharge: q, time: Double(hit.time)))
            }
            let rowBase = UInt64(((surface * 2 + side) * rows + row) * columns)
            Digitization.appendRuns(lo: lo, hi: hi, pitch: pitch, charge: charge, rowFraction: rowFraction,
                                    rowBase: rowBase, channelsU: columns, row: row, side: side, hit: hit, to: &runList)
        }
        let runs = runList.runBuffer, starts = runList.startBuffer
        let expected = Digitization.mergeByChannel(list)
        XCTAssertGreaterThan(runs.count, 3_000, "some rows wrap around φ")
        var maxDepth = 0, depth = 1
        for (a, b) in zip(list.sorted { $0.key < $1.key }, list.sorted { $0.key < $1.key }.dropFirst()) {
            depth = a.key == b.key ? depth + 1 : 1
            maxDepth = max(maxDepth, depth)
        }
        XCTAssertGreaterThanOrEqual(maxDepth, 3, "channels with three or more contributions")
        for indexBits in [40, 8] {
            var keys = starts.indices.map { starts[$0] << UInt64(indexBits) | UInt64($0) }
            var out: [ChannelCharge] = [], radix: [UInt64] = []
            let pitches = (0..<2 * surfaces).map { [0.05, 0.08][$0 % 2] }
            Digitization.channels(of: runs, starts: starts, pitches: pitches, sortKeys: &keys, indexBits: indexBits, into: &out, radix: &radix)
            XCTAssertEqual(out.count, expected.count, "index bits \(indexBits)")
            for (a, b) in zip(out, expected) {
                XCTAssertEqual(a.key, b.key)
                XCTAssertEqual(a.charge.bitPattern, b.charge.bitPattern)
                XCTAssertEqual(a.bestParticle, b.bestParticle)
                XCTAssertEqual(a.bestCharge.bitPattern, b.bestCharge.bitPattern)
                XCTAssertEqual(a.time.bitPattern, b.time.bitPattern)
            }
        }
    }

    /// The ADC's rounding without the library call equals `rounded()` bit for bit: halves,
    /// values one ulp either side of them, signed zeros, large and non-finite values.
    func testRoundedHalfAwayMatchesTheLibrary() {
        var rng = RandomStream(seed: 17, event: 0, stage: .digitization)
        var values: [Double] = [0, -0.0, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 0.49999999999999994, -0.49999999999999994,
                                0x1p52, -0x1p52, 0x1p52 - 0.5, 0x1p53 + 2, 1e300, -1e300, .infinity, -.infinity,
                                4_095.5, -4_095.5, .leastNonzeroMagnitude, -.leastNonzeroMagnitude]
        for n in -5_000...5_000 {
            let half = Double(n) + 0.5
            values += [half, half.nextUp, half.nextDown]
        }
        for _ in 0..<20_000 { values.append(rng.uniform(-1, 1) * pow(10, rng.uniform(-8, 8))) }
        for x in values {
            XCTAssertEqual(Digitization.roundedHalfAway(x).bitPattern, x.rounded().bitPattern, "\(x)")
        }
        XCTAssertTrue(Digitization.roundedHalfAway(.nan).isNaN)
    }

    /// The channel index by truncation equals the one by the library's floor, at integers,
    /// one ulp either side of them, ± zero and in between.
    /// The channel wrap around φ against the double modulo it replaced, for indices within
    /// and far beyond one turn on either side.
    func testWrapColumnMatchesTheModulo() {
        for n in [1, 2, 7, 1_000, 19_687] {
            for i in Array(-3 * n - 2 ... 3 * n + 2).filter({ abs($0) % max(n / 50, 1) == 0 || abs(abs($0) - n) < 3 })
                + [Int(Int32.min), Int(Int32.max), -5 * n + 1, 17 * n - 1] {
                XCTAssertEqual(Digitization.wrapColumn(i, n), ((i % n) + n) % n, "i \(i), n \(n)")
            }
        }
    }

    func testFloorIntMatchesTheLibraryFloor() {
        var rng = RandomStream(seed: 19, event: 0, stage: .digitization)
        var values: [Double] = [0, -0.0, 0x1p52 + 1, -0x1p52 - 1, 1e15 + 0.5, -1e15 - 0.5]
        for n in -3_000...3_000 {
            let x = Double(n)
            values += [x, x.nextUp, x.nextDown, x + 0.5]
        }
        for _ in 0..<20_000 { values.append(rng.uniform(-1, 1) * pow(10, rng.uniform(-8, 12))) }
        for x in values { XCTAssertEqual(Digitization.floorInt(x), Int(x.rounded(.down)), "\(x)") }
    }

    /// The noise cell's gap by the 2⁵² shift equals the library's floor for 0 ≤ x < 2⁵¹:
    /// integers, one ulp either side of them, halves (where rounding to nearest goes to the
    /// even neighbour), the top of the range and random magnitudes.
    func testFloorOfSmallMatchesTheLibraryFloor() {
        var rng = RandomStream(seed: 23, event: 0, stage: .digitization)
        var values: [Double] = [0, .leastNonzeroMagnitude, 0x1p51.nextDown, 0x1p51 - 0.5, 0x1p51 - 1.5, 0x1p50 + 0.5]
        for n in 0...3_000 {
            let x = Double(n)
            values += [x, x.nextUp, x + 0.5, (x + 0.5).nextUp, (x + 0.5).nextDown] + (n > 0 ? [x.nextDown] : [])
        }
        for _ in 0..<20_000 { values.append(rng.uniform01() * pow(10, rng.uniform(-8, 15))) }
        for x in values { XCTAssertEqual(Digitization.floorOfSmall(x), Int(x.rounded(.down)), "\(x)") }
    }

    /// The noise count from 16 random bits and, where the slot [c, c + 1)/2¹⁶ holds a
    /// boundary of the cumulative, a 53-bit f drawn after them, is the first count whose
    /// cumulative exceeds u = (c + f)/2¹⁶ (a bisection of the table): every one of the 2¹⁶
    /// slots, for the (σ, LSB) of EMB2 at μ = 0 (35, 4 MeV: σ/LSB ≈ 9) and two coarse ones.
    /// Inversion of the cumulative with a uniform u: the table's law, to u's 2⁻⁵³. And f is
    /// drawn exactly for the slots holding a boundary inside them (the far tail's many
    /// boundaries share the last slot): fewer than 3·10⁻³ of the slots for every region of
    /// the card at μ = 0 and 40.
    func testNoiseCountFrom16BitsIsTheInverseOfTheCumulative() {
        var rng = RandomStream(seed: 31, event: 0, stage: .digitization)
        for (sigma, lsb) in [(35.0, 4.0), (35.0, 12.5), (160.0, 50.0)] {
            let table = Digitization.NoiseCountTable(sigma: sigma * MeV, lsb: lsb * MeV, sigmas: 2)
            var mismatches = 0, refined = 0
            table.cumulative.withUnsafeBufferPointer { cumulative in
                table.guide.withUnsafeBufferPointer { guide in
                    for c in 0..<UInt64(1 << 16) {
                        // The draw f would come from (the stream as it is before the call).
                        var probe = rng
                        let f = probe.next() >> 11
                        let index = Digitization.NoiseCountTable.index(for16Bits: c, cumulative: cumulative, guide: guide,
                                                                       rng: &rng)
                        let u = Double(c) * 0x1p-16 + Double(f) * 0x1p-69
                        var lo = 0, hi = cumulative.count - 1
                        while lo < hi {
                            let mid = (lo + hi) / 2
                            if cumulative[mid] > u { hi = mid } else { lo = mid + 1 }
                        }
                        if index != lo { mismatches += 1 }
                        // A slot that needed f: the stream moved on by one draw.
                        var after = rng
                        if after.next() == probe.next() { refined += 1 }
                    }
                }
            }
            XCTAssertEqual(mismatches, 0, "σ \(sigma), LSB \(lsb)")
            XCTAssertEqual(refined, Self.slotsHoldingABoundary(table), "σ \(sigma), LSB \(lsb)")
        }
        let detector = Detector.atlasRun2
        for mu in [0.0, 40.0] {
            let sigma = detector.cells.regions.indices.map { detector.cells.noiseMeV(region: $0, mu: mu) * MeV }
            let lsb = detector.cells.regions.map { detector.card.calorimeter.volumes[$0.volume].adcLSBMeV * MeV }
            for table in Digitization.NoiseCountTable.tables(sigma: sigma, lsb: lsb, sigmas: 2).compactMap({ $0 }) {
                XCTAssertLessThan(Double(Self.slotsHoldingABoundary(table)) * 0x1p-16, 3e-3, "μ = \(mu)")
            }
        }
    }

    /// The 16-bit slots [c, c + 1)/2¹⁶ with a value of the table's cumulative inside (not at
    /// their start): where 16 bits do not settle the count.
    static func slotsHoldingABoundary(_ table: Digitization.NoiseCountTable) -> Int {
        var slots = Set<Double>()
        for value in table.cumulative.dropLast() {
            let slot = (value * 0x1p16).rounded(.down)
            if slot != value * 0x1p16 { slots.insert(slot) }
        }
        return slots.count
    }

    /// A 3 × 3 block of touching pixel hits on the B-layer makes one cluster holding all
    /// the charge; two hits 10 pixels apart in φ make two. (Noise and dead pixels off.)
    func testPixelClustersAreConnectedComponents() throws {
        let surface = try XCTUnwrap(detector.trackerSurfaces.first { $0.name == "PixelB0" })
        let r = 50.5, pitchU = 0.05, pitchV = 0.4
        func hit(column: Int, row: Int, particle: Int32) -> TrackerSimHit {
            let phi = (Double(column) + 0.5) * pitchU / r
            let z = -400.5 + (Double(row) + 0.5) * pitchV
            return TrackerSimHit(surface: Int32(surface.index), position: Vector3(r * cos(phi), r * sin(phi), z),
                                 direction: Vector3(cos(phi), sin(phi), 0), momentum: 10, energyDeposit: 80e-6,
                                 time: 0, particle: particle, pdgID: 211, isSecondary: false)
        }
        var hits = SimHits()
        var k: Int32 = 0
        for dc in 0..<3 { for dr in 0..<3 { hits.trackerHits.append(hit(column: 1_000 + dc, row: 1_000 + dr, particle: k)); k += 1 } }
        hits.trackerHits.append(hit(column: 1_020, row: 1_000, particle: 100))
        var rng = RandomStream(seed: 1, event: 0, stage: Digitization.stage)
        let raw = Digitization(config: .noiseFree)(hits, in: detector, rng: &rng)
        XCTAssertEqual(raw.trackerClusters.count, 2)
        let sizes = raw.trackerClusters.map(\.size).sorted()
        XCTAssertEqual(sizes.last, 9)
        XCTAssertEqual(raw.trackerClusters.map(\.sizeU).max(), 3)
        XCTAssertEqual(raw.trackerClusters.map(\.sizeV).max(), 3)
    }
}
