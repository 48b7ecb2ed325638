import CMPI
import Foundation

/// The part of MPI the farm uses, over Open MPI's C API: point-to-point byte messages with
/// a tag, and a non-blocking probe. Open MPI's blocking receive spins a whole core while it
/// waits, so nobody here blocks: `receive(...)` polls `MPI_Iprobe` and sleeps in between.
public final class MPIWorld: @unchecked Sendable {
    public let rank: Int
    public let size: Int
    /// True when started by mpirun; false for a singleton (run without mpirun).
    public let launchedByMPIRun: Bool

    /// Initialises MPI (once per process). Without mpirun Open MPI starts a singleton: rank 0 of 1.
    public init() throws {
        var provided: Int32 = 0
        // MPI_THREAD_FUNNELED: only the main thread calls MPI; helper threads do work.
        try check(MPI_Init_thread(nil, nil, Int32(MPI_THREAD_FUNNELED), &provided), "MPI_Init_thread")
        // Errors come back as codes we turn into Swift errors, instead of aborting the run.
        MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN)
        var r: Int32 = 0, s: Int32 = 0
        MPI_Comm_rank(MPI_COMM_WORLD, &r)
        MPI_Comm_size(MPI_COMM_WORLD, &s)
        rank = Int(r)
        size = Int(s)
        let env = ProcessInfo.processInfo.environment
        launchedByMPIRun = env["OMPI_COMM_WORLD_SIZE"] != nil || env["PMIX_RANK"] != nil
        genreco_line_buffer_stdout()
    }

    /// Sends bytes to a rank with a tag. Blocks only until the buffer may be reused
    /// (small messages go eagerly).
    public func send(_ bytes: [UInt8], to dest: Int, tag: Int32) throws {
        // MPI counts are 32-bit: a message must stay under 2 GiB (use smaller jobs, -b).
        guard bytes.count <= Int(Int32.max) else {
            throw MPIError(call: "MPI_Send to rank \(dest)", code: -1,
                           message: "message of \(bytes.count) bytes is over MPI's 2 GiB limit; use fewer events per job (-b)")
        }
        let rc = bytes.withUnsafeBufferPointer { buf in
            MPI_Send(buf.baseAddress, Int32(buf.count), MPI_BYTE, Int32(dest), tag, MPI_COMM_WORLD)
        }
        try check(rc, "MPI_Send to rank \(dest)")
    }

    /// A message waiting to be received: who sent it, its tag and its size.
    public struct Pending: Sendable {
        public var source: Int
        public var tag: Int32
        public var count: Int
    }

    /// Looks for a message without blocking.
    public func probe(from source: Int? = nil, tag: Int32? = nil) throws -> Pending? {
        var flag: Int32 = 0
        var status = MPI_Status()
        try check(MPI_Iprobe(Int32(source ?? Int(MPI_ANY_SOURCE)), tag ?? Int32(MPI_ANY_TAG), MPI_COMM_WORLD, &flag, &status),
                  "MPI_Iprobe")
        guard flag != 0 else { return nil }
        var count: Int32 = 0
        try check(MPI_Get_count(&status, MPI_BYTE, &count), "MPI_Get_count")
        return Pending(source: Int(status.MPI_SOURCE), tag: status.MPI_TAG, count: Int(count))
    }

    /// Receives the message `probe` found.
    public func receive(_ p: Pending) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: p.count)
        let rc = bytes.withUnsafeMutableBufferPointer { buf in
            MPI_Recv(buf.baseAddress, Int32(p.count), MPI_BYTE, Int32(p.source), p.tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE)
        }
        try check(rc, "MPI_Recv from rank \(p.source)")
        return bytes
    }

    /// Waits for a message by polling, sleeping `pollMicroseconds` between probes; `idle`
    /// runs on each empty poll (progress lines, timeouts). Costs well under 1 % of a core.
    public func wait(from source: Int? = nil, tag: Int32? = nil, pollMicroseconds: UInt32 = 1000,
                     idle: () throws -> Void = {}) throws -> (Pending, [UInt8]) {
        while true {
            if let p = try probe(from: source, tag: tag) { return (p, try receive(p)) }
            try idle()
            usleep(pollMicroseconds)
        }
    }

    /// The host this rank runs on.
    public var processorName: String {
        var buf = [CChar](repeating: 0, count: Int(MPI_MAX_PROCESSOR_NAME) + 1)
        var len: Int32 = 0
        MPI_Get_processor_name(&buf, &len)
        return String(decoding: buf.prefix(Int(len)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    public func finalize() { MPI_Finalize() }

    /// Ends every rank of the run (Open MPI 4.1 cannot lose one rank and go on).
    public func abort(code: Int32) -> Never {
        MPI_Abort(MPI_COMM_WORLD, code)
        exit(code)
    }
}

public struct MPIError: Error, CustomStringConvertible {
    public var call: String
    public var code: Int32
    public var message: String
    public var description: String { "\(call) failed (MPI error \(code)): \(message)" }
}

func check(_ rc: Int32, _ call: @autoclosure () -> String) throws {
    guard rc != MPI_SUCCESS else { return }
    var buf = [CChar](repeating: 0, count: Int(MPI_MAX_ERROR_STRING) + 1)
    var len: Int32 = 0
    MPI_Error_string(rc, &buf, &len)
    throw MPIError(call: call(), code: rc, message: String(decoding: buf.prefix(Int(len)).map { UInt8(bitPattern: $0) }, as: UTF8.self))
}
