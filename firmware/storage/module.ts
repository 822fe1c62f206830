// Storage module "wifi-prov": `require("wifi-prov")` gives a maker's own code the provisioning
// manager, one call per wifi_prov_mgr_* function (firmware/README.md "Use it from your own
// code"). This file is the small part that stays while the maker's code holds it: the API, the
// checks of a maker's mistakes and the configuration. start() evaluates the stack, Storage file
// "wifiprov-core", at global scope (core-api.ts says why); when provisioning ends the module
// deletes the core's globals, and on release() it drops every reference it holds and empties its
// exports, and the GC reclaims it all. require("wifi-prov") again loads a fresh copy from flash.
import { Err } from "../../src/core/err";
import { errHex } from "../../src/core/log";
import { espRequire } from "../espruino/modules";
import { macBytes } from "../espruino/wifi";
import { CONFIG_PARSER_FILE, type SharedConfig } from "./config-api";
import { CORE_FILE, CORE_HOOK, CORE_PREFIX, type Cb, type CoreEntry, type CoreRun } from "./core-api";
import { KV_FILE, type SharedKv } from "./kv-api";

const NAME = "wifi-prov";
/** The events on() takes: a string stays in flash, where an array of the names held ~14 JsVars. */
const EVENTS = ",start,credRecv,credFail,credSuccess,end,deinit,;";

type Listener = (arg?: unknown) => void;

/** Everything the module holds; release() drops it. */
const st: { run: CoreRun | undefined; on: { [ev: string]: Listener[] }; eps: { [name: string]: (data: string) => string } } = { run: undefined, on: {}, eps: {} };
const api: { [k: string]: unknown } = {};
/** How many globals the core defines ($0 … $N-1 in base 36): tools/bundle/build.ts. */
declare const CORE_NAMES: number;
/**
 * Which of the names release() may remove existed before this module (",name,...,;", the build's
 * banner: the file's first statement). Espruino materializes a built-in (Math, Uint8Array, the
 * http classes…) as a global the first time code names it, and caches built-in modules on require.
 */
declare const WIFIPROV_BEFORE: string;
const g = globalThis as unknown as { [k: string]: unknown };

function say(msg: string): void {
  console.log("[wifiprov] " + msg);
}

/**
 * A maker's mistake: one console line, and the callback gets the error (never a throw). err: the
 * manager's code, shown as ESP-IDF writes an esp_err_t.
 */
function refuse(msg: string, cb: Cb, err?: number): number {
  if (err !== undefined) msg += " (" + errHex(err) + ")";
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

/** The shared store, loaded from flash for one use (kept loaded, its module scope costs ~80 JsVars). */
function shared(): SharedKv {
  const k = espRequire(KV_FILE) as SharedKv;
  Modules.removeCached(KV_FILE);
  return k;
}

/** The core's globals go (and the GC takes the stack); Espruino's delete is a plain removal. */
function dropCore(): void {
  for (let i = 0; i < CORE_NAMES; i++) delete g[CORE_PREFIX + i.toString(36)];
  delete g[CORE_HOOK];
}

/**
 * Deletes the globals in names ("a,b,…") that our code materialized: not one that was there
 * before the module loaded (the maker's code may have added to it), and only enumerable ones (a
 * host whose built-ins are not, Node's vm in the bundle tier, would lose them).
 */
function unmake(names: string): void {
  const now = "," + Object.keys(g).join(",") + ",;";
  const made = names.split(",");
  for (let i = 0; i < made.length; i++) {
    const b = "," + made[i] + ",";
    if (WIFIPROV_BEFORE.indexOf(b) < 0 && now.indexOf(b) >= 0) delete g[made[i] as string];
  }
}

/** Drops everything: listeners, endpoints, the exports, materialized built-ins, the cache entries. */
function release(): void {
  if (st.run) {
    say("release: stop provisioning first (prov.stop())");
    return;
  }
  st.on = {};
  st.eps = {};
  // Keys first: deleting inside for-in skips the next key on Espruino.
  const keys = Object.keys(api);
  for (let i = 0; i < keys.length; i++) delete api[keys[i] as string];
  // Modules first (a removeCached of one not cached would throw, and make Error a global).
  const cached = "," + Modules.getCached().join(",") + ",;";
  const mods = [NAME, KV_FILE, "http", "crypto", "TelnetServer", "dgram"];
  for (let i = 0; i < mods.length; i++) {
    const m = "," + mods[i] + ",";
    if (cached.indexOf(m) >= 0 && (i < 2 || WIFIPROV_BEFORE.indexOf(m) < 0)) Modules.removeCached(mods[i] as string);
  }
  // Built-ins our code materialized (Espruino re-creates one at its next use).
  unmake("Array,ArrayBuffer,ArrayBufferView,DataView,Float32Array,Float64Array,Int8Array,Int16Array,Int32Array,Uint8Array,Uint16Array,Uint32Array,JSON,Math,Number,Object,RegExp,String,Boolean,Error,TypeError,httpSRq,httpSRs,httpSrv,dgramSocket");
}

/** The core's run is over: its globals go; after provisioning ended, "deinit" and release(). */
function finish(ended: boolean): void {
  st.run = undefined;
  dropCore();
  if (!ended) return;
  emit("deinit");
  release();
}

/**
 * wifi_prov_mgr_init + start_provisioning. options: wifiprov.json's fields, over the file's own
 * (undefined = the file as it is); {force: true} starts even with a network saved.
 */
api.start = (options: { [k: string]: unknown } | undefined, cb: Cb) => {
  if (options !== undefined && (options === null || typeof options !== "object")) return refuse("start: options must be an object", cb);
  if (cb !== undefined && typeof cb !== "function") return refuse("start: the callback must be a function", cb = undefined);
  if (st.run) return refuse("start: provisioning is running already", cb);
  if (!(options && options.force) && shared().creds()) return refuse("start: already provisioned; prov.reset() forgets the network, or start({force: true})", cb);
  const core = espRequire("Storage").read(CORE_FILE);
  if (core === undefined) return refuse("start: " + CORE_FILE + " is not in Storage (./build.sh flash)", cb);
  const mac = macBytes(espRequire("Wifi").getIP().mac);
  // The parser runs once: loaded from flash for this and dropped from the cache.
  const cp = espRequire(CONFIG_PARSER_FILE) as SharedConfig;
  Modules.removeCached(CONFIG_PARSER_FILE);
  const c = cp.configure(options, mac, { ble: BUILD_BLE, sec2: BUILD_SEC2 });
  if (c.error) return refuse("start: " + c.error, cb);
  for (let i = 0; i < c.messages.length; i++) say("config: " + c.messages[i]);
  const cfg = c.config as NonNullable<typeof c.config>;
  // fin is a function of the module, not a closure of start(): an Espruino closure keeps its
  // whole scope alive (here the config parser, ~95 JsVars, for as long as provisioning runs).
  const run: CoreRun = { cfg: cfg, cp: cp, mac: mac, cb: cb, eps: st.eps, emit: emit, fin: finish, unmake: unmake };
  st.run = run;
  g[CORE_HOOK] = (entry: CoreEntry) => {
    delete g[CORE_HOOK];
    entry(run);
  };
  // A string timeout runs at global scope (jsinteractive.c: jspEvaluateVar, no scope), from flash.
  setTimeout(core, 0);
  return Err.OK;
};

/** Listens for "start", "credRecv", "credFail", "credSuccess", "end", "deinit". */
api.on = (ev: string, fn: Listener) => {
  if (typeof ev !== "string" || ev.indexOf(",") >= 0 || EVENTS.indexOf("," + ev + ",") < 0) return refuse("on: unknown event \"" + ev + "\"", undefined);
  if (typeof fn !== "function") return refuse("on: the listener must be a function", undefined);
  (st.on[ev] || (st.on[ev] = [])).push(fn);
  return Err.OK;
};

/** A custom endpoint (wifi_prov_mgr_endpoint_create + _register): fn(data) returns the answer. */
api.endpoint = (name: string, fn: (data: string) => string) => {
  if (typeof name !== "string" || !name || typeof fn !== "function") return refuse("endpoint: needs a name and a function", undefined);
  if (st.run) return refuse("endpoint: add endpoints before start()", undefined);
  if (st.eps[name] || ["proto-ver", "prov-session", "prov-config", "prov-scan", "prov-ctrl"].indexOf(name) >= 0) return refuse("endpoint: \"" + name + "\" exists already", undefined);
  st.eps[name] = fn;
  return Err.OK;
};

/** wifi_prov_mgr_is_provisioned. */
// String keys: the release build renames long method names (isProvisioned is also the manager's).
api["isProvisioned"] = () => !!shared().creds();

/** The manager's control op, or refuse() while it does not exist (the core loading, or not started). */
function control(what: string, op: string, again?: boolean): number {
  const ctl = st.run && st.run.ctl;
  if (!ctl) return refuse(what + ": provisioning is not running", undefined);
  const r = ctl(op, again);
  return r === Err.OK ? r : refuse(what + ": not now", undefined, r);
}

/** wifi_prov_mgr_reset_provisioning: forgets the saved network. */
api.reset = () => {
  const r = st.run && st.run.ctl ? st.run.ctl("reset") : shared().forget();
  return r === Err.OK ? r : refuse("reset: could not erase the saved network", undefined, r);
};

/** wifi_prov_mgr_reset_sm_state_on_failure, or _for_reprovision (again = true). */
api["resetSmStates"] = (again?: boolean) => control("resetSmStates", "sm", again);

/** wifi_prov_mgr_stop_provisioning: "end" follows, then release. */
api.stop = () => control("stop", "stop");

/** Forget the saved network and provision now: the console's way back (was reprovision()). */
api["reprovision"] = (cb: Cb) => {
  if (st.run) return refuse("reprovision: provisioning is running already", cb);
  shared().forget();
  return (api.start as (o: unknown, cb: Cb) => number)(undefined, cb);
};

/** Joins the saved network, once (Espruino's own retries): cb(err), null when connected. The maker's "if provisioned, connect". */
api.connect = (cb: Cb) => {
  if (cb !== undefined && typeof cb !== "function") return refuse("connect: the callback must be a function", undefined);
  if (st.run) return refuse("connect: provisioning is running", cb);
  const c = shared().creds();
  if (!c) return refuse("connect: no saved network (start() provisions one)", cb);
  // An open network has an empty password (as the boot file joins it).
  espRequire("Wifi").connect(E.toString(c.ssid), { password: c.password.length ? E.toString(c.password) : "" }, (err: unknown) => {
    if (cb) cb(err ? new Error("connect: " + err) : null);
  });
  return Err.OK;
};

api.release = release;

module.exports = api;
