#!/usr/bin/env bash
# A test "cluster" of Linux network namespaces that Open MPI's mpirun uses as separate
# hosts. Needs root, iproute2 (`ip netns`) and util-linux (`unshare`).
#
#   scripts/netns-cluster.sh check
#       exit 0 if namespaces, veth pairs and a bridge can be made here; else say why, exit 3
#   scripts/netns-cluster.sh up N [--prefix P] [--slots K] [--subnet A.B.C]
#       make hosts P0 … P{N-1} (default prefix genreco-h, 2 slots each, subnet 10.213.0):
#       host i has address A.B.C.(i+1)/24 on its eth0, a veth whose other end is a port of
#       bridge br0 in the extra namespace P-br; loopback is up everywhere. Writes the
#       hostfile, the rsh agent and the mpirun flags to /tmp/genreco-netns/P/ and prints
#       them. A cluster already there under the same prefix is taken down first.
#   scripts/netns-cluster.sh exec NAME|ADDRESS CMD...
#       run CMD in that host's namespace with its hostname (start mpirun this way in P0)
#   scripts/netns-cluster.sh flags [--prefix P]
#       print the mpirun flags of a cluster that is up (one line, for $(...))
#   scripts/netns-cluster.sh down [--prefix P]
#       end the processes left in the cluster's namespaces, delete them and the state
#       folder; safe to run twice or when nothing exists
#
# Only the cluster's own namespaces are touched: the veth pairs are created directly
# inside them, so the root namespace gets no interface, address or route, and all
# traffic stays on the private subnet between the namespaces.
set -euo pipefail
prog="netns-cluster.sh"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
state_root="${GENRECO_NETNS_DIR:-/tmp/genreco-netns}"

prefix="genreco-h"
slots=2
subnet="10.213.0"

die() { echo "$prog: $*" >&2; exit 1; }
now_us() { echo "${EPOCHREALTIME/./}"; }
since() { local d=$(( $(now_us) - $1 )); printf '%d.%02d' $((d / 1000000)) $((d % 1000000 / 10000)); }
usage() {   # usage [STATUS]: the header above, on stdout for --help, else on stderr
    local text
    text="$(sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//')"
    if [ "${1:-2}" -eq 0 ]; then echo "$text"; else echo "$text" >&2; fi
    exit "${1:-2}"
}

parse_opts() {   # sets prefix, slots, subnet; leaves the rest in rest[]
    rest=()
    while [ $# -gt 0 ]; do
        case "$1" in
            --prefix) [ $# -ge 2 ] || die "--prefix needs a value"; prefix="$2"; shift 2 ;;
            --prefix=*) prefix="${1#*=}"; shift ;;
            --slots) [ $# -ge 2 ] || die "--slots needs a value"; slots="$2"; shift 2 ;;
            --slots=*) slots="${1#*=}"; shift ;;
            --subnet) [ $# -ge 2 ] || die "--subnet needs a value"; subnet="$2"; shift 2 ;;
            --subnet=*) subnet="${1#*=}"; shift ;;
            -h|--help) usage 0 ;;
            *) rest+=("$1"); shift ;;
        esac
    done
    # A prefix must not end in a digit, so that PREFIX<digits> names only this cluster's
    # hosts (prefix "a-h" and "a-h1" would otherwise both claim "a-h12").
    [[ "$prefix" =~ ^[A-Za-z][A-Za-z0-9_.-]{0,40}[A-Za-z_.-]$ ]] ||
        die "bad prefix '$prefix' (letters, digits, _ . -; must start with a letter and not end in a digit)"
    [[ "$slots" =~ ^[1-9][0-9]{0,3}$ ]] || die "bad --slots '$slots'"
    [[ "$subnet" =~ ^10\.([0-9]{1,3})\.([0-9]{1,3})$ ]] &&
        [ "${BASH_REMATCH[1]}" -le 255 ] && [ "${BASH_REMATCH[2]}" -le 255 ] ||
        die "bad --subnet '$subnet' (want three octets in 10.0.0.0/8, like 10.213.0)"
    state="$state_root/$prefix"
    brns="$prefix-br"
}

# ---------------------------------------------------------------------------- check
check_reason() {   # prints why namespaces cannot be used; returns 1 then
    [ "$(id -u)" -eq 0 ] || { echo "not root (network namespaces need root)"; return 1; }
    local t
    for t in ip unshare hostname; do
        command -v "$t" >/dev/null 2>&1 || { echo "'$t' not found"; return 1; }
    done
    local a="genreco-check-$$-a" b="genreco-check-$$-b" err rc=0
    if ! err="$(ip netns add "$a" 2>&1)"; then echo "ip netns add failed: $err"; return 1; fi
    {
        err="$(ip netns add "$b" 2>&1)" || { echo "ip netns add failed: $err"; rc=1; }
        [ $rc -ne 0 ] || err="$(ip link add eth0 netns "$a" type veth peer name p0 netns "$b" 2>&1)" ||
            { echo "cannot make a veth pair between namespaces: $err"; rc=1; }
        [ $rc -ne 0 ] || err="$(ip -n "$b" link add br0 type bridge 2>&1)" ||
            { echo "cannot make a bridge in a namespace: $err"; rc=1; }
        [ $rc -ne 0 ] || err="$(ip netns exec "$a" unshare --uts -- sh -c 'hostname genreco-check && hostname' 2>&1)" ||
            { echo "cannot run in a namespace with its own hostname: $err"; rc=1; }
    }
    ip netns del "$b" 2>/dev/null || true
    ip netns del "$a" 2>/dev/null || true
    return $rc
}

cmd_check() {
    local why
    if why="$(check_reason)"; then echo "$prog: network namespaces usable"; exit 0; fi
    echo "$prog: cannot make a namespace cluster here: $why" >&2
    exit 3
}

# ---------------------------------------------------------------------------- down
cluster_namespaces() {   # this prefix's namespaces that exist now
    ip netns list 2>/dev/null | awk '{print $1}' |
        grep -E "^$(printf '%s' "$prefix" | sed 's/[.]/\\./g')([0-9]+|-br)\$" || true
}

ancestors() {   # this process and its ancestors: never kill those
    local p=$$
    while [ -n "$p" ] && [ "$p" -gt 1 ]; do
        echo "$p"
        p="$(sed 's/.*) //' "/proc/$p/stat" 2>/dev/null | awk '{print $2}' || true)"
    done
}

cmd_down() {
    parse_opts "$@"
    [ ${#rest[@]} -eq 0 ] || die "down takes no arguments but --prefix (got: ${rest[*]})"
    local t0 nss ns pids p keep n=0
    t0=$(now_us)
    nss="$(cluster_namespaces)"
    if [ -n "$nss" ]; then
        keep=" $(ancestors | tr '\n' ' ') "
        # End what still runs inside (orted, ranks, a stuck mpirun): TERM, then KILL.
        for sig in TERM KILL; do
            pids=""
            for ns in $nss; do
                for p in $(ip netns pids "$ns" 2>/dev/null || true); do
                    [[ "$keep" == *" $p "* ]] || pids="$pids $p"
                done
            done
            [ -n "$pids" ] || break
            # shellcheck disable=SC2086
            kill -s "$sig" $pids 2>/dev/null || true
            if [ "$sig" = TERM ]; then
                for _ in $(seq 20); do   # up to 2 s
                    local alive=""
                    for p in $pids; do   # zombies do not count
                        [ "$(sed 's/.*) //' "/proc/$p/stat" 2>/dev/null | cut -c1)" = Z ] ||
                            { [ -e "/proc/$p" ] && alive=1; }
                    done
                    [ -n "$alive" ] || break
                    sleep 0.1
                done
            fi
        done
        for ns in $nss; do
            ip netns del "$ns" 2>/dev/null || ip netns del "$ns" || true
            n=$((n + 1))
            # Open MPI's leftovers of a killed run, named after the host name = namespace
            rm -rf "/tmp/ompi.$ns."* /dev/shm/vader_segment."$ns".* 2>/dev/null || true
        done
    fi
    rm -rf "$state"
    rmdir "$state_root" 2>/dev/null || true
    local left
    left="$(cluster_namespaces)"
    [ -z "$left" ] || die "namespaces still there: $left"
    printf '%s: down %s: %d namespaces removed in %s s\n' "$prog" "$prefix" "$n" "$(since "$t0")"
}

# ---------------------------------------------------------------------------- up
mpirun_flags() {
    printf '%s' "--hostfile $state/hostfile --mca plm_rsh_agent $state/agent" \
        " --mca oob_tcp_if_include $subnet.0/24 --mca btl_tcp_if_include $subnet.0/24" \
        " --mca pml ob1 --mca btl tcp,self,vader --allow-run-as-root --oversubscribe"
}

cmd_up() {
    parse_opts "$@"
    [ ${#rest[@]} -eq 1 ] || die "usage: $prog up N [--prefix P] [--slots K] [--subnet A.B.C]"
    local n="${rest[0]}" i ns addr t0
    [[ "$n" =~ ^[1-9][0-9]*$ ]] && [ "$n" -le 250 ] || die "N must be 1…250 (got '$n')"
    local why
    why="$(check_reason)" || { echo "$prog: cannot make a namespace cluster here: $why" >&2; exit 3; }
    t0=$(now_us)

    # Running `up` twice: start from nothing.
    if [ -n "$(cluster_namespaces)" ] || [ -e "$state" ]; then
        cmd_down --prefix "$prefix" --slots "$slots" --subnet "$subnet" >/dev/null
    fi
    # Half-made cluster on any failure: remove it.
    trap 'echo "$prog: up failed; removing what was made" >&2; cmd_down --prefix "$prefix" >/dev/null 2>&1 || true' ERR

    mkdir -p "$state"
    ip netns add "$brns"
    ip -n "$brns" link set lo up
    ip -n "$brns" link add br0 type bridge stp_state 0 forward_delay 0
    ip -n "$brns" link set br0 up
    : >"$state/hosts.tmp"
    : >"$state/hostfile.tmp"
    for ((i = 0; i < n; i++)); do
        ns="$prefix$i"
        addr="$subnet.$((i + 1))"
        ip netns add "$ns"
        # no IPv6: no link-local addresses, router solicitations or DAD on the subnet
        ip netns exec "$ns" sh -c 'echo 1 >/proc/sys/net/ipv6/conf/all/disable_ipv6; echo 1 >/proc/sys/net/ipv6/conf/default/disable_ipv6' 2>/dev/null || true
        ip -n "$ns" link set lo up
        ip link add eth0 netns "$ns" type veth peer name "h$i" netns "$brns"
        ip -n "$brns" link set "h$i" master br0 up
        ip -n "$ns" addr add "$addr/24" dev eth0
        ip -n "$ns" link set eth0 up
        echo "$addr $ns" >>"$state/hosts.tmp"
        echo "$addr slots=$slots" >>"$state/hostfile.tmp"
    done
    install -m 0755 "$here/netns-agent.sh" "$state/agent"
    mv "$state/hosts.tmp" "$state/hosts"
    mv "$state/hostfile.tmp" "$state/hostfile"
    mpirun_flags >"$state/mpirun-flags"
    echo >>"$state/mpirun-flags"
    trap - ERR

    # Wait until every eth0 is up (veth carrier comes at once; bridge ports forward at
    # once with STP off).
    for ((i = 0; i < n; i++)); do
        for _ in $(seq 50); do
            ip -n "$prefix$i" -o link show eth0 | grep -q 'state UP' && break
            sleep 0.02
        done
    done

    printf '%s: up %s: %d hosts %s.1-%s.%d in %s s\n' "$prog" "$prefix" "$n" "$subnet" \
        "$subnet" "$n" "$(since "$t0")"
    echo "hostfile:  $state/hostfile"
    echo "agent:     $state/agent"
    echo "host map:  $state/hosts"
    echo "mpirun flags (also in $state/mpirun-flags):"
    echo "  $(mpirun_flags)"
    echo "run, e.g.:"
    echo "  $here/netns-cluster.sh exec ${prefix}0 mpirun \$(cat $state/mpirun-flags) -np $n --map-by node hostname"
}

# ---------------------------------------------------------------------------- exec
cmd_exec() {
    [ $# -ge 2 ] || die "usage: $prog exec NAME|ADDRESS CMD..."
    local target="$1" ns=""
    shift
    # only hosts of the clusters made here: a name or an address in their host maps
    ns="$(cat "$state_root"/*/hosts 2>/dev/null |
        awk -v t="$target" '$1 == t || $2 == t {print $2; exit}')"
    if [ -z "$ns" ] || [ ! -e "/var/run/netns/$ns" ]; then
        die "no host '$target' in a cluster that is up (see $state_root/*/hosts)"
    fi
    exec ip netns exec "$ns" unshare --uts -- /bin/sh -c 'hostname "$0" || exit 1; exec "$@"' "$ns" "$@"
}

cmd_flags() {
    parse_opts "$@"
    [ -r "$state/mpirun-flags" ] || die "cluster '$prefix' is not up"
    cat "$state/mpirun-flags"
}

[ $# -ge 1 ] || usage
sub="$1"; shift
case "$sub" in
    check) cmd_check ;;
    up) cmd_up "$@" ;;
    down) cmd_down "$@" ;;
    exec) cmd_exec "$@" ;;
    flags) cmd_flags "$@" ;;
    -h|--help|help) usage 0 ;;
    *) echo "$prog: unknown command '$sub'" >&2; usage ;;
esac
