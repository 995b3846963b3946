#!/usr/bin/env bash
# thingcore vs mosquitto, side by side on this machine (issue 6). Same as `./thingcore bench compare "$@"`:
#   bench/compare.sh            the full run (N = 1,000, 3 rounds, thingcore on all cores; about 30 minutes)
#   bench/compare.sh --quick    the smoke run (N = 100, 1 round, under 3 minutes)
# Needs Debian's mosquitto 2.0 (/usr/sbin/mosquitto) and taskset; results go to bench/results/.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
cd "$root"
# Thousands of sockets on both ends: raise the descriptor limit as far as allowed.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
exec "$root/thingcore" bench compare "$@"
