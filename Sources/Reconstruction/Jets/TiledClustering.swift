import EventModel

extension ClusteringWorkspace {

    /// Tiled N² clustering (Cacciari & Salam, hep-ph/0512210, §3; FastJet's `N2Tiled` and
    /// `N2MinHeapTiled`): the same nearest-neighbour bookkeeping as `clusterPlain`, but a
    /// neighbour search only looks at the 3 × 3 tiles around an object, and after a step only
    /// the objects in tiles near the merged or removed ones are revisited.
    ///
    /// The smallest d_iJ is found by a linear scan of a compact table (`useHeap` false, N2Tiled)
    /// or kept in a tournament tree (N2MinHeapTiled). Visiting orders follow FastJet, so exact
    /// ties resolve as there. On top, tiles that provably cannot hold a nearer neighbour are
    /// skipped — the idea of FastJet's lazy tilings (Salam, Soyez, FastJet 3.1) — using a lower
    /// bound on the distance to a tile and each tile's largest nearest-neighbour distance;
    /// a skipped tile is one where the plain tiled scan would change nothing, so the result is
    /// unchanged, tie for tie.
    func clusterTiled(_ inputs: UnsafeBufferPointer<FourVector>, _ definition: JetDefinition, useHeap: Bool) {
        let n = inputs.count
        let r2 = definition.radius * definition.radius
        let invR2 = 1.0 / r2
        reserve(n)
        load(inputs, definition, r2: r2)
        let jets = self.jets

        tiling.layOut(radius: definition.radius, extent: Tiling.rapidityExtent(inputs, jets))
        let tiling = self.tiling
        for i in 0..<n { insert(i, tiling) }

        // Initial neighbours. Each object's nearest neighbour is searched on its own, skipping
        // tiles that cannot hold a nearer one. That gives FastJet's answer whenever the
        // nearest neighbour is unique; if some object has two at exactly the same distance,
        // the pairs are gone through again in FastJet's order, which decides such ties.
        if !findInitialNeighbours(n, tiling, r2: r2) {
            for i in 0..<n { jets[i].nnDist = r2; jets[i].nn = -1 }
            findInitialNeighboursInFastJetOrder(tiling)
        }
        for i in 0..<n {
            let t = Int(jets[i].tile)
            if jets[i].nnDist > tiling.maxNNDist[t] { tiling.maxNNDist[t] = jets[i].nnDist }
            updateFlags[i] = false
        }

        if useHeap {
            heap.build(count: n) { self.scaledDistance($0) }
        } else {
            for i in 0..<n {
                distances[i] = scaledDistance(i)
                tableSlots[i] = Int32(i)
                tablePositions[i] = Int32(i)
            }
        }

        // 3 × 9 tiles at most: those around the removed, the merged and the old merged object.
        var union = (Int32(0), Int32(0), Int32(0), Int32(0), Int32(0), Int32(0), Int32(0), Int32(0), Int32(0),
                     Int32(0), Int32(0), Int32(0), Int32(0), Int32(0), Int32(0), Int32(0), Int32(0), Int32(0),
                     Int32(0), Int32(0), Int32(0), Int32(0), Int32(0), Int32(0), Int32(0), Int32(0), Int32(0))
        var remaining = n
        withUnsafeMutableBytes(of: &union) { raw in
            let tileUnion = raw.bindMemory(to: Int32.self).baseAddress!
            while remaining > 0 {
                var a: Int
                var dMin: Double
                if useHeap {
                    a = heap.minLocation
                    dMin = heap.minValue
                } else {
                    let best = Self.firstMinimum(distances, count: remaining)
                    dMin = distances[best]
                    a = Int(tableSlots[best])
                }
                var b = Int(jets[a].nn)
                // Where the merged object was before the merge (its old self is forgotten).
                var oldBY = 0.0, oldBPhi = 0.0, oldBTile = 0
                if b >= 0 {
                    if a < b { swap(&a, &b) }
                    merge(a, into: b)
                    remove(a, tiling)
                    oldBY = jets[b].y; oldBPhi = jets[b].phi; oldBTile = Int(jets[b].tile)
                    remove(b, tiling)
                    refresh(b, definition, r2: r2)
                    insert(b, tiling)
                } else {
                    recordBeamJet(a, beamDistance: dMin * invR2)
                    remove(a, tiling)
                }
                if useHeap { heap.remove(a) }

                var unionCount = 0
                addUntagged(Int(jets[a].tile), tiling, tileUnion, &unionCount)
                var pending = 0
                if b >= 0 {
                    if jets[b].tile != jets[a].tile { addUntagged(Int(jets[b].tile), tiling, tileUnion, &unionCount) }
                    if oldBTile != Int(jets[a].tile) && oldBTile != Int(jets[b].tile) {
                        addUntagged(oldBTile, tiling, tileUnion, &unionCount)
                    }
                    updateFlags[b] = true
                    updateList[pending] = Int32(b); pending += 1
                }
                if !useHeap {
                    // Compact table: the last entry fills the removed one's place.
                    let last = remaining - 1
                    let pos = Int(tablePositions[a])
                    let moved = Int(tableSlots[last])
                    tablePositions[moved] = Int32(pos)
                    tableSlots[pos] = tableSlots[last]
                    distances[pos] = distances[last]
                }

                let a32 = Int32(a), b32 = Int32(b)
                let ay = jets[a].y, aphi = jets[a].phi
                let jb = b >= 0 ? jets + b : jets
                for u in 0..<unionCount {
                    let t = Int(tileUnion[u])
                    tiling.tagged[t] = false
                    if tiling.head[t] < 0 { continue }
                    // What can change in this tile: objects that had the removed or the old
                    // merged object as neighbour (impossible if that object is farther than
                    // every neighbour distance in the tile), and distances to the new merged
                    // object (irrelevant if it is farther than those and its own). Whatever is
                    // skipped would have changed nothing.
                    let maxNN = tiling.maxNNDist[t]
                    let lostNeighbours = tiling.distanceBound(y: ay, phi: aphi, tile: t) <= maxNN
                        || (b >= 0 && tiling.distanceBound(y: oldBY, phi: oldBPhi, tile: t) <= maxNN)
                    var nearMerged = false
                    if b >= 0 {
                        let bound = tiling.distanceBound(y: jb.pointee.y, phi: jb.pointee.phi, tile: t)
                        nearMerged = bound <= maxNN || bound <= jb.pointee.nnDist
                    }
                    if !lostNeighbours && !nearMerged { continue }
                    var s = Int(tiling.head[t])
                    while s >= 0 {
                        let js = jets + s
                        var rescanned = false
                        if lostNeighbours && (js.pointee.nn == a32 || (b >= 0 && js.pointee.nn == b32)) {
                            if !updateFlags[s] { updateFlags[s] = true; updateList[pending] = Int32(s); pending += 1 }
                            rescanNeighbour(s, tile: t, tiling, r2: r2)
                            rescanned = true
                        }
                        if (nearMerged || (rescanned && b >= 0)) && s != b {
                            let d = Self.distance(js, jb)
                            if d < js.pointee.nnDist {
                                js.pointee.nnDist = d
                                js.pointee.nn = b32
                                if !updateFlags[s] { updateFlags[s] = true; updateList[pending] = Int32(s); pending += 1 }
                            }
                            if d < jb.pointee.nnDist {
                                jb.pointee.nnDist = d
                                jb.pointee.nn = Int32(s)
                            }
                        }
                        s = Int(js.pointee.next)
                    }
                }
                // Refresh d_iJ, last marked first (FastJet pops its list from the back).
                while pending > 0 {
                    pending -= 1
                    let s = Int(updateList[pending])
                    updateFlags[s] = false
                    let d = scaledDistance(s)
                    if useHeap { heap.update(s, d) } else { distances[Int(tablePositions[s])] = d }
                    let t = Int(jets[s].tile)
                    if jets[s].nnDist > tiling.maxNNDist[t] { tiling.maxNNDist[t] = jets[s].nnDist }
                }
                remaining -= 1
            }
        }
    }

    /// The first index of the smallest of `values[0..<count]` — what a scan keeping the first
    /// strictly smaller value finds (FastJet's N2Tiled and N2Plain) — found with a vectorised
    /// minimum and then a search for its first occurrence.
    @inline(__always)
    static func firstMinimum(_ values: UnsafeMutablePointer<Double>, count: Int) -> Int {
        var minimum = values[0]
        var i = 0
        if count >= 16 {
            var lanes = SIMD4<Double>(repeating: values[0])
            let raw = UnsafeRawPointer(values)
            while i + 4 <= count {
                lanes = pointwiseMin(lanes, raw.loadUnaligned(fromByteOffset: 8 * i, as: SIMD4<Double>.self))
                i += 4
            }
            minimum = lanes.min()
        }
        while i < count {
            if values[i] < minimum { minimum = values[i] }
            i += 1
        }
        i = 0
        while values[i] != minimum { i += 1 }
        return i
    }

    /// Nearest neighbours of all objects, each searched over the 3 × 3 tiles around it
    /// (tiles farther than the best so far skipped). False if some object has two nearest
    /// neighbours at exactly the same distance (then the order of the search matters).
    private func findInitialNeighbours(_ n: Int, _ tiling: Tiling, r2: Double) -> Bool {
        var unique = true
        for s in 0..<n {
            let js = jets + s
            let t = Int(js.pointee.tile)
            let y = js.pointee.y, phi = js.pointee.phi
            var best = r2
            var nn: Int32 = -1
            let end = Int(tiling.neighbourCount[t])
            for k in 0..<end {
                let near = Int(tiling.neighbours[9 * t + k])
                var c = Int(tiling.head[near])
                // Strictly farther only: an equally distant tile may hold a tie.
                if c < 0 || (k > 0 && tiling.distanceBound(y: y, phi: phi, tile: near) > best) { continue }
                while c >= 0 {
                    let jc = jets + c
                    if c != s {
                        let d = Self.distance(js, jc)
                        if d < best {
                            best = d; nn = Int32(c)
                        } else if d == best && nn >= 0 {
                            unique = false
                        }
                    }
                    c = Int(jc.pointee.next)
                }
            }
            js.pointee.nnDist = best
            js.pointee.nn = nn
        }
        return unique
    }

    /// FastJet's initial pass: pairs inside each tile, then each tile with its right-hand
    /// tiles, both objects of a pair updated — the order that settles exact ties.
    private func findInitialNeighboursInFastJetOrder(_ tiling: Tiling) {
        for t in 0..<tiling.tileCount {
            var a = Int(tiling.head[t])
            while a >= 0 {
                let ja = jets + a
                var c = Int(tiling.head[t])
                while c != a {
                    let jc = jets + c
                    let d = Self.distance(ja, jc)
                    if d < ja.pointee.nnDist { ja.pointee.nnDist = d; ja.pointee.nn = Int32(c) }
                    if d < jc.pointee.nnDist { jc.pointee.nnDist = d; jc.pointee.nn = Int32(a) }
                    c = Int(jc.pointee.next)
                }
                a = Int(ja.pointee.next)
            }
            let first = 9 * t + Int(tiling.rightHandStart[t]), end = 9 * t + Int(tiling.neighbourCount[t])
            for k in first..<end {
                let rh = Int(tiling.neighbours[k])
                var a = Int(tiling.head[t])
                while a >= 0 {
                    let ja = jets + a
                    var c = Int(tiling.head[rh])
                    while c >= 0 {
                        let jc = jets + c
                        let d = Self.distance(ja, jc)
                        if d < ja.pointee.nnDist { ja.pointee.nnDist = d; ja.pointee.nn = Int32(c) }
                        if d < jc.pointee.nnDist { jc.pointee.nnDist = d; jc.pointee.nn = Int32(a) }
                        c = Int(jc.pointee.next)
                    }
                    a = Int(ja.pointee.next)
                }
            }
        }
    }

    /// Puts slot s at the head of its tile's list.
    @inline(__always)
    private func insert(_ s: Int, _ tiling: Tiling) {
        let js = jets + s
        let t = tiling.tileIndex(y: js.pointee.y, phi: js.pointee.phi)
        js.pointee.tile = Int32(t)
        js.pointee.previous = -1
        js.pointee.next = tiling.head[t]
        if js.pointee.next >= 0 { jets[Int(js.pointee.next)].previous = Int32(s) }
        tiling.head[t] = Int32(s)
    }

    @inline(__always)
    private func remove(_ s: Int, _ tiling: Tiling) {
        let js = jets + s
        if js.pointee.previous < 0 {
            tiling.head[Int(js.pointee.tile)] = js.pointee.next
        } else {
            jets[Int(js.pointee.previous)].next = js.pointee.next
        }
        if js.pointee.next >= 0 { jets[Int(js.pointee.next)].previous = js.pointee.previous }
    }

    @inline(__always)
    private func addUntagged(_ t: Int, _ tiling: Tiling, _ tileUnion: UnsafeMutablePointer<Int32>, _ count: inout Int) {
        let end = Int(tiling.neighbourCount[t])
        for k in 0..<end {
            let near = Int(tiling.neighbours[9 * t + k])
            if !tiling.tagged[near] {
                tiling.tagged[near] = true
                tileUnion[count] = Int32(near)
                count += 1
            }
        }
    }

    /// Nearest neighbour of slot s, which lies in tile t, among the 3 × 3 tiles around t,
    /// skipping tiles whose distance bound already exceeds the best found.
    @inline(__always)
    private func rescanNeighbour(_ s: Int, tile t: Int, _ tiling: Tiling, r2: Double) {
        let js = jets + s
        var best = r2
        var nn: Int32 = -1
        let y = js.pointee.y, phi = js.pointee.phi
        let end = Int(tiling.neighbourCount[t])
        for k in 0..<end {
            let near = Int(tiling.neighbours[9 * t + k])
            var c = Int(tiling.head[near])
            if c < 0 || (k > 0 && tiling.distanceBound(y: y, phi: phi, tile: near) >= best) { continue }
            while c >= 0 {
                let jc = jets + c
                let d = Self.distance(js, jc)
                if d < best && c != s { best = d; nn = Int32(c) }
                c = Int(jc.pointee.next)
            }
        }
        js.pointee.nnDist = best
        js.pointee.nn = nn
    }
}
