// The console transport on Espruino's REPL: requests are typed (or sent by wifi-prov --port) as
// prov.console("<endpoint>", "<hex>"[, <session_id>]), or pasted from esp_prov as printed
// ("Client->Device msg : …", console-paste.ts) or inside prov.line("…"); each answer is printed
// as one tagged line (WIFIPROV-RESP / WIFIPROV-ERR, src/protocomm/console-line.ts) on the active
// console: USB serial, or Telnet while a Telnet client holds the console. ESP-IDF counterpart:
// components/protocomm/src/transports/protocomm_console.c, which reads the UART itself.
import { parseSessionId } from "../../src/protocomm/console-line";
import type { TransportConsole } from "../../src/protocomm/transport-console";
import { takePastedLines } from "./console-paste";

/** What the REPL calls; the session id defaults to 0, as esp_prov's. */
export interface ConsoleApi {
  console: (endpoint: string, hex: string, session?: number | string) => void;
  line: (text: string) => void;
}

/** The REPL functions for transport t; answers go out with console.log (one line each). */
export function consoleApi(t: TransportConsole): ConsoleApi {
  const out = (l: string) => console.log(l);
  return {
    console: (endpoint, hex, session) => {
      const sid = session === undefined ? 0 : typeof session === "string" ? parseSessionId(session) : session;
      t.request(String(endpoint), sid, String(hex), out);
    },
    line: (text) => t.line(String(text), out),
  };
}

/** Puts the console back where takePastedLines found it. */
let putBack = () => undefined as void;

type Holder = { prov?: { console?: unknown; line?: unknown } };

/**
 * Makes prov.console / prov.line callable from the REPL: a REPL call needs a global name. Added to
 * an existing global prov object (a maker's `var prov = require("wifi-prov")`), else one is made.
 */
export function installConsole(t: TransportConsole): void {
  const g = globalThis as unknown as Holder;
  const api = consoleApi(t);
  const prov = g.prov || {};
  prov.console = api.console;
  prov.line = api.line;
  g.prov = prov;
  putBack = takePastedLines(api.line);
}

/** Removes what installConsole added (at the end of provisioning), and prov itself when nothing else is left in it. */
export function uninstallConsole(): void {
  putBack();
  putBack = () => undefined;
  const g = globalThis as unknown as Holder;
  const prov = g.prov;
  if (!prov) return;
  delete prov.console;
  delete prov.line;
  if (!Object.keys(prov).length) delete g.prov;
}
