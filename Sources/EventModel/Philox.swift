/// Philox4x32-10, the counter-based random-number generator of
/// J. K. Salmon, M. A. Moraes, R. O. Dror and D. E. Shaw, "Parallel random numbers:
/// as easy as 1, 2, 3", Proc. SC11 (2011), doi:10.1145/2063384.2063405.
///
/// A counter-based generator is a keyed bijection `block = f_key(counter)` on 128-bit
/// words, so any element of any stream can be computed directly, in any order, on any
/// rank. That is what lets GenReco give every (run seed, event, stage) its own stream
/// (DESIGN.md §3) without storing or passing generator state between ranks.
///
/// One Philox4x32 round maps the counter words (c0, c1, c2, c3) with key (k0, k1) to
///
///     hi0·2³² + lo0 = M0 · c0        (full 64-bit product)
///     hi1·2³² + lo1 = M1 · c2
///     (c0, c1, c2, c3) ← (hi1 ⊕ c1 ⊕ k0,  lo1,  hi0 ⊕ c3 ⊕ k1,  lo0)
///
/// and between rounds the key is advanced by the Weyl increments,
/// (k0, k1) ← (k0 + W0, k1 + W1) mod 2³². Ten rounds are the "-10" of the name, the
/// count the authors recommend (seven already pass BigCrush; ten add a safety margin).
/// The constants are those the paper gives for Philox4x32: M0 = 0xD2511F53, M1 = 0xCD9E8D57,
/// W0 = 0x9E3779B9 (golden ratio), W1 = 0xBB67AE85 (√3 − 1).
///
/// Word order follows Random123: word 0 is the first word of the counter, key and
/// output, which is how its known-answer file `tests/kat_vectors` lists them; the tests
/// check this implementation against that file.
public enum Philox4x32 {
    /// The 128-bit counter (or output block) as four 32-bit words, word 0 first.
    public typealias Block = SIMD4<UInt32>
    /// The 64-bit key as two 32-bit words, word 0 first.
    public typealias Key = SIMD2<UInt32>

    // The constants appear as literals in `round` and `bumpKey` (not as stored
    // statics), so that the inlined hot path needs no lazy-global access.

    /// Philox4x32-10: the block for `counter` under `key`.
    @inlinable
    public static func block(_ counter: Block, key: Key) -> Block {
        let w = tenRounds(counter[0], counter[1], counter[2], counter[3], key[0], key[1])
        return Block(w.0, w.1, w.2, w.3)
    }

    /// Philox4x32-10 on loose words, the form ``RandomStream`` uses: its counter and key
    /// are kept as integers, so no SIMD vector is packed and unpacked per block (that
    /// shuffling was ≈ 15 % of the instructions of a block). A fixed trip count, so the
    /// optimizer unrolls it and keeps the eight words in registers; the key schedule
    /// folds into per-round constants added to the key words.
    @inlinable @inline(__always)
    public static func tenRounds(
        _ w0: UInt32, _ w1: UInt32, _ w2: UInt32, _ w3: UInt32, _ key0: UInt32, _ key1: UInt32
    ) -> (UInt32, UInt32, UInt32, UInt32) {
        var c0 = w0, c1 = w1, c2 = w2, c3 = w3
        var k0 = key0, k1 = key1
        round(&c0, &c1, &c2, &c3, k0, k1)
        for _ in 1..<10 {
            bumpKey(&k0, &k1)
            round(&c0, &c1, &c2, &c3, k0, k1)
        }
        return (c0, c1, c2, c3)
    }

    /// Two 64-bit lanes, for ``tenRoundsPaired(_:_:_:_:key:)``.
    public typealias Lanes = SIMD2<UInt64>

    /// Philox4x32-10 with the two multiplications of a round done together, the form
    /// ``RandomStream`` uses: the words that are multiplied, (c0, c2), sit in the low
    /// halves of one pair of 64-bit lanes, the others, (c1, c3), in a second pair, so a
    /// round is one paired 32×32→64 multiply (SSE2 `pmuludq`), a lane swap, a shift,
    /// two XORs and a mask. Same words as the scalar form; a stream's block costs
    /// ≈ 114 instead of ≈ 148 instructions (callgrind, bookkeeping included).
    /// Returns (w0 | w1 << 32, w2 | w3 << 32).
    @inlinable @inline(__always)
    public static func tenRoundsPaired(
        _ w0: UInt32, _ w1: UInt32, _ w2: UInt32, _ w3: UInt32, key: UInt64
    ) -> Lanes {
        var a = Lanes(UInt64(w0), UInt64(w2))
        var b = Lanes(UInt64(w1), UInt64(w3))
        let k0 = UInt32(truncatingIfNeeded: key), k1 = UInt32(truncatingIfNeeded: key >> 32)
        // Round r's key, k + r·W mod 2³² per word; r is a literal, so these fold.
        @inline(__always) func roundKey(_ r: UInt32) -> Lanes {
            Lanes(UInt64(k0 &+ r &* 0x9E37_79B9), UInt64(k1 &+ r &* 0xBB67_AE85))
        }
        pairedRound(&a, &b, roundKey(0)); pairedRound(&a, &b, roundKey(1))
        pairedRound(&a, &b, roundKey(2)); pairedRound(&a, &b, roundKey(3))
        pairedRound(&a, &b, roundKey(4)); pairedRound(&a, &b, roundKey(5))
        pairedRound(&a, &b, roundKey(6)); pairedRound(&a, &b, roundKey(7))
        pairedRound(&a, &b, roundKey(8)); pairedRound(&a, &b, roundKey(9))
        return a | b &<< 32
    }

    /// Four 64-bit lanes: two blocks' words or draws (``tenRoundsFour``).
    public typealias Quad = SIMD4<UInt64>

    /// The blocks with word 3 = `w3` … `w3 + 3`, computed together, two blocks to a
    /// 256-bit vector: lanes (x, y) of a pair hold the two multiplied words of one block,
    /// (c0, c2), in `a`, and the other two, crossed, (c3, c1), in `b`. With `b` crossed the
    /// round needs no lane move on its chain of dependent multiplies,
    ///
    ///     p = a · (M0, M1):  (hi0:lo0, hi1:lo1)
    ///     a ← (p >> 32) ⊕ b ⊕ (k1, k0) = (hi0 ⊕ c3 ⊕ k1, hi1 ⊕ c1 ⊕ k0) = (c2', c0')
    ///     b ← p with its lanes swapped   = (lo1, lo0)                     = (c1', c3')
    ///
    /// so the words' roles alternate between the lanes from round to round (the next round
    /// multiplies by (M1, M0) and adds the keys as (k0, k1)), and the swap feeds only the
    /// next round's XOR, beside the multiply. After the ten rounds (an even number) `a` is
    /// (c0, c2) again and the last product's low halves are (c1, c3): `a | p << 32` is the
    /// pair of 64-bit draws of each block, already in draw order. Returns the draws of
    /// blocks 0 and 1 in `.0` and of blocks 2 and 3 in `.1`, draw order (block 0's first
    /// and second draw, then block 1's, …).
    ///
    /// Only the low 32 bits of each 64-bit lane are a counter word; the high halves are
    /// let carry garbage, because nothing reads them before the final mask: the multiply
    /// reads the low halves (the `& low` in front of it tells the optimizer so, and costs
    /// no instruction: the 32×32→64 vector multiply ignores the high halves). Same words
    /// as the scalar form; against the word-by-word four-block form of session 13 (one
    /// counter word of the four blocks per vector) it saves the interleave of the results
    /// into draw order and the per-round key splats: ≈ 185 instead of ≈ 210 instructions
    /// per refill of four blocks (callgrind, bookkeeping included: 307 514 such refills in
    /// the no-UE μ = 0 bench, 7.7 M fewer instructions), though no measurable wall time:
    /// the refill's latency, ten dependent multiplies, is unchanged.
    @inlinable @inline(__always)
    public static func tenRoundsFour(
        _ w0: UInt32, _ w1: UInt32, _ w2: UInt32, _ w3: UInt32, key: UInt64
    ) -> (Quad, Quad) {
        let low = Quad(repeating: 0xFFFF_FFFF)
        // The key words in the low halves; the high halves are garbage too (the other key
        // word). Unmasked, they keep the optimizer from proving the round-1 mask redundant,
        // which made it drop the mask and then emit a full 64-bit multiply (five
        // instructions instead of one) for that round.
        let k0 = key, k1 = key >> 32 | key << 32
        // Round 0 multiplies words 0 and 2, which the four blocks share: done once, in
        // scalar registers (c0, c1, c3 stay shared; c2 = hi0 ⊕ c3 ⊕ k1 takes each block's c3).
        let p0 = UInt64(w0) &* 0xD251_1F53, p1 = UInt64(w2) &* 0xCD9E_8D57   // M0, M1
        let c0 = p1 >> 32 ^ UInt64(w1) ^ k0, c1 = p1, c3 = p0   // c1, c3: lo1, lo0 (+ garbage)
        let c2 = Quad(UInt64(w3), UInt64(w3 &+ 1), UInt64(w3 &+ 2), UInt64(w3 &+ 3))
            ^ Quad(repeating: p0 >> 32 ^ k1)
        // From round 1 (odd): blocks 0, 1 in (a, b), blocks 2, 3 in (a2, b2), as ((c2, c0), (c1, c3)).
        var a = Quad(c2[0], c0, c2[1], c0), a2 = Quad(c2[2], c0, c2[3], c0)
        var b = Quad(c1, c3, c1, c3), b2 = b
        let keyEven = Quad(k1, k0, k1, k0), keyOdd = Quad(k0, k1, k0, k1)
        // Round r's key words, k + r·W mod 2³², in the lane order of its orientation (even
        // rounds (k1, k0), odd rounds (k0, k1)): one 64-bit add of a constant (r is a
        // literal) whose carry into the high half is more of the garbage that is let be.
        @inline(__always) func roundKey(_ r: UInt32) -> Quad {
            let x = UInt64(r &* 0x9E37_79B9), y = UInt64(r &* 0xBB67_AE85)   // r·W0, r·W1
            return r & 1 == 0 ? keyEven &+ Quad(y, x, y, x) : keyOdd &+ Quad(x, y, x, y)
        }
        // Even rounds multiply by (M0, M1), odd ones by (M1, M0); the swapped products
        // become the next `b` (not needed after the last round, whose products are returned).
        @inline(__always) func round(_ r: UInt32) -> (Quad, Quad) {
            let m = r & 1 == 0 ? Quad(0xD251_1F53, 0xCD9E_8D57, 0xD251_1F53, 0xCD9E_8D57)
                               : Quad(0xCD9E_8D57, 0xD251_1F53, 0xCD9E_8D57, 0xD251_1F53)
            let k = roundKey(r)
            let p = (a & low) &* m, p2 = (a2 & low) &* m
            a = (p &>> 32) ^ (b ^ k)
            a2 = (p2 &>> 32) ^ (b2 ^ k)
            b = Quad(p[1], p[0], p[3], p[2])
            b2 = Quad(p2[1], p2[0], p2[3], p2[2])
            return (p, p2)
        }
        _ = round(1); _ = round(2); _ = round(3); _ = round(4)
        _ = round(5); _ = round(6); _ = round(7); _ = round(8)
        let (p, p2) = round(9)
        return ((a & low) | p &<< 32, (a2 & low) | p2 &<< 32)
    }

    /// One round on (a, b) = ((c0, c2), (c1, c3)): products (hi0:lo0, hi1:lo1), swapped
    /// to (hi1:lo1, hi0:lo0), give a = (hi1 ⊕ c1 ⊕ k0, hi0 ⊕ c3 ⊕ k1), b = (lo1, lo0).
    @inlinable @inline(__always)
    static func pairedRound(_ a: inout Lanes, _ b: inout Lanes, _ k: Lanes) {
        let low = Lanes(repeating: 0xFFFF_FFFF)
        // The mask tells the optimizer the high halves are zero, so it uses the 32×32→64
        // vector multiply instead of a full 64-bit product.
        let p = (a & low) &* Lanes(0xD251_1F53, 0xCD9E_8D57)   // (M0, M1)
        let q = Lanes(p[1], p[0])
        a = (q &>> 32) ^ b ^ k
        b = q & low
    }

    /// Philox4x32 with a chosen number of rounds (1…16), for the known-answer tests of
    /// the 7-round variant; production code uses ``block(_:key:)``.
    public static func block(_ counter: Block, key: Key, rounds: Int) -> Block {
        precondition((1...16).contains(rounds), "Philox4x32 is defined for 1…16 rounds")
        var c0 = counter[0], c1 = counter[1], c2 = counter[2], c3 = counter[3]
        var k0 = key[0], k1 = key[1]
        for r in 0..<rounds {
            if r > 0 { bumpKey(&k0, &k1) }
            round(&c0, &c1, &c2, &c3, k0, k1)
        }
        return Block(c0, c1, c2, c3)
    }

    /// The key schedule between rounds: (k0, k1) += (W0, W1) mod 2³².
    @inlinable @inline(__always)
    static func bumpKey(_ k0: inout UInt32, _ k1: inout UInt32) {
        k0 &+= 0x9E37_79B9   // W0: golden ratio, 2³²·(√5 − 1)/2
        k1 &+= 0xBB67_AE85   // W1: 2³²·(√3 − 1)
    }

    /// One Philox S-box/permutation round (see the type's documentation).
    @inlinable @inline(__always)
    static func round(
        _ c0: inout UInt32, _ c1: inout UInt32, _ c2: inout UInt32, _ c3: inout UInt32,
        _ k0: UInt32, _ k1: UInt32
    ) {
        let p0 = UInt64(0xD251_1F53) &* UInt64(c0)   // M0
        let p1 = UInt64(0xCD9E_8D57) &* UInt64(c2)   // M1
        let hi0 = UInt32(truncatingIfNeeded: p0 >> 32), lo0 = UInt32(truncatingIfNeeded: p0)
        let hi1 = UInt32(truncatingIfNeeded: p1 >> 32), lo1 = UInt32(truncatingIfNeeded: p1)
        c0 = hi1 ^ c1 ^ k0
        c1 = lo1
        c2 = hi0 ^ c3 ^ k1
        c3 = lo0
    }
}
