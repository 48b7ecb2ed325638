/// Resolves candidates that share clusters: candidates are taken best first (score: more
/// clusters, pixel clusters weigh double, fewer holes, lower χ²/ndf) and a candidate is
/// dropped when more than `maxSharedHits` of its clusters are already on accepted tracks.
/// Accepted tracks then get their `sharedHits`: clusters also on another accepted track.
struct AmbiguitySolver {
    var maxSharedHits: Int

    static func score(_ t: Track) -> Double {
        Double(2 * t.pixelHits + t.stripHits) - 3 * Double(t.holes) - 0.5 * min(t.chi2PerNDF, 10)
    }

    func callAsFunction(_ candidates: [Track], clusterCount: Int) -> [Track] {
        let order = candidates.indices.sorted { a, b in
            let sa = Self.score(candidates[a]), sb = Self.score(candidates[b])
            return sa != sb ? sa > sb : a < b
        }
        var owners = [UInt16](repeating: 0, count: clusterCount)
        var accepted: [Track] = []
        for i in order {
            let t = candidates[i]
            var shared = 0
            for c in t.clusters where owners[Int(c)] > 0 { shared += 1 }
            guard shared <= maxSharedHits, shared < t.clusters.count / 2 else { continue }
            for c in t.clusters { owners[Int(c)] &+= 1 }
            accepted.append(t)
        }
        for k in accepted.indices {
            accepted[k].sharedHits = accepted[k].clusters.reduce(0) { $0 + (owners[Int($1)] > 1 ? 1 : 0) }
        }
        return accepted
    }
}
