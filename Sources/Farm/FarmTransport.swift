import Foundation

/// How coordinator and workers exchange messages. `MPITransport` is the real one; tests
/// use an in-process double, so the coordinator's logic is checked without mpirun.
public protocol FarmTransport: AnyObject {
    var rank: Int { get }
    var size: Int { get }
    func send(_ message: FarmMessage, to rank: Int) throws
    /// The next waiting message, without blocking.
    func poll() throws -> (source: Int, message: FarmMessage)?
}

/// Farm messages over MPI point-to-point, one MPI tag per message kind.
public final class MPITransport: FarmTransport {
    public let world: MPIWorld
    public var rank: Int { world.rank }
    public var size: Int { world.size }

    public init(world: MPIWorld) { self.world = world }

    public func send(_ message: FarmMessage, to rank: Int) throws {
        try world.send(message.encoded(), to: rank, tag: message.tag.rawValue)
    }

    public func poll() throws -> (source: Int, message: FarmMessage)? {
        guard let p = try world.probe() else { return nil }
        let bytes = try world.receive(p)
        return (p.source, try FarmMessage(tag: p.tag, bytes: bytes))
    }
}

/// Sleeps between empty polls: 0.2 ms at first, so a busy farm sees messages at once, up
/// to 5 ms when nothing has happened for a while, so an idle rank costs almost no CPU.
struct PollBackoff {
    private var idleRounds = 0

    mutating func reset() { idleRounds = 0 }

    mutating func sleep() {
        idleRounds += 1
        let us: UInt32 = idleRounds < 50 ? 200 : (idleRounds < 500 ? 1000 : 5000)
        usleep(us)
    }
}
