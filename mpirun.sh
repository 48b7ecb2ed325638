#!/usr/bin/env bash
# Launch genreco under Open MPI.
#
#   ./mpirun.sh [mpirun options] genreco [genreco arguments]
#   ./mpirun.sh -np 3 genreco run -n 1000
#
# It builds the release binary if needed, uses ./hostfile.txt unless you give a host
# option, adds --allow-run-as-root when you are root, --oversubscribe so that more ranks
# than cores may run, and passes everything else through. Set GENRECO_BIN to use a
# binary built elsewhere (it must exist at the same path on every host).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

mpi_args=()
while [ $# -gt 0 ] && [ "$1" != "genreco" ]; do mpi_args+=("$1"); shift; done
if [ $# -eq 0 ]; then
    echo "usage: ./mpirun.sh [mpirun options] genreco [genreco arguments]" >&2
    exit 2
fi
shift   # the word "genreco"

if ! command -v mpirun >/dev/null 2>&1; then
    echo "mpirun.sh: mpirun not found; run scripts/setup.sh (installs Debian's openmpi-bin)" >&2
    exit 2
fi

bin="${GENRECO_BIN:-}"
if [ -z "$bin" ]; then
    (cd "$here" && swift build -c release --product genreco 2>&1 | grep -vE '^(Building|Build complete|\[)' >&2) || true
    bin="$(cd "$here" && swift build -c release --show-bin-path)/genreco"
fi
[ -x "$bin" ] || { echo "mpirun.sh: no genreco binary at $bin" >&2; exit 2; }

has_hosts=0
for a in "${mpi_args[@]+"${mpi_args[@]}"}"; do
    case "$a" in --hostfile|-hostfile|--machinefile|-machinefile|--host|-host|-H) has_hosts=1 ;; esac
done
extra=(--oversubscribe)
[ "$has_hosts" -eq 0 ] && extra+=(--hostfile "$here/hostfile.txt")
[ "$(id -u)" -eq 0 ] && extra+=(--allow-run-as-root)

exec mpirun "${extra[@]}" "${mpi_args[@]+"${mpi_args[@]}"}" "$bin" "$@"
