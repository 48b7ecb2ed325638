/// The particles that meet at a vertex: indices into `GenEvent.particles`, ascending.
///
/// Generators append a decay's or a string's products together, so a vertex's outgoing
/// particles are nearly always a run of consecutive indices, and its incoming one a single
/// index. Such a run is kept as its two bounds, with no array: a μ = 40 pile-up overlay makes
/// ≈ 4 000 decay vertices, and their two small arrays were ≈ 5 % of its time in allocation
/// and release. Any other list (a HepMC3 file's vertex with scattered parents) is kept as an
/// array. Both forms are the same collection: equality, hashing and `Codable` see only the
/// elements, so `[3, 4]` written as a run or as a list is one value.
public struct ParticleIndices: RandomAccessCollection, Hashable, Sendable, ExpressibleByArrayLiteral {
    /// `lower..<upper` when `list` is nil.
    @usableFromInline var lower: Int
    @usableFromInline var upper: Int
    @usableFromInline var list: [Int]?

    /// No particles.
    @inlinable public init() { lower = 0; upper = 0; list = nil }

    /// One particle.
    @inlinable public init(_ index: Int) { lower = index; upper = index + 1; list = nil }

    /// The consecutive particles `run`.
    @inlinable public init(run: Range<Int>) { lower = run.lowerBound; upper = run.upperBound; list = nil }

    /// The particles `indices`, in the order given (a vertex keeps them ascending; see
    /// `GenEvent.addVertex`). A consecutive ascending list is stored as a run.
    @inlinable public init(_ indices: [Int]) {
        if let first = indices.first, Self.isRun(indices, from: first) {
            lower = first; upper = first + indices.count; list = nil
        } else if indices.isEmpty {
            lower = 0; upper = 0; list = nil
        } else {
            lower = 0; upper = 0; list = indices
        }
    }

    @inlinable public init(arrayLiteral elements: Int...) { self.init(elements) }

    @inlinable static func isRun(_ a: [Int], from first: Int) -> Bool {
        var k = 1
        while k < a.count {
            if a[k] != first + k { return false }
            k += 1
        }
        return true
    }

    @inlinable public var startIndex: Int { 0 }
    @inlinable public var endIndex: Int { list?.count ?? upper - lower }

    @inlinable public subscript(position: Int) -> Int {
        if let list { return list[position] }
        precondition(position >= 0 && position < upper - lower, "ParticleIndices: index \(position) out of range")
        return lower + position
    }

    /// Appends a particle: a run stays a run while the new index continues it.
    @inlinable public mutating func append(_ index: Int) {
        if list == nil {
            if lower == upper { lower = index; upper = index + 1; return }
            if index == upper { upper += 1; return }
            list = Array(lower..<upper)
        }
        list!.append(index)
    }

    public static func == (a: Self, b: Self) -> Bool {
        if a.list == nil && b.list == nil { return a.count == 0 && b.count == 0 || (a.lower == b.lower && a.upper == b.upper) }
        return a.elementsEqual(b)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        for i in self { hasher.combine(i) }
    }
}

extension ParticleIndices: Codable {
    /// Written as the plain list of indices, as the `[Int]` it replaces.
    public init(from decoder: any Decoder) throws {
        self.init(try [Int](from: decoder))
    }

    public func encode(to encoder: any Encoder) throws {
        try Array(self).encode(to: encoder)
    }
}

extension ParticleIndices: CustomStringConvertible {
    public var description: String { Array(self).description }
}
