#!/usr/bin/env python3
"""Clusters events with FastJet (the `fastjet` PyPI package, FastJet 3.5.2 C++) and writes
the inclusive jets as JSON: the reference for GenReco's jets.

Run it with:
    .venv/bin/python scripts/fastjet_cluster.py INPUT.bin OUTPUT.json ALGORITHM R

INPUT.bin is Reconstruction's FourVectorEventFile: per event a little-endian uint64 count n,
then n x 4 float64 (px, py, pz, E). ALGORITHM is antikt, kt or cambridge. FastJet's default
strategy (Best) and E-scheme are used, as GenReco's JetDefinition defaults.

Output: {"fastjet_version": ..., "events": [{"strategy": "N2Tiled", "jets": [
  {"p": [px, py, pz, E as float.hex()], "c": [input indices, ascending]}, ...]}]}
with jets in FastJet's sorted_by_pt order (float.hex keeps every bit).
"""
import json
import sys

import fastjet

from fourvector_events import read_events


ALGORITHMS = {
    "antikt": fastjet.antikt_algorithm,
    "kt": fastjet.kt_algorithm,
    "cambridge": fastjet.cambridge_algorithm,
}


def cluster(event, jet_def):
    particles = []
    for i, (px, py, pz, e) in enumerate(event):
        p = fastjet.PseudoJet(px, py, pz, e)
        p.set_user_index(i)
        particles.append(p)
    sequence = fastjet.ClusterSequence(particles, jet_def)
    jets = fastjet.sorted_by_pt(sequence.inclusive_jets())
    out = []
    for jet in jets:
        constituents = sorted(c.user_index() for c in jet.constituents())
        out.append({"p": [float(jet.px()).hex(), float(jet.py()).hex(),
                          float(jet.pz()).hex(), float(jet.E()).hex()],
                    "c": constituents})
    return {"strategy": sequence.strategy_string(), "jets": out}


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    input_path, output_path, algorithm, radius = sys.argv[1:]
    jet_def = fastjet.JetDefinition(ALGORITHMS[algorithm], float(radius))
    result = {"fastjet_version": fastjet.__version__,
              "jet_definition": jet_def.description(),
              "events": [cluster(event, jet_def) for event in read_events(input_path)]}
    with open(output_path, "w") as f:
        json.dump(result, f)


if __name__ == "__main__":
    main()
