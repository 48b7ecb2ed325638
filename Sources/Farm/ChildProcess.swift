import Foundation

/// Starts a program with `posix_spawn` and waits for it with a blocking `waitpid`, which
/// costs no CPU and returns the moment the child ends. (Foundation's `Process` waits by
/// polling a run loop every 50 ms: that alone would be most of a short job's overhead.)
enum ChildProcess {
    enum Termination: Equatable {
        case exited(Int32)
        case signaled(Int32)
    }

    /// Runs `executable` with `arguments` and `environment`; its standard output and error
    /// go to `logPath` (created or truncated), its standard input is /dev/null.
    static func run(_ executable: String, _ arguments: [String], environment: [String: String],
                    logPath: String) throws -> Termination {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, logPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for p in argv { free(p) }
            for p in envp { free(p) }
        }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        guard rc == 0 else { throw FarmIOError(path: executable, operation: "start", errno: rc) }

        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw FarmIOError(path: executable, operation: "wait for", errno: errno) }
        }
        // The wait-status macros are not imported into Swift; this is their glibc definition.
        let signal = status & 0x7f
        if signal == 0 { return .exited((status >> 8) & 0xff) }
        return .signaled(signal)
    }
}
