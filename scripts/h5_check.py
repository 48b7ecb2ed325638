#!/usr/bin/env python3
"""What h5py sees in a GenReco dataset file, as JSON on stdout.

Usage: h5_check.py FILE.h5

OutputTests (H5pyReadBackTests) compare this with what Swift wrote: per dataset the shape,
maximum shape, chunking and filters, the compound dtype (field names and numpy type strings),
the attributes, and per field the sum over all elements (NaN skipped, as float64), the number
of NaNs and the first element. Floating-point numbers are written as float.hex() strings, so
the comparison is exact where it should be.
"""
import json
import sys

import h5py
import numpy as np


def number(x):
    """An exact, JSON-safe spelling of a numpy scalar."""
    if isinstance(x, (np.floating, float)):
        return float(x).hex()
    return int(x)


def attribute(v):
    if isinstance(v, bytes):
        return v.decode("utf-8")
    if isinstance(v, str):
        return v
    if isinstance(v, (np.integer, int)):
        return int(v)
    if isinstance(v, (np.floating, float)):
        return float(v).hex()
    return repr(v)


def describe(ds):
    data = ds[()]
    fields = []
    sums, nans, first = {}, {}, {}
    for name in ds.dtype.names:
        fields.append([name, ds.dtype.fields[name][0].str])
        column = data[name]
        if column.dtype.kind == "f":
            sums[name] = float(np.nansum(column.astype(np.float64))).hex()
            nans[name] = int(np.isnan(column).sum())
        else:
            sums[name] = int(column.astype(np.int64).sum())
            nans[name] = 0
        if column.size > 0:
            first[name] = number(column.reshape(-1)[0])
    return {
        "shape": list(ds.shape),
        "maxshape": [-1 if m is None else m for m in ds.maxshape],
        "chunks": list(ds.chunks) if ds.chunks else None,
        "compression": ds.compression,
        "shuffle": bool(ds.shuffle),
        "fields": fields,
        "attrs": {k: attribute(v) for k, v in ds.attrs.items()},
        "sums": sums,
        "nan_counts": nans,
        "first": first,
    }


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    with h5py.File(sys.argv[1], "r") as f:
        out = {
            "h5py_version": h5py.version.version,
            "hdf5_version": h5py.version.hdf5_version,
            "attrs": {k: attribute(v) for k, v in f.attrs.items()},
            "datasets": {name: describe(f[name]) for name in f.keys()},
        }
        if "jets" in f:
            out["label_counts"] = [int(n) for n in np.bincount(f["jets"]["label"], minlength=3)]
    json.dump(out, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
