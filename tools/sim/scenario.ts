// The --scenario JSON file: everything the flags do not cover. All fields are optional.
import * as fs from "node:fs";

export interface Scenario {
  /** Access points (as --ap, plus an explicit auth mode and BSSID). */
  aps?: { ssid: string; passphrase?: string; channel?: number; rssi?: number; auth?: number; bssid?: string }[];
  connect?: {
    /** Association time after a connect, ms (default 500). */
    delayMs?: number;
    /** Time from association to an IP address, ms (default 300). */
    ipDelayMs?: number;
    /** The first N attempts fail with reason 205 (CONNECTION_FAIL) before the outcome. */
    flakyAttempts?: number;
    /** Reason code for a wrong passphrase: 15 (default, what an ESP32 reports) or 202. */
    wrongPasswordReason?: number;
    /** The IPv4 address the station gets (default 192.168.1.42). */
    ip?: string;
  };
  scan?: { activeDwellMs?: number; passiveDwellMs?: number };
  manager?: {
    /** false = wifi_prov_mgr_disable_auto_stop (needed for prov-ctrl reprov). */
    autoStop?: boolean;
    cleanupDelayMs?: number;
    autoStopTimeoutMs?: number;
    wifiConnAttempts?: number;
    saveOnlyOnSuccess?: boolean;
    acceptNewCredsAfterFailure?: boolean;
    scanMaxResults?: number;
    /** Wrong-proof limiter (ProvManagerOptions): failures, window ms, lockout ms; limit 0 = off. */
    proofFailLimit?: number;
    proofFailWindowMs?: number;
    proofLockoutMs?: number;
  };
  /** Custom endpoints and their fixed replies (default: custom-data answering "SUCCESS\0"). */
  customEndpoints?: { name: string; reply: string }[];
  appInfo?: { label: string; version: string; capabilities: string[] }[];
}

/** Reads and minimally validates a scenario file; returns the scenario or an error message. */
export function loadScenario(file: string): Scenario | string {
  let data: unknown;
  try {
    data = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    return `--scenario ${file}: ${(e as Error).message}`;
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) return `--scenario ${file}: not a JSON object`;
  const s = data as Scenario;
  for (const ap of s.aps ?? []) {
    if (typeof ap.ssid !== "string" || !ap.ssid) return `--scenario ${file}: every AP needs an ssid`;
  }
  for (const ep of s.customEndpoints ?? []) {
    if (typeof ep.name !== "string" || !/^[A-Za-z0-9_-]{1,15}$/.test(ep.name)) {
      return `--scenario ${file}: custom endpoint names are 1..15 of [A-Za-z0-9_-]`;
    }
  }
  return s;
}
