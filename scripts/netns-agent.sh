#!/usr/bin/env bash
# An ssh stand-in for Open MPI (`--mca plm_rsh_agent AGENT`) on a test cluster of Linux
# network namespaces made by scripts/netns-cluster.sh. `netns-cluster.sh up` copies this
# file to /tmp/genreco-netns/<prefix>/agent and writes the host map `hosts` beside it;
# use that copy, not this file.
#
#   agent [ssh options] [user@]HOST [COMMAND...]
#
# HOST is a cluster address (10.213.0.2) or namespace name (genreco-h1), looked up in the
# map (lines `ADDRESS NAMESPACE`; $GENRECO_NETNS_HOSTS overrides its path). COMMAND runs
# like ssh runs it: its words are joined by spaces and given to the login shell's -c (Open MPI
# sends `PATH=...; export PATH; ... orted -mca ... "quoted;uri"` this way), inside the
# host's network namespace and a fresh UTS namespace whose hostname is the namespace name.
# Unlike ssh, the environment and the working directory are passed through unchanged.
# ssh options are accepted and ignored (-n still sends /dev/null to stdin). A host that is
# not in the map fails at once with exit status 255 (ssh's "connection failed" status)
# and a message on stderr naming the host, so mpirun gives up instead of waiting.
set -u
me="netns-agent"
die() { echo "$me: $*" >&2; exit 255; }

map="${GENRECO_NETNS_HOSTS:-$(dirname "$(readlink -f "$0")")/hosts}"
stdin_null=0

# ssh options: letters that take an argument, from ssh(1); every other letter is a flag.
with_arg="BbcDEeFIiJLlmOopQRSWw"
while [ $# -gt 0 ]; do
    case "$1" in
        --) shift; break ;;
        -?*)
            opt="${1#-}"; shift
            while [ -n "$opt" ]; do
                c="${opt:0:1}"; opt="${opt:1}"
                if [[ "$with_arg" == *"$c"* ]]; then
                    # the argument is the rest of this word, or the next word
                    if [ -z "$opt" ]; then
                        [ $# -gt 0 ] || die "ssh option -$c needs an argument"
                        shift
                    fi
                    opt=""
                elif [ "$c" = n ]; then
                    stdin_null=1
                fi
            done
            ;;
        *) break ;;
    esac
done
[ $# -gt 0 ] || die "usage: $me [ssh options] HOST [COMMAND...]"
host="${1##*@}"; shift

[ -r "$map" ] || die "no host map at $map (is the cluster up? run scripts/netns-cluster.sh up N)"
ns=""
known=""
while read -r addr name _; do
    case "$addr" in ''|'#'*) continue ;; esac
    known="$known $addr"
    if [ "$host" = "$addr" ] || [ "$host" = "$name" ]; then ns="$name"; break; fi
done <"$map"
[ -n "$ns" ] || die "host '$host' belongs to no namespace of this cluster (hosts:$known; map $map); fix the hostfile"
[ -e "/var/run/netns/$ns" ] || die "namespace '$ns' of host '$host' does not exist (cluster taken down?)"

# ssh runs the command with the user's login shell. Open MPI writes the command in the
# syntax of the first known shell among the login shell in the password database and
# $SHELL, else bash's (for sh and ksh it also wraps it in `( test ! -r ./.profile ||
# . ./.profile; ... )`). Pick the shell the same way, so that syntax and shell agree.
shell=/bin/sh
for s in "$(getent passwd "$(id -u)" 2>/dev/null | cut -d: -f7)" "${SHELL:-}"; do
    case "$(basename "${s:-none}")" in
        sh|bash|dash|ksh|zsh|csh|tcsh) if [ -x "$s" ]; then shell="$s"; break; fi ;;
    esac
done
cmd="$*"      # ssh joins the words with single spaces; none: an interactive shell
[ -d "$PWD" ] || cd /

[ "$stdin_null" -eq 1 ] && exec </dev/null
inner='hostname "$1" || exit 255; if [ -z "$3" ]; then exec "$2" -i; fi; exec "$2" -c "$3"'
exec ip netns exec "$ns" unshare --uts -- /bin/sh -c "$inner" "$me" "$ns" "$shell" "$cmd"
