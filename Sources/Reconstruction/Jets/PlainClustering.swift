import EventModel

extension ClusteringWorkspace {

    /// N² clustering with nearest-neighbour bookkeeping (Cacciari & Salam, Phys. Lett. B 641
    /// (2006) 57, hep-ph/0512210, §2; FastJet's `N2Plain`).
    ///
    /// Each object keeps its geometric nearest neighbour within R and d_iJ = ΔR²·min(scale);
    /// the smallest d_iJ over all objects is the smallest d_ij or d_iB of the event (the lemma
    /// of that paper), so a step costs one O(N) minimum search plus O(N) neighbour updates.
    /// Objects live compactly in slots 0..<n; the last one moves into a freed slot, as in
    /// FastJet, which fixes the order in which exactly tied distances are taken.
    func clusterPlain(_ inputs: UnsafeBufferPointer<FourVector>, _ definition: JetDefinition) {
        var n = inputs.count
        let r2 = definition.radius * definition.radius
        let invR2 = 1.0 / r2
        reserve(n)
        load(inputs, definition, r2: r2)
        let jets = self.jets
        let diJ = distances

        // Initial neighbours: each object against all earlier ones, both sides updated.
        if n > 1 {
            for a in 1..<n {
                let ja = jets + a
                for c in 0..<a {
                    let jc = jets + c
                    let d = Self.distance(ja, jc)
                    if d < ja.pointee.nnDist { ja.pointee.nnDist = d; ja.pointee.nn = Int32(c) }
                    if d < jc.pointee.nnDist { jc.pointee.nnDist = d; jc.pointee.nn = Int32(a) }
                }
            }
        }
        for i in 0..<n { diJ[i] = scaledDistance(i) }

        while n > 0 {
            // First slot with the smallest d_iJ.
            var a = Self.firstMinimum(diJ, count: n)
            let dMin = diJ[a]
            var b = Int(jets[a].nn)
            let dRecorded = dMin * invR2
            if b >= 0 {
                // The merged object takes the lower slot, as FastJet's pointer order does.
                if a < b { swap(&a, &b) }
                merge(a, into: b)
                refresh(b, definition, r2: r2)
            } else {
                recordBeamJet(a, beamDistance: dRecorded)
            }
            n -= 1
            let tail = n
            // The last object fills the freed slot.
            jets[a] = jets[tail]
            momenta[a] = momenta[tail]
            listHead[a] = listHead[tail]
            listTail[a] = listTail[tail]
            diJ[a] = diJ[tail]

            let a32 = Int32(a), b32 = Int32(b), tail32 = Int32(tail)
            for s in 0..<n {
                let js = jets + s
                if js.pointee.nn == a32 || (b >= 0 && js.pointee.nn == b32) {
                    rescanNeighbour(s, count: n, r2: r2)
                    diJ[s] = scaledDistance(s)
                }
                if b >= 0 && s != b {
                    let jb = jets + b
                    let d = Self.distance(js, jb)
                    if d < js.pointee.nnDist {
                        js.pointee.nnDist = d
                        js.pointee.nn = b32
                        diJ[s] = scaledDistance(s)
                    }
                    if d < jb.pointee.nnDist {
                        jb.pointee.nnDist = d
                        jb.pointee.nn = Int32(s)
                    }
                }
                if js.pointee.nn == tail32 { js.pointee.nn = a32 }
            }
            if b >= 0 { diJ[b] = scaledDistance(b) }
        }
    }

    /// Nearest neighbour of slot s among slots 0..<n, scanned in slot order.
    @inline(__always)
    private func rescanNeighbour(_ s: Int, count n: Int, r2: Double) {
        let js = jets + s
        var best = r2
        var nn: Int32 = -1
        for c in 0..<n where c != s {
            let d = Self.distance(js, jets + c)
            if d < best { best = d; nn = Int32(c) }
        }
        js.pointee.nnDist = best
        js.pointee.nn = nn
    }
}
