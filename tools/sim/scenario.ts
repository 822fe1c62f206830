// The --scenario JSON file: everything the flags do not cover. All top-level fields are optional.
// The whole file is validated up front against SCHEMA below (one message per problem, with its
// JSON path, the expected type and the allowed values); docs/scenario.md is the same table.
import * as fs from "node:fs";

export interface Scenario {
  /** Access points (as --ap, plus an explicit auth mode and BSSID). */
  aps?: { ssid: string; passphrase?: string; channel?: number; rssi?: number; auth?: number; bssid?: string; hidden?: boolean }[];
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

/** One node of the scenario schema. `what` is the expected type in words, as messages print it. */
export type Spec =
  | { kind: "object"; fields: { [key: string]: Field } }
  | { kind: "array"; items: Spec }
  | { kind: "integer"; min?: number; max?: number; values?: number[] }
  | { kind: "boolean" }
  | { kind: "string"; pattern?: RegExp; patternText?: string; minBytes?: number; maxBytes?: number };

export interface Field {
  spec: Spec;
  required?: boolean;
  /** One line for docs/scenario.md and messages. */
  doc: string;
}

const ms = (doc: string): Field => ({ spec: { kind: "integer", min: 0 }, doc });
const count = (doc: string, min = 0, max?: number): Field => ({ spec: { kind: "integer", min, max }, doc });
const bool = (doc: string): Field => ({ spec: { kind: "boolean" }, doc });

/** The scenario format. Keep docs/scenario.md in step (a test compares the two). */
export const SCHEMA: Spec = {
  kind: "object",
  fields: {
    aps: {
      doc: "access points; replaces the default neighbourhood (--ap flags win over this list)",
      spec: {
        kind: "array",
        items: {
          kind: "object",
          fields: {
            ssid: { required: true, spec: { kind: "string", minBytes: 1, maxBytes: 32 }, doc: "network name" },
            passphrase: { spec: { kind: "string", minBytes: 8, maxBytes: 63 }, doc: "WPA2 passphrase; absent = open network" },
            channel: count("channel (default 6)", 1, 13),
            rssi: count("signal strength, dBm (default -50)", -120, 0),
            auth: {
              spec: { kind: "integer", values: [0, 1, 2, 3, 4, 5, 6, 7] },
              doc: "wifi_auth_mode_t: 0 open, 1 WEP, 2 WPA, 3 WPA2, 4 WPA/WPA2, 5 WPA2-Enterprise, 6 WPA3, 7 WPA2/WPA3 (default 3 with a passphrase, else 0)",
            },
            bssid: {
              spec: { kind: "string", pattern: /^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$/, patternText: "aa:bb:cc:dd:ee:ff" },
              doc: "MAC address (default 24:0a:c4:00:00:N)",
            },
            hidden: bool("a hidden network: scans list it with an empty name; joinable by typing its name (default false)"),
          },
        },
      },
    },
    connect: {
      doc: "how connection attempts behave",
      spec: {
        kind: "object",
        fields: {
          delayMs: ms("association time after a connect, ms (default 500)"),
          ipDelayMs: ms("time from association to an IP address, ms (default 300)"),
          flakyAttempts: count("the first N attempts fail with reason 205 before the real outcome (default 0)"),
          wrongPasswordReason: {
            spec: { kind: "integer", values: [15, 202] },
            doc: "disconnect reason for a wrong passphrase: 15 (default, what an ESP32 reports) or 202",
          },
          ip: {
            spec: { kind: "string", pattern: /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/, patternText: "an IPv4 address like 192.168.1.42" },
            doc: "the station's IPv4 address (default 192.168.1.42)",
          },
        },
      },
    },
    scan: {
      doc: "scan timing",
      spec: {
        kind: "object",
        fields: {
          activeDwellMs: ms("active scan time per channel, ms"),
          passiveDwellMs: ms("passive scan time per channel, ms"),
        },
      },
    },
    manager: {
      doc: "provisioning manager options",
      spec: {
        kind: "object",
        fields: {
          autoStop: bool("false = wifi_prov_mgr_disable_auto_stop (needed for prov-ctrl reprov; default true)"),
          cleanupDelayMs: ms("with autoStop false: delay before cleanup, ms (default 1000)"),
          autoStopTimeoutMs: ms("time provisioning keeps running after a connection, ms (default 30000)"),
          wifiConnAttempts: count("connection attempts before failing; 0 = retry forever (default 0)"),
          saveOnlyOnSuccess: bool("persist credentials only once an IP is obtained (default false)"),
          acceptNewCredsAfterFailure: bool("after a failure, accept new credentials without a reset (default false)"),
          scanMaxResults: count("most scan results kept (default 16)", 1, 255),
          proofFailLimit: count("wrong PoPs/passwords before a lockout; 0 = no limit (default 5)"),
          proofFailWindowMs: ms("window the wrong proofs are counted in, ms (default 60000)"),
          proofLockoutMs: ms("how long handshakes are refused after the limit, ms (default 60000)"),
        },
      },
    },
    customEndpoints: {
      doc: "custom endpoints with fixed replies (default: custom-data answering \"SUCCESS\\u0000\")",
      spec: {
        kind: "array",
        items: {
          kind: "object",
          fields: {
            name: { required: true, spec: { kind: "string", pattern: /^[A-Za-z0-9_-]{1,15}$/, patternText: "1..15 of A-Z a-z 0-9 _ -" }, doc: "endpoint name" },
            reply: { required: true, spec: { kind: "string" }, doc: "the reply, sent as UTF-8" },
          },
        },
      },
    },
    appInfo: {
      doc: "extra entries in proto-ver (wifi_prov_mgr_set_app_info)",
      spec: {
        kind: "array",
        items: {
          kind: "object",
          fields: {
            label: { required: true, spec: { kind: "string", minBytes: 1 }, doc: "key in the proto-ver JSON" },
            version: { required: true, spec: { kind: "string" }, doc: "its \"ver\"" },
            capabilities: { required: true, spec: { kind: "array", items: { kind: "string" } }, doc: "its \"cap\" list" },
          },
        },
      },
    },
  },
};

/** The expected type of a spec in words ("an integer 1..13", "one of 15, 202"). */
export function describe(s: Spec): string {
  switch (s.kind) {
    case "object": return "an object";
    case "array": return `an array of ${plural(describe(s.items))}`;
    case "boolean": return "true or false";
    case "integer":
      if (s.values) return `one of ${s.values.join(", ")}`;
      if (s.min !== undefined && s.max !== undefined) return `an integer ${s.min}..${s.max}`;
      if (s.min !== undefined) return `an integer >= ${s.min}`;
      return "an integer";
    case "string":
      if (s.patternText) return `a string (${s.patternText})`;
      if (s.minBytes !== undefined && s.maxBytes !== undefined) return `a string of ${s.minBytes}..${s.maxBytes} bytes`;
      if (s.minBytes) return "a non-empty string";
      return "a string";
  }
}

function plural(t: string): string {
  return t.replace(/^an? (\w+)/, (_m, w: string) => w + "s").replace(/^true or false$/, "booleans");
}

function typeOf(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "object") return "an object";
  return `${typeof v} ${JSON.stringify(v)}`;
}

/** Every problem of value against spec, as "PATH: message" lines (empty = valid). */
export function validate(value: unknown, spec: Spec = SCHEMA, at = "$"): string[] {
  const bad = () => [`${at}: expected ${describe(spec)}, got ${typeOf(value)}`];
  switch (spec.kind) {
    case "object": {
      if (typeof value !== "object" || value === null || Array.isArray(value)) return bad();
      const o = value as Record<string, unknown>;
      const errs: string[] = [];
      const keys = Object.keys(spec.fields);
      for (const k of Object.keys(o)) {
        if (!(k in spec.fields)) errs.push(`${at}.${k}: unknown key (allowed here: ${keys.join(", ")})`);
      }
      for (const k of keys) {
        const f = spec.fields[k]!;
        if (o[k] === undefined) {
          if (f.required) errs.push(`${at}.${k}: missing (required: ${describe(f.spec)}, ${f.doc})`);
        } else errs.push(...validate(o[k], f.spec, `${at}.${k}`));
      }
      return errs;
    }
    case "array": {
      if (!Array.isArray(value)) return bad();
      return value.flatMap((v, i) => validate(v, spec.items, `${at}[${i}]`));
    }
    case "boolean":
      return typeof value === "boolean" ? [] : bad();
    case "integer": {
      if (typeof value !== "number" || !Number.isInteger(value)) return bad();
      if (spec.values && !spec.values.includes(value)) return bad();
      if ((spec.min !== undefined && value < spec.min) || (spec.max !== undefined && value > spec.max)) return bad();
      return [];
    }
    case "string": {
      if (typeof value !== "string") return bad();
      const n = Buffer.byteLength(value);
      if ((spec.minBytes !== undefined && n < spec.minBytes) || (spec.maxBytes !== undefined && n > spec.maxBytes)) return bad();
      if (spec.pattern && !spec.pattern.test(value)) return bad();
      return [];
    }
  }
}

/** Reads and validates a scenario file; returns the scenario or the error messages (one a line). */
export function loadScenario(file: string): Scenario | string {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    return `--scenario ${file}: cannot read the file (${err.code ?? err.message})`;
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return `--scenario ${file}: not valid JSON: ${(e as Error).message}`;
  }
  const errs = validate(data);
  if (errs.length === 0) return data as Scenario;
  return [`--scenario ${file}: ${errs.length} problem${errs.length === 1 ? "" : "s"} (format: docs/scenario.md)`, ...errs.map((e) => "  " + e)].join("\n");
}

/** docs/scenario.md's table rows, generated from SCHEMA (the doc test compares them). */
export function schemaRows(spec: Spec = SCHEMA, at = ""): string[] {
  if (spec.kind === "array") return schemaRows(spec.items, at + "[]");
  if (spec.kind !== "object") return [];
  const rows: string[] = [];
  for (const [k, f] of Object.entries(spec.fields)) {
    const p = at ? `${at}.${k}` : k;
    rows.push(`| \`${p}\` | ${describe(f.spec).replace(/\|/g, "\\|")} | ${f.required ? "yes" : "no"} | ${f.doc.replace(/\|/g, "\\|")} |`);
    rows.push(...schemaRows(f.spec, p));
  }
  return rows;
}
