#!/usr/bin/env python3
"""Pythia 8 reference distributions for GenReco's generator at new signal points and for the
two backgrounds (--point minbias: SoftQCD:inelastic; --point dijet: HardQCD:all above the
card's default pT-hat of 40 GeV; same tune, seed and stable-particle rule, the signal's
event-level observables with ranges of their own, plus ATLAS's minimum-bias dN/deta counts).

Reproduces the settings of ../shared/reference/pythia8/ggH125_mS40_ctau760.cmnd (A14 tune,
gg -> H1 -> s s through HiggsBSM, limitTau0 with tau0Max = 10 mm, seed 12345) at other
(m_Phi, m_s, c tau, s decay) points, or for W H (HiggsBSM:ffbar2H1W, W -> e nu / mu nu),
and writes JSON in the "pythia8-reference-v1" format of that directory's README: the same
observables, with the same bin edges (read from the benchmark JSON given by --binning), the
unbinned mean / rms (ddof = 0) / median / quantiles, and the timing of Pythia::next().

Differences from the benchmark's settings, on purpose:
* the mediator's width is forced to the run card's (25:mWidth, 25:doForceWidth = on): a
  600 GeV H1 would otherwise get the SM-like width Pythia computes for it;
* 35:mMin / 35:mMax are m_s -/+ 2.5 % (the benchmark's 39-41 GeV is 40 -/+ 2.5 %).

Run (Pythia from `pip install pythia8mc`, PYTHIA8DATA set to its xmldoc):
    python3 scripts/pythia8_reference.py --point light --out reference/pythia8
    python3 scripts/pythia8_reference.py --point heavy --out ...
    python3 scripts/pythia8_reference.py --point wh --out ...
    python3 scripts/pythia8_reference.py --timing-only      # ms per event, MPI on and off

Jets need the `fastjet` Python package; without it the jet observables are left out.
The files of this repository (reference/pythia8/) were made with pythia8mc 8.317.2, the
binary wheel (`pip download pythia8mc --only-binary=:all:`). This script is helper tooling:
CI never runs Pythia, it only reads the stored JSON.
"""
import argparse
import json
import math
import os
import sys
import time

import numpy as np

POINTS = {
    # name: (process, m_Phi, m_s, c tau [mm], s decay ids, description)
    "light": ("ggH", 125.0, 5.0, 100.0, (4, -4), "gg -> H(125) -> s s, m_s = 5 GeV, c*tau(s) = 100 mm, s -> c cbar"),
    "heavy": ("ggH", 600.0, 150.0, 760.0, (5, -5), "gg -> Phi(600) -> s s, m_s = 150 GeV, c*tau(s) = 760 mm, s -> b bbar"),
    # The benchmark point with exactly the .cmnd file's settings (for --timing-only).
    "benchmark": ("ggH", 125.0, 40.0, 760.0, (5, -5), "gg -> H(125) -> s s, m_s = 40 GeV, c*tau(s) = 760 mm, s -> b bbar"),
    "wh": ("WH", 125.0, 40.0, 760.0, (5, -5), "q qbar' -> W H(125), W -> e nu / mu nu, H -> s s, m_s = 40 GeV, c*tau(s) = 760 mm, s -> b bbar"),
    # The backgrounds (no LLP; the mass entries are unused).
    "minbias": ("minbias", 0, 0, 0, (0, 0), "inelastic minimum bias (SoftQCD:inelastic: non-diffractive, single and double diffractive), 13 TeV"),
    "dijet": ("dijet", 0, 0, 0, (0, 0), "QCD 2 -> 2 (HardQCD:all) with pT-hat > 40 GeV (GenReco's default pthat_min_gev), 13 TeV"),
}
FILE_NAMES = {"benchmark": "ggH125_mS40_ctau760_pythia8317", "light": "ggH125_mS5_ctau100", "heavy": "ggH600_mS150_ctau760",
              "wh": "WH125_mS40_ctau760", "minbias": "minbias_inelastic_13TeV", "dijet": "dijet_pthat40_13TeV"}
# The dijet default of GenReco's run card (generation.pthat_min_gev).
DIJET_PTHAT_MIN = 40.0
# Primary charged particles in the ATLAS sense have a mean lifetime above 300 ps: the charged
# strange baryons (Sigma+-, Xi-, Omega-: 80-165 ps) are stable here (c tau > 10 mm) but not counted.
ATLAS_EXCLUDED = {3112, 3222, 3312, 3334}


def settings(point):
    process, m_phi, m_s, ctau, (d1, d2), _ = POINTS[point]
    # The backgrounds: same beams, tune, stable-particle rule (c tau > 10 mm) and seed.
    common = ["ParticleDecays:limitTau0 = on", "ParticleDecays:tau0Max = 10.0", "Random:setSeed = on", "Random:seed = 12345"]
    if process == "minbias":
        return ["Beams:eCM = 13000.", "Tune:pp = 21", "SoftQCD:inelastic = on"] + common
    if process == "dijet":
        return ["Beams:eCM = 13000.", "Tune:pp = 21", "HardQCD:all = on", f"PhaseSpace:pTHatMin = {DIJET_PTHAT_MIN}"] + common
    s = ["Beams:eCM = 13000.", "Tune:pp = 21", "Higgs:useBSM = on"]
    if process == "ggH":
        s.append("HiggsBSM:gg2H1 = on")
    else:
        s += ["HiggsBSM:ffbar2H1W = on", "24:onMode = off", "24:onIfAny = 11 13"]
    s.append(f"25:m0 = {m_phi}")
    if point != "benchmark":
        s += ["25:mWidth = 0.0041", "25:doForceWidth = on"]
    s += ["25:onMode = off", "25:addChannel = 1 1.0 100 35 35",
          f"35:m0 = {m_s}", f"35:mMin = {m_s * 0.975}", f"35:mMax = {m_s * 1.025}",
          "35:tauCalc = off", f"35:tau0 = {ctau}", "35:onMode = off", f"35:onIfMatch = {d1} {d2}",
          "ParticleDecays:limitTau0 = on", "ParticleDecays:tau0Max = 10.0",
          "Random:setSeed = on", "Random:seed = 12345"]
    return s


OUTPUT_ONLY = ["Next:numberCount = 0", "Next:numberShowEvent = 0", "Next:numberShowInfo = 0",
               "Next:numberShowProcess = 0", "Init:showChangedSettings = off", "Init:showChangedParticleData = off",
               "Init:showProcesses = off", "Init:showMultipartonInteractions = off"]


def make_pythia(lines, mpi):
    import pythia8mc as pythia8
    p = pythia8.Pythia("", False)
    for line in lines + OUTPUT_ONLY + ([] if mpi else ["PartonLevel:MPI = off"]):
        if not p.readString(line):
            raise RuntimeError(f"Pythia did not accept {line!r}")
    if not p.init():
        raise RuntimeError("Pythia init failed")
    return p


def is_b_hadron(pid):
    a = abs(pid)
    return a > 100 and ((a // 100) % 10 == 5 or (a // 1000) == 5)


def analyse(event, values, with_jets):
    n = event.size()
    parts = [event[i] for i in range(n)]
    llps = [i for i in range(n) if parts[i].id() == 35 and parts[i].daughter1() > 0 and parts[parts[i].daughter1()].id() != 35]
    values["llp_n_per_event"].append(len(llps))
    for i in llps:
        p = parts[i]
        d = parts[p.daughter1()]
        lxy = math.hypot(d.xProd() - p.xProd(), d.yProd() - p.yProd())
        values["llp_pt"].append(p.pT())
        values["llp_abseta"].append(abs(p.eta()))
        for name in ("llp_lxy", "llp_lxy_log"):
            values[name].append(lxy)
        for name in ("llp_abslz", "llp_abslz_log"):
            values[name].append(abs(d.zProd()))
        for name in ("llp_ctau", "llp_ctau_log"):
            values[name].append(p.tau())
        values["llp_betagamma"].append(p.pAbs() / p.m())
        # Descendants.
        stack, seen = [i], set()
        stable = charged = nb = 0
        bhad = []
        while stack:
            k = stack.pop()
            for dd in parts[k].daughterList():
                if dd in seen:
                    continue
                seen.add(dd)
                q = parts[dd]
                if q.isFinal():
                    stable += 1
                    if q.isCharged():
                        charged += 1
                if is_b_hadron(q.id()) and not any(is_b_hadron(parts[x].id()) for x in q.daughterList()):
                    nb += 1
                    bhad.append(q)
                stack.append(dd)
        values["llp_n_stable_desc"].append(stable)
        values["llp_n_stable_charged_desc"].append(charged)
        values["llp_n_bhad"].append(nb)
        # x_B = 2 E*_B / m_s in the LLP rest frame.
        for q in bhad:
            e_star = (q.e() * p.e() - q.px() * p.px() - q.py() * p.py() - q.pz() * p.pz()) / p.m()
            values["llp_bhad_xb"].append(2 * e_star / p.m())
    values["event_n_bhad"].append(sum(1 for q in parts if is_b_hadron(q.id())
                                      and not any(is_b_hadron(parts[x].id()) for x in q.daughterList())))
    meds = [q for q in parts if q.id() == 25 and not (q.daughter1() > 0 and parts[q.daughter1()].id() == 25)]
    for q in meds[:1]:
        values["med_pt"].append(q.pT())
        values["med_y"].append(q.y())
    finals = [q for q in parts if q.isFinal()]
    ch = [q for q in finals if q.isCharged()]
    values["nch_pt05_eta25"].append(sum(1 for q in ch if q.pT() > 0.5 and abs(q.eta()) < 2.5))
    values["nch_pt01_eta25"].append(sum(1 for q in ch if q.pT() > 0.1 and abs(q.eta()) < 2.5))
    values["nch_pt01_eta05"].append(sum(1 for q in ch if q.pT() > 0.1 and abs(q.eta()) < 0.5))
    values["nch_pt05_eta05"].append(sum(1 for q in ch if q.pT() > 0.5 and abs(q.eta()) < 0.5))
    for q in ch:
        if q.pT() > 0.5 and abs(q.eta()) < 2.5:
            values["ch_pt"].append(q.pT())
            values["ch_eta"].append(q.eta())
    # ATLAS's minimum-bias phase space: dN/deta at eta = 0 per selected event.
    primary = [q for q in ch if abs(q.id()) not in ATLAS_EXCLUDED and abs(q.eta()) < 2.5]
    if "atlas_nch_pt01_eta05" in values and sum(1 for q in primary if q.pT() > 0.1) >= 2:
        values["atlas_nch_pt01_eta05"].append(sum(1 for q in primary if q.pT() > 0.1 and abs(q.eta()) < 0.5))
    if "atlas_nch_pt05_eta05" in values and any(q.pT() > 0.5 for q in primary):
        values["atlas_nch_pt05_eta05"].append(sum(1 for q in primary if q.pT() > 0.5 and abs(q.eta()) < 0.5))
    nus = [q for q in finals if abs(q.id()) in (12, 14, 16)]
    values["met_nu"].append(math.hypot(sum(q.px() for q in nus), sum(q.py() for q in nus)))
    if with_jets:
        import fastjet
        inputs = [fastjet.PseudoJet(q.px(), q.py(), q.pz(), q.e()) for q in finals
                  if abs(q.id()) not in (12, 14, 16) and abs(q.eta()) < 4.9]
        jets = sorted(fastjet.ClusterSequence(inputs, fastjet.JetDefinition(fastjet.antikt_algorithm, 0.4)).inclusive_jets(),
                      key=lambda j: -j.pt())
        values["njet_pt20"].append(sum(1 for j in jets if j.pt() > 20))
        if jets:
            values["jet1_pt"].append(jets[0].pt())
            values["jet1_m"].append(jets[0].m())
        if len(jets) > 1:
            values["jet2_pt"].append(jets[1].pt())
        for j in jets:
            if j.pt() > 20:
                values["jet_abseta_pt20"].append(abs(j.eta()))


def uniform_edges(lo, hi, n):
    return [lo + (hi - lo) * k / n for k in range(n + 1)]


def integer_edges(hi):
    return [k - 0.5 for k in range(hi + 1)]


def background_template(point, signal_template):
    """Observables and bin edges of the backgrounds: the signal's event-level observables
    (same definitions), with ranges that suit minimum bias (soft) and dijets (hard)."""
    sig = signal_template["observables"]
    obs = {}

    def add(name, edges, description=None, unit=""):
        t = dict(sig.get(name, {}))
        t = {k: t[k] for k in ("description", "unit") if k in t}
        if description:
            t["description"] = description
        t.setdefault("unit", unit)
        t["bin_edges"] = edges
        obs[name] = t

    if point == "minbias":
        add("nch_pt05_eta25", integer_edges(80))
        add("nch_pt01_eta25", uniform_edges(0, 200, 50))
        add("nch_pt01_eta05", integer_edges(40))
        add("nch_pt05_eta05", integer_edges(30))
        add("atlas_nch_pt01_eta05", integer_edges(40),
            "per selected event (>= 2 primary charged, pT > 0.1 GeV, |eta| < 2.5; primary: stable, tau > 300 ps, "
            "so not Sigma+-, Xi-, Omega-): number with pT > 0.1 GeV, |eta| < 0.5; its mean is ATLAS's dN/deta(eta=0) "
            "of arXiv:1606.01133")
        add("atlas_nch_pt05_eta05", integer_edges(30),
            "per selected event (>= 1 primary charged, pT > 0.5 GeV, |eta| < 2.5): number with pT > 0.5 GeV, |eta| < 0.5; "
            "its mean is ATLAS's dN/deta(eta=0) of arXiv:1602.01633")
        add("ch_pt", [0.5 + 0.25 * k for k in range(20)] + [5.5 + k for k in range(5)] + [12.0, 15.0, 20.0, 30.0, 50.0])
        add("ch_eta", uniform_edges(-2.5, 2.5, 50))
    else:
        add("nch_pt05_eta25", uniform_edges(0, 300, 60))
        add("nch_pt01_eta25", uniform_edges(0, 500, 50))
        add("nch_pt01_eta05", integer_edges(80))
        add("nch_pt05_eta05", integer_edges(50))
        add("ch_pt", sig["ch_pt"]["bin_edges"])
        add("ch_eta", uniform_edges(-2.5, 2.5, 50))
        add("event_n_bhad", integer_edges(8))
        add("met_nu", uniform_edges(0, 100, 50), "per event: |sum pT| of the stable neutrinos (truth missing pT)", "GeV")
        add("njet_pt20", integer_edges(16))
        add("jet1_pt", uniform_edges(0, 400, 40))
        add("jet2_pt", uniform_edges(0, 400, 40))
        add("jet1_m", uniform_edges(0, 60, 30))
        add("jet_abseta_pt20", uniform_edges(0, 5, 25))
    return {"observables": obs}


def histogram(values, template):
    v = np.asarray(values, dtype=float)
    edges = np.asarray(template["bin_edges"], dtype=float)
    out = {k: template[k] for k in ("description", "unit") if k in template}
    out["bin_edges"] = template["bin_edges"]
    if v.size == 0:
        return None
    counts = [int(((v >= edges[i]) & (v < edges[i + 1])).sum()) for i in range(len(edges) - 1)]
    under, over = int((v < edges[0]).sum()), int((v >= edges[-1]).sum())
    n = float(v.size)
    out.update(counts=counts, underflow=under, overflow=over, entries=int(v.size),
               fractions=[c / n for c in counts], underflow_fraction=under / n, overflow_fraction=over / n,
               mean=float(v.mean()), rms=float(v.std()), median=float(np.median(v)),
               quantiles={str(q): float(np.quantile(v, q)) for q in (0.1, 0.25, 0.75, 0.9)},
               min=float(v.min()), max=float(v.max()))
    return out


def version(p):
    try:
        return p.parm("Pythia:versionNumber")
    except Exception:
        return None


def package_version():
    try:
        from importlib.metadata import version as v
        return v("pythia8mc")
    except Exception:
        return None


def sigma_gen(p):
    for get in (lambda: p.infoPython().sigmaGen(), lambda: p.info.sigmaGen()):
        try:
            return get()
        except Exception:
            pass
    return None


def time_per_event(lines, mpi, n):
    p = make_pythia(lines, mpi)
    start = time.perf_counter()
    done = 0
    while done < n:
        if p.next():
            done += 1
    return (time.perf_counter() - start) / n * 1000


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--point", choices=sorted(POINTS), default="light")
    ap.add_argument("--events", type=int, default=2000)
    ap.add_argument("--binning", default=os.path.join(os.path.dirname(__file__), "..", "..", "shared", "reference", "pythia8",
                                                       "ggH125_mS40_ctau760.json"))
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..", "reference", "pythia8"))
    ap.add_argument("--no-mpi", action="store_true")
    ap.add_argument("--timing-only", action="store_true", help="only time Pythia::next() with and without MPI")
    ap.add_argument("--timing-events", type=int, default=300)
    args = ap.parse_args()

    lines = settings(args.point)
    if args.timing_only:
        with_mpi = time_per_event(lines, True, args.timing_events)
        without = time_per_event(lines, False, args.timing_events)
        print(json.dumps({"point": args.point, "next_ms_per_event_mpi_on": with_mpi, "next_ms_per_event_mpi_off": without}))
        return

    template = json.load(open(args.binning))
    if POINTS[args.point][0] in ("minbias", "dijet"):
        template = background_template(args.point, template)
    try:
        import fastjet  # noqa: F401
        with_jets = True
    except ImportError:
        with_jets = False
    if args.point == "minbias":
        with_jets = False      # soft events: no jets above 20 GeV to speak of
    values = {name: [] for name in template["observables"]}
    # analyse() fills the signal observables too; keep the lists it needs.
    for name in ("llp_n_per_event", "event_n_bhad", "med_pt", "med_y", "ch_pt", "ch_eta", "met_nu", "njet_pt20", "jet1_pt",
                 "jet1_m", "jet2_pt", "jet_abseta_pt20", "nch_pt05_eta25", "nch_pt01_eta25", "nch_pt01_eta05", "nch_pt05_eta05"):
        values.setdefault(name, [])
    p = make_pythia(lines, not args.no_mpi)
    failed = 0
    next_time = 0.0
    done = 0
    t_loop = time.perf_counter()
    while done < args.events:
        t0 = time.perf_counter()
        ok = p.next()
        next_time += time.perf_counter() - t0
        if not ok:
            failed += 1
            continue
        analyse(p.event, values, with_jets)
        done += 1
    loop = time.perf_counter() - t_loop
    import pythia8mc
    observables = {}
    for name, tmpl in template["observables"].items():
        h = histogram(values.get(name, []), tmpl)
        if h is not None:
            observables[name] = h
        elif POINTS[args.point][0] in ("minbias", "dijet"):
            raise RuntimeError(f"no entries for {name}")
    name = FILE_NAMES[args.point] + ("_noMPI" if args.no_mpi else "")
    out = {
        "format": "pythia8-reference-v1",
        "point": FILE_NAMES[args.point],
        "variant": "PartonLevel:MPI = off" if args.no_mpi else "default (MPI on)",
        "description": POINTS[args.point][5],
        "generator": "Pythia 8 (pythia8mc Python bindings from PyPI), made by scripts/pythia8_reference.py",
        "pythia_version_number": version(p),
        "pythia8mc_package": package_version(),
        "pythia_settings": lines + (["PartonLevel:MPI = off"] if args.no_mpi else []),
        "pythia_settings_output_only": OUTPUT_ONLY,
        "seed": 12345, "n_requested": args.events, "n_events": done, "n_failed_next": failed,
        "sigma_gen_mb": sigma_gen(p),
        "timing": {"next_only_ms_per_event": next_time / done * 1000, "total_loop_ms_per_event": loop / done * 1000,
                   "note": "wall-clock around Pythia::next() only; single thread; other jobs shared the 2-core machine"},
        "jets": with_jets,
        "observables": observables,
        "created_utc": time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime()),
    }
    os.makedirs(args.out, exist_ok=True)
    path = os.path.join(args.out, name + ".json")
    with open(path, "w") as f:
        json.dump(out, f, indent=1)
    print(f"wrote {path}: {done} events, next() {out['timing']['next_only_ms_per_event']:.2f} ms/event")


if __name__ == "__main__":
    sys.exit(main())
