// Storage module "wifi-prov": `require("wifi-prov")` gives a maker's own code the provisioning
// manager, one call per wifi_prov_mgr_* function (firmware/README.md "Use it from your own
// code"). Espruino evaluates it as module code, so it defines no globals; when provisioning ends
// (or on release()) it drops every reference it holds and empties its exports, and the GC
// reclaims it all. require("wifi-prov") again loads a fresh copy from flash.
import { bytesStr, strBytes, toHex } from "../../src/core/bytes";
import { Err } from "../../src/core/err";
import { errHex, setLogSink } from "../../src/core/log";
import type { Platform } from "../../src/platform/index";
import type { Done } from "../../src/platform/done";
import type { Scheme } from "../../src/prov/scheme";
import type { SecParams } from "../../src/prov/manager-types";
import { Sec2 } from "../../src/protocomm/sec2";
import { TransportBle } from "../../src/protocomm/transport-ble";
import { SchemeBle } from "../../src/prov/scheme-ble";
import { TransportHttpd } from "../../src/protocomm/transport-httpd";
import { ProvManager } from "../../src/prov/manager";
import { SchemeSoftAp } from "../../src/prov/scheme-softap";
import type { DeviceConfig } from "../../src/prov/device-config";
import { EspruinoBle } from "../espruino/ble";
import { EspruinoClock } from "../espruino/clock";
import { espruinoCrypto } from "../espruino/crypto";
import { EntropyPool } from "../espruino/entropy";
import { EspruinoHttp } from "../espruino/http";
import { espRequire } from "../espruino/modules";
import { EspruinoWifi, macBytes } from "../espruino/wifi";
import { CONFIG_PARSER_FILE, type SharedConfig } from "./config-api";
import { KV_FILE, type SharedKv } from "./kv-api";
import { PORTAL_FILE, type SharedPortal } from "./portal-api";
import type { HttpPort } from "../../src/platform/http";
import { CONSOLE_FILE, type SharedConsole } from "./console-api";

const NAME = "wifi-prov";
const CONFIG_FILE = "wifiprov.json";
const SEED_FILE = "wifiprov.seed";
const POP_KEY = "prov.pop";

type Cb = ((err: Error | null) => void) | undefined;
type Listener = (arg?: unknown) => void;

/** Everything the module holds; release() drops it. */
interface State {
  mgr: ProvManager | undefined;
  /** start() accepted, its Wi-Fi scan not done yet (no manager yet): running for the maker. */
  starting: boolean;
  wifi: EspruinoWifi | undefined;
  on: { [ev: string]: Listener[] };
  eps: { [name: string]: (data: string) => string };
}

const st: State = { mgr: undefined, starting: false, wifi: undefined, on: {}, eps: {} };
/** The web page and captive portal (Storage module "wifiprov-portal") while SoftAP provisioning runs. */
let portal: SharedPortal | undefined;
/** The console scheme's Storage module while "transport": "console" provisions (docs/console.md). */
let con: SharedConsole | undefined;
const api: { [k: string]: unknown } = {};
/**
 * What existed before this module (",name,...,;", the build's banner: the file's first statement):
 * Espruino materializes a built-in (Math, Uint8Array, the http classes…) as a global the first
 * time code names it, and caches built-in modules on require; release() removes the ones that
 * appeared since, so the global names are as before require.
 */
declare const WIFIPROV_BEFORE: string;
const before = WIFIPROV_BEFORE;
function say(msg: string): void {
  console.log("[wifiprov] " + msg);
}

/** A maker's mistake: one console line, and the callback gets the error (never a throw). */
function refuse(msg: string, cb: Cb): number {
  say(msg);
  if (cb) setTimeout(() => cb(new Error(msg)), 0);
  return Err.INVALID_ARG;
}

function emit(ev: string, arg?: unknown): void {
  const l = st.on[ev];
  if (!l) return;
  for (let i = 0; i < l.length; i++) {
    try {
      (l[i] as Listener)(arg);
    } catch (e) {
      say("a \"" + ev + "\" listener threw: " + e);
    }
  }
}

function shared(): SharedKv {
  return espRequire(KV_FILE) as SharedKv;
}

/** Entropy pool seeded from the persisted seed (a new one is written back), MAC, memory, jitter. */
function seedPool(mac: Uint8Array): EntropyPool {
  const pool = new EntropyPool();
  const s = espRequire("Storage");
  const old = s.read(SEED_FILE);
  if (old !== undefined) pool.mixStr(old);
  pool.mix(mac);
  pool.mixStr(JSON.stringify((process as unknown as EspruinoProcess).memory(false)) + E.hwRand());
  pool.gatherJitter(32);
  try {
    s.write(SEED_FILE, pool.random(32));
  } catch (e) {
    say("cannot save the entropy seed");
  }
  const rnd = pool.random(4);
  E.srand((rnd[0] as number) | ((rnd[1] as number) << 8) | ((rnd[2] as number) << 16) | ((rnd[3] as number) << 24));
  return pool;
}

/** The configuration: wifiprov.json with the maker's options over it; undefined after refuse(). */
function configure(cp: SharedConfig, options: { [k: string]: unknown } | undefined, mac: Uint8Array, cb: Cb): DeviceConfig | undefined {
  const caps = { ble: BUILD_BLE, sec2: BUILD_SEC2 };
  const text = espRequire("Storage").read(CONFIG_FILE);
  let merged: { [k: string]: unknown } = {};
  if (options) {
    const own: { [k: string]: unknown } = {};
    // Checked alone, with serviceKey set: the parser's advice on an absent key is not a mistake.
    const chk: { [k: string]: unknown } = { serviceKey: "" };
    for (const k in options) if (k !== "force") own[k] = chk[k] = options[k];
    const mine = cp.parse(JSON.stringify(chk), mac, caps);
    if (mine.errors) {
      // One line: each problem without the parser's "; using …" (nothing is used: start refuses).
      refuse("start: " + mine.messages.map((m) => m.split(";")[0]).join("; "), cb);
      return undefined;
    }
    try {
      merged = text === undefined ? {} : JSON.parse(text);
    } catch (e) {
      merged = {};
    }
    for (const k in own) merged[k] = own[k];
  }
  const parsed = cp.parse(options ? JSON.stringify(merged) : text, mac, caps);
  for (const m of parsed.messages) say("config: " + m);
  return parsed.config;
}

/** Consoles that would expose stored credentials go off (docs/platform/espruino.md §12); the serial one stays, Telnet if the maker opts in (docs/console.md). */
function consolesOff(telnet: boolean): void {
  try {
    if (!telnet) espRequire("TelnetServer").setOptions({ mode: "off" });
  } catch (e) {
    say("TelnetServer not available");
  }
  if (typeof NRF !== "undefined") {
    try {
      NRF.setServices({}, { uart: false });
      if (!BUILD_BLE) NRF.sleep();
    } catch (e) {
      say("NRF: " + e);
    }
  }
}

/** Drops everything: listeners, endpoints, the Wi-Fi binding's handlers, the exports, the cache entry. */
function release(): void {
  if (st.mgr || st.starting) {
    say("release: stop provisioning first (prov.stop())");
    return;
  }
  if (st.wifi) st.wifi.release();
  st.wifi = undefined;
  st.on = {};
  st.eps = {};
  // prov.console/prov.line off before the exports go (a maker's `var prov` is the exports).
  if (con) {
    con.stop();
    con = undefined;
    Modules.removeCached(CONSOLE_FILE);
  }
  // Keys first: deleting inside for-in skips the next key on Espruino.
  const keys = Object.keys(api);
  for (let i = 0; i < keys.length; i++) delete api[keys[i] as string];
  // Built-ins our code materialized (Espruino re-creates one at its next use). Only enumerable
  // ones: a host whose built-ins are not (Node's vm in the bundle tier) has nothing to undo.
  const g = globalThis as unknown as { [k: string]: unknown };
  const now = "," + Object.keys(g).join(",") + ",;";
  const made = "Array,ArrayBuffer,ArrayBufferView,DataView,Float32Array,Float64Array,Int8Array,Int16Array,Int32Array,Uint8Array,Uint16Array,Uint32Array,JSON,Math,Number,Object,RegExp,String,Boolean,Error,TypeError,httpSRq,httpSRs,httpSrv,dgramSocket".split(",");
  for (let i = 0; i < made.length; i++) {
    const b = "," + made[i] + ",";
    if (before.indexOf(b) < 0 && now.indexOf(b) >= 0) delete g[made[i] as string];
  }
  portal = undefined;
  const mods = [NAME, KV_FILE, "http", "crypto", "TelnetServer", "dgram", PORTAL_FILE];
  for (let i = 0; i < mods.length; i++) {
    const m = mods[i] as string;
    if (i > 1 && before.indexOf("," + m + ",") >= 0) continue;
    try {
      Modules.removeCached(m);
    } catch (e) {
      // not cached (loaded some other way, or removed already)
    }
  }
}

function startManager(p: Platform, pool: EntropyPool, cfg: DeviceConfig, qr: string, cb: Cb): void {
  st.starting = false;
  const ble = BUILD_BLE && cfg.transport === "ble";
  let scheme: Scheme;
  // BUILD_BLE / BUILD_SEC2 are esbuild defines: the unused branch and its modules drop out.
  if (BUILD_BLE && ble) scheme = new SchemeBle(new TransportBle({ ble: new EspruinoBle(), clock: p.clock }), p.clock);
  // The console scheme is a Storage file of its own, loaded only when chosen.
  else if (cfg.transport === "console") scheme = (con = espRequire(CONSOLE_FILE) as SharedConsole).scheme(p.clock);
  else {
    let http: HttpPort = new EspruinoHttp((b) => pool.mix(b));
    // The page at / and the captive portal: a Storage file of its own, loaded only now.
    try {
      http = (portal = espRequire(PORTAL_FILE) as SharedPortal).wrap(http, cfg.captivePortal, st.eps);
    } catch (e) {
      say("no web page: " + PORTAL_FILE + " is not in Storage");
    }
    scheme = new SchemeSoftAp(p.wifi, p.clock, new TransportHttpd({ http: http, crypto: p.crypto, clock: p.clock, port: cfg.httpPort }));
  }
  const s2 = cfg.sec2;
  const mgr = new ProvManager(p, {
    scheme: scheme,
    scanBleCoex: BUILD_BLE,
    makeSec2: BUILD_SEC2 && s2 ? (sp: SecParams) => new Sec2({ clock: p.clock, crypto: p.crypto, salt: s2.salt, verifier: s2.verifier, patchVer: s2.patch, onProofFailed: sp.onProofFailed }) : undefined,
    onStart: () => emit("start"),
    onCredRecv: (ssid) => {
      say("credentials received for " + JSON.stringify(bytesStr(ssid)));
      emit("credRecv", { ssid: bytesStr(ssid) });
    },
    onCredFail: (reason) => {
      say("connection failed: " + (reason ? "network not found" : "authentication error"));
      emit("credFail", { reason: reason ? "notFound" : "auth" });
    },
    onCredSuccess: () => {
      say("provisioned");
      emit("credSuccess");
    },
    onEnd: () => {
      say("provisioning ended");
      if (portal) portal.stop();
      // The station joined during provisioning (its IP went to the manager): say so once.
      const ip = espRequire("Wifi").getIP().ip;
      if (ip && ip !== "0.0.0.0") say("connected, IP " + ip);
      emit("end");
      mgr.deinit(() => {
        st.mgr = undefined;
        emit("deinit");
        release();
      });
    },
  });
  st.mgr = mgr;
  let r = mgr.init();
  for (const a of cfg.appInfo) if (r === Err.OK) r = mgr.setAppInfo(a.label, a.version, a.capabilities);
  if (r === Err.OK && !cfg.autoStop) r = mgr.disableAutoStop(cfg.cleanupDelayMs);
  for (const name in st.eps) if (r === Err.OK) r = mgr.endpointCreate(name);
  const done = (err: number) => {
    if (err !== Err.OK) {
      say("provisioning did not start: " + errHex(err));
      mgr.deinit(() => {
        st.mgr = undefined;
        if (cb) cb(new Error("provisioning did not start: " + errHex(err)));
      });
      return;
    }
    for (const name in st.eps) mgr.endpointRegister(name, endpointHandler(st.eps[name] as (data: string) => string));
    say("provisioning: " + (ble ? "BLE " + JSON.stringify(cfg.serviceName) : con ? "console, prov.console()" : "SoftAP " + JSON.stringify(cfg.serviceName) +
      (cfg.serviceKey ? " (WPA2)" : " (open)") + ", http port " + cfg.httpPort) + ", security " + cfg.security);
    // The ESP apps' QR code content (printed on the local console only).
    console.log(qr);
    if (portal && cfg.captivePortal) portal.dns(cfg.dnsPort, () => undefined);
    if (cb) cb(null);
  };
  if (r !== Err.OK) return done(r);
  const params = cfg.pop !== undefined ? { pop: strBytes(cfg.pop) } : s2 ? { salt: s2.salt, verifier: s2.verifier } : undefined;
  r = mgr.startProvisioning(cfg.security, params, cfg.serviceName, cfg.serviceKey, done);
  if (r !== Err.OK) done(r);
}

/** A maker's (data: string) => string as a protocomm handler (bytes as 8-bit strings). */
function endpointHandler(fn: (data: string) => string) {
  return (sid: number, data: Uint8Array, done: Done<Uint8Array>) => {
    let out: unknown;
    try {
      out = fn(bytesStr(data));
    } catch (e) {
      say("endpoint handler threw: " + e);
      return done(Err.FAIL);
    }
    done(Err.OK, strBytes(out === undefined ? "" : String(out)));
  };
}

/**
 * wifi_prov_mgr_init + start_provisioning. options: wifiprov.json's fields, over the file's own
 * (undefined = the file as it is); {force: true} starts even with a network saved.
 */
api.start = (options: { [k: string]: unknown } | undefined, cb: Cb) => {
  if (options !== undefined && (options === null || typeof options !== "object")) return refuse("start: options must be an object", cb);
  if (cb !== undefined && typeof cb !== "function") return refuse("start: the callback must be a function", cb = undefined);
  if (st.mgr || st.starting) return refuse("start: provisioning is running already", cb);
  if (!(options && options.force) && shared().creds()) return refuse("start: already provisioned; prov.reset() forgets the network, or start({force: true})", cb);
  setLogSink((level, tag, msg) => console.log(level + " " + tag + ": " + msg), LOG_LEVEL);
  const w = espRequire("Wifi");
  const mac = macBytes(w.getIP().mac);
  // The parser runs once: loaded from flash for this and dropped from the cache.
  const cp = espRequire(CONFIG_PARSER_FILE) as SharedConfig;
  Modules.removeCached(CONFIG_PARSER_FILE);
  const cfg = configure(cp, options, mac, cb);
  if (!cfg) return Err.INVALID_ARG;
  consolesOff(cfg.telnet);
  const pool = seedPool(mac);
  const kv = shared().kv;
  if (cfg.needsPop) {
    const saved = kv.read(POP_KEY);
    cfg.pop = saved ? bytesStr(saved) : toHex(pool.random(4));
    if (!saved && kv.write(POP_KEY, strBytes(cfg.pop)) !== Err.OK) say("cannot save the generated PoP");
    say("config: no pop set; using a generated one (shown in the QR payload)");
  }
  const qr = cp.qr(cfg);
  if (!st.wifi) st.wifi = new EspruinoWifi((s) => pool.mixStr(s));
  const p: Platform = { clock: new EspruinoClock(), crypto: espruinoCrypto(pool), kv: kv, wifi: st.wifi };
  // The binding mixes every scan result into the pool: one scan before the first key is drawn.
  st.starting = true;
  p.wifi.scan({ channel: 0, passive: false, dwellMs: 0 }, () => startManager(p, pool, cfg, qr, cb));
  return Err.OK;
};

/** Listens for "start", "credRecv", "credFail", "credSuccess", "end", "deinit". */
api.on = (ev: string, fn: Listener) => {
  if (["start", "credRecv", "credFail", "credSuccess", "end", "deinit"].indexOf(ev) < 0) return refuse("on: unknown event \"" + ev + "\"", undefined);
  if (typeof fn !== "function") return refuse("on: the listener must be a function", undefined);
  (st.on[ev] || (st.on[ev] = [])).push(fn);
  return Err.OK;
};

/** A custom endpoint (wifi_prov_mgr_endpoint_create + _register): fn(data) returns the answer. */
api.endpoint = (name: string, fn: (data: string) => string) => {
  if (typeof name !== "string" || !name || typeof fn !== "function") return refuse("endpoint: needs a name and a function", undefined);
  if (st.mgr || st.starting) return refuse("endpoint: add endpoints before start()", undefined);
  if (st.eps[name] || ["proto-ver", "prov-session", "prov-config", "prov-scan", "prov-ctrl"].indexOf(name) >= 0) return refuse("endpoint: \"" + name + "\" exists already", undefined);
  st.eps[name] = fn;
  return Err.OK;
};

/** wifi_prov_mgr_is_provisioned. */
// A string key: "isProvisioned" is also a manager method, which the release build renames.
api["isProvisioned"] = () => !!shared().creds();

/** wifi_prov_mgr_reset_provisioning: forgets the saved network. */
api.reset = () => {
  const r = st.mgr ? st.mgr.resetProvisioning() : shared().forget();
  return r === Err.OK ? r : refuse("reset: could not erase the saved network (" + errHex(r) + ")", undefined);
};

/** wifi_prov_mgr_reset_sm_state_on_failure, or _for_reprovision (again = true). */
api.resetSmStates = (again?: boolean) => {
  if (!st.mgr) return refuse("resetSmStates: provisioning is not running", undefined);
  const r = again ? st.mgr.resetSmStateForReprovision() : st.mgr.resetSmStateOnFailure();
  return r === Err.OK ? r : refuse("resetSmStates: not now (" + errHex(r) + ")", undefined);
};

/** wifi_prov_mgr_stop_provisioning: "end" follows, then release. */
api.stop = () => {
  if (!st.mgr) return refuse("stop: provisioning is not running", undefined);
  st.mgr.stopProvisioning();
  return Err.OK;
};

/** Forget the saved network and provision now: the console's way back (was reprovision()). */
api.reprovision = (cb: Cb) => {
  if (st.mgr || st.starting) return refuse("reprovision: provisioning is running already", cb);
  shared().forget();
  return (api.start as (o: unknown, cb: Cb) => number)(undefined, cb);
};

api.release = release;

module.exports = api;
