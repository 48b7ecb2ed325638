#!/usr/bin/env python3
"""Reads a GenReco run's dataset with h5py and prints what it holds, as JSON on stdout.

Usage: h5_dataset_check.py FILE.h5

DatasetIntegrationTests compare this with `genreco inspect FILE.h5 --json` (the program's
own summary): shapes, dtypes, jets per label, and per column min, max, mean, count and NaN
count — over all rows of `jets` and `events`, and over the valid rows only of `clusters`,
`tracks` and `segments` (row j of jet i is valid when j < n_clusters[i], etc.).

It also checks what the schema promises and prints the problems it finds under "problems"
(an empty list when all is well):
  * per-jet arrays have 30 / 20 / 30 rows and are zero past the jet's count;
  * every jet's event_id is an event of `events`, and each event's n_jets is its number of jets;
  * jets of an event are numbered 0, 1, … by decreasing pT; labels are 0, 1 or 2;
  * the LLP columns are NaN exactly when no LLP is matched (all three together);
  * signal jets (label 1) have a matched LLP decaying in the calorimeter region.
"""
import json
import sys

import h5py
import numpy as np

ARRAYS = {"clusters": ("n_clusters", 30), "tracks": ("n_tracks", 20), "segments": ("n_segments", 30)}


def column_stats(data):
    out = []
    for name in data.dtype.names:
        col = data[name].astype(np.float64)
        nan = int(np.isnan(col).sum())
        good = col[~np.isnan(col)]
        out.append({
            "name": name,
            "count": int(good.size),
            "nan": nan,
            "min": float(good.min()) if good.size else None,
            "max": float(good.max()) if good.size else None,
            "mean": float(good.mean()) if good.size else None,
        })
    return out


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    problems = []
    with h5py.File(sys.argv[1], "r") as f:
        jets = f["jets"][()]
        events = f["events"][()]
        n = jets.shape[0]
        out = {
            "jets": int(n),
            "events": int(events.shape[0]),
            "shapes": {name: list(f[name].shape) for name in f.keys()},
            "dtypes": {name: [[k, f[name].dtype.fields[k][0].str] for k in f[name].dtype.names] for name in f.keys()},
            "jetsPerLabel": dict(zip(["QCD", "signal", "BIB"], [int(c) for c in np.bincount(jets["label"], minlength=3)[:3]])),
            "tables": {"jets": column_stats(jets), "events": column_stats(events)},
        }
        if np.any((jets["label"] < 0) | (jets["label"] > 2)):
            problems.append("a label outside 0, 1, 2")
        for name, (count_field, rows) in ARRAYS.items():
            data = f[name][()]
            if data.shape != (n, rows):
                problems.append(f"{name} has shape {data.shape}, expected ({n}, {rows})")
                continue
            counts = jets[count_field].astype(np.int64)
            valid = np.arange(rows)[None, :] < counts[:, None]
            out["tables"][name] = column_stats(data[valid])
            for field in data.dtype.names:
                if np.any(data[field][~valid] != 0):
                    problems.append(f"{name}.{field} is not zero past {count_field}")
        # Events and jets agree.
        event_ids = events["event_id"]
        if len(set(event_ids.tolist())) != len(event_ids):
            problems.append("repeated event_id in events")
        per_event = {}
        for k, eid in enumerate(jets["event_id"].tolist()):
            per_event.setdefault(eid, []).append(k)
        unknown = set(per_event) - set(event_ids.tolist())
        if unknown:
            problems.append(f"jets of events not in events: {sorted(unknown)[:5]}")
        for eid, nj in zip(event_ids.tolist(), events["n_jets"].tolist()):
            if len(per_event.get(eid, [])) != nj:
                problems.append(f"event {eid}: n_jets {nj}, jets {len(per_event.get(eid, []))}")
        for eid, ks in per_event.items():
            if jets["jet_index"][ks].tolist() != list(range(len(ks))):
                problems.append(f"event {eid}: jet_index not 0, 1, …")
            pts = jets["pt_gev"][ks]
            if np.any(np.diff(pts) > 0):
                problems.append(f"event {eid}: jets not in decreasing pT")
        lxy, lz, lpt = jets["llp_lxy_mm"], jets["llp_lz_mm"], jets["llp_pt_gev"]
        if np.any(np.isnan(lxy) != np.isnan(lz)) or np.any(np.isnan(lxy) != np.isnan(lpt)):
            problems.append("LLP columns not NaN together")
        signal = jets["label"] == 1
        barrel = (lxy > 1200) & (lxy < 4000)
        endcap = (np.abs(lz) > 3500) & (np.abs(lz) < 6000)
        if np.any(signal & ~(barrel | endcap)):
            problems.append("a signal jet whose LLP decays outside the calorimeter windows")
        out["problems"] = problems
    json.dump(out, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
