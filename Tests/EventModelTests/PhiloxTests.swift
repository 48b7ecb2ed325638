import XCTest
@testable import EventModel

/// Philox4x32 against the Random123 known-answer vectors.
///
/// Source: Random123, `tests/kat_vectors`, https://github.com/DEShawResearch/random123
/// (commit 9545ff6413f258be2f04c1d319d99aaef7521150, v1.14.0-5), lines 24–29. Each
/// line reads `name rounds CTR[4] KEY[2] EXPECTED[4]`, words in hex, word 0 first:
///
///     philox4x32 7 00000000 00000000 00000000 00000000 00000000 00000000   5f6fb709 0d893f64 4f121f81 4f730a48
///     philox4x32 7 ffffffff ffffffff ffffffff ffffffff ffffffff ffffffff   5207ddc2 45165e59 4d8ee751 8c52f662
///     philox4x32 7 243f6a88 85a308d3 13198a2e 03707344 a4093822 299f31d0   4dfccaba 190a87f0 c47362ba b6b5242a
///     philox4x32 10 00000000 00000000 00000000 00000000 00000000 00000000   6627e8d5 e169c58d bc57ac4c 9b00dbd8
///     philox4x32 10 ffffffff ffffffff ffffffff ffffffff ffffffff ffffffff   408f276d 41c83b0e a20bc7c6 6d5451fd
///     philox4x32 10 243f6a88 85a308d3 13198a2e 03707344 a4093822 299f31d0   d16cfe09 94fdcceb 5001e420 24126ea1
///
/// The third input of each set is the hex digits of π (the file's header says so).
final class PhiloxTests: XCTestCase {
    typealias Block = Philox4x32.Block
    typealias Key = Philox4x32.Key

    static let zeroCounter = Block(0, 0, 0, 0)
    static let zeroKey = Key(0, 0)
    static let onesCounter = Block(repeating: 0xFFFF_FFFF)
    static let onesKey = Key(repeating: 0xFFFF_FFFF)
    static let piCounter = Block(0x243F_6A88, 0x85A3_08D3, 0x1319_8A2E, 0x0370_7344)
    static let piKey = Key(0xA409_3822, 0x299F_31D0)

    func testKnownAnswerZeroCounterAndKey() {
        XCTAssertEqual(Philox4x32.block(Self.zeroCounter, key: Self.zeroKey),
                       Block(0x6627_E8D5, 0xE169_C58D, 0xBC57_AC4C, 0x9B00_DBD8))
    }

    func testKnownAnswerAllOnes() {
        XCTAssertEqual(Philox4x32.block(Self.onesCounter, key: Self.onesKey),
                       Block(0x408F_276D, 0x41C8_3B0E, 0xA20B_C7C6, 0x6D54_51FD))
    }

    func testKnownAnswerPiDigits() {
        XCTAssertEqual(Philox4x32.block(Self.piCounter, key: Self.piKey),
                       Block(0xD16C_FE09, 0x94FD_CCEB, 0x5001_E420, 0x2412_6EA1))
    }

    /// The 7-round vectors check the round function and key schedule separately from
    /// the round count.
    func testKnownAnswersSevenRounds() {
        XCTAssertEqual(Philox4x32.block(Self.zeroCounter, key: Self.zeroKey, rounds: 7),
                       Block(0x5F6F_B709, 0x0D89_3F64, 0x4F12_1F81, 0x4F73_0A48))
        XCTAssertEqual(Philox4x32.block(Self.onesCounter, key: Self.onesKey, rounds: 7),
                       Block(0x5207_DDC2, 0x4516_5E59, 0x4D8E_E751, 0x8C52_F662))
        XCTAssertEqual(Philox4x32.block(Self.piCounter, key: Self.piKey, rounds: 7),
                       Block(0x4DFC_CABA, 0x190A_87F0, 0xC473_62BA, 0xB6B5_242A))
    }

    /// The general-round entry point with 10 rounds is the production function.
    func testTenRoundVariantMatchesHotPath() {
        for c in [Self.zeroCounter, Self.onesCounter, Self.piCounter, Block(1, 2, 3, 4)] {
            for k in [Self.zeroKey, Self.onesKey, Self.piKey, Key(5, 6)] {
                XCTAssertEqual(Philox4x32.block(c, key: k, rounds: 10), Philox4x32.block(c, key: k))
            }
        }
    }

    /// The paired-lane form RandomStream uses gives the same words as the scalar form:
    /// the Random123 known answers, then 2 000 counters and keys from a fixed LCG
    /// (Knuth's MMIX constants) so that high bits, carries in the key schedule and
    /// all-ones words are exercised.
    /// The four-block form gives the blocks of four consecutive word-3 counters (wrapping
    /// at 2³²), as the scalar form does one at a time.
    /// Block `b`'s four words from the four-block form's result, which holds the blocks'
    /// 64-bit draws in draw order: blocks 0 and 1 in `.0`, 2 and 3 in `.1`, each block's
    /// first draw (w0 | w1 << 32) before its second (w2 | w3 << 32).
    static func fourBlockWords(_ four: (Philox4x32.Quad, Philox4x32.Quad), _ b: Int) -> [UInt32] {
        let half = b < 2 ? four.0 : four.1
        let first = half[2 * (b % 2)], second = half[2 * (b % 2) + 1]
        return [UInt32(truncatingIfNeeded: first), UInt32(truncatingIfNeeded: first >> 32),
                UInt32(truncatingIfNeeded: second), UInt32(truncatingIfNeeded: second >> 32)]
    }

    func testFourBlockFormMatchesScalarForm() {
        for (c, k) in [(Self.zeroCounter, Self.zeroKey), (Self.piCounter, Self.piKey), (Self.onesCounter, Self.onesKey)] {
            let key = UInt64(k[0]) | UInt64(k[1]) << 32
            let four = Philox4x32.tenRoundsFour(c[0], c[1], c[2], c[3], key: key)
            for b in 0..<4 {
                let expected = Philox4x32.block(Block(c[0], c[1], c[2], c[3] &+ UInt32(b)), key: k)
                let got = Block(Self.fourBlockWords(four, b))
                XCTAssertEqual(got, expected, "block \(b)")
            }
        }
    }

    /// The four-block form (whose lanes carry garbage in their high halves between rounds,
    /// and whose round keys are advanced by vector adds) against Philox4x32-10 written out
    /// independently here (`multipliedFullWidth`, an explicit table of round keys), for
    /// 3 000 counters and keys from a fixed LCG (Knuth's MMIX constants): all-ones words,
    /// carries in the key schedule, and block indices that wrap at 2³² within the four.
    func testFourBlockFormMatchesIndependentRoundsOnManyCounters() {
        func reference(_ c: [UInt32], _ k0: UInt32, _ k1: UInt32) -> [UInt32] {
            var c = c
            for r in UInt32(0)..<10 {
                let (hi0, lo0) = UInt32(0xD251_1F53).multipliedFullWidth(by: c[0])
                let (hi1, lo1) = UInt32(0xCD9E_8D57).multipliedFullWidth(by: c[2])
                c = [hi1 ^ c[1] ^ (k0 &+ r &* 0x9E37_79B9), lo1, hi0 ^ c[3] ^ (k1 &+ r &* 0xBB67_AE85), lo0]
            }
            return c
        }
        var x: UInt64 = 0x0FED_CBA9_8765_4321
        func word() -> UInt32 {
            x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt32(truncatingIfNeeded: x >> 32)
        }
        var mismatches = 0, wrapped = 0
        for n in 0..<3_000 {
            var c = [word(), word(), word(), word()]
            let k0 = word(), k1 = word()
            if n % 10 == 0 { c[3] = UInt32.max - UInt32(n % 4) }   // wraps inside the four
            if n % 7 == 0 { c[0] = .max; c[2] = .max }
            let four = Philox4x32.tenRoundsFour(c[0], c[1], c[2], c[3], key: UInt64(k0) | UInt64(k1) << 32)
            for b in 0..<4 {
                let counter = [c[0], c[1], c[2], c[3] &+ UInt32(b)]
                if counter[3] < c[3] { wrapped += 1 }
                let expected = reference(counter, k0, k1)
                let got = Self.fourBlockWords(four, b)
                if got != expected { mismatches += 1 }
            }
        }
        XCTAssertEqual(mismatches, 0)
        XCTAssertGreaterThan(wrapped, 0)
        // The reference itself reproduces Random123's 10-round vector for the π digits.
        XCTAssertEqual(reference([0x243F_6A88, 0x85A3_08D3, 0x1319_8A2E, 0x0370_7344], 0xA409_3822, 0x299F_31D0),
                       [0xD16C_FE09, 0x94FD_CCEB, 0x5001_E420, 0x2412_6EA1])
    }

    func testPairedFormMatchesScalarForm() {
        func paired(_ c: Block, _ k: Key) -> Block {
            let w = Philox4x32.tenRoundsPaired(c[0], c[1], c[2], c[3], key: UInt64(k[0]) | UInt64(k[1]) << 32)
            return Block(UInt32(truncatingIfNeeded: w[0]), UInt32(truncatingIfNeeded: w[0] >> 32),
                         UInt32(truncatingIfNeeded: w[1]), UInt32(truncatingIfNeeded: w[1] >> 32))
        }
        XCTAssertEqual(paired(Self.zeroCounter, Self.zeroKey), Block(0x6627_E8D5, 0xE169_C58D, 0xBC57_AC4C, 0x9B00_DBD8))
        XCTAssertEqual(paired(Self.piCounter, Self.piKey), Philox4x32.block(Self.piCounter, key: Self.piKey))
        XCTAssertEqual(paired(Self.onesCounter, Self.onesKey), Philox4x32.block(Self.onesCounter, key: Self.onesKey))
        var x: UInt64 = 0x0123_4567_89AB_CDEF
        func word() -> UInt32 {
            x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt32(truncatingIfNeeded: x >> 32)
        }
        var mismatches = 0
        for _ in 0..<2_000 {
            let c = Block(word(), word(), word(), word()), k = Key(word(), word())
            if paired(c, k) != Philox4x32.block(c, key: k) { mismatches += 1 }
        }
        XCTAssertEqual(mismatches, 0)
    }

    /// A keyed bijection: neighbouring counters (one bit apart) give unrelated blocks,
    /// about half of the 128 output bits flip (avalanche); and distinct keys give
    /// distinct blocks for the same counter.
    func testNeighbouringCountersAndKeysDiffer() {
        let base = Philox4x32.block(Self.piCounter, key: Self.piKey)
        var totalFlipped = 0
        for word in 0..<4 {
            for bit in 0..<32 {
                var c = Self.piCounter
                c[word] ^= 1 << UInt32(bit)
                let out = Philox4x32.block(c, key: Self.piKey)
                let flipped = (0..<4).reduce(0) { $0 + (out[$1] ^ base[$1]).nonzeroBitCount }
                XCTAssertGreaterThan(flipped, 30, "word \(word) bit \(bit)")
                XCTAssertLessThan(flipped, 98, "word \(word) bit \(bit)")
                totalFlipped += flipped
            }
        }
        // 128 inputs × 128 bits × ½ = 8192 expected; binomial σ = √(16384/4) = 64.
        XCTAssertEqual(Double(totalFlipped), 8192, accuracy: 5 * 64)
        XCTAssertNotEqual(Philox4x32.block(Self.piCounter, key: Key(0xA409_3822, 0x299F_31D1)), base)
    }
}
