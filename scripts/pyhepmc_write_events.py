#!/usr/bin/env python3
"""Write a HepMC3 file with pyhepmc's writer (HepMC3's C++ WriterAscii).

Usage:
  pyhepmc_write_events.py rewrite INPUT.hepmc OUTPUT.hepmc   read with pyhepmc, write again
  pyhepmc_write_events.py synthetic OUTPUT.hepmc             events built here (below)

The synthetic events exercise what the Pythia fixtures do not: run info with two weight
names, a tool and a run attribute with escaped characters, MEV/CM units,
vertex positions and a non-zero vertex status, a vertex with two incoming particles,
implicit vertices, and event, particle and vertex attributes with spaces, backslashes and
newlines. The Swift round-trip test reads the file with HepMC3Reader and compares with
pyhepmc_dump.py's dump of the same file.
"""
import sys

import pyhepmc


def synthetic_events():
    run = pyhepmc.GenRunInfo()
    run.weight_names = ["nominal", "muR2_muF1"]
    run.tools = [pyhepmc.GenRunInfo.ToolInfo("GenRecoTest", "0.1", "built in\npyhepmc_write_events.py")]
    run.attributes["comment"] = "a run attribute with \\ backslash\nand a newline"
    events = []
    for n in range(3):
        e = pyhepmc.GenEvent(pyhepmc.Units.MEV, pyhepmc.Units.CM)
        e.run_info = run
        e.event_number = 100 + n
        e.weights = [1.0 + n, 0.5 / (n + 1)]
        b1 = pyhepmc.GenParticle((0.0, 0.0, 6.5e6, 6.5e6), 2212, 4)
        b2 = pyhepmc.GenParticle((0.0, 0.0, -6.5e6, 6.5e6), 2212, 4)
        b1.generated_mass = 938.272
        b2.generated_mass = 938.272
        h = pyhepmc.GenParticle((1.25e3 * (n + 1), -3.5e2, 1.0e4 / 3.0, 1.3e5), 25, 2)
        h.generated_mass = 125.0e3
        s1 = pyhepmc.GenParticle((4.0e4, 1.0e3, 2.0e4 + n, 6.0e4), 35, 2)
        s2 = pyhepmc.GenParticle((-3.9e4, -1.35e3, 1.3333e4, 7.0e4), 35, 1)
        s1.generated_mass = 40.0e3
        s2.generated_mass = 40.0e3
        b = pyhepmc.GenParticle((2.0e4, 0.1, 1.0e4, 3.0e4), 5, 1)
        bbar = pyhepmc.GenParticle((2.0e4, 9.99e2, 1.0e4 + n, 3.0e4), -5, 1)
        g = pyhepmc.GenParticle((1.0, 2.0, 3.0, 4.0), 22, 1)
        hard = pyhepmc.GenVertex((0.0, 0.0, 0.1 * n, 0.0))      # two incoming beams
        hard.add_particle_in(b1)
        hard.add_particle_in(b2)
        hard.add_particle_out(h)
        e.add_vertex(hard)
        hdecay = pyhepmc.GenVertex()                          # implicit: one in, status 0, no position
        hdecay.add_particle_in(h)
        hdecay.add_particle_out(s1)
        hdecay.add_particle_out(s2)
        e.add_vertex(hdecay)
        sdecay = pyhepmc.GenVertex((12.5, -3.0, 250.0 + n, 300.0))   # displaced, explicit
        sdecay.status = 7
        sdecay.add_particle_in(s1)
        sdecay.add_particle_out(b)
        sdecay.add_particle_out(bbar)
        e.add_vertex(sdecay)
        brem = pyhepmc.GenVertex()                            # implicit, inherits sdecay's position
        brem.add_particle_in(b)
        brem.add_particle_out(g)
        e.add_vertex(brem)
        e.attributes["note"] = "event %d: text with spaces, a \\ backslash\nand a second line" % n
        e.attributes["signal_process_id"] = 902
        s1.attributes["flow1"] = 101
        sdecay.attributes["label"] = "displaced vertex"
        events.append(e)
    return events


def main():
    mode = sys.argv[1]
    if mode == "rewrite":
        source, target = sys.argv[2], sys.argv[3]
        with pyhepmc.open(source) as f:
            events = list(f)
    elif mode == "synthetic":
        target = sys.argv[2]
        events = synthetic_events()
    else:
        raise SystemExit(__doc__)
    with pyhepmc.open(target, "w") as out:
        for e in events:
            out.write(e)


if __name__ == "__main__":
    main()
