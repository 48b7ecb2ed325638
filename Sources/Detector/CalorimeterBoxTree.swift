import EventModel

/// The calorimeter boxes in a two-level tree of bounding boxes, so that a line's
/// ``Detector/calorimeterSegments(origin:direction:)`` tests only the boxes it may meet.
///
/// Why: testing every box (41 for the ATLAS card) cost ≈ 2 300 instructions per line
/// (callgrind, μ = 0 bench: 4 % of sim + digi), and a line meets 5–10 of them. Level one is
/// a box's `side` (the barrel, the z > 0 and the z < 0 end-caps: a line from near the
/// beam line meets one end-cap side at most); level two the clusters of boxes of one side
/// that touch one another (ATLAS: the barrel; per side the ITC, the extended Tile, the
/// cryostat front with the EM end-cap, the HEC, the FCal). Each node is the smallest r–z
/// ring around its boxes; a line that misses a node's ring (``RZBox`` test, the same
/// arithmetic) misses every box inside it, so the segments found are exactly those of the
/// exhaustive search (`CalorimeterBoxTreeTests` compares them).
struct CalorimeterBoxTree: Sendable {
    /// A box (`box` ≥ 0, its index in `Detector.calorimeterBoxes`) or a bounding ring
    /// (`box` = −1) followed by the `skip` entries inside it.
    struct Entry: Sendable {
        let ring: RZBox
        let box: Int
        let skip: Int
    }
    /// The tree in pre-order, flat: one array to walk, skipping a ring's entries when the
    /// line misses it (≈ 3 fewer retain/release pairs per line than nested arrays).
    let entries: [Entry]

    init(boxes: [RZBox]) {
        var entries: [Entry] = []
        for side in [0, 1, -1] {
            let members = boxes.indices.filter { boxes[$0].side == side }
            guard !members.isEmpty else { continue }
            var inside: [Entry] = []
            let clusters = Self.touchingClusters(members, of: boxes)
            for cluster in clusters {
                // (A cluster of one box is its own ring, and the only cluster of a side
                // has the side's ring: neither is tested twice.)
                if cluster.count > 1 && clusters.count > 1 {
                    inside.append(Entry(ring: Self.bound(of: cluster.map { boxes[$0] }), box: -1, skip: cluster.count))
                }
                inside += cluster.map { Entry(ring: boxes[$0], box: $0, skip: 0) }
            }
            entries.append(Entry(ring: Self.bound(of: members.map { boxes[$0] }), box: -1, skip: inside.count))
            entries += inside
        }
        self.entries = entries
    }

    /// The smallest ring holding all `boxes`.
    static func bound(of boxes: [RZBox]) -> RZBox {
        RZBox(rMin: boxes.map(\.rMin).min()!, rMax: boxes.map(\.rMax).max()!,
              zMin: boxes.map(\.zMin).min()!, zMax: boxes.map(\.zMax).max()!)
    }

    /// `members` split into the classes of "touches" (closed r–z rectangles meet, within
    /// 1 µm), closed transitively; each class in increasing box index.
    static func touchingClusters(_ members: [Int], of boxes: [RZBox]) -> [[Int]] {
        func touch(_ a: RZBox, _ b: RZBox) -> Bool {
            let eps = 1e-3
            return a.rMin <= b.rMax + eps && b.rMin <= a.rMax + eps && a.zMin <= b.zMax + eps && b.zMin <= a.zMax + eps
        }
        var clusters: [[Int]] = []
        for m in members {
            let joined = clusters.indices.filter { k in clusters[k].contains { touch(boxes[$0], boxes[m]) } }
            var merged = [m]
            for k in joined.reversed() { merged += clusters.remove(at: k) }
            clusters.append(merged.sorted())
        }
        return clusters.sorted { $0[0] < $1[0] }
    }
}
