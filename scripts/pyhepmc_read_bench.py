#!/usr/bin/env python3
"""Time pyhepmc (HepMC3's C++ ReaderAscii) reading every event of a HepMC3 file, N times.

Usage: pyhepmc_read_bench.py FILE [N=5] [--write]
Prints JSON: {"file": ..., "events": ..., "seconds": [t1, ..., tN], "pyhepmc_version": ...}

Each timing covers pyhepmc.open(FILE) and iterating over all events (each event fully
built by HepMC3); nothing is done with the events. This is the reference the Swift reader
is compared with (HepMC3Reader.summarize, `genreco bench`).

With --write, also "write_seconds": the time for pyhepmc (HepMC3's WriterAscii) to write
the same events, read once beforehand, to a temporary file, N times.
"""
import json
import sys
import time

import pyhepmc


def time_writing(path, repeats):
    import os
    import tempfile
    with pyhepmc.open(path) as f:
        events = list(f)
    seconds = []
    with tempfile.TemporaryDirectory() as directory:
        target = os.path.join(directory, "bench.hepmc")
        for _ in range(repeats):
            start = time.perf_counter()
            with pyhepmc.open(target, "w") as out:
                for e in events:
                    out.write(e)
            seconds.append(time.perf_counter() - start)
    return seconds


def main():
    arguments = [a for a in sys.argv[1:] if a != "--write"]
    path = arguments[0]
    repeats = int(arguments[1]) if len(arguments) > 1 else 5
    seconds = []
    events = 0
    for _ in range(repeats):
        start = time.perf_counter()
        n = 0
        with pyhepmc.open(path) as f:
            for _event in f:
                n += 1
        seconds.append(time.perf_counter() - start)
        events = n
    result = {"file": path, "events": events, "seconds": seconds, "pyhepmc_version": pyhepmc.__version__}
    if "--write" in sys.argv[1:]:
        result["write_seconds"] = time_writing(path, repeats)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
