// A minimal Espruino program around the console binding (firmware/espruino/console.ts): sec0
// protocomm with an echo endpoint and the console transport, prov.console/prov.line on the REPL.
// Built and checked by console-binding.test.ts; the firmware wiring is docs/console.md's "Wiring on a board".
import { Protocomm } from "../../src/protocomm/protocomm";
import { sec0 } from "../../src/protocomm/sec0";
import { TransportConsole } from "../../src/protocomm/transport-console";
import { EspruinoClock } from "../../firmware/espruino/clock";
import { installConsole, uninstallConsole } from "../../firmware/espruino/console";

const clock = new EspruinoClock();
const pc = new Protocomm(clock);
pc.setSecurity("prov-session", sec0(clock));
pc.setVersion("proto-ver", "v1.1");
pc.addEndpoint("echo", (id, d, done) => done(0, d));
const t = new TransportConsole(clock);
installConsole(t);
t.start(pc, () => console.log("CONSOLE-READY"));
// The firmware removes the REPL functions when provisioning ends.
(globalThis as unknown as { provDone: () => void }).provDone = () => {
  uninstallConsole();
  console.log("PROV-GONE " + typeof (globalThis as unknown as { prov?: unknown }).prov);
};
// Keeps the interpreter running between REPL lines (the firmware's servers and timers do that;
// the Linux build exits on a piped stdin when nothing is pending).
setInterval(() => undefined, 1000);
