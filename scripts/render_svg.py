#!/usr/bin/env python3
"""Render an SVG or HTML file with headless Chromium and measure the picture.

    python3 scripts/render_svg.py event.svg out.png --size 1380x1400 [--colour em=#146e1e]

Prints one JSON object: width, height, the background colour (the most common pixel),
how many pixels differ from it, how many distinct colours there are, and for each
--colour NAME=#rrggbb the number of pixels within a small distance of that colour.
Exit status 3 when no Chromium is installed (so a caller can tell "cannot render" from
"rendered badly"), 2 on bad input, 1 when Chromium fails.

Only the Python standard library is used: the PNG is decoded here with zlib (8-bit RGB or
RGBA, non-interlaced, as Chromium writes its screenshots).
"""
import argparse
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib
from collections import Counter


def find_chromium():
    env = os.environ.get("GENRECO_CHROMIUM")
    if env:
        return env if shutil.which(env) or os.path.isfile(env) else None
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        path = shutil.which(name)
        if path:
            return path
    return None


def screenshot(chromium, source, png, width, height):
    url = "file://" + os.path.abspath(source)
    profile = tempfile.mkdtemp(prefix="genreco-chromium-")
    try:
        args = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                "--no-first-run", "--disable-extensions", "--user-data-dir=" + profile,
                "--screenshot=" + os.path.abspath(png), f"--window-size={width},{height}", url]
        r = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
        if r.returncode != 0 or not os.path.exists(png):
            sys.stderr.write(r.stderr.decode(errors="replace")[-2000:])
            raise RuntimeError(f"chromium exited with {r.returncode}")
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def decode_png(path):
    """Returns (width, height, rows) with rows a list of bytes objects of RGB triples."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG file")
    pos, idat = 8, []
    width = height = depth = ctype = interlace = None
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind = data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            width, height, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
    if depth != 8 or ctype not in (2, 6) or interlace != 0:
        raise ValueError(f"unsupported PNG: depth {depth}, colour type {ctype}, interlace {interlace}")
    bpp = 3 if ctype == 2 else 4
    raw = zlib.decompress(b"".join(idat))
    stride = width * bpp
    rows, prev = [], bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        filt = raw[start]
        line = bytearray(raw[start + 1:start + 1 + stride])
        if filt == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 0xFF
        elif filt == 2:
            for i in range(stride):
                line[i] = (line[i] + prev[i]) & 0xFF
        elif filt == 3:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((left + prev[i]) >> 1)) & 0xFF
        elif filt == 4:
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b = prev[i]
                c = prev[i - bpp] if i >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pred) & 0xFF
        elif filt != 0:
            raise ValueError(f"bad PNG filter {filt} in row {y}")
        rows.append(bytes(line) if bpp == 3 else bytes(b for i in range(0, stride, 4) for b in line[i:i + 3]))
        prev = line
    return width, height, rows


def parse_colour(text):
    name, _, hexcode = text.partition("=")
    hexcode = hexcode.lstrip("#")
    if not name or len(hexcode) != 6:
        raise ValueError(f"--colour wants NAME=#rrggbb, got {text!r}")
    return name, tuple(int(hexcode[i:i + 2], 16) for i in (0, 2, 4))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("source", help="an .svg or .html file")
    ap.add_argument("png", help="where to write the screenshot")
    ap.add_argument("--size", default="1380x1400", help="window WIDTHxHEIGHT in pixels")
    ap.add_argument("--colour", action="append", default=[], help="NAME=#rrggbb: count pixels near this colour")
    ap.add_argument("--tolerance", type=int, default=24, help="max per-channel difference for --colour matches")
    a = ap.parse_args()
    try:
        width, height = (int(v) for v in a.size.lower().split("x"))
        colours = [parse_colour(c) for c in a.colour]
    except ValueError as e:
        sys.stderr.write(f"render_svg.py: {e}\n")
        return 2
    if not os.path.isfile(a.source):
        sys.stderr.write(f"render_svg.py: no file {a.source}\n")
        return 2
    chromium = find_chromium()
    if chromium is None:
        sys.stderr.write("render_svg.py: no Chromium found (apt-get install chromium, or set GENRECO_CHROMIUM)\n")
        return 3
    try:
        screenshot(chromium, a.source, a.png, width, height)
        w, h, rows = decode_png(a.png)
    except (RuntimeError, ValueError, subprocess.TimeoutExpired) as e:
        sys.stderr.write(f"render_svg.py: {e}\n")
        return 1
    counts = Counter()
    for row in rows:
        counts.update(row[i:i + 3] for i in range(0, len(row), 3))
    background, _ = counts.most_common(1)[0]
    total = w * h
    near = {}
    for name, rgb in colours:
        near[name] = sum(n for px, n in counts.items()
                         if all(abs(px[k] - rgb[k]) <= a.tolerance for k in range(3)))
    print(json.dumps({
        "width": w, "height": h,
        "background": "#%02x%02x%02x" % tuple(background),
        "non_background_pixels": total - counts[background],
        "non_background_fraction": (total - counts[background]) / total,
        "distinct_colours": len(counts),
        "colour_pixels": near,
    }, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
