#!/usr/bin/env python3
"""Times FastJet clustering on the events of a FourVectorEventFile: the speed peer of
GenReco's jets (`genreco bench jets`, Reconstruction/JetClusteringBenchmark.swift).

Run it with:
    .venv/bin/python scripts/fastjet_bench.py EVENTS.bin ALGORITHM R [--repeat K] [--peer python|cxx|both]
                                              [--cxx-prefix PREFIX]

EVENTS.bin: per event a little-endian uint64 count n, then n x 4 float64 (px, py, pz, E).
ALGORITHM: antikt, kt or cambridge. FastJet's default strategy (Best), E-scheme.

Two peers, each timing K passes over all events after one warm-up pass:
* python: the `fastjet` package (FastJet 3.5.2 C++). The PseudoJet lists are built once,
  before timing; a pass runs `ClusterSequence(particles, jet_def).inclusive_jets()` per event
  — the C++ clustering plus the Python call and the returned list.
* cxx: a small C++ program against an installed FastJet (default: Debian's libfastjet-dev,
  FastJet 3.4.0, headers and library under /usr; `--cxx-prefix` for another, e.g. the
  `fastjet` wheel's folder for 3.5.2). It is written and compiled with g++ -O2 into a
  temporary folder at run time (nothing is kept), reads the same file, builds
  vector<PseudoJet> per event once, and times `ClusterSequence cs(particles, jet_def);
  cs.inclusive_jets()` — the pure C++ cost.

Prints one JSON object: for each peer the seconds per event of each pass, the best and the
median, the FastJet version and the mean number of jets (a cross-check against ours).
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

from fourvector_events import read_events

CXX_SOURCE = r"""
#include <fastjet/ClusterSequence.hh>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>
using namespace fastjet;

int main(int argc, char** argv) {
  if (argc != 5) { std::cerr << "usage: bench EVENTS.bin ALGORITHM R REPEAT\n"; return 2; }
  std::ifstream in(argv[1], std::ios::binary);
  std::vector<std::vector<PseudoJet>> events;
  uint64_t n;
  while (in.read(reinterpret_cast<char*>(&n), 8)) {
    std::vector<double> v(4 * n);
    in.read(reinterpret_cast<char*>(v.data()), 32 * n);
    std::vector<PseudoJet> particles;
    particles.reserve(n);
    for (uint64_t i = 0; i < n; i++) particles.emplace_back(v[4*i], v[4*i+1], v[4*i+2], v[4*i+3]);
    events.push_back(particles);
  }
  std::string name = argv[2];
  JetAlgorithm algorithm = name == "kt" ? kt_algorithm : name == "cambridge" ? cambridge_algorithm : antikt_algorithm;
  JetDefinition jet_def(algorithm, std::atof(argv[3]));
  int repeat = std::atoi(argv[4]);
  ClusterSequence::set_fastjet_banner_stream(0);
  size_t jets = 0;
  for (auto& e : events) { ClusterSequence cs(e, jet_def); jets += cs.inclusive_jets().size(); }
  std::printf("{\"version\": \"%s\", \"events\": %zu, \"jets\": %zu, \"seconds\": [",
              fastjet_version_string().c_str(), events.size(), jets);
  for (int r = 0; r < repeat; r++) {
    size_t sink = 0;
    auto start = std::chrono::steady_clock::now();
    for (auto& e : events) { ClusterSequence cs(e, jet_def); sink += cs.inclusive_jets().size(); }
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (sink != jets) { std::cerr << "not reproducible\n"; return 1; }
    std::printf("%s%.9g", r ? ", " : "", s);
  }
  std::printf("]}\n");
  return 0;
}
"""


def summary(seconds_per_pass, events, jets, version, note):
    per_event = [s / max(1, events) for s in seconds_per_pass]
    return {"version": version, "note": note, "events": events,
            "mean_jets": jets / max(1, events),
            "seconds_per_event": per_event,
            "best_seconds_per_event": min(per_event),
            "median_seconds_per_event": statistics.median(per_event)}


def bench_python(events, algorithm, radius, repeat):
    import fastjet
    algorithms = {"antikt": fastjet.antikt_algorithm, "kt": fastjet.kt_algorithm,
                  "cambridge": fastjet.cambridge_algorithm}
    jet_def = fastjet.JetDefinition(algorithms[algorithm], radius)
    lists = [[fastjet.PseudoJet(*p) for p in event] for event in events]
    jets = sum(len(fastjet.ClusterSequence(p, jet_def).inclusive_jets()) for p in lists)
    passes = []
    for _ in range(repeat):
        start = time.perf_counter()
        for p in lists:
            fastjet.ClusterSequence(p, jet_def).inclusive_jets()
        passes.append(time.perf_counter() - start)
    return summary(passes, len(events), jets, "fastjet " + fastjet.__version__ + " (Python)",
                   "ClusterSequence(...).inclusive_jets() from Python on prebuilt PseudoJet lists")


def bench_cxx(path, algorithm, radius, repeat, prefix):
    compiler = shutil.which("g++")
    if compiler is None:
        return {"unavailable": "g++ not found"}
    include = os.path.join(prefix, "include")
    if not os.path.exists(os.path.join(include, "fastjet", "ClusterSequence.hh")):
        return {"unavailable": "no FastJet headers under %s (apt-get install libfastjet-dev)" % include}
    libdirs = [d for d in (os.path.join(prefix, "lib64"), os.path.join(prefix, "lib"),
                           os.path.join(prefix, "lib", "x86_64-linux-gnu")) if os.path.isdir(d)]
    with tempfile.TemporaryDirectory(prefix="genreco-fastjet-bench-") as tmp:
        source = os.path.join(tmp, "bench.cc")
        binary = os.path.join(tmp, "bench")
        with open(source, "w") as f:
            f.write(CXX_SOURCE)
        command = [compiler, "-O2", "-std=c++17", source, "-o", binary, "-I" + include]
        for d in libdirs:
            command += ["-L" + d, "-Wl,-rpath," + d]
        command += ["-lfastjet"]
        build = subprocess.run(command, capture_output=True, text=True)
        if build.returncode != 0:
            return {"unavailable": "g++ failed: " + build.stderr[-500:]}
        run = subprocess.run([binary, path, algorithm, str(radius), str(repeat + 1)],
                             capture_output=True, text=True)
        if run.returncode != 0:
            return {"unavailable": "C++ bench failed: " + run.stderr[-500:]}
    result = json.loads(run.stdout)
    passes = result["seconds"][1:]  # the first timed pass warms up, as ours does
    return summary(passes, result["events"], result["jets"], result["version"] + " (C++, g++ -O2)",
                   "ClusterSequence cs(particles, jet_def); cs.inclusive_jets() in C++")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("events")
    parser.add_argument("algorithm", choices=["antikt", "kt", "cambridge"])
    parser.add_argument("radius", type=float)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--peer", choices=["python", "cxx", "both"], default="both")
    parser.add_argument("--cxx-prefix", default="/usr")
    args = parser.parse_args()
    # FastJet prints its banner on stdout: keep stdout for the JSON, send the rest to stderr.
    result_stream = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)
    events = read_events(args.events)
    out = {"events": len(events),
           "mean_inputs": sum(len(e) for e in events) / max(1, len(events))}
    if args.peer in ("python", "both"):
        try:
            out["python"] = bench_python(events, args.algorithm, args.radius, args.repeat)
        except ImportError as error:
            out["python"] = {"unavailable": "cannot import fastjet: %s" % error}
    if args.peer in ("cxx", "both"):
        out["cxx"] = bench_cxx(args.events, args.algorithm, args.radius, args.repeat, args.cxx_prefix)
    json.dump(out, result_stream)
    result_stream.write("\n")
    result_stream.flush()


if __name__ == "__main__":
    main()
