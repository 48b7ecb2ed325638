import Foundation
import XCTest
@testable import EventModel

/// RandomStream against a plain, slow transcription of its specification kept here
/// (Philox4x32-10 from Salmon et al., SC11 2011, with an explicit table of the ten round
/// keys and `multipliedFullWidth`; the stream layout and samplers as RandomStream
/// documents them). Any speed work on the stream must leave every draw bit-identical,
/// including for copies taken mid-way (a copy carries its position, its unused half
/// block and its spare normal deviate).
final class RandomStreamReferenceTests: XCTestCase {

    /// The specification, written for clarity, not speed.
    struct Reference {
        let key: [UInt32]
        let head: [UInt32]
        var block: UInt32 = 0
        var queue: [UInt64] = []
        var spare: Double? = nil

        init(seed: UInt64, event: UInt64, stage: UInt16, substream: UInt16) {
            key = [UInt32(seed & 0xFFFF_FFFF), UInt32(seed >> 32)]
            head = [UInt32(event & 0xFFFF_FFFF), UInt32(event >> 32),
                    UInt32(stage) + 65_536 * UInt32(substream)]
        }

        static func philox(_ counter: [UInt32], _ key: [UInt32]) -> [UInt32] {
            // Round keys: k_r = k_0 + r·W mod 2³², W = (0x9E3779B9, 0xBB67AE85).
            let roundKeys = (0..<10).map { r in
                (key[0] &+ UInt32(r) &* 0x9E37_79B9, key[1] &+ UInt32(r) &* 0xBB67_AE85)
            }
            var c = counter
            for (k0, k1) in roundKeys {
                let (hi0, lo0) = UInt32(0xD251_1F53).multipliedFullWidth(by: c[0])
                let (hi1, lo1) = UInt32(0xCD9E_8D57).multipliedFullWidth(by: c[2])
                c = [hi1 ^ c[1] ^ k0, lo1, hi0 ^ c[3] ^ k1, lo0]
            }
            return c
        }

        mutating func next() -> UInt64 {
            if queue.isEmpty {
                let w = Self.philox(head + [block], key)
                block += 1
                queue = [UInt64(w[0]) + (UInt64(w[1]) << 32), UInt64(w[2]) + (UInt64(w[3]) << 32)]
            }
            return queue.removeFirst()
        }

        mutating func uniform01() -> Double {
            var k: UInt64 = 0
            repeat { k = next() / 2048 } while k == 0
            return Double(k) / 9_007_199_254_740_992   // 2⁵³
        }

        mutating func standardNormal() -> Double {
            if let z = spare { spare = nil; return z }
            while true {
                let v1 = Double(Int64(bitPattern: next()) >> 11) / 4_503_599_627_370_496   // 2⁵²
                let v2 = Double(Int64(bitPattern: next()) >> 11) / 4_503_599_627_370_496
                let s = v1 * v1 + v2 * v2
                if s > 0 && s < 1 {
                    let f = (-2 * log(s) / s).squareRoot()
                    spare = v2 * f
                    return v1 * f
                }
            }
        }
    }

    /// The reference reproduces the Random123 known answer for counter = key = 0
    /// (`kat_vectors`, philox4x32 10 rounds), so it is a valid yardstick.
    func testReferenceMatchesRandom123() {
        XCTAssertEqual(Reference.philox([0, 0, 0, 0], [0, 0]),
                       [0x6627_E8D5, 0xE169_C58D, 0xBC57_AC4C, 0x9B00_DBD8])
    }

    /// 10 000 operations mixing raw draws, uniforms, Gaussians, new sub-streams and
    /// copies taken mid-way (odd and even positions in a block, with and without a spare
    /// normal): every number equals the reference's, bit for bit.
    func testLongMixedSequenceMatchesReference() {
        var fast = [RandomStream(seed: 0x1234_5678_9ABC_DEF0, event: 987_654_321_012,
                                 stage: .pileup, substream: 3)]
        var slow = [Reference(seed: 0x1234_5678_9ABC_DEF0, event: 987_654_321_012,
                              stage: 2, substream: 3)]
        // The choice of operation comes from an unrelated stream, so it is fixed too.
        var chooser = RandomStream(seed: 99, event: 1, stage: .reconstruction)
        var mismatches = 0
        for step in 0..<10_000 {
            let i = Int(chooser.next() % UInt64(fast.count))
            switch chooser.next() % 8 {
            case 0, 1:
                if fast[i].next() != slow[i].next() { mismatches += 1 }
            case 2, 3:
                if fast[i].uniform01().bitPattern != slow[i].uniform01().bitPattern { mismatches += 1 }
            case 4, 5:
                if fast[i].gaussian().bitPattern != slow[i].standardNormal().bitPattern { mismatches += 1 }
            case 6:
                // A copy of the current state, kept at most 8 streams.
                if fast.count < 8 { fast.append(fast[i]); slow.append(slow[i]) }
                else { fast[(i + 1) % 8] = fast[i]; slow[(i + 1) % 8] = slow[i] }
            default:
                let sub = UInt16(step % 65_536)
                let f = fast[i].withSubstream(sub)
                XCTAssertEqual(f.stage, .pileup)
                XCTAssertEqual(f.substream, sub)
                fast[i] = f
                slow[i] = Reference(seed: 0x1234_5678_9ABC_DEF0, event: 987_654_321_012,
                                    stage: 2, substream: sub)
            }
        }
        XCTAssertEqual(mismatches, 0)
        // The identity survives: stage and substream read back from the counter word.
        let s = RandomStream(seed: 1, event: 2, stage: .beamInducedBackground, substream: 0xFFFF)
        XCTAssertEqual(s.stage, .beamInducedBackground)
        XCTAssertEqual(s.substream, 0xFFFF)
        XCTAssertEqual(s.seed, 1)
        XCTAssertEqual(s.event, 2)
    }
}
