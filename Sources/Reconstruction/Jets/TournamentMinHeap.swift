/// A fixed-size binary tournament tree over N values: every node k knows the location of the
/// smallest value in its subtree (children 2k+1, 2k+2), so the global minimum is at the root
/// and changing one value costs O(log N) walking up. This is the structure of FastJet's
/// `MinHeap` (used by its N2MinHeapTiled and lazy-tiling strategies); its tie rules are kept —
/// a child replaces a node's minimum only when strictly smaller, on building the right child
/// is offered before the left, and an update re-walks only while something changed — so the
/// location of a tied minimum, and with it the order of tied merges, is FastJet's.
struct TournamentMinHeap {
    private(set) var count = 0
    private var values: UnsafeMutablePointer<Double>
    private var minLocations: UnsafeMutablePointer<Int32>
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 1)
        values = .allocate(capacity: self.capacity)
        minLocations = .allocate(capacity: self.capacity)
    }

    func deallocate() {
        values.deallocate()
        minLocations.deallocate()
    }

    /// Makes the heap hold `n` values produced by `value(i)`.
    mutating func build(count n: Int, _ value: (Int) -> Double) {
        if n > capacity {
            deallocate()
            capacity = n
            values = .allocate(capacity: n)
            minLocations = .allocate(capacity: n)
        }
        count = n
        for i in 0..<n {
            values[i] = value(i)
            minLocations[i] = Int32(i)
        }
        var i = n - 1
        while i > 0 {
            let parent = (i - 1) / 2
            if values[Int(minLocations[i])] < values[Int(minLocations[parent])] {
                minLocations[parent] = minLocations[i]
            }
            i -= 1
        }
    }

    /// Where the smallest value is.
    @inline(__always) var minLocation: Int { Int(minLocations[0]) }
    @inline(__always) var minValue: Double { values[Int(minLocations[0])] }

    /// Takes location `loc` out of the competition (its value becomes the largest double).
    @inline(__always) func remove(_ loc: Int) { update(loc, .greatestFiniteMagnitude) }

    /// Sets the value at `loc` and repairs the minimum locations up the tree.
    /// (Writes only through the storage pointers, so it needs no exclusive access.)
    func update(_ loc: Int, _ newValue: Double) {
        let start = Int32(truncatingIfNeeded: loc)
        // Not the minimum of its own subtree, and not becoming it: nothing above changes.
        if minLocations[loc] != start && !(newValue < values[Int(minLocations[loc])]) {
            values[loc] = newValue
            return
        }
        values[loc] = newValue
        minLocations[loc] = start
        var node = loc
        var changed = true
        while changed {
            changed = false
            if minLocations[node] == start {
                minLocations[node] = Int32(truncatingIfNeeded: node)
                changed = true
            }
            let left = 2 &* node &+ 1
            if left < count && values[Int(minLocations[left])] < values[Int(minLocations[node])] {
                minLocations[node] = minLocations[left]
                changed = true
            }
            let right = left &+ 1
            if right < count && values[Int(minLocations[right])] < values[Int(minLocations[node])] {
                minLocations[node] = minLocations[right]
                changed = true
            }
            if node == 0 { break }
            node = (node &- 1) >> 1
        }
    }
}
