/// A growable list of plain values for the hot loops of one event: the seeding's
/// per-middle-point lists (emptied and refilled up to 12 000 times per μ = 40 event) and
/// the simulation's calorimeter deposits (≈ 1.3 million appends per 100 μ = 0 events).
///
/// Why not an `Array`: its `append` checks uniqueness and capacity and updates a count in
/// the heap on every call, and `removeAll(keepingCapacity:)` goes through a generic
/// `replaceSubrange` (≈ 450 instructions). Together that was ≈ 10 % of the seeding's
/// instructions at μ = 0 and ≈ 1 % of the simulation's. Here an append is one capacity
/// check and a store, and emptying sets the count.
///
/// The memory belongs to a small class that frees it when the last list using it goes, so
/// no owner has to remember to deallocate. The list keeps the pointer and capacity in
/// itself so that the hot path reads no class field. **A copy shares the elements**: use a
/// list in place (an `inout` or a stored property), never two copies that both append.
public struct ScratchList<Element: BitwiseCopyable> {
    @usableFromInline var storage: Storage
    @usableFromInline var base: UnsafeMutablePointer<Element>
    @usableFromInline var room: Int
    @usableFromInline var used = 0

    /// Number of elements.
    @inlinable public var count: Int { used }
    /// Number of elements it holds before it next grows.
    @inlinable public var capacity: Int { room }

    /// An empty list with room for `capacity` elements before it first grows.
    @inlinable
    public init(capacity: Int = 64) {
        storage = Storage(capacity: max(capacity, 1))
        base = storage.base
        room = storage.capacity
    }

    @inlinable public var isEmpty: Bool { used == 0 }

    /// The elements in place (valid until the next append or `resize`).
    @inlinable
    public var elements: UnsafeMutableBufferPointer<Element> { UnsafeMutableBufferPointer(start: base, count: used) }

    @inlinable @inline(__always)
    public subscript(i: Int) -> Element {
        get { base[i] }
        nonmutating set { base[i] = newValue }
    }

    @inlinable @inline(__always)
    public mutating func append(_ e: Element) {
        if used == room { grow(to: 2 * room) }
        (base + used).initialize(to: e)
        used += 1
    }

    /// Appends the elements of `other` in one copy (one capacity check for all).
    @inlinable
    public mutating func append(contentsOf other: UnsafeBufferPointer<Element>) {
        guard let source = other.baseAddress, !other.isEmpty else { return }
        if used + other.count > room { grow(to: max(2 * room, used + other.count)) }
        (base + used).initialize(from: source, count: other.count)
        used += other.count
    }

    @inlinable public mutating func removeAll() { used = 0 }
    @inlinable public mutating func removeLast(_ n: Int) { used -= n }

    /// Removes the elements matching `predicate`, keeping the order of the others (as
    /// `Array.removeAll(where:)` does).
    @inlinable
    public mutating func removeAll(where predicate: (Element) -> Bool) {
        var kept = 0
        for i in 0..<used where !predicate(base[i]) {
            base[kept] = base[i]
            kept += 1
        }
        used = kept
    }

    /// Sorts in place (the standard library's sort, as for an `Array`).
    @inlinable
    public func sort(by areInIncreasingOrder: (Element, Element) -> Bool) {
        var buffer = elements
        buffer.sort(by: areInIncreasingOrder)
    }

    /// `n` elements, all equal to `value`.
    @inlinable
    public mutating func resize(to n: Int, filling value: Element) {
        if n > room { grow(to: n) }
        for i in 0..<n { (base + i).initialize(to: value) }
        used = n
    }

    @usableFromInline
    mutating func grow(to n: Int) {
        let larger = Storage(capacity: n)
        larger.base.initialize(from: base, count: used)
        storage = larger
        base = larger.base
        room = n
    }

    /// The memory of a list: `capacity` elements from `base`, freed with the last list
    /// that holds it. Immutable (a list that grows takes a new one), so reading it needs no
    /// run-time exclusivity check.
    @usableFromInline
    final class Storage {
        @usableFromInline let base: UnsafeMutablePointer<Element>
        @usableFromInline let capacity: Int

        @usableFromInline
        init(capacity: Int) {
            self.capacity = capacity
            base = .allocate(capacity: capacity)
        }

        deinit { base.deallocate() }
    }
}
