#!/usr/bin/env bash
# Build pipeline for the Espruino bundle: tsc → esbuild → subset check →
# terser name mangling → subset check → size report against tools/bundle/budget.json.
# Every command answers -h/--help at once, and an unknown option exits 2 with the usage, both
# before the type-check.
set -euo pipefail
cd "$(dirname "$0")"

usage() {
  cat <<'USAGE'
usage: ./build.sh [build] [options]     type-check and build the Storage layout dist/storage/
                                        (wifi-prov, wifiprov-kv, wifiprov-cfg, wifiprov-portal, wifiprov-console,
                                        .boot1, wifiprov.html.gz, wifiprov.json)
  --ble | --no-ble        BLE scheme instead of SoftAP      (env BUILD_BLE=1; default SoftAP)
  --sec2 | --no-sec2      include security 2                (env BUILD_SEC2=1; default sec0+sec1)
  --debug | --no-debug    DEBUG=true, LOG_LEVEL=4            (env BUILD_DEBUG=1)
  --mangle | --no-mangle  --no-mangle: whitespace/syntax minification only (env BUILD_MANGLE=0)
  --storage=DIR           the layout elsewhere (a variant's)  (env BUILD_STORAGE)
  --entry=PATH --out=PATH one entry into one file instead    (env BUILD_ENTRY, BUILD_OUT)
  --new-config            new secrets in dist/wifiprov.json   (else an existing one is kept)
  -h, --help              this text
       ./build.sh flash --port /dev/ttyUSB0|tcp://HOST:PORT [--baud 115200] [--config FILE]
                                              write dist/storage/* into Storage (never .bootcde), reboot
                                              (./build.sh flash --help for every option)
       ./build.sh bench --port /dev/ttyUSB0|tcp://HOST:PORT   the board benchmark: one JSON line (./build.sh bench --help)
       ./build.sh check FILE.js...            run the Espruino subset checker on files
       ./build.sh qr [--ssid NAME]            the sticker: Wi-Fi and web page QR codes from dist/wifiprov.json
       ./build.sh help
USAGE
}

check_usage() {
  cat <<'USAGE'
usage: ./build.sh check FILE.js...
  Runs the Espruino subset checker on each file (syntax and globals Espruino lacks).
  -h, --help              this text
USAGE
}

cmd_build() {
  local args=() newcfg="" storage="dist/storage" single=""
  for a in "$@"; do
    case "$a" in
      -h | --help) usage; exit 0 ;;
      --new-config) newcfg="--new" ;;
      --ble | --no-ble | --sec2 | --no-sec2 | --debug | --no-debug | --mangle | --no-mangle | --entry=?*) args+=("$a") ;;
      --out=?*) args+=("$a"); single=1 ;;
      --storage=?*) args+=("$a"); storage="${a#--storage=}" ;;
      *) echo "build.sh: unknown build option '$a'" >&2; usage >&2; exit 2 ;;
    esac
  done
  npx tsc --noEmit -p .
  npx tsx tools/bundle/build.ts ${args[@]+"${args[@]}"}
  # The provisioning web page, dist/web/index.html(.gz), within its gzipped budget (tools/web/build.ts).
  npx tsx tools/web/build.ts
  # …and in the layout as the Storage file the firmware serves it from (src/portal/page-stream.ts).
  if [ -z "$single" ]; then cp dist/web/index.html.gz "$storage/wifiprov.html.gz"; fi
  # Default device configuration with generated secrets (tools/upload/config.ts), also as the
  # layout's Storage file wifiprov.json (owner-only, like the original: it holds the secrets).
  npx tsx tools/upload/config.ts dist/wifiprov.json $newcfg
  if [ -z "$single" ]; then cp -p dist/wifiprov.json "$storage/wifiprov.json"; fi
}

cmd_check() {
  for a in "$@"; do
    case "$a" in
      -h | --help) check_usage; exit 0 ;;
      -*) echo "build.sh check: unknown option '$a'" >&2; check_usage >&2; exit 2 ;;
    esac
  done
  if [ $# -eq 0 ]; then echo "build.sh check: no files given" >&2; check_usage >&2; exit 2; fi
  npx tsx tools/bundle/subset-check.ts "$@"
}

sub="${1:-build}"
case "$sub" in
  build) [ $# -gt 0 ] && shift; cmd_build "$@" ;;
  -*) cmd_build "$@" ;;
  check) shift; cmd_check "$@" ;;
  qr) shift; npx tsx tools/upload/sticker.ts "$@" ;;
  flash) shift; npx tsx tools/upload/flash.ts "$@" ;;
  bench) shift; npx tsx tools/upload/bench.ts "$@" ;;
  help) usage ;;
  *) echo "build.sh: unknown command '$sub'" >&2; usage >&2; exit 2 ;;
esac
