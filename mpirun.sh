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


has_hosts=0
hostfile=""
agent="${OMPI_MCA_plm_rsh_agent:-}"
prev=""
for a in "${mpi_args[@]+"${mpi_args[@]}"}"; do
    case "$a" in --host|-host|-H) has_hosts=1 ;; esac
    case "$prev" in --hostfile|-hostfile|--machinefile|-machinefile) has_hosts=1; hostfile="$a" ;; esac
    [ "$prev" = "plm_rsh_agent" ] && agent="$a"
    prev="$a"
done
extra=(--oversubscribe)
if [ "$has_hosts" -eq 0 ]; then
    hostfile="$here/hostfile.txt"
    [ -f "$hostfile" ] || { echo "mpirun.sh: $hostfile is missing (one host per line: 'host slots=N')" >&2; exit 2; }
    extra+=(--hostfile "$hostfile")
fi
[ "$(id -u)" -eq 0 ] && extra+=(--allow-run-as-root)

# Check every host of the hostfile before any work starts: a typo or a dead node should be
# one clear line, not an ssh error from deep inside mpirun (or a hang).
check_host() {   # file line host
    local file="$1" line="$2" h="$3"
    case "$h" in localhost|127.*|::1|"$(hostname)"|"$(hostname -f 2>/dev/null)") return 0 ;; esac
    if ! [[ "$h" =~ ^[0-9.]+$ || "$h" =~ : ]] && ! getent hosts "$h" >/dev/null 2>&1; then
        echo "mpirun.sh: $file:$line: host '$h' is unknown (no address for it); fix the hostfile or DNS" >&2
        return 1
    fi
    local cmd
    if [ -n "$agent" ]; then cmd=($agent "$h" true); else cmd=(ssh -o BatchMode=yes -o ConnectTimeout=5 "$h" true); fi
    if ! timeout 15 "${cmd[@]}" >/dev/null 2>&1; then
        echo "mpirun.sh: $file:$line: host '$h' cannot be reached with '${cmd[*]}'; is it up, and does passwordless ssh work?" >&2
        return 1
    fi
}
if [ -n "$hostfile" ] && [ "${GENRECO_SKIP_HOST_CHECK:-0}" != 1 ]; then
    [ -r "$hostfile" ] || { echo "mpirun.sh: cannot read hostfile $hostfile" >&2; exit 2; }
    n=0; bad=0
    while IFS= read -r raw || [ -n "$raw" ]; do
        n=$((n + 1))
        entry="${raw%%#*}"; read -r h _ <<<"$entry" || true
        [ -z "${h:-}" ] && continue
        check_host "$hostfile" "$n" "$h" || bad=1
    done <"$hostfile"
    [ "$bad" -eq 0 ] || exit 2
fi

bin="${GENRECO_BIN:-}"
if [ -z "$bin" ]; then
    # Statically linked: each job starts a fresh genreco process, twice as fast this way.
    (cd "$here" && swift build -c release --static-swift-stdlib --product genreco 2>&1 \
        | grep -vE "^(Building|Build |\[|Compiling|Write|Emitting|Linking|Planning)|use of .mktemp' is dangerous" >&2) || true
    bin="$(cd "$here" && swift build -c release --static-swift-stdlib --show-bin-path)/genreco"
fi
[ -x "$bin" ] || { echo "mpirun.sh: no genreco binary at $bin" >&2; exit 2; }

exec mpirun "${extra[@]}" "${mpi_args[@]+"${mpi_args[@]}"}" "$bin" "$@"
