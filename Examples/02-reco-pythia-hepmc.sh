#!/usr/bin/env bash
# Example 2: real Pythia 8 events (HepMC3) through the farm, without a shared filesystem:
# rank 0 reads the files and ships each job its events over MPI.
#
#   Examples/02-reco-pythia-hepmc.sh
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p genreco-work/evnt-pythia
cp ../shared/fixtures/hepmc3/*.hepmc genreco-work/evnt-pythia/
./mpirun.sh -np 3 genreco reco -b 10 --evnt-dir genreco-work/evnt-pythia
