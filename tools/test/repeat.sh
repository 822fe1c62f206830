#!/usr/bin/env bash
# tools/test/repeat.sh N [SUITE...]: clones HEAD into a fresh temporary directory and runs
# .ci/run there N times in a row (each run from its own fresh clone), printing each run's final
# line; with SUITE arguments (files or globs under test/) it runs `npx mocha SUITE...` N times in
# one clone after `npm ci` instead. Exits non-zero when any run failed. Logs stay in the printed
# directory. Tiers follow the environment (ESPRUINO, ESP_PROV ...), as in CI.
set -uo pipefail
n=${1:?usage: tools/test/repeat.sh N [SUITE...]}
shift
root=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
work=$(mktemp -d "${TMPDIR:-/tmp}/wifiprov-repeat-XXXXXX")
echo "repeat: $n runs of $(git -C "$root" rev-parse --short HEAD) in $work"
fails=0
if (($#)); then
  git clone -q "$root" "$work/clone" && (cd "$work/clone" && npm ci --no-audit --no-fund >"$work/npm-ci.log" 2>&1) ||
    { echo "repeat: clone or npm ci failed (see $work)"; exit 1; }
fi
for ((i = 1; i <= n; i++)); do
  log=$work/run-$i.log
  if (($#)); then
    (cd "$work/clone" && CI=true npx mocha "$@") >"$log" 2>&1
  else
    rm -rf "$work/clone" && git clone -q "$root" "$work/clone" && (cd "$work/clone" && CI=true bash .ci/run) >"$log" 2>&1
  fi
  rc=$?
  ((rc == 0)) || fails=$((fails + 1))
  printf 'run %2d: exit %d: %s\n' "$i" "$rc" "$(tail -n 1 "$log")"
done
echo "repeat: $((n - fails)) of $n runs passed"
((fails == 0))
