/// A growable buffer of plain values for the shower's bookkeeping (dipole-end records, the
/// trial heap), owned by one call of ``FinalStateShower`` and freed by it.
///
/// Why not an array: the shower writes these records tens of times per branching from its
/// nested functions, and every array write checks that the buffer is uniquely referenced (a
/// runtime call) and in bounds; callgrind counted ≈ 60 such checks per branching, ≈ 3 % of
/// the μ = 40 overlay's instructions with the heap's own array overhead. Here a write is a
/// store. Indices are checked by `assert` in debug builds only. `Element` must be a plain
/// value (no references): the buffer moves its elements with memory copies and frees them
/// without deinitialising them.
struct ShowerBuffer<Element> {
    private(set) var base: UnsafeMutablePointer<Element>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    /// Frees the memory; the buffer must not be used afterwards.
    func free() { base.deallocate() }

    var indices: Range<Int> { 0..<count }
    var isEmpty: Bool { count == 0 }

    subscript(i: Int) -> Element {
        @inline(__always) unsafeAddress {
            assert(i >= 0 && i < count, "ShowerBuffer index \(i) out of 0..<\(count)")
            return UnsafePointer(base + i)
        }
        @inline(__always) nonmutating unsafeMutableAddress {
            assert(i >= 0 && i < count, "ShowerBuffer index \(i) out of 0..<\(count)")
            return base + i
        }
    }

    @inline(__always)
    mutating func append(_ element: Element) {
        if count == capacity { grow() }
        (base + count).initialize(to: element)
        count += 1
    }

    @inline(__always)
    mutating func popLast() -> Element? {
        guard count > 0 else { return nil }
        count -= 1
        return (base + count).move()
    }

    @inline(__always)
    mutating func removeAll() { count = 0 }

    private mutating func grow() {
        let bigger = 2 * capacity
        let new = UnsafeMutablePointer<Element>.allocate(capacity: bigger)
        new.moveInitialize(from: base, count: count)
        base.deallocate()
        base = new
        capacity = bigger
    }
}
