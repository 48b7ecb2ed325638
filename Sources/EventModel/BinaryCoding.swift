/// A compact little-endian byte format for farm messages: fixed-width integers and
/// doubles, length-prefixed strings and byte blobs. Smaller and faster than JSON for the
/// many small messages a busy coordinator exchanges, and exact for doubles.
public struct BinaryWriter {
    public private(set) var bytes: [UInt8] = []

    public init(capacity: Int = 64) { bytes.reserveCapacity(capacity) }

    public mutating func write(_ v: UInt64) {
        withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) }
    }
    public mutating func write(_ v: Int) { write(UInt64(bitPattern: Int64(v))) }
    public mutating func write(_ v: Int32) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    public mutating func write(_ v: UInt8) { bytes.append(v) }
    public mutating func write(_ v: Bool) { bytes.append(v ? 1 : 0) }
    public mutating func write(_ v: Double) { write(v.bitPattern) }
    public mutating func write(_ s: String) { write(Array(s.utf8)) }
    public mutating func write(_ blob: [UInt8]) {
        write(blob.count)
        bytes.append(contentsOf: blob)
    }
    public mutating func write(_ v: Float) { withUnsafeBytes(of: v.bitPattern.littleEndian) { bytes.append(contentsOf: $0) } }
}

/// Reads what `BinaryWriter` wrote; throws instead of trapping on a short or corrupt buffer.
public struct BinaryReader {
    private let bytes: [UInt8]
    public private(set) var offset = 0

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    public var isAtEnd: Bool { offset == bytes.count }

    public struct Truncated: Error, CustomStringConvertible {
        public var offset: Int
        public var wanted: Int
        public var description: String { "message truncated: wanted \(wanted) bytes at offset \(offset)" }
    }

    private mutating func take(_ n: Int) throws -> ArraySlice<UInt8> {
        guard n >= 0, offset + n <= bytes.count else { throw Truncated(offset: offset, wanted: n) }
        defer { offset += n }
        return bytes[offset..<offset + n]
    }

    public mutating func readUInt64() throws -> UInt64 {
        let s = try take(8)
        var v: UInt64 = 0
        for (i, b) in s.enumerated() { v |= UInt64(b) << (8 * UInt64(i)) }
        return v
    }
    public mutating func readInt() throws -> Int { Int(Int64(bitPattern: try readUInt64())) }
    public mutating func readInt32() throws -> Int32 {
        let s = try take(4)
        var v: UInt32 = 0
        for (i, b) in s.enumerated() { v |= UInt32(b) << (8 * UInt32(i)) }
        return Int32(bitPattern: v)
    }
    public mutating func readFloat() throws -> Float {
        Float(bitPattern: UInt32(bitPattern: try readInt32()))
    }
    /// A count of items that follow; each takes at least one byte, so a count larger than
    /// what is left is corruption, caught here rather than by a huge allocation or a trap.
    public mutating func readCount() throws -> Int {
        let n = try readInt()
        guard n >= 0, n <= bytes.count - offset else { throw Truncated(offset: offset, wanted: n) }
        return n
    }
    public mutating func readUInt8() throws -> UInt8 { try take(1).first! }
    public mutating func readBool() throws -> Bool { try readUInt8() != 0 }
    public mutating func readDouble() throws -> Double { Double(bitPattern: try readUInt64()) }
    public mutating func readBytes() throws -> [UInt8] { Array(try take(try readInt())) }
    public mutating func readString() throws -> String { String(decoding: try take(try readInt()), as: UTF8.self) }
}
