#!/bin/sh
# ./build.sh flash --port tcp://127.0.0.1:2323 against the Linux interpreter started with
# --telnet, then a reboot from Storage and esp_prov (sec1, the generated PoP). Needs root for a
# private network namespace (own 127.0.0.1:2323 and :80):  unshare -n test/bundle/flash-telnet-e2e.sh
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BIN=${ESPRUINO:?set ESPRUINO=/path/to/espruino, a Linux build of Espruino}
ESP_PROV=${ESP_PROV:?set ESP_PROV=/path/to/esp_prov.sh, a command running esp_prov.py}
D=$(mktemp -d)
ip link set lo up
node -e 'const fs=require("fs");fs.writeFileSync(process.argv[2]+"/setup.js","var s=require(\"Storage\");s.eraseAll();s.write(\".boot0\","+JSON.stringify(fs.readFileSync(process.argv[1],"utf8"))+");")' "$ROOT/test/bundle/espruino-prelude.js" "$D"
(cd "$D" && $BIN setup.js >/dev/null 2>&1)
(cd "$D" && exec $BIN --telnet < /dev/null > telnet.log 2>&1) &
EP=$!
sleep 1.5
(cd "$ROOT" && ./build.sh flash --port tcp://127.0.0.1:2323); echo "flash rc=$?"
kill -9 $EP 2>/dev/null
(cd "$D" && exec $BIN -e 'print("BOOTED")' < /dev/null > boot.log 2>&1) &
EP=$!
sleep 3
echo "listening after boot (expect :80, no :2323/:23):"; ss -ltn | tail -n +2
POP=$(node -e 'console.log(require(process.argv[1]).pop)' "$ROOT/dist/wifiprov.json")
timeout 150 $ESP_PROV --transport softap --service_name 127.0.0.1:80 --sec_ver 1 --pop "$POP" --ssid HomeNet --passphrase "correct horse" 2>&1 | grep -E "====|Error"
echo "esp_prov rc=$?"
kill -9 $EP 2>/dev/null
