// What the Storage file "wifiprov-console" exports: the console scheme (provisioning over the
// Espruino console, docs/console.md), loaded by the module only when wifiprov.json says
// "transport": "console", and dropped with it at release.
import type { ClockPort } from "../../src/platform/clock";
import type { Scheme } from "../../src/prov/scheme";

export interface SharedConsole {
  /** The console scheme; prov.console() / prov.line() are callable on the REPL from now on. */
  scheme(clock: ClockPort): Scheme;
  /** Removes prov.console / prov.line (and the global prov when it held nothing else). */
  stop(): void;
}

/** Its Storage name. */
export const CONSOLE_FILE = "wifiprov-console";
