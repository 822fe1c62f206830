// Storage file "wifiprov-console" (a module): the console scheme, an optional part of the firmware
// (docs/console.md). The module require()s it when wifiprov.json says "transport": "console";
// the REPL functions prov.console() / prov.line() live until the module's release().
import type { ClockPort } from "../../src/platform/clock";
import { SchemeConsole } from "../../src/prov/scheme-console";
import { TransportConsole } from "../../src/protocomm/transport-console";
import { installConsole, uninstallConsole } from "../espruino/console";
import type { SharedConsole } from "./console-api";

const api: SharedConsole = {
  scheme: (clock: ClockPort) => {
    const t = new TransportConsole(clock);
    installConsole(t);
    return new SchemeConsole(t);
  },
  stop: uninstallConsole,
};
module.exports = api;
