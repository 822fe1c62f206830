// Temporary entry written by the build-pipeline helper so that ./build.sh has something to
// bundle; the firmware work replaces it with the real Platform wiring.
import { strBytes, toHex } from "../src/core/bytes";
import { Level, log, setLogSink } from "../src/core/log";

setLogSink(function (level, tag, msg) {
  console.log(level + " " + tag + ": " + msg);
}, LOG_LEVEL);
log(Level.E, "main", "espruino-wifi-prov " + (BUILD_BLE ? "ble" : "softap") + (BUILD_SEC2 ? "+sec2" : ""));
log(Level.E, "main", "probe " + toHex(strBytes("ok")));
if (DEBUG) log(Level.D, "main", "debug build");
