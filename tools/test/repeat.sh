#!/usr/bin/env bash
# tools/test/repeat.sh N [SUITE...]: clones HEAD (as it is at the start) into a fresh temporary directory and runs
# .ci/run there N times in a row (each run from its own fresh clone), printing each run's final
# line; with SUITE arguments (files or globs under test/) it runs `npx mocha SUITE...` N times in
# one clone after `npm ci` instead. Exits non-zero when any run failed. Logs stay in the printed
# directory. Tiers follow the environment (ESPRUINO, ESP_PROV ...), as in CI.
set -uo pipefail
n=${1:?usage: tools/test/repeat.sh N [SUITE...]}
shift
root=$(git rev-parse --show-toplevel) || exit 2 # run it from inside the checkout
rev=$(git -C "$root" rev-parse HEAD) # every run tests this commit, whatever lands meanwhile
work=$(mktemp -d "${TMPDIR:-/tmp}/wifiprov-repeat-XXXXXX")
echo "repeat: $n runs of ${rev:0:7} in $work"
clone() { rm -rf "$work/clone" && git clone -q "$root" "$work/clone" && git -C "$work/clone" checkout -q "$rev"; }
fails=0
if (($#)); then
  clone && (cd "$work/clone" && npm ci --no-audit --no-fund >"$work/npm-ci.log" 2>&1) ||
    { echo "repeat: clone or npm ci failed (see $work)"; exit 1; }
fi
for ((i = 1; i <= n; i++)); do
  log=$work/run-$i.log
  if (($#)); then
    (cd "$work/clone" && CI=true npx mocha "$@") >"$log" 2>&1
  else
    clone && (cd "$work/clone" && CI=true bash .ci/run) >"$log" 2>&1
  fi
  rc=$?
  ((rc == 0)) || fails=$((fails + 1))
  printf 'run %2d: exit %d: %s\n' "$i" "$rc" "$(tail -n 1 "$log")"
done
echo "repeat: $((n - fails)) of $n runs passed"
((fails == 0))
