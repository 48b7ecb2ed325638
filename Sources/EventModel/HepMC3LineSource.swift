import Foundation

/// The lines of a file, read in chunks into one reusable byte buffer, so that memory stays
/// the same whatever the file size (it grows only for a single line longer than the buffer).
/// A line is handed out as a pointer and a length, without its '\n' (nor a '\r' before it);
/// the byte after it is always '\n' or '\r', which the number parsers use as a stop sign.
final class HepMC3LineSource {
    let path: String
    /// Size of the file when it is a regular file, else nil; bounds what an E line may announce.
    let fileSize: Int?
    private var descriptor: Int32
    private var buffer: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var start = 0           // first byte not yet handed out
    private var end = 0             // one past the last byte read
    private var atEndOfFile = false
    private var repeatLast = false
    private var last: (UnsafePointer<UInt8>, Int) = (UnsafePointer(bitPattern: 1)!, 0)
    /// Number (1-based) of the line last handed out.
    private(set) var lineNumber = 0

    init(path: String, chunkSize: Int = 1 << 20) throws(HepMC3Error) {
        self.path = path
        descriptor = open(path, O_RDONLY)
        if descriptor < 0 {
            throw HepMC3Error(.io, path: path, line: 0, "cannot open for reading: \(String(cString: strerror(errno)))")
        }
        var info = stat()
        if fstat(descriptor, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG {
            fileSize = Int(info.st_size)
        } else {
            fileSize = nil
        }
        capacity = chunkSize
        buffer = .allocate(capacity: capacity + 1)      // + 1: room for a final '\n'
    }

    deinit {
        close()
        buffer.deallocate()
    }

    func close() {
        if descriptor >= 0 {
            _ = Foundation.close(descriptor)
            descriptor = -1
        }
    }

    /// Hands out the line last returned once more at the next `nextLine()` (the reader's
    /// one-line look-ahead: "this E line starts the next event").
    func unread() {
        repeatLast = true
    }

    /// The next line, or nil at the end of the file. Valid until the following call.
    @inline(__always)
    func nextLine() throws(HepMC3Error) -> (UnsafePointer<UInt8>, Int)? {
        if repeatLast {
            repeatLast = false
            return last
        }
        while true {
            if start < end, let newline = memchr(buffer + start, 0x0A, end - start) {
                let lineStart = UnsafePointer(buffer + start)
                var count = newline.assumingMemoryBound(to: UInt8.self) - (buffer + start)
                start += count + 1
                if count > 0 && lineStart[count - 1] == 0x0D { count -= 1 }
                lineNumber += 1
                last = (lineStart, count)
                return last
            }
            if atEndOfFile {
                guard start < end else { return nil }
                buffer[end] = 0x0A                      // the last line had no '\n'
                let lineStart = UnsafePointer(buffer + start)
                var count = end - start
                start = end
                if count > 0 && lineStart[count - 1] == 0x0D { count -= 1 }
                lineNumber += 1
                last = (lineStart, count)
                return last
            }
            try refill()
        }
    }

    /// Moves the unread bytes to the front and reads more; doubles the buffer when one line
    /// fills it.
    private func refill() throws(HepMC3Error) {
        if start > 0 {
            if end > start { memmove(buffer, buffer + start, end - start) }
            end -= start
            start = 0
        }
        if end == capacity {
            let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: 2 * capacity + 1)
            bigger.update(from: buffer, count: end)
            buffer.deallocate()
            buffer = bigger
            capacity *= 2
        }
        guard descriptor >= 0 else {
            throw HepMC3Error(.io, path: path, line: lineNumber, "read after close")
        }
        while true {
            let n = read(descriptor, buffer + end, capacity - end)
            if n > 0 {
                end += n
                return
            }
            if n == 0 { atEndOfFile = true; return }
            if errno == EINTR { continue }
            throw HepMC3Error(.io, path: path, line: lineNumber, "read failed: \(String(cString: strerror(errno)))")
        }
    }
}

@inline(__always)
func isWhiteSpace(_ byte: UInt8) -> Bool {
    byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
}
