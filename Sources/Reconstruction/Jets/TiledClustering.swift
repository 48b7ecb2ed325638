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
    ///
    /// Objects are stored in tile order (`loadInTileOrder`), so that a tile's list walks
    /// through neighbouring memory; FastJet's numbering — the input order, which decides which
    /// of two merged objects keeps its place and the ties of the heap and the table — is kept
    /// alongside (`fastJetIndex`, `position`).
    func clusterTiled(_ inputs: UnsafeBufferPointer<FourVector>, _ definition: JetDefinition, useHeap: Bool) {
        let n = inputs.count
        precondition(n < Int(Int32.max), "too many inputs for tiled clustering: \(n)")
        let r2 = definition.radius * definition.radius
        let invR2 = 1.0 / r2
        reserve(n)
        loadInTileOrder(inputs, definition, r2: r2)
        let jets = self.jets
        let tiling = self.tiling
        let fastJetIndex = self.fastJetIndex, position = self.position
        let updateFlags = self.updateFlags, updateList = self.updateList

        // Initial neighbours. With fewer objects than tiles, FastJet's pass over the pairs of
        // neighbouring tiles is cheapest. Otherwise each object's nearest neighbour is
        // searched on its own, skipping tiles that cannot hold a nearer one. That gives
        // FastJet's answer whenever the nearest neighbour is unique; if some object has two
        // at exactly the same distance, the pairs are gone through in FastJet's order after
        // all, which decides such ties.
        if n < tiling.tileCount || !findInitialNeighbours(n, tiling, r2: r2) {
            for i in 0..<n { jets[i].nnDist = r2; jets[i].nn = -1 }
            findInitialNeighboursInFastJetOrder(tiling)
        }
        for i in 0..<n {
            let t = Int(jets[i].tile)
            if jets[i].nnDist > tiling.maxNNDist[t] { tiling.maxNNDist[t] = jets[i].nnDist }
            updateFlags[i] = false
        }

        // The heap and the table are in FastJet's numbering (which decides ties).
        if useHeap {
            self.heap.build(count: n) { self.scaledDistance(Int(position[$0])) }
        } else {
            for i in 0..<n {
                let s = Int(position[i])
                distances[i] = scaledDistance(s)
                tableSlots[i] = Int32(truncatingIfNeeded: s)
                tablePositions[s] = Int32(truncatingIfNeeded: i)
            }
            for k in 0..<((n + 15) >> 4) { Self.refreshBlock(k, distances, blockMinima, count: n) }
        }

        // The heap's storage is only written through its pointers from here on.
        let heap = self.heap
        let distances = self.distances, tableSlots = self.tableSlots, tablePositions = self.tablePositions
        let blockMinima = self.blockMinima

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
                    a = Int(position[heap.minLocation])
                    dMin = heap.minValue
                } else {
                    let best = Self.firstMinimum(distances, blockMinima, count: remaining)
                    dMin = distances[best]
                    a = Int(tableSlots[best])
                }
                var b = Int(jets[a].nn)
                // Where the merged object was before the merge (its old self is forgotten).
                var oldBY = 0.0, oldBPhi = 0.0, oldBTile = 0
                if b >= 0 {
                    // The merged object takes the place of the one first in FastJet's order.
                    if fastJetIndex[a] < fastJetIndex[b] { swap(&a, &b) }
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
                if useHeap { heap.remove(Int(fastJetIndex[a])) }

                var unionCount = 0
                addUntagged(Int(jets[a].tile), tiling, tileUnion, &unionCount)
                var pending = 0
                if b >= 0 {
                    if jets[b].tile != jets[a].tile { addUntagged(Int(jets[b].tile), tiling, tileUnion, &unionCount) }
                    if oldBTile != Int(jets[a].tile) && oldBTile != Int(jets[b].tile) {
                        addUntagged(oldBTile, tiling, tileUnion, &unionCount)
                    }
                    updateFlags[b] = true
                    updateList[pending] = Int32(truncatingIfNeeded: b); pending &+= 1
                }
                if !useHeap {
                    // Compact table: the last entry fills the removed one's place.
                    let last = remaining - 1
                    let pos = Int(tablePositions[a])
                    let moved = Int(tableSlots[last])
                    tablePositions[moved] = Int32(truncatingIfNeeded: pos)
                    tableSlots[pos] = tableSlots[last]
                    Self.setTableDistance(pos, distances[last], distances, blockMinima, count: last)
                    if last & 15 != 0 && distances[last] == blockMinima[last >> 4] {
                        Self.refreshBlock(last >> 4, distances, blockMinima, count: last)
                    }
                }

                let a32 = Int32(truncatingIfNeeded: a), b32 = Int32(truncatingIfNeeded: b)
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
                    // (Looking for lost neighbours where there are none changes nothing, so
                    // when the tile is walked anyway for the merged object that test is spared.)
                    let maxNN = tiling.maxNNDist[t]
                    var nearMerged = false
                    if b >= 0 {
                        let bound = tiling.distanceBound(y: jb.pointee.y, phi: jb.pointee.phi, tile: t)
                        nearMerged = bound <= maxNN || bound <= jb.pointee.nnDist
                    }
                    let lostNeighbours = nearMerged
                        || tiling.distanceBound(y: ay, phi: aphi, tile: t) <= maxNN
                        || (b >= 0 && tiling.distanceBound(y: oldBY, phi: oldBPhi, tile: t) <= maxNN)
                    if !lostNeighbours { continue }
                    var s = Int(tiling.head[t])
                    while s >= 0 {
                        let js = jets + s
                        var rescanned = false
                        if lostNeighbours && (js.pointee.nn == a32 || (b >= 0 && js.pointee.nn == b32)) {
                            if !updateFlags[s] { updateFlags[s] = true; updateList[pending] = Int32(truncatingIfNeeded: s); pending &+= 1 }
                            rescanNeighbour(s, tile: t, tiling, r2: r2)
                            rescanned = true
                        }
                        if (nearMerged || (rescanned && b >= 0)) && s != b {
                            let d = Self.distance(js, jb)
                            if d < js.pointee.nnDist {
                                js.pointee.nnDist = d
                                js.pointee.nn = b32
                                if !updateFlags[s] { updateFlags[s] = true; updateList[pending] = Int32(truncatingIfNeeded: s); pending &+= 1 }
                            }
                            if d < jb.pointee.nnDist {
                                jb.pointee.nnDist = d
                                jb.pointee.nn = Int32(truncatingIfNeeded: s)
                            }
                        }
                        s = Int(js.pointee.next)
                    }
                }
                // Refresh d_iJ, last marked first (FastJet pops its list from the back).
                while pending > 0 {
                    pending &-= 1
                    let s = Int(updateList[pending])
                    updateFlags[s] = false
                    let d = scaledDistance(s)
                    if useHeap {
                        heap.update(Int(fastJetIndex[s]), d)
                    } else {
                        Self.setTableDistance(Int(tablePositions[s]), d, distances, blockMinima, count: remaining - 1)
                    }
                    let t = Int(jets[s].tile)
                    if jets[s].nnDist > tiling.maxNNDist[t] { tiling.maxNNDist[t] = jets[s].nnDist }
                }
                remaining &-= 1
            }
        }
    }

    /// The first table entry with the smallest value, as `firstMinimum(_:count:)` finds it,
    /// from the minima of its blocks of 16: the first block holding the minimum holds its
    /// first occurrence.
    @inline(__always)
    static func firstMinimum(_ values: UnsafeMutablePointer<Double>, _ blockMinima: UnsafeMutablePointer<Double>,
                             count: Int) -> Int {
        let k = firstMinimum(blockMinima, count: (count + 15) >> 4)
        let minimum = blockMinima[k]
        var i = k << 4
        while values[i] != minimum { i += 1 }
        return i
    }

    /// Recomputes the minimum of block k of `values[0..<count]` (k < ⌈count/16⌉).
    @inline(__always)
    static func refreshBlock(_ k: Int, _ values: UnsafeMutablePointer<Double>, _ blockMinima: UnsafeMutablePointer<Double>,
                             count: Int) {
        let first = k << 4
        let end = min(first + 16, count)
        var m = values[first]
        var i = first + 1
        while i < end {
            m = values[i] < m ? values[i] : m
            i += 1
        }
        blockMinima[k] = m
    }

    /// Sets `values[position]` (< count) and keeps its block's minimum.
    @inline(__always)
    static func setTableDistance(_ position: Int, _ value: Double, _ values: UnsafeMutablePointer<Double>,
                                 _ blockMinima: UnsafeMutablePointer<Double>, count: Int) {
        let old = values[position]
        values[position] = value
        let k = position >> 4
        if value <= blockMinima[k] {
            blockMinima[k] = value
        } else if old == blockMinima[k] {
            refreshBlock(k, values, blockMinima, count: count)
        }
    }

    /// The first index of the smallest of `values[0..<count]` — what a scan keeping the first
    /// strictly smaller value finds (FastJet's N2Tiled and N2Plain) — found as the minimum
    /// (four independent running minima, which the compiler turns into vector instructions;
    /// the values are never NaN) and then a search for its first occurrence.
    @inline(__always)
    static func firstMinimum(_ values: UnsafeMutablePointer<Double>, count: Int) -> Int {
        var m0 = values[0], m1 = m0, m2 = m0, m3 = m0
        var i = 0
        while i + 4 <= count {
            let x0 = values[i], x1 = values[i + 1], x2 = values[i + 2], x3 = values[i + 3]
            m0 = x0 < m0 ? x0 : m0
            m1 = x1 < m1 ? x1 : m1
            m2 = x2 < m2 ? x2 : m2
            m3 = x3 < m3 ? x3 : m3
            i += 4
        }
        while i < count {
            m0 = values[i] < m0 ? values[i] : m0
            i += 1
        }
        m0 = m1 < m0 ? m1 : m0
        m2 = m3 < m2 ? m3 : m2
        let minimum = m2 < m0 ? m2 : m0
        i = 0
        while i + 4 <= count {
            if values[i] == minimum || values[i + 1] == minimum || values[i + 2] == minimum || values[i + 3] == minimum { break }
            i += 4
        }
        while values[i] != minimum { i += 1 }
        return i
    }

    /// Nearest neighbours of all objects, each searched over the 3 × 3 tiles around it
    /// (tiles farther than the best so far skipped), reading the objects as the runs of
    /// consecutive storage positions they occupy after `loadInTileOrder` (before any merge).
    /// False if some object has two nearest neighbours at exactly the same distance (then the
    /// order of the search matters).
    private func findInitialNeighbours(_ n: Int, _ tiling: Tiling, r2: Double) -> Bool {
        let jets = self.jets
        let start = tiling.rangeStart
        let countPhi = tiling.countPhi, lastRow = tiling.rowCount - 1
        // Per object: another object lies exactly at the best distance so far.
        let tiedFlags = updateFlags
        for s in 0..<n { tiedFlags[s] = false }
        // Pairs inside a tile first, each pair once for both objects (loaded with no
        // neighbour). What an object ends with does not depend on the order of its
        // candidates — the nearest, and whether another is as near.
        @inline(__always) func offer(_ x: Int, _ other: Int, _ d: Double) {
            let jx = jets + x
            if d < jx.pointee.nnDist {
                jx.pointee.nnDist = d; jx.pointee.nn = Int32(truncatingIfNeeded: other); tiedFlags[x] = false
            } else if d == jx.pointee.nnDist && jx.pointee.nn >= 0 {
                tiedFlags[x] = true
            }
        }
        for t in 0..<tiling.tileCount {
            let first = Int(start[t]), last = Int(start[t + 1])
            if last - first < 2 { continue }
            var a = first
            while a < last {
                var c = a &+ 1
                while c < last {
                    let d = Self.distance(jets + a, jets + c)
                    offer(a, c, d)
                    offer(c, a, d)
                    c &+= 1
                }
                a &+= 1
            }
        }
        var unique = true
        for s in 0..<n {
            let js = jets + s
            let t = Int(js.pointee.tile)
            let row = t / countPhi, iphi = t - row * countPhi
            let y = js.pointee.y, phi = js.pointee.phi
            var best = js.pointee.nnDist
            var nn = Int(js.pointee.nn)
            var tied = tiedFlags[s]

            // Objects in storage positions first..<last (those of a run of tiles).
            @inline(__always) func scan(_ first: Int, _ last: Int) {
                var c = first
                while c < last {
                    if c != s {
                        let d = Self.distance(js, jets + c)
                        if d < best {
                            best = d; nn = c; tied = false
                        } else if d == best && nn >= 0 {
                            tied = true
                        }
                    }
                    c &+= 1
                }
            }
            // Tiles (r, φ−1 … φ+1) of one row, those in reach: (r, φ') lies at least
            // dyBound + dphiBound(φ') away (the two terms of `Tiling.distanceBound`); a tile
            // strictly farther than the best so far cannot hold a nearer neighbour or a tie.
            let leftTile = row * countPhi + (iphi == 0 ? countPhi - 1 : iphi - 1)
            let rightTile = row * countPhi + (iphi == countPhi - 1 ? 0 : iphi + 1)
            let leftBound = tiling.phiBound(phi: phi, tile: leftTile)
            let rightBound = tiling.phiBound(phi: phi, tile: rightTile)
            @inline(__always) func scanRow(_ r: Int, dyBound: Double) {
                if dyBound > best { return }
                let base = r * countPhi
                let useLeft = dyBound + leftBound <= best, useRight = dyBound + rightBound <= best
                if iphi > 0 && iphi < countPhi - 1 {
                    // φ−1, φ, φ+1 are consecutive tiles, so their objects are consecutive.
                    scan(Int(start[base + iphi - (useLeft ? 1 : 0)]), Int(start[base + iphi + (useRight ? 2 : 1)]))
                } else {
                    if useLeft {
                        let l = base + (iphi == 0 ? countPhi - 1 : iphi - 1)
                        scan(Int(start[l]), Int(start[l + 1]))
                    }
                    scan(Int(start[base + iphi]), Int(start[base + iphi + 1]))
                    if useRight {
                        let rt = base + (iphi == countPhi - 1 ? 0 : iphi + 1)
                        scan(Int(start[rt]), Int(start[rt + 1]))
                    }
                }
            }
            // Own tile done: its objects are likely the nearest, so the rest is often skipped.
            if leftBound <= best { scan(Int(start[leftTile]), Int(start[leftTile + 1])) }
            if rightBound <= best { scan(Int(start[rightTile]), Int(start[rightTile + 1])) }
            if row > 0 { scanRow(row - 1, dyBound: tiling.rapidityBound(y: y, tile: t - countPhi)) }
            if row < lastRow { scanRow(row + 1, dyBound: tiling.rapidityBound(y: y, tile: t + countPhi)) }
            if tied { unique = false }
            js.pointee.nnDist = best
            js.pointee.nn = Int32(truncatingIfNeeded: nn)
        }
        return unique
    }

    /// FastJet's initial pass: pairs inside each tile, then each tile with its right-hand
    /// tiles — (y, φ+1), then (y+1, φ−1), (y+1, φ), (y+1, φ+1) — both objects of a pair
    /// updated: the order that settles exact ties. Reads the objects as the runs of storage
    /// positions of `loadInTileOrder` (each tile's in its list order), so before any merge.
    private func findInitialNeighboursInFastJetOrder(_ tiling: Tiling) {
        let jets = self.jets
        let start = tiling.rangeStart
        let countPhi = tiling.countPhi, lastRow = tiling.rowCount - 1
        // Every pair of a in first..<last with c in cFirst..<cLast (or, within one tile, with
        // the c before a), a outer.
        @inline(__always) func pairs(_ first: Int, _ last: Int, _ cFirst: Int, _ cLast: Int, sameTile: Bool) {
            var a = first
            while a < last {
                let ja = jets + a
                var c = sameTile ? first : cFirst
                let end = sameTile ? a : cLast
                while c < end {
                    let jc = jets + c
                    let d = Self.distance(ja, jc)
                    if d < ja.pointee.nnDist { ja.pointee.nnDist = d; ja.pointee.nn = Int32(truncatingIfNeeded: c) }
                    if d < jc.pointee.nnDist { jc.pointee.nnDist = d; jc.pointee.nn = Int32(truncatingIfNeeded: a) }
                    c &+= 1
                }
                a &+= 1
            }
        }
        var t = 0
        for row in 0...lastRow {
            for iphi in 0..<countPhi {
                defer { t &+= 1 }
                let first = Int(start[t]), last = Int(start[t + 1])
                if first == last { continue }
                pairs(first, last, 0, 0, sameTile: true)
                let right = row * countPhi + (iphi == countPhi - 1 ? 0 : iphi + 1)
                pairs(first, last, Int(start[right]), Int(start[right + 1]), sameTile: false)
                if row == lastRow { continue }
                let above = (row + 1) * countPhi
                if iphi > 0 && iphi < countPhi - 1 {
                    // (y+1, φ−1 … φ+1) are consecutive tiles: for each a, their objects in
                    // that order, as three passes would give them (and each c sees the a in
                    // order either way).
                    pairs(first, last, Int(start[above + iphi - 1]), Int(start[above + iphi + 2]), sameTile: false)
                } else {
                    for p in [iphi - 1, iphi, iphi + 1] {
                        let rh = above + (p + countPhi) % countPhi
                        pairs(first, last, Int(start[rh]), Int(start[rh + 1]), sameTile: false)
                    }
                }
            }
        }
    }

    /// Loads the inputs sorted by tile, each tile's objects in the order of FastJet's list
    /// (later inputs first, as FastJet inserts them one by one at the head), and lays out the
    /// tiling with those lists. The objects of a tile, and of a row of tiles, then sit next to
    /// each other in memory.
    private func loadInTileOrder(_ inputs: UnsafeBufferPointer<FourVector>, _ definition: JetDefinition, r2: Double) {
        let n = inputs.count
        let spare = spareJets
        for i in 0..<n {
            let p = inputs[i]
            spare[i] = BriefJet(y: p.fastJetRapidity, phi: p.fastJetPhi,
                                scale: definition.momentumScale(pt2: p.px * p.px + p.py * p.py),
                                nnDist: r2, nn: -1, next: -1, previous: -1, tile: 0)
        }
        tiling.layOut(radius: definition.radius, extent: Tiling.rapidityExtent(inputs, spare))
        let tiling = self.tiling
        let tileCount = tiling.tileCount
        let start = tiling.rangeStart, fill = tiling.rangeFill
        for t in 0...tileCount { start[t] = 0 }
        for i in 0..<n {
            let t = tiling.tileIndex(y: spare[i].y, phi: spare[i].phi)
            spare[i].tile = Int32(t)
            start[t + 1] += 1
        }
        for t in 0..<tileCount {
            start[t + 1] += start[t]
            fill[t] = start[t]
            if start[t + 1] > start[t] { tiling.head[t] = start[t] }
        }
        let jets = self.jets, momenta = self.momenta
        var i = n - 1
        while i >= 0 {
            let t = Int(spare[i].tile)
            let s = Int(fill[t])
            fill[t] += 1
            var j = spare[i]
            j.previous = s > Int(start[t]) ? Int32(s - 1) : -1
            j.next = s + 1 < Int(start[t + 1]) ? Int32(s + 1) : -1
            jets[s] = j
            momenta[s] = inputs[i]
            listHead[s] = Int32(truncatingIfNeeded: i)
            listTail[s] = Int32(truncatingIfNeeded: i)
            constituentNext[i] = -1
            fastJetIndex[s] = Int32(truncatingIfNeeded: i)
            position[i] = Int32(truncatingIfNeeded: s)
            i -= 1
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
        if js.pointee.next >= 0 { jets[Int(js.pointee.next)].previous = Int32(truncatingIfNeeded: s) }
        tiling.head[t] = Int32(truncatingIfNeeded: s)
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
            let near = Int(tiling.neighbours[9 &* t &+ k])
            if !tiling.tagged[near] {
                tiling.tagged[near] = true
                tileUnion[count] = Int32(truncatingIfNeeded: near)
                count &+= 1
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
            let near = Int(tiling.neighbours[9 &* t &+ k])
            var c = Int(tiling.head[near])
            if c < 0 || (k > 0 && tiling.distanceBound(y: y, phi: phi, tile: near) >= best) { continue }
            while c >= 0 {
                let jc = jets + c
                let d = Self.distance(js, jc)
                if d < best && c != s { best = d; nn = Int32(truncatingIfNeeded: c) }
                c = Int(jc.pointee.next)
            }
        }
        js.pointee.nnDist = best
        js.pointee.nn = nn
    }
}
