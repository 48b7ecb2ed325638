import Foundation

/// Writes a file so that a file with its final name is always complete: the bytes go to a
/// temporary name in the same folder, are fsynced, renamed into place (atomic on POSIX),
/// the folder is fsynced so the rename survives a crash, and the file is made read-only.
public enum AtomicFile {
    /// Suffix of files still being written; `genreco clean` removes leftovers.
    public static let temporaryMarker = ".tmp-"

    /// `durable: false` skips the fsync calls, for files that may be lost in a crash without
    /// harm (logs, summaries that are rewritten at the end of every run).
    public static func write(_ bytes: [UInt8], to path: String, readOnly: Bool = true, durable: Bool = true) throws {
        let url = URL(fileURLWithPath: path)
        let dir = url.deletingLastPathComponent().path
        let tmp = dir + "/." + url.lastPathComponent + temporaryMarker + String(getpid())
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw FarmIOError(path: tmp, operation: "create", errno: errno) }
        var ok = false
        defer {
            if !ok { unlink(tmp) }
        }
        do {
            defer { close(fd) }
            var done = 0
            while done < bytes.count {
                let n = bytes[done...].withUnsafeBytes { Foundation.write(fd, $0.baseAddress, min($0.count, 1 << 24)) }
                if n < 0 {
                    if errno == EINTR { continue }
                    throw FarmIOError(path: path, operation: "write", errno: errno)
                }
                done += n
            }
            if durable {
                guard fsync(fd) == 0 else { throw FarmIOError(path: path, operation: "fsync", errno: errno) }
            }
        }
        if readOnly { chmod(tmp, 0o444) }
        // An older read-only copy (from a run whose journal was lost) is replaced, not kept.
        guard rename(tmp, path) == 0 else { throw FarmIOError(path: path, operation: "rename into place", errno: errno) }
        ok = true
        // The folder is not fsynced: if a crash loses the rename, the file is simply missing,
        // and a rerun, which checks that every done job's outputs are there, makes it again.
        // What must never happen, a complete-looking name over incomplete bytes, the fsync of
        // the file before the rename rules out.
    }

    /// Moves a finished file (written by a child process in scratch) into place the same way.
    public static func install(from source: String, to path: String) throws {
        guard let data = FileManager.default.contents(atPath: source) else {
            throw FarmIOError(path: source, operation: "read", errno: errno)
        }
        try write([UInt8](data), to: path)
    }

    /// Creates a folder (and parents) and checks that a file can be written in it, so that an
    /// unwritable or full output folder is reported before any work starts.
    public static func ensureWritableDirectory(_ dir: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        } catch {
            throw FarmIOError(path: dir, operation: "create the folder", errno: (error as NSError).code == 0 ? EACCES : Int32((error as NSError).code))
        }
        let probe = dir + "/.genreco-write-test" + temporaryMarker + String(getpid())
        let fd = open(probe, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw FarmIOError(path: dir, operation: "write in", errno: errno) }
        let one: [UInt8] = [0x0a]
        let n = one.withUnsafeBytes { Foundation.write(fd, $0.baseAddress, 1) }
        let e = errno
        close(fd)
        unlink(probe)
        guard n == 1 else { throw FarmIOError(path: dir, operation: "write in", errno: e) }
    }
}
