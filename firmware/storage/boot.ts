// Storage file ".boot1": the zero-code path, run by Espruino at every boot before the maker's
// .bootcde. Not provisioned: require("wifi-prov").start(). Provisioned: join the saved network
// and keep it (a retry every RETRY_MS; after reprovisionAfter failed attempts in a row,
// provisioning again) without loading the module. "autoStart": false in wifiprov.json leaves
// everything to the maker's code. Kept small: what stays in RAM on a provisioned board is this
// function's scope and its two Wi-Fi listeners.
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
  const espRequire = (globalThis as unknown as { require: EspruinoRequire }).require;
  const cfg = espRequire("Storage").readJSON("wifiprov.json", true) as { autoStart?: unknown; reprovisionAfter?: unknown } | undefined;
  if (cfg && cfg.autoStart === false) return;
  const after = cfg && typeof cfg.reprovisionAfter === "number" ? cfg.reprovisionAfter : 5;
  const wifi = espRequire("Wifi");
  let fails = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const say = (msg: string) => console.log("[wifiprov] " + msg);
  /** The saved network, read through the module's own store; the store is not kept. */
  const saved = (): StaConfig | undefined => {
    const c = (espRequire(KV_FILE) as SharedKv).creds();
    Modules.removeCached(KV_FILE);
    return c;
  };
  const onConnected = (d: { [k: string]: string | undefined }) => {
    fails = 0;
    say("connected, IP " + d.ip);
  };
  const join = () => {
    timer = undefined;
    const c = saved();
    if (!c) return provision(false);
    wifi.connect(E.toString(c.ssid), { password: c.password.length ? E.toString(c.password) : "" }, () => undefined);
  };
  const onDisconnected = (d: { [k: string]: string | undefined }) => {
    fails++;
    say("disconnected (reason " + d.reason + "), failure " + fails);
    if (after > 0 && fails >= after) {
      say(after + " failed connection attempts in a row: provisioning again");
      provision(true);
    } else if (!timer) timer = setTimeout(join, RETRY_MS);
  };
  /** Keeps the station: our listeners on while the module is not running. */
  const keep = (on: boolean) => {
    wifi.removeListener("connected", onConnected);
    wifi.removeListener("disconnected", onDisconnected);
    if (!on) return;
    wifi.on("connected", onConnected);
    wifi.on("disconnected", onDisconnected);
  };
  function provision(force: boolean): void {
    keep(false);
    if (timer) clearTimeout(timer);
    timer = undefined;
    fails = 0;
    const prov = espRequire("wifi-prov") as Prov;
    prov.on("end", () => {
      // The station is up already (its IP went to the manager): say so once, then keep it.
      const ip = wifi.getIP().ip;
      if (ip && ip !== "0.0.0.0") say("connected, IP " + ip);
      keep(true);
    });
    prov.start(force ? { force: true } : undefined, (err) => {
      if (err) timer = setTimeout(() => provision(force), RETRY_MS);
    });
  }
  if (!saved()) {
    provision(false);
    return;
  }
  say("provisioned: joining the saved network (require(\"wifi-prov\").reprovision() to provision again)");
  keep(true);
  join();
})();
