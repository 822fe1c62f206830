// The device configuration file `wifiprov.json`: parsed and validated field by
// field; anything missing or invalid gets its default and one console message, never a throw.
import { fromHex, toHex } from "../core/bytes";

/** Security 2 parameters as `wifi-prov sec2-credentials` prints them (hex strings). */
export interface Sec2Config {
  username: string;
  salt: Uint8Array;
  verifier: Uint8Array;
  patch: number;
}

/** One wifi_prov_mgr_set_app_info() entry. */
export interface AppInfoConfig {
  label: string;
  version: string;
  capabilities: string[];
}

/** The validated configuration. */
export interface DeviceConfig {
  transport: string;
  serviceName: string;
  /** "" = open SoftAP. */
  serviceKey: string;
  security: number;
  /** undefined = no PoP ("no_pop"), or none configured yet (see needsPop). */
  pop: string | undefined;
  noPop: boolean;
  /** Security 1 with PoP wanted but none configured: the firmware generates and keeps one. */
  needsPop: boolean;
  sec2: Sec2Config | undefined;
  httpPort: number;
  autoStop: boolean;
  cleanupDelayMs: number;
  appInfo: AppInfoConfig[];
  /** Failed connection attempts in a row (saved network) before provisioning restarts; 0 = never. */
  reprovisionAfter: number;
  /** Espruino's Telnet console stays on while provisioning (the maker's opt-in; docs/console.md). */
  telnet: boolean;
  /** SoftAP: a DNS responder and the OS probes' redirects open the page by themselves (false: the page at / only). */
  captivePortal: boolean;
  /** The captive portal's DNS responder's UDP port (53; tests use a free one). */
  dnsPort: number;
}

/** What this build can do (esbuild defines BUILD_BLE / BUILD_SEC2 in the firmware). */
export interface BuildCaps {
  ble: boolean;
  sec2: boolean;
}

/** The parse result: config plus one human-readable message per problem found. */
export interface ParsedConfig {
  config: DeviceConfig;
  messages: string[];
  /** How many messages are mistakes (a bad value, an unknown option), not advice. */
  errors: number;
}

/** Every option wifiprov.json may hold ("autoStart" is read by the boot file only). */
const OPTIONS = ["transport", "serviceName", "serviceKey", "security", "pop", "noPop", "sec2", "httpPort", "autoStop", "cleanupDelayMs", "appInfo", "reprovisionAfter", "autoStart", "telnet", "captivePortal", "dnsPort"];

/** Default service name: PROV_ + the last three MAC bytes in hex (manager examples); BLE gets 3 hex digits (31-byte advertisement, docs/platform/espruino.md §8.2). */
export function defaultServiceName(mac: Uint8Array, transport: string): string {
  const h = toHex(mac.subarray(mac.length - 3)).toUpperCase();
  return "PROV_" + (transport === "ble" ? h.substring(3) : h);
}

/**
 * Parses the text of wifiprov.json (undefined = file absent). mac: the station MAC (for the
 * default service name). Never throws.
 */
export function parseDeviceConfig(text: string | undefined, mac: Uint8Array, caps: BuildCaps): ParsedConfig {
  // Helpers nested: they run once at boot, and a top-level function would hold ~6 JsVars for as
  // long as the device runs (docs/platform/espruino.md §6.2).
  function isInt(v: unknown, lo: number, hi: number): boolean {
    return typeof v === "number" && Math.floor(v) === v && v >= lo && v <= hi;
  }

  function isPrintable(s: string): boolean {
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c < 32 || c > 126) return false;
    }
    return true;
  }

  function parseSec2(v: unknown, msg: string[]): Sec2Config | undefined {
    if (v === undefined || v === null) return undefined;
    const o = v as { [k: string]: unknown };
    const salt = typeof o.salt === "string" ? fromHex(o.salt) : undefined;
    const verifier = typeof o.verifier === "string" ? fromHex(o.verifier) : undefined;
    const patch = o.patch === undefined ? 1 : o.patch;
    if (typeof o !== "object" || typeof o.username !== "string" || !o.username || !salt || !salt.length || !verifier || !verifier.length || !isInt(patch, 0, 1)) {
      msg.push("sec2: needs {username, salt (hex), verifier (hex), patch 0|1}; ignored");
      errors++;
      return undefined;
    }
    return { username: o.username, salt: salt, verifier: verifier, patch: patch as number };
  }

  function parseAppInfo(v: unknown, msg: string[]): AppInfoConfig[] {
    if (v === undefined || v === null) return [];
    const list = Array.isArray(v) ? v : [v];
    const out: AppInfoConfig[] = [];
    for (const e of list) {
      const o = e as { [k: string]: unknown };
      const caps = o && Array.isArray(o.capabilities) ? o.capabilities : [];
      let ok = !!o && typeof o === "object" && typeof o.label === "string" && !!o.label && typeof o.version === "string";
      for (const c of caps) if (typeof c !== "string") ok = false;
      if (!ok) {
        msg.push("appInfo: entries need {label, version, capabilities: [strings]}; entry ignored");
        errors++;
        continue;
      }
      out.push({ label: o.label as string, version: o.version as string, capabilities: caps as string[] });
    }
    return out;
  }

  const msg: string[] = [];
  let errors = 0;
  let o: { [k: string]: unknown } = {};
  if (text === undefined) msg.push("wifiprov.json not found: using defaults");
  else {
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch (e) {
      v = undefined;
    }
    if (v && typeof v === "object" && !Array.isArray(v)) o = v as { [k: string]: unknown };
    else {
      msg.push("wifiprov.json is not a JSON object: using defaults");
      errors++;
    }
  }
  const bad = (field: string, why: string, dflt: string) => {
    msg.push(field + ": " + why + "; using " + dflt);
    errors++;
  };
  for (const k in o) {
    if (OPTIONS.indexOf(k) < 0) {
      msg.push(k + ": unknown option; ignored");
      errors++;
    }
  }

  let transport = "softap";
  if (o.transport !== undefined) {
    if (o.transport === "ble" && caps.ble) transport = "ble";
    else if (o.transport === "console") transport = "console";
    else if (o.transport === "ble") bad("transport", "\"ble\" is not in this build (./build.sh --ble)", "softap");
    else if (o.transport !== "softap") bad("transport", "must be \"softap\", \"ble\" or \"console\"", "softap");
  }

  let serviceName = defaultServiceName(mac, transport);
  if (o.serviceName !== undefined) {
    const s = o.serviceName;
    // Espruino's startAP keeps 31 SSID bytes (docs/platform/espruino.md §7), one less than ESP-IDF's 32.
    if (typeof s === "string" && s.length >= 1 && s.length <= 31 && isPrintable(s)) serviceName = s;
    else bad("serviceName", "must be 1-31 printable ASCII characters", serviceName);
  }

  let serviceKey = "";
  if (o.serviceKey === undefined) {
    if (transport === "softap") msg.push("serviceKey: not set; the SoftAP is OPEN (Android 10+ expects WPA2)");
  } else {
    const k = o.serviceKey;
    if (typeof k === "string" && (k.length === 0 || (k.length >= 8 && k.length <= 63 && isPrintable(k)))) serviceKey = k;
    else bad("serviceKey", "must be \"\" or 8-63 printable ASCII characters", "an open AP");
  }

  let security = 1;
  if (o.security !== undefined) {
    if (o.security === 0 || o.security === 1) security = o.security as number;
    else if (o.security === 2 && caps.sec2) security = 2;
    else if (o.security === 2) bad("security", "2 is not in this build (./build.sh --sec2)", "1");
    else bad("security", "must be 0, 1 or 2", "1");
  }

  let sec2: Sec2Config | undefined;
  if (security === 2) {
    sec2 = parseSec2(o.sec2, msg);
    if (!sec2) {
      security = 1;
      msg.push("security: 2 needs valid sec2 credentials; using 1");
      errors++;
    }
  }

  let noPop = false;
  if (o.noPop !== undefined) {
    if (typeof o.noPop === "boolean") noPop = o.noPop;
    else bad("noPop", "must be true or false", "false");
  }
  let pop: string | undefined;
  if (o.pop !== undefined) {
    if (typeof o.pop === "string" && o.pop.length >= 1 && o.pop.length <= 64) pop = o.pop;
    else bad("pop", "must be a string of 1-64 characters", "a generated PoP");
  }
  let needsPop = false;
  if (security !== 1 || noPop) pop = undefined;
  else if (pop === undefined) needsPop = true;

  let httpPort = 80;
  if (o.httpPort !== undefined) {
    if (isInt(o.httpPort, 1, 65535)) httpPort = o.httpPort as number;
    else bad("httpPort", "must be an integer 1-65535", "80");
  }

  let autoStop = true;
  if (o.autoStop !== undefined) {
    if (typeof o.autoStop === "boolean") autoStop = o.autoStop;
    else bad("autoStop", "must be true or false", "true");
  }

  let cleanupDelayMs = 1000;
  if (o.cleanupDelayMs !== undefined) {
    if (isInt(o.cleanupDelayMs, 100, 600000)) cleanupDelayMs = o.cleanupDelayMs as number;
    else bad("cleanupDelayMs", "must be an integer 100-600000", "1000");
  }

  let reprovisionAfter = 5;
  if (o.reprovisionAfter !== undefined) {
    if (isInt(o.reprovisionAfter, 0, 1000)) reprovisionAfter = o.reprovisionAfter as number;
    else bad("reprovisionAfter", "must be an integer 0-1000", "5");
  }

  let telnet = false;
  if (o.telnet !== undefined) {
    if (typeof o.telnet === "boolean") telnet = o.telnet;
    else bad("telnet", "must be true or false", "false");
  }
  if (telnet) msg.push("telnet: on while provisioning, with no password (trusted networks only)");

  let captivePortal = true;
  if (o.captivePortal !== undefined) {
    if (typeof o.captivePortal === "boolean") captivePortal = o.captivePortal;
    else bad("captivePortal", "must be true or false", "true");
  }

  let dnsPort = 53;
  if (o.dnsPort !== undefined) {
    if (isInt(o.dnsPort, 1, 65535)) dnsPort = o.dnsPort as number;
    else bad("dnsPort", "must be an integer 1-65535", "53");
  }

  return {
    config: {
      transport: transport,
      serviceName: serviceName,
      serviceKey: serviceKey,
      security: security,
      pop: pop,
      noPop: noPop,
      needsPop: needsPop,
      sec2: sec2,
      httpPort: httpPort,
      autoStop: autoStop,
      cleanupDelayMs: cleanupDelayMs,
      appInfo: parseAppInfo(o.appInfo, msg),
      reprovisionAfter: reprovisionAfter,
      telnet: telnet,
      captivePortal: captivePortal,
      dnsPort: dnsPort,
    },
    messages: msg,
    errors: errors,
  };
}

/**
 * The QR payload the ESP provisioning apps scan (esp-idf-provisioning-android/-ios ScanQRCode):
 * {"ver":"v1","name","username" (sec2),"pop"?,"transport","security","password"?}. "security"
 * is always written: the apps assume 2 without it. "password" is the SoftAP's WPA2 passphrase.
 */
export function qrPayload(c: DeviceConfig): string {
  let s = "{\"ver\":\"v1\",\"name\":" + JSON.stringify(c.serviceName);
  if (c.security === 2 && c.sec2) s += ",\"username\":" + JSON.stringify(c.sec2.username);
  if (c.pop !== undefined) s += ",\"pop\":" + JSON.stringify(c.pop);
  s += ",\"transport\":\"" + c.transport + "\",\"security\":" + c.security;
  if (c.transport === "softap" && c.serviceKey) s += ",\"password\":" + JSON.stringify(c.serviceKey);
  return s + "}";
}
