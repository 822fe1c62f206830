// Device entry (runs from Storage as .bootcde): consoles off, entropy pool, config, then either
// provisioning (not provisioned) or joining the saved network. Mirrors the ESP-IDF
// wifi_prov_mgr example app_main() flow.
import { bytesStr, strBytes, toHex } from "../src/core/bytes";
import { Err } from "../src/core/err";
import { errHex, setLogSink } from "../src/core/log";
import type { Platform } from "../src/platform/index";
import type { Scheme } from "../src/prov/scheme";
import type { SecParams } from "../src/prov/manager-types";
import { Sec2 } from "../src/protocomm/sec2";
import { TransportBle } from "../src/protocomm/transport-ble";
import { SchemeBle } from "../src/prov/scheme-ble";
import type { WifiEvent } from "../src/platform/wifi";
import { TransportHttpd } from "../src/protocomm/transport-httpd";
import { ProvManager } from "../src/prov/manager";
import { SchemeSoftAp } from "../src/prov/scheme-softap";
import type { DeviceConfig } from "../src/prov/device-config";
import { parseDeviceConfig, qrPayload } from "../src/prov/device-config";
import { eraseCreds, loadCreds } from "../src/wifi/creds";
import { EspruinoBle } from "./espruino/ble";
import { EspruinoClock } from "./espruino/clock";
import { espruinoCrypto } from "./espruino/crypto";
import { EntropyPool } from "./espruino/entropy";
import { EspruinoHttp } from "./espruino/http";
import { EspruinoKv } from "./espruino/kv";
import { espRequire } from "./espruino/modules";
import { EspruinoWifi, macBytes } from "./espruino/wifi";

const CONFIG_FILE = "wifiprov.json";
const SEED_FILE = "wifiprov.seed";
const POP_KEY = "prov.pop";
/** Pause between attempts to join the saved network (each attempt = Espruino's 3 tries). */
const RETRY_MS = 10000;

function say(msg: string): void {
  console.log("[wifiprov] " + msg);
}

/** The state of one boot. */
interface Device {
  p: Platform;
  pool: EntropyPool;
  cfg: DeviceConfig;
  mgr: ProvManager | undefined;
  fails: number;
  retry: number;
}

/** A start that failed: release the manager (so reprovision() works) and try again later. */
function startFailed(d: Device, mgr: ProvManager, err: number): void {
  say("provisioning did not start: " + errHex(err) + "; retrying in " + RETRY_MS / 1000 + " s");
  mgr.deinit(() => {
    d.mgr = undefined;
    d.retry = d.p.clock.setTimer(RETRY_MS, () => {
      d.retry = -1;
      startProvisioning(d);
    });
  });
}

function startProvisioning(d: Device): void {
  if (d.mgr) return;
  const p = d.p;
  const cfg = d.cfg;
  if (d.retry >= 0) p.clock.clearTimer(d.retry);
  d.retry = -1;
  p.wifi.listen(undefined);
  const ble = BUILD_BLE && cfg.transport === "ble";
  let scheme: Scheme;
  // BUILD_BLE / BUILD_SEC2 are esbuild defines: the unused branch and its modules drop out.
  if (BUILD_BLE && ble) scheme = new SchemeBle(new TransportBle({ ble: new EspruinoBle(), clock: p.clock }), p.clock);
  else {
    const http = new EspruinoHttp((b) => d.pool.mix(b));
    scheme = new SchemeSoftAp(p.wifi, p.clock, new TransportHttpd({ http: http, crypto: p.crypto, clock: p.clock, port: cfg.httpPort }));
  }
  const s2 = cfg.sec2;
  const mgr = new ProvManager(p, {
    scheme: scheme,
    scanBleCoex: BUILD_BLE,
    makeSec2: BUILD_SEC2 && s2 ? (sp: SecParams) => new Sec2({ clock: p.clock, crypto: p.crypto, salt: s2.salt, verifier: s2.verifier, patchVer: s2.patch, onProofFailed: sp.onProofFailed }) : undefined,
    onCredRecv: (ssid) => say("credentials received for " + JSON.stringify(bytesStr(ssid))),
    onCredFail: (reason) => say("connection failed: " + (reason ? "network not found" : "authentication error")),
    onCredSuccess: () => say("provisioned"),
    onEnd: () => {
      say("provisioning ended");
      mgr.deinit(() => {
        d.mgr = undefined;
        keepStation(d);
      });
    },
  });
  d.mgr = mgr;
  let r = mgr.init();
  for (const a of cfg.appInfo) if (r === Err.OK) r = mgr.setAppInfo(a.label, a.version, a.capabilities);
  if (r === Err.OK && !cfg.autoStop) r = mgr.disableAutoStop(cfg.cleanupDelayMs);
  if (r === Err.OK) {
    const params = cfg.pop !== undefined ? { pop: strBytes(cfg.pop) } : s2 ? { salt: s2.salt, verifier: s2.verifier } : undefined;
    r = mgr.startProvisioning(cfg.security, params, cfg.serviceName, cfg.serviceKey, (err) => {
      if (err !== Err.OK) return startFailed(d, mgr, err);
      say("provisioning: " + (ble ? "BLE " + JSON.stringify(cfg.serviceName) : "SoftAP " + JSON.stringify(cfg.serviceName) +
        (cfg.serviceKey ? " (WPA2)" : " (open)") + ", http port " + cfg.httpPort) + ", security " + cfg.security);
      // The ESP apps' QR code content (printed on the local console only).
      console.log(qrPayload(cfg));
    });
  }
  if (r !== Err.OK) startFailed(d, mgr, r);
}

/** Joins the saved network; after cfg.reprovisionAfter failed attempts in a row, provisions again. */
function keepStation(d: Device): void {
  const p = d.p;
  // After provisioning the station is up already (its gotIp went to the manager): say so once.
  const ip = espRequire("Wifi").getIP().ip;
  if (ip && ip !== "0.0.0.0") say("connected, IP " + ip);
  p.wifi.listen((ev: WifiEvent) => {
    if (ev.kind === "gotIp") {
      d.fails = 0;
      say("connected, IP " + ev.ip);
    } else if (ev.kind === "disconnected") {
      d.fails++;
      say("disconnected (reason " + ev.reason + "), failure " + d.fails);
      const n = d.cfg.reprovisionAfter;
      if (n > 0 && d.fails >= n) {
        say(n + " failed connection attempts in a row: provisioning again");
        startProvisioning(d);
      } else if (d.retry < 0) {
        d.retry = p.clock.setTimer(RETRY_MS, () => {
          d.retry = -1;
          connectSaved(d);
        });
      }
    }
  });
}

function connectSaved(d: Device): void {
  const sta = loadCreds(d.p.kv);
  if (!sta) return startProvisioning(d);
  d.p.wifi.connect(sta, (err) => {
    if (err !== Err.OK) say("connect failed: " + errHex(err));
  });
}

function boot(): void {
  setLogSink((level, tag, msg) => console.log(level + " " + tag + ": " + msg), LOG_LEVEL);
  // Inline, not helper functions: each function kept in the module scope costs ~7 JsVars.
  // Telnet REPL (port 23) and the BLE Nordic-UART REPL would expose stored credentials (docs/platform/espruino.md §12).
  try {
    espRequire("TelnetServer").setOptions({ mode: "off" });
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
  const mac = macBytes(espRequire("Wifi").getIP().mac);
  const pool = new EntropyPool();
  // Seeds the pool: persisted seed (a new one is written back), timing jitter, MAC, memory state.
  const st = espRequire("Storage");
  const old = st.read(SEED_FILE);
  if (old !== undefined) pool.mixStr(old);
  pool.mix(mac);
  pool.mixStr(JSON.stringify((process as unknown as EspruinoProcess).memory(false)) + E.hwRand());
  pool.gatherJitter(32);
  try {
    st.write(SEED_FILE, pool.random(32));
  } catch (e) {
    say("cannot save the entropy seed");
  }
  const rnd = pool.random(4);
  E.srand((rnd[0] as number) | ((rnd[1] as number) << 8) | ((rnd[2] as number) << 16) | ((rnd[3] as number) << 24));
  const clock = new EspruinoClock();
  const kv = new EspruinoKv();
  const p: Platform = {
    clock: clock,
    crypto: espruinoCrypto(pool),
    kv: kv,
    wifi: new EspruinoWifi((s) => pool.mixStr(s)),
  };
  const parsed = parseDeviceConfig(st.read(CONFIG_FILE), mac, { ble: BUILD_BLE, sec2: BUILD_SEC2 });
  for (const m of parsed.messages) say("config: " + m);
  const cfg = parsed.config;
  if (cfg.needsPop) {
    const saved = kv.read(POP_KEY);
    cfg.pop = saved ? bytesStr(saved) : toHex(pool.random(4));
    if (!saved && kv.write(POP_KEY, strBytes(cfg.pop)) !== Err.OK) say("cannot save the generated PoP");
    say("config: no pop set; using a generated one (shown in the QR payload)");
  }
  const d: Device = { p: p, pool: pool, cfg: cfg, mgr: undefined, fails: 0, retry: -1 };
  // Console way back to provisioning: forget the saved network and provision now.
  (globalThis as unknown as { reprovision: () => void }).reprovision = () => {
    if (d.mgr) return say("already provisioning");
    eraseCreds(kv);
    startProvisioning(d);
  };
  if (loadCreds(kv)) {
    say("provisioned: joining the saved network (reprovision() to provision again)");
    keepStation(d);
    connectSaved(d);
  } else {
    // The Wifi binding mixes every scan result into the pool: do one before the first key is drawn.
    p.wifi.scan({ channel: 0, passive: false, dwellMs: 0 }, () => startProvisioning(d));
  }
}

boot();
