import Foundation

/// A progress bar for the long single-process commands (`display`, `report`, `validate`,
/// `bench`): drawn in place on standard error, and only when standard error is a terminal,
/// the command is not `--quiet`, and this is rank 0 (or no MPI at all). Otherwise it draws
/// nothing, so piped or logged output never carries control characters, and standard
/// output (the command's results) is never touched.
///
/// ```swift
/// let bar = ProgressBar("generating", total: 2000, enabled: !quiet)
/// for n in 0..<2000 { …; bar.advance() }
/// bar.finish()
/// ```
final class ProgressBar {
    private var label: String
    private var total: Int
    private var done = 0
    private let active: Bool
    private var start = Date()
    private var lastDraw = Date.distantPast
    private var drawn = false

    /// Whether a bar would be drawn at all here: a terminal on standard error, rank 0.
    static var terminalAvailable: Bool {
        let env = ProcessInfo.processInfo.environment
        let rank = env["OMPI_COMM_WORLD_RANK"] ?? env["PMIX_RANK"] ?? "0"
        return isatty(STDERR_FILENO) != 0 && rank == "0" && env["TERM"] != "dumb"
    }

    init(_ label: String, total: Int, enabled: Bool = true) {
        self.label = label
        self.total = max(total, 0)
        active = enabled && Self.terminalAvailable
    }

    /// Starts a new phase with its own count (the bar restarts from zero).
    func phase(_ label: String, total: Int) {
        self.label = label
        self.total = max(total, 0)
        done = 0
        start = Date()
        draw(force: true)
    }

    func advance(by n: Int = 1) {
        done += n
        draw(force: done >= total)
    }

    func set(_ value: Int) {
        done = value
        draw(force: done >= total)
    }

    /// Clears the bar, leaving the terminal as it was.
    func finish() {
        guard active, drawn else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        drawn = false
    }

    /// The text of the bar, without control characters (for tests).
    static func text(label: String, done: Int, total: Int, elapsed: Double, width: Int = 30) -> String {
        let fraction = total > 0 ? min(Double(done) / Double(total), 1) : 0
        let filled = Int((fraction * Double(width)).rounded(.down))
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        var s = "\(label) [\(bar)] \(done)/\(total) (\(Int((100 * fraction).rounded(.down)))%) \(ProgressBar.clock(elapsed))"
        if done > 0 && done < total {
            s += " ETA " + ProgressBar.clock(elapsed * Double(total - done) / Double(done))
        }
        return s
    }

    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60) : String(format: "%02d:%02d", s / 60, s % 60)
    }

    private func draw(force: Bool) {
        guard active else { return }
        let now = Date()
        guard force || now.timeIntervalSince(lastDraw) >= 0.1 else { return }
        lastDraw = now
        let line = Self.text(label: label, done: done, total: total, elapsed: now.timeIntervalSince(start))
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + line).utf8))
        drawn = true
    }
}

/// For work that reports no progress of its own (a validation or benchmark suite in another
/// module): "label … 00:12" redrawn twice a second on standard error while `body` runs, under
/// the same rules as ``ProgressBar`` (a terminal, rank 0, not `--quiet`), and cleared after.
enum ElapsedTicker {
    static func run<T>(_ label: String, enabled: Bool = true, _ body: () throws -> T) rethrows -> T {
        guard enabled && ProgressBar.terminalAvailable else { return try body() }
        let ticker = Ticker(label: label)
        ticker.start()
        defer { ticker.stop() }
        return try body()
    }

    /// The timer's state, touched from the timer queue and the caller: guarded by a lock.
    private final class Ticker: @unchecked Sendable {
        let label: String
        let start0 = Date()
        let lock = NSLock()
        var timer: DispatchSourceTimer?

        init(label: String) { self.label = label }

        func start() {
            let t = DispatchSource.makeTimerSource(queue: DispatchQueue.global(qos: .utility))
            t.schedule(deadline: .now(), repeating: .milliseconds(500))
            t.setEventHandler { [self] in
                lock.lock()
                defer { lock.unlock() }
                guard timer != nil else { return }
                let line = "\r\u{1B}[K\(label) … \(ProgressBar.clock(Date().timeIntervalSince(start0)))"
                FileHandle.standardError.write(Data(line.utf8))
            }
            lock.lock()
            timer = t
            lock.unlock()
            t.resume()
        }

        func stop() {
            lock.lock()
            timer?.cancel()
            timer = nil
            FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
            lock.unlock()
        }
    }
}
