// Storage file "wifiprov-core": the provisioning stack (manager, protocomm, security, transport,
// bindings) for one run of provisioning. The module "wifi-prov" evaluates it at global scope
// (firmware/storage/core-api.ts says why) when start() is called; its last statement hands the
// entry point below to the module. When the run ends, the module deletes its globals and the GC
// reclaims it all; the next start() evaluates it from flash again.
import { bytesStr, strBytes, toHex } from "../../src/core/bytes";
import { Err } from "../../src/core/err";
import { errHex, setLogSink } from "../../src/core/log";
import type { Platform } from "../../src/platform/index";
import type { DeviceConfig } from "../../src/prov/device-config";
import type { Done } from "../../src/platform/done";
import type { Scheme } from "../../src/prov/scheme";
import { ProvEvent, type ProvManagerOptions, type SecParams } from "../../src/prov/manager-types";
import type { StaConfig } from "../../src/platform/wifi";
import { Sec2 } from "../../src/protocomm/sec2";
import { TransportBle } from "../../src/protocomm/transport-ble";
import { SchemeBle } from "../../src/prov/scheme-ble";
import { TransportHttpd } from "../../src/protocomm/transport-httpd";
import { ProvManager } from "../../src/prov/manager";
import { Protocomm } from "../../src/protocomm/protocomm";
import { ProofLimiter } from "../../src/protocomm/proof-limiter";
import { SchemeSoftAp } from "../../src/prov/scheme-softap";
import { EspruinoBle } from "../espruino/ble";
import { EspruinoClock } from "../espruino/clock";
import { espruinoCrypto } from "../espruino/crypto";
import { EntropyPool } from "../espruino/entropy";
import { EspruinoHttp } from "../espruino/http";
import { espRequire } from "../espruino/modules";
import { EspruinoWifi } from "../espruino/wifi";
import { EspruinoKv } from "../espruino/kv";
import { DNS_FILE, PORTAL_FILE, type SharedDns, type SharedPortal } from "./portal-api";
import type { HttpPort } from "../../src/platform/http";
import { CONSOLE_FILE, type SharedConsole } from "./console-api";
import { SCAN_FILE } from "./scan-api";
import type { CoreEntry, CoreRun } from "./core-api";

const SEED_FILE = "wifiprov.seed";
const POP_KEY = "prov.pop";

declare function $wifiprov(entry: CoreEntry): void;

function say(msg: string): void {
  console.log("[wifiprov] " + msg);
}

/** The log sink: a function of its own (a closure would keep its maker's scope). */
function logLine(level: number, tag: string, msg: string): void {
  console.log(level + " " + tag + ": " + msg);
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
 * What a run's long-lived callbacks need. They are made by managerEvents() and control(), not in
 * startManager(): an Espruino closure keeps its maker's whole scope (firmware/README.md §6), and
 * startManager's (the config, the QR text, the start callback, its loops' arrays) can go once
 * provisioning has started.
 */
interface RunParts {
  run: CoreRun;
  wifi: EspruinoWifi;
  mgr?: ProvManager;
  /** The web page and captive portal (Storage module "wifiprov-portal") while SoftAP provisioning runs. */
  portal?: SharedPortal;
  /** The captive portal's DNS responder (Storage module "wifiprov-dns") while it runs. */
  dns?: SharedDns;
  /** The console scheme's Storage module while "transport": "console" provisions (docs/console.md). */
  con?: SharedConsole;
}

/** The manager is gone: what this run loaded goes too (the module deletes the core). */
function finish(s: RunParts, ended: boolean): void {
  s.run.ctl = undefined;
  s.wifi.release();
  if (s.portal) Modules.removeCached(PORTAL_FILE);
  if (s.dns) Modules.removeCached(DNS_FILE);
  // The scanner's part, if a client scanned (scan-lazy.ts).
  if (Modules.getCached().indexOf(SCAN_FILE) >= 0) Modules.removeCached(SCAN_FILE);
  // prov.console/prov.line go with the run (a maker's `var prov` is the module's exports).
  if (s.con) {
    s.con.stop();
    Modules.removeCached(CONSOLE_FILE);
  }
  s.run.fin(ended);
}

/**
 * The manager's options with its one event handler (wifi_prov_mgr_config_t.app_event_handler),
 * which passes the events on to the module's listeners: one function, where a callback per
 * event kept ~35 JsVars more while provisioning runs.
 */
function managerEvents(s: RunParts): ProvManagerOptions {
  const emit = s.run.emit;
  return {
    scheme: undefined as unknown as Scheme, // set by the caller
    onEvent: (ev: ProvEvent, data?: unknown) => {
      if (ev === ProvEvent.START) emit("start");
      else if (ev === ProvEvent.CRED_RECV) {
        const ssid = bytesStr((data as StaConfig).ssid);
        say("credentials received for " + JSON.stringify(ssid));
        emit("credRecv", { ssid: ssid });
      } else if (ev === ProvEvent.CRED_FAIL) {
        say("connection failed: " + (data ? "network not found" : "authentication error"));
        emit("credFail", { reason: data ? "notFound" : "auth" });
      } else if (ev === ProvEvent.CRED_SUCCESS) {
        say("provisioned");
        emit("credSuccess");
      } else if (ev === ProvEvent.END) {
        say("provisioning ended");
        if (s.dns) s.dns.stop();
        // The station joined during provisioning (its IP went to the manager): say so once.
        const ip = espRequire("Wifi").getIP().ip;
        if (ip && ip !== "0.0.0.0") say("connected, IP " + ip);
        emit("end");
        (s.mgr as ProvManager).deinit(() => finish(s, true));
      }
    },
  };
}

/** The module's controls of the manager: "stop", "reset", "sm" (again: for reprovision). */
function control(mgr: ProvManager): NonNullable<CoreRun["ctl"]> {
  return (op, again) =>
    op === "stop" ? (mgr.stopProvisioning(), Err.OK) : op === "reset" ? mgr.resetProvisioning() :
      again ? mgr.resetSmStateForReprovision() : mgr.resetSmStateOnFailure();
}

function startManager(run: CoreRun, p: Platform, pool: EntropyPool, qr: string, wifi: EspruinoWifi): void {
  const cfg = run.cfg as DeviceConfig;
  const eps = run.eps as NonNullable<CoreRun["eps"]>;
  const ble = BUILD_BLE && cfg.transport === "ble";
  const s: RunParts = { run: run, wifi: wifi };
  const o = managerEvents(s);
  // BUILD_BLE / BUILD_SEC2 are esbuild defines: the unused branch and its modules drop out.
  if (BUILD_BLE && ble) o.scheme = new SchemeBle(new TransportBle({ ble: new EspruinoBle(), clock: p.clock }), p.clock);
  // The console scheme is a Storage file of its own, loaded only when chosen.
  else if (cfg.transport === "console") o.scheme = (s.con = espRequire(CONSOLE_FILE) as SharedConsole).scheme(p.clock);
  else {
    // bind, not an arrow: an arrow here would keep this function's whole scope (firmware/README.md §6).
    let http: HttpPort = new EspruinoHttp(pool.mix.bind(pool));
    // The page at / and the captive portal: a Storage file of its own, loaded only now.
    try {
      http = (s.portal = espRequire(PORTAL_FILE) as SharedPortal).wrap(http, cfg.captivePortal, eps);
    } catch (e) {
      say("no web page: " + PORTAL_FILE + " is not in Storage");
    }
    o.scheme = new SchemeSoftAp(p.wifi, p.clock, new TransportHttpd({ http: http, crypto: p.crypto, clock: p.clock, port: cfg.httpPort }));
  }
  const s2 = cfg.sec2;
  o.scanBleCoex = BUILD_BLE;
  if (BUILD_SEC2 && s2) o.makeSec2 = (sp: SecParams) => new Sec2({ clock: p.clock, crypto: p.crypto, salt: s2.salt, verifier: s2.verifier, patchVer: s2.patch, onProofFailed: sp.onProofFailed });
  const mgr = (s.mgr = new ProvManager(p, o));
  run.ctl = control(mgr);
  let r = mgr.init();
  for (let i = 0; i < cfg.appInfo.length && r === Err.OK; i++) {
    const a = cfg.appInfo[i] as (typeof cfg.appInfo)[number];
    r = mgr.setAppInfo(a.label, a.version, a.capabilities);
  }
  if (r === Err.OK && !cfg.autoStop) r = mgr.disableAutoStop(cfg.cleanupDelayMs);
  for (const name in eps) if (r === Err.OK) r = mgr.endpointCreate(name);
  const done = (err: number) => {
    const cb = run.cb;
    // Deleted, not set undefined: each property left on the run holds a JsVar while it runs.
    delete run.cb;
    delete run.eps;
    if (err !== Err.OK) {
      say("provisioning did not start: " + errHex(err));
      mgr.deinit(() => {
        finish(s, false);
        if (cb) cb(new Error("provisioning did not start: " + errHex(err)));
      });
      return;
    }
    for (const name in eps) mgr.endpointRegister(name, endpointHandler(eps[name] as (data: string) => string));
    say("provisioning: " + (ble ? "BLE " + JSON.stringify(cfg.serviceName) : s.con ? "console, prov.console()" : "SoftAP " + JSON.stringify(cfg.serviceName) +
      (cfg.serviceKey ? " (WPA2)" : " (open)") + ", http port " + cfg.httpPort) + ", security " + cfg.security);
    // The ESP apps' QR code content (printed on the local console only), then not kept.
    console.log(qr);
    qr = "";
    if (s.portal && cfg.captivePortal) {
      try {
        (s.dns = espRequire(DNS_FILE) as SharedDns).start(cfg.dnsPort, () => undefined);
      } catch (e) {
        say("no captive portal DNS: " + DNS_FILE + " is not in Storage");
      }
    }
    delete run.cfg;
    // Last: the lines above name JSON, which it drops.
    dropStartCode(run.unmake as NonNullable<CoreRun["unmake"]>);
    delete run.unmake;
    if (cb) cb(null);
  };
  if (r !== Err.OK) return done(r);
  // Not a local: the PoP is not kept in this scope.
  r = mgr.startProvisioning(cfg.security, cfg.pop !== undefined ? { pop: strBytes(cfg.pop) } : s2 ? { salt: s2.salt, verifier: s2.verifier } : undefined, cfg.serviceName, cfg.serviceKey, done);
  if (r !== Err.OK) done(r);
}

/**
 * The methods only provisioning's start calls, off their classes once it has started (~4 JsVars
 * each while provisioning runs). Safe because each start() evaluates the core afresh: a later
 * run has them again. Property access, not strings: the build renames these names.
 */
function dropStartCode(unmake: (names: string) => void): void {
  // The functions only start calls (and jsConvolve, the X25519 dot product where E.convolve is
  // missing): the build writes their global names into this string.
  const fns = "@global-names:buildService,makeSecurity,provVersionJson,cjsonString,makeConfigHandler,makeCtrlHandler,makeScanHandler,configHandlers,scanEndpoint,managerEvents,control,listenOptions,serve,wifiListener,failCounter,sec0,espruinoCrypto,seedPool,consolesOff,startManager,endpointHandler,isCount,orDefault,jsConvolve".split(",");
  const g = globalThis as unknown as { [k: string]: unknown };
  for (let i = 0; i < fns.length; i++) delete g[fns[i] as string];
  // Built-ins the start named, which Espruino keeps as globals from their first use (~7 JsVars
  // each) and the running stack names seldom or never (one named again comes back).
  unmake("ArrayBufferView,DataView,Error,File,Float64Array,Int8Array,JSON,Number");
  /* eslint-disable @typescript-eslint/no-explicit-any */
  const m: any = ProvManager.prototype;
  delete m.init;
  delete m.startProvisioning;
  delete m.setAppInfo;
  delete m.disableAutoStop;
  delete m.endpointCreate;
  delete m.endpointRegister;
  const pc: any = Protocomm.prototype;
  delete pc.setSecurity;
  delete pc.setVersion;
  delete pc.addEndpoint;
  delete pc.add_;
  const sa: any = SchemeSoftAp.prototype;
  delete sa.start;
  delete sa.setEndpoint;
  const t: any = TransportHttpd.prototype;
  delete t.start;
  const h: any = EspruinoHttp.prototype;
  delete h.listen;
  const w: any = EspruinoWifi.prototype;
  delete w.startAp;
  const e: any = EntropyPool.prototype;
  delete e.gatherJitter;
  const pl: any = ProofLimiter.prototype;
  delete pl.guard;
  /* eslint-enable @typescript-eslint/no-explicit-any */
}

/** wifi_prov_mgr_init + start_provisioning for a configuration the module has checked. */
$wifiprov((run: CoreRun) => {
  const cfg = run.cfg as DeviceConfig;
  setLogSink(logLine, LOG_LEVEL);
  consolesOff(cfg.telnet);
  const pool = seedPool(run.mac as Uint8Array);
  delete run.mac;
  // Its own store at global scope (the module's copy in "wifiprov-kv" is not kept loaded).
  const kv = new EspruinoKv();
  if (cfg.needsPop) {
    const saved = kv.read(POP_KEY);
    cfg.pop = saved ? bytesStr(saved) : toHex(pool.random(4));
    if (!saved && kv.write(POP_KEY, strBytes(cfg.pop)) !== Err.OK) say("cannot save the generated PoP");
    say("config: no pop set; using a generated one (shown in the QR payload)");
  }
  const qr = (run.cp as NonNullable<CoreRun["cp"]>).qr(cfg);
  delete run.cp;
  const wifi = new EspruinoWifi(pool.mixStr.bind(pool));
  const p: Platform = { clock: new EspruinoClock(), crypto: espruinoCrypto(pool), kv: kv, wifi: wifi };
  // The binding mixes every scan result into the pool: one scan before the first key is drawn.
  p.wifi.scan({ channel: 0, passive: false, dwellMs: 0 }, () => startManager(run, p, pool, qr, wifi));
});
