import EventModel

extension BeamRemnantStrings {
    /// Showers the strings of the hard system (`chains`: remnants, hard partons, their ISR
    /// gluons) on their own, before the extra scatterings join them, and returns them showered,
    /// in colour order, with the showered partons' record indices.
    ///
    /// Why: Pythia 8 showers every system with its own colour dipoles and reconnects colour
    /// only afterwards. Ours joined the scatterings' gluons to the strings first, so a hard
    /// parton's dipole often ended on a soft gluon placed next to it (the reconnection puts
    /// gluons where they lengthen the strings least, i.e. close to a hard parton) and its
    /// shower lost phase space: dijets had 15 % fewer b hadrons with the underlying event than
    /// without (0.147 / 0.162 per event at 6000 / 2000 events; 0.192 with every scattering kept
    /// apart), while Pythia's rise from 0.155 to 0.207.
    ///
    /// The showered partons keep their `radiates` flags but start no further emissions
    /// (p⊥max = 0): when the scatterings' partons shower next, they are dipole partners (and
    /// recoilers) only. Record: one vertex at `position`, the chains' partons in, the showered
    /// partons out (status 51, Pythia's code for partons made by final-state radiation).
    static func showerFirst(_ chains: [Chain], shower: FinalStateShower, at position: FourVector,
                            into event: inout GenEvent, rng: inout RandomStream) -> [Chain] {
        var (partons, incoming) = tagged(chains)
        guard !partons.isEmpty else { return chains }
        shower(&partons, rng: &rng)
        var records = [Int]()
        records.reserveCapacity(partons.count)
        for p in partons {
            records.append(event.addParticle(GenParticle(pdgID: Int(p.pdgID), status: 51, momentum: p.momentum, generatedMass: p.massGeV)))
        }
        event.addVertex(position: position, incoming: incoming, outgoing: records)
        for i in partons.indices { partons[i].pTMaxGeV = 0 }
        return ordered(partons, records: records)
    }

    /// Open strings in colour order from tagged partons: each starts at a parton with a colour
    /// and no anticolour and follows colour → anticolour to a parton without colour. Partons
    /// on closed loops (none come out of open strings) are not returned.
    static func ordered(_ partons: [ShowerParton], records: [Int]) -> [Chain] {
        var byAnticolour = [Int32: Int]()
        byAnticolour.reserveCapacity(partons.count)
        for (i, p) in partons.enumerated() where p.anticolour != 0 { byAnticolour[p.anticolour] = i }
        var chains = [Chain]()
        for (i, p) in partons.enumerated() where p.anticolour == 0 && p.colour != 0 {
            var chain: Chain = [(p, records[i])]
            var current = p
            while current.colour != 0, let next = byAnticolour[current.colour], chain.count <= partons.count {
                current = partons[next]
                chain.append((current, records[next]))
            }
            chains.append(chain)
        }
        return chains
    }
}
