#!/usr/bin/env python3
"""Dump every event of a HepMC3 file, as pyhepmc (HepMC3's C++ ReaderAscii) reads it, to JSON.

Usage: pyhepmc_dump.py INPUT.hepmc OUTPUT.json

The Swift tests (Tests/EventModelTests/PyHepMCRoundTripTests.swift) compare this dump with
what HepMC3Reader reads. Values stay in the file's units (pyhepmc does not convert).
Doubles are written as float.hex() strings so that the comparison is bit for bit.

Per event:
  event_number, momentum_unit, length_unit, event_pos [x, y, z, t], weights,
  particles: [id, pdg, status, px, py, pz, e, generated_mass, production_vertex_id, end_vertex_id]
             (vertex id 0: none, or HepMC3's root vertex),
  vertices:  [id, status, has_set_position, x, y, z, t, [incoming ids], [outgoing ids]]
             (position as GenVertex::position() gives it: inherited when not set),
  attributes: [[owner id, name, value string], ...] (GenEventData, HepMC3's order),
  run_info: {weight_names, tools: [[name, version, description]], attributes: [[name, value]]}
"""
import json
import sys

import pyhepmc


def h(x):
    return float(x).hex()


def as_text(value):
    # Attributes read from a file stay unparsed strings until asked for a type.
    return value if isinstance(value, str) else value.astype(str)


def vertex_id(v):
    return 0 if v is None else v.id


def dump_event(e):
    particles = []
    for p in e.particles:
        m = p.momentum
        particles.append([p.id, p.pid, p.status, h(m.px), h(m.py), h(m.pz), h(m.e),
                          h(p.generated_mass), vertex_id(p.production_vertex), vertex_id(p.end_vertex)])
    vertices = []
    for v in e.vertices:
        x = v.position
        vertices.append([v.id, v.status, bool(v.has_set_position()), h(x.x), h(x.y), h(x.z), h(x.t),
                         sorted(p.id for p in v.particles_in), sorted(p.id for p in v.particles_out)])
    data = pyhepmc._core.GenEventData()
    e.write_data(data)
    attributes = [[int(i), str(n), str(s)] for i, n, s in
                  zip(data.attribute_id, data.attribute_name, data.attribute_string)]
    ri = e.run_info
    run_info = {"weight_names": [], "tools": [], "attributes": []}
    if ri is not None:
        run_info["weight_names"] = list(ri.weight_names)
        run_info["tools"] = [[t.name, t.version, t.description] for t in ri.tools]
        run_info["attributes"] = [[k, as_text(ri.attributes[k])] for k in ri.attributes]
    pos = e.event_pos()
    return {
        "event_number": e.event_number,
        "momentum_unit": e.momentum_unit.name,
        "length_unit": e.length_unit.name,
        "event_pos": [h(pos.x), h(pos.y), h(pos.z), h(pos.t)],
        "weights": [h(w) for w in e.weights],
        "particles": particles,
        "vertices": vertices,
        "attributes": attributes,
        "run_info": run_info,
    }


def main():
    source, target = sys.argv[1], sys.argv[2]
    with pyhepmc.open(source) as f:
        events = [dump_event(e) for e in f]
    with open(target, "w") as out:
        json.dump({"pyhepmc_version": pyhepmc.__version__, "events": events}, out)


if __name__ == "__main__":
    main()
