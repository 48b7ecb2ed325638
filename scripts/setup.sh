#!/usr/bin/env bash
# Installs what GenReco needs on a fresh Debian machine that has Swift: Open MPI and HDF5
# from Debian, and a Python virtual environment (.venv) with the external clients the
# tests compare against (pyhepmc = the HepMC3 C++ library, h5py), and Chromium to render
# the event display and the run report in the tests. Safe to run again:
# it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v mpirun >/dev/null 2>&1 || need_apt+=(openmpi-bin)
pkg-config --exists ompi-c 2>/dev/null || need_apt+=(libopenmpi-dev)
pkg-config --exists hdf5-serial 2>/dev/null || need_apt+=(libhdf5-dev)
command -v pkg-config >/dev/null 2>&1 || need_apt+=(pkg-config)
python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || need_apt+=(python3-venv)
# Headless Chromium renders the event display and the run report to PNG in the tests.
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium fonts-liberation)
if [ ${#need_apt[@]} -gt 0 ]; then
    echo "setup: installing ${need_apt[*]} (Debian packages)"
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

PY_PACKAGES=(pyhepmc h5py numpy fastjet)
if ! .venv/bin/python -c 'import pyhepmc, h5py, numpy, fastjet' >/dev/null 2>&1; then
    echo "setup: creating .venv with ${PY_PACKAGES[*]}"
    python3 -m venv .venv
    .venv/bin/pip install -q --upgrade pip >/dev/null
    .venv/bin/pip install -q "${PY_PACKAGES[@]}"
fi
