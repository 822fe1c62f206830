// A miniature firmware with the console scheme, for the interpreter tier (console-binding.test.ts):
// the real manager, security 1 (PoP abcd1234), the Espruino ports (the Wifi module faked by
// espruino-prelude.js), and prov.console/prov.line on the REPL. It shows the wiring the firmware
// module needs: SchemeConsole(TransportConsole) in place of the SoftAP scheme, installConsole on
// the same transport. Not the firmware: no config file, no saved-network path.
import { strBytes } from "../../src/core/bytes";
import { setLogSink } from "../../src/core/log";
import { ProvManager } from "../../src/prov/manager";
import { SchemeConsole } from "../../src/prov/scheme-console";
import { TransportConsole } from "../../src/protocomm/transport-console";
import { EspruinoClock } from "../../firmware/espruino/clock";
import { installConsole } from "../../firmware/espruino/console";
import { espruinoCrypto } from "../../firmware/espruino/crypto";
import { EntropyPool } from "../../firmware/espruino/entropy";
import { EspruinoKv } from "../../firmware/espruino/kv";
import { EspruinoWifi } from "../../firmware/espruino/wifi";

setLogSink((level, tag, msg) => console.log(level + " " + tag + ": " + msg), LOG_LEVEL);
const pool = new EntropyPool();
pool.mixStr(String(E.hwRand()) + getTime());
pool.gatherJitter(32);
const clock = new EspruinoClock();
const p = { clock: clock, crypto: espruinoCrypto(pool), kv: new EspruinoKv(), wifi: new EspruinoWifi((s) => pool.mixStr(s)) };
const transport = new TransportConsole(clock);
const mgr = new ProvManager(p, {
  scheme: new SchemeConsole(transport),
  onCredRecv: () => console.log("[wifiprov] credentials received"),
  onCredSuccess: () => console.log("[wifiprov] provisioned"),
});
installConsole(transport);
mgr.init();
mgr.startProvisioning(1, { pop: strBytes("abcd1234") }, "console", undefined, (err) => console.log("CONSOLE-PROV-READY " + err));
// The Linux interpreter exits when nothing is pending and stdin is not a terminal (a board never does).
setInterval(() => undefined, 1000);
