/// Walks the fields of one line in place: no copy, no String, no allocation on the way.
/// Fields are separated by blanks (spaces or tabs). A number must end at a blank or at the
/// end of the line, so "1.0abc" is not silently read as 1.0.
struct HepMC3LineCursor {
    var p: UnsafePointer<UInt8>
    let end: UnsafePointer<UInt8>
    let powersOfFive: UnsafePointer<UInt64>

    @inline(__always)
    init(_ line: (UnsafePointer<UInt8>, Int), from offset: Int, powersOfFive: UnsafePointer<UInt64>) {
        p = line.0 + offset
        end = line.0 + line.1
        self.powersOfFive = powersOfFive
    }

    @inline(__always)
    mutating func skipBlanks() {
        while p < end && (p.pointee == 0x20 || p.pointee == 0x09) { p += 1 }
    }

    @inline(__always)
    var atEnd: Bool { p >= end }

    @inline(__always)
    func endsField(_ q: UnsafePointer<UInt8>) -> Bool {
        q >= end || q.pointee == 0x20 || q.pointee == 0x09
    }

    /// The next field as an integer, or nil (cursor unmoved past the blanks).
    @inline(__always)
    mutating func int() -> Int? {
        skipBlanks()
        guard p < end else { return nil }
        var q = p
        guard let value = HepMC3NumberParsing.parseInt(&q), endsField(q) else { return nil }
        p = q
        return value
    }

    /// An integer inside a bracketed list: it may end at ',' or ']' too.
    @inline(__always)
    mutating func listInt() -> Int? {
        skipBlanks()
        guard p < end else { return nil }
        var q = p
        guard let value = HepMC3NumberParsing.parseInt(&q),
              endsField(q) || q.pointee == UInt8(ascii: ",") || q.pointee == UInt8(ascii: "]") else { return nil }
        p = q
        return value
    }

    /// The next field as a double, or nil.
    @inline(__always)
    mutating func double() -> Double? {
        skipBlanks()
        guard p < end else { return nil }
        var q = p
        if let value = HepMC3NumberParsing.parseDouble(&q, table: powersOfFive), endsField(q) {
            p = q
            return value
        }
        // Forms only the C library reads in full ("0x1p-3", "infinity" …).
        q = p
        if let value = HepMC3NumberParsing.fallback(&q), endsField(q) {
            p = q
            return value
        }
        return nil
    }

    /// Consumes `byte` after optional blanks, if it is there.
    @inline(__always)
    mutating func consume(_ byte: UInt8) -> Bool {
        skipBlanks()
        if p < end && p.pointee == byte { p += 1; return true }
        return false
    }

    /// The next field as raw bytes (up to a blank), cursor moved past it.
    @inline(__always)
    mutating func token() -> UnsafeBufferPointer<UInt8> {
        skipBlanks()
        let s = p
        while p < end && p.pointee != 0x20 && p.pointee != 0x09 { p += 1 }
        return UnsafeBufferPointer(start: s, count: p - s)
    }

    /// What stands at the cursor, for an error message: the next field in quotes, or
    /// "end of line".
    func found() -> String {
        var c = self
        let t = c.token()
        return t.isEmpty ? "end of line" : "\"\(String(decoding: t, as: UTF8.self))\""
    }

    /// The rest of the line.
    var rest: UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: p, count: max(0, end - p))
    }
}
