"""Reads a FourVectorEventFile (Sources/Reconstruction/Jets/FourVectorEventFile.swift): per
event a little-endian uint64 count n, then n x 4 float64 (px, py, pz, E). Shared by the
FastJet scripts that check and time GenReco's jets."""
import struct


def read_events(path):
    with open(path, "rb") as f:
        data = f.read()
    events, offset = [], 0
    while offset < len(data):
        (n,) = struct.unpack_from("<Q", data, offset)
        offset += 8
        values = struct.unpack_from("<%dd" % (4 * n), data, offset)
        offset += 32 * n
        events.append([values[4 * i:4 * i + 4] for i in range(n)])
    return events
