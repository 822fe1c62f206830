#!/usr/bin/env bash
# Build pipeline for the Espruino bundle (conventions §3.10): tsc → esbuild → subset check →
# terser name mangling → subset check → size report against tools/bundle/budget.json.
set -euo pipefail
cd "$(dirname "$0")"

usage() {
  cat <<'USAGE'
usage: ./build.sh [build] [options]     type-check and bundle firmware/main.ts → dist/firmware.js
  --ble | --no-ble        BLE scheme instead of SoftAP      (env BUILD_BLE=1; default SoftAP)
  --sec2 | --no-sec2      include security 2                (env BUILD_SEC2=1; default sec0+sec1)
  --debug                 DEBUG=true, LOG_LEVEL=4            (env BUILD_DEBUG=1)
  --no-mangle             whitespace/syntax minification only (env BUILD_MANGLE=0)
  --entry=PATH --out=PATH other entry / output               (env BUILD_ENTRY, BUILD_OUT)
  --new-config            new secrets in dist/wifiprov.json   (else an existing one is kept)
       ./build.sh flash --port /dev/ttyUSB0|tcp://HOST:PORT [--baud 115200] [--config FILE]
                                              upload dist/firmware.js as .bootcde + wifiprov.json, reset
       ./build.sh check FILE.js...            run the Espruino subset checker on files
       ./build.sh help
USAGE
}

cmd_build() {
  local args=() newcfg=""
  for a in "$@"; do
    if [ "$a" = "--new-config" ]; then newcfg="--new"; else args+=("$a"); fi
  done
  npx tsc --noEmit -p .
  npx tsx tools/bundle/build.ts ${args[@]+"${args[@]}"}
  # Default device configuration with generated secrets (tools/upload/config.ts).
  npx tsx tools/upload/config.ts dist/wifiprov.json $newcfg
}

sub="${1:-build}"
case "$sub" in
  build) [ $# -gt 0 ] && shift; cmd_build "$@" ;;
  --*) cmd_build "$@" ;;
  check) shift; npx tsx tools/bundle/subset-check.ts "$@" ;;
  flash) shift; npx tsx tools/upload/flash.ts "$@" ;;
  help | -h) usage ;;
  *) echo "build.sh: unknown subcommand '$sub'" >&2; usage >&2; exit 2 ;;
esac
