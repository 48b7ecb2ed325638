/// SHA-256 (FIPS 180-4), for the checksums the journal keeps of every output file.
///
/// Small and dependency-free. It runs over every output byte once in the worker and again
/// when rank 0 checks what a worker sent, so its speed shows in the coordinator's profile:
/// whole 64-byte blocks are compressed straight from the caller's buffer (big-endian loads,
/// no copies, no allocation per block), and only a partial block is kept between `update`s.
public struct SHA256 {
    /// H(i), the eight working words carried from block to block (FIPS 180-4 §5.3.3 initial value).
    private var h: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) =
        (0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19)
    /// The bytes of a block not yet complete (always fewer than 64 after an `update`).
    private var pending: [UInt8] = []
    private var length: UInt64 = 0

    /// K, the 64 round constants (FIPS 180-4 §4.2.2).
    private static let k: [UInt32] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ]

    public init() {}

    public mutating func update<C: Collection>(_ data: C) where C.Element == UInt8 {
        let done: Void? = data.withContiguousStorageIfAvailable { update(UnsafeRawBufferPointer($0)) }
        if done == nil { Array(data).withUnsafeBytes { update($0) } }
    }

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard var p = bytes.baseAddress, !bytes.isEmpty else { return }
        length &+= UInt64(bytes.count)
        var n = bytes.count
        if !pending.isEmpty {
            // Top up the partial block first; only these few bytes are ever copied.
            let take = min(64 - pending.count, n)
            pending.append(contentsOf: UnsafeRawBufferPointer(start: p, count: take))
            p += take
            n -= take
            guard pending.count == 64 else { return }
            pending.withUnsafeBytes { compress($0.baseAddress!, blocks: 1) }
            pending.removeAll(keepingCapacity: true)
        }
        let blocks = n / 64
        if blocks > 0 { compress(p, blocks: blocks) }
        if n % 64 > 0 { pending.append(contentsOf: UnsafeRawBufferPointer(start: p + 64 * blocks, count: n % 64)) }
    }

    /// The digest as 64 lowercase hex digits.
    public mutating func finalizeHex() -> String {
        // Padding (FIPS 180-4 §5.1.1): 0x80, zeros up to 56 mod 64, then the bit length big-endian.
        let bitLength = length &* 8
        pending.append(0x80)
        while pending.count % 64 != 56 { pending.append(0) }
        for i in (0..<8).reversed() { pending.append(UInt8(truncatingIfNeeded: bitLength >> (8 * UInt64(i)))) }
        pending.withUnsafeBytes { compress($0.baseAddress!, blocks: $0.count / 64) }
        pending.removeAll()
        let hex = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for word in [h.0, h.1, h.2, h.3, h.4, h.5, h.6, h.7] {
            for shift in stride(from: 28, through: 0, by: -4) { out.append(hex[Int((word >> UInt32(shift)) & 0xf)]) }
        }
        return String(decoding: out, as: UTF8.self)
    }

    public static func hex<C: Collection>(_ data: C) -> String where C.Element == UInt8 {
        var s = SHA256()
        s.update(data)
        return s.finalizeHex()
    }

    /// The compression function (FIPS 180-4 §6.2.2) over `blocks` consecutive 64-byte blocks.
    /// The state lives in locals for the whole run of blocks, the schedule W in one stack buffer,
    /// and K and W are read through unsafe pointers, so the rounds carry no bounds or
    /// copy-on-write checks in a release build.
    private mutating func compress(_ data: UnsafeRawPointer, blocks: Int) {
        @inline(__always) func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 - n)) }
        /// One round. Instead of shifting all eight words along every round, the caller rotates
        /// the argument order: only `d` and `h` change, which keeps everything in registers.
        @inline(__always) func round(_ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: inout UInt32,
                                     _ e: UInt32, _ f: UInt32, _ g: UInt32, _ h: inout UInt32, _ kw: UInt32) {
            // Σ1(e) = rotr 6 ^ rotr 11 ^ rotr 25 and Σ0(a) = rotr 2 ^ rotr 13 ^ rotr 22, nested
            // so that each needs one copy of its input instead of three.
            let sigma1 = rotr(rotr(rotr(e, 14) ^ e, 5) ^ e, 6)
            let sigma0 = rotr(rotr(rotr(a, 9) ^ a, 11) ^ a, 2)
            let t1 = h &+ sigma1 &+ (g ^ (e & (f ^ g))) &+ kw  // Ch(e, f, g)
            let t2 = sigma0 &+ ((a & b) | (c & (a | b)))       // Maj(a, b, c)
            d &+= t1
            h = t1 &+ t2
        }
        var (h0, h1, h2, h3, h4, h5, h6, h7) = h
        Self.k.withUnsafeBufferPointer { kBuf in
            let k = kBuf.baseAddress!
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { wBuf in
                let w = wBuf.baseAddress!
                for block in 0..<blocks {
                    let m = data + 64 * block
                    for t in 0..<16 {
                        w[t] = UInt32(bigEndian: m.loadUnaligned(fromByteOffset: 4 * t, as: UInt32.self))
                    }
                    for t in 16..<64 {
                        let x = w[t - 15], y = w[t - 2]
                        let s0 = rotr(x, 7) ^ rotr(x, 18) ^ (x >> 3)
                        let s1 = rotr(y, 17) ^ rotr(y, 19) ^ (y >> 10)
                        w[t] = w[t - 16] &+ s0 &+ w[t - 7] &+ s1
                    }
                    // K(t) + W(t) for all rounds at once: a vector loop, and one add less per round.
                    for t in 0..<64 { w[t] &+= k[t] }
                    var (a, b, c, d, e, f, g, hh) = (h0, h1, h2, h3, h4, h5, h6, h7)
                    var t = 0
                    while t < 64 {
                        round(a, b, c, &d, e, f, g, &hh, w[t])
                        round(hh, a, b, &c, d, e, f, &g, w[t + 1])
                        round(g, hh, a, &b, c, d, e, &f, w[t + 2])
                        round(f, g, hh, &a, b, c, d, &e, w[t + 3])
                        round(e, f, g, &hh, a, b, c, &d, w[t + 4])
                        round(d, e, f, &g, hh, a, b, &c, w[t + 5])
                        round(c, d, e, &f, g, hh, a, &b, w[t + 6])
                        round(b, c, d, &e, f, g, hh, &a, w[t + 7])
                        t += 8
                    }
                    h0 &+= a; h1 &+= b; h2 &+= c; h3 &+= d
                    h4 &+= e; h5 &+= f; h6 &+= g; h7 &+= hh
                }
            }
        }
        h = (h0, h1, h2, h3, h4, h5, h6, h7)
    }
}
