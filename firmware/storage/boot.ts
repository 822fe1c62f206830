// Storage file ".boot1": the zero-code path, run by Espruino at every boot before the maker's
// .bootcde. Not provisioned: require("wifi-prov").start(). Provisioned: join the saved network
// and keep it (a retry every RETRY_MS; after reprovisionAfter failed attempts in a row,
// provisioning again) without loading the module. "autoStart": false in wifiprov.json leaves
// everything to the maker's code. What stays in RAM on a provisioned board is this function's
// scope and one Wi-Fi listener: every function kept costs ~6 JsVars, so there are few.
import type { StaConfig } from "../../src/platform/wifi";
import { KV_FILE, type SharedKv } from "./kv-api";

/** Pause between attempts to join the saved network (each attempt = Espruino's 3 tries). */
const RETRY_MS = 10000;

interface Prov {
  on(ev: string, fn: () => void): void;
  start(options: { force?: boolean } | undefined, cb: (err: Error | null) => void): void;
}

(function () {
  // Inside the function: an import of ../espruino/modules would be a global of this file.
  const req = (globalThis as unknown as { require: EspruinoRequire }).require;
  // -1: autoStart false. The parsed file is not kept (only this number).
  const after = ((c: { autoStart?: unknown; reprovisionAfter?: unknown } | undefined) =>
    c && c.autoStart === false ? -1 : c && typeof c.reprovisionAfter === "number" ? c.reprovisionAfter : 5)(req("Storage").readJSON("wifiprov.json", true) as undefined);
  if (after < 0) return;
  const wifi = req("Wifi");
  let fails = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  /**
   * Both Wi-Fi events ("connected" carries an ip, "disconnected" a reason) and, called with
   * nothing, a join of the saved network (read through the module's own store, not kept), or
   * provisioning when there is none. One function: each kept function costs ~6 JsVars.
   */
  const onEvent = (d?: { [k: string]: string | undefined }): void => {
    if (!d) {
      timer = undefined;
      const c = (req(KV_FILE) as SharedKv).creds() as StaConfig | undefined;
      Modules.removeCached(KV_FILE);
      if (!c) return provision(false);
      console.log("[wifiprov] provisioned: joining the saved network (require(\"wifi-prov\").reprovision() to provision again)");
      wifi.connect(E.toString(c.ssid), { password: c.password.length ? E.toString(c.password) : "" }, () => undefined);
      return;
    }
    if (d.ip) {
      fails = 0;
      console.log("[wifiprov] connected, IP " + d.ip);
      return;
    }
    fails++;
    console.log("[wifiprov] disconnected (reason " + d.reason + "), failure " + fails);
    if (after > 0 && fails >= after) {
      console.log("[wifiprov] " + after + " failed connection attempts in a row: provisioning again");
      provision(true);
    } else if (!timer) timer = setTimeout(onEvent, RETRY_MS);
  };
  /** Hands the radio to the module; when provisioning ends, this keeps the station again. */
  function provision(force: boolean): void {
    wifi.removeListener("connected", onEvent);
    wifi.removeListener("disconnected", onEvent);
    if (timer) clearTimeout(timer);
    timer = undefined;
    fails = 0;
    const prov = req("wifi-prov") as Prov;
    prov.on("end", () => {
      wifi.on("connected", onEvent);
      wifi.on("disconnected", onEvent);
    });
    prov.start(force ? { force: true } : undefined, (err) => {
      if (err) timer = setTimeout(() => provision(force), RETRY_MS);
    });
  }
  wifi.on("connected", onEvent);
  wifi.on("disconnected", onEvent);
  onEvent();
})();
