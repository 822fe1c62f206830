// Runs the BUILT Storage layout (dist/storage) in a node:vm context shaped like Espruino on ESP32
// (docs/platform/espruino.md): require() for Wifi/http/Storage/crypto/TelnetServer, globals
// E, ESP32, NRF, getTime, numeric setTimeout ids. Each fake follows docs/platform/espruino.md.
import { createCipheriv, createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import * as vm from "node:vm";
import { EspHttp } from "./harness-http.ts";
import { EspNrf } from "./harness-nrf.ts";
import { EspDgram } from "./harness-udp.ts";
import { EspWifi, type HarnessAp } from "./harness-wifi.ts";

export const ROOT = join(import.meta.dirname, "..", "..");
/** The built Storage layout (./build.sh). */
export const STORAGE = join(ROOT, "dist", "storage");
/** Files Espruino runs at boot, in this order (jswrap_storage / jsiLoad: .boot0-3, then .bootcde). */
const BOOT_FILES = [".boot0", ".boot1", ".boot2", ".boot3", ".bootcde"];

/** The firmware files of a Storage layout directory, as 8-bit strings (its wifiprov.json is the tests' to set). */
export function storageFiles(dir: string = STORAGE): [string, string][] {
  return readdirSync(dir).filter((f) => f !== "wifiprov.json").map((f): [string, string] => [f, readFileSync(join(dir, f), "latin1")]);
}

/** latin1 string ↔ bytes, as Espruino's 8-bit strings. */
export const bin = (s: string) => new Uint8Array(Buffer.from(s, "latin1"));
export const str = (b: ArrayLike<number>) => Buffer.from(Uint8Array.from(b)).toString("latin1");

function toBytes(d: unknown): Uint8Array {
  if (typeof d === "string") return bin(d);
  // The bundle runs in another realm: no instanceof checks on its objects.
  if (Object.prototype.toString.call(d) === "[object ArrayBuffer]") return new Uint8Array(d as ArrayBuffer);
  if (ArrayBuffer.isView(d)) return new Uint8Array(d.buffer, d.byteOffset, d.byteLength);
  if (Array.isArray(d)) return Uint8Array.from(d as number[]);
  throw new Error("harness: unsupported data " + typeof d);
}

const ab = (b: Buffer) => b.buffer.slice(b.byteOffset, b.byteOffset + b.length) as ArrayBuffer;

/** require("crypto"): SHA → ArrayBuffer; AES errors print "ERROR:" and return undefined (§5.1). */
function makeCrypto(log: (s: string) => void) {
  return {
    SHA256: (d: unknown) => ab(createHash("sha256").update(toBytes(d)).digest()),
    SHA512: (d: unknown) => ab(createHash("sha512").update(toBytes(d)).digest()),
    AES: {
      encrypt(d: unknown, key: unknown, opts: { mode?: string }) {
        const k = toBytes(key);
        if (![16, 24, 32].includes(k.length) || (opts && opts.mode !== "ECB")) {
          log("ERROR: AES key/mode");
          return undefined;
        }
        const data = toBytes(d);
        const c = createCipheriv("aes-" + k.length * 8 + "-ecb", k, null);
        c.setAutoPadding(false);
        // ECB processes whole blocks; a partial tail stays zero (§5 table).
        const padded = new Uint8Array(Math.ceil(data.length / 16) * 16);
        padded.set(data);
        return ab(Buffer.concat([c.update(padded), c.final()]).subarray(0, data.length));
      },
    },
  };
}

/** require("Storage"): a name → 8-bit string map that survives reboots of the harness. */
export class EspStorage {
  files = new Map<string, string>();
  /** offset/length clipped to the file as jsfReadFile does (length <= 0: to the end). */
  read(name: string, offset?: number, length?: number): string | undefined {
    const f = this.files.get(name);
    if (f === undefined || (offset === undefined && length === undefined)) return f;
    const o = Math.min(Math.max(offset || 0, 0), f.length);
    return f.substr(o, length && length > 0 ? length : f.length);
  }
  write(name: string, data: unknown): boolean {
    const s = typeof data === "string" ? data : data !== null && typeof data === "object" && !ArrayBuffer.isView(data) && !Array.isArray(data) ? JSON.stringify(data) : str(toBytes(data));
    if (s.length === 0) throw new Error("Can't create zero length file");
    this.files.set(name, s);
    return true;
  }
  readJSON(name: string, noExceptions?: boolean): unknown {
    const t = this.files.get(name);
    if (t === undefined) return undefined;
    try {
      return JSON.parse(t);
    } catch (e) {
      if (noExceptions) return undefined;
      throw e;
    }
  }
  erase(name: string): void {
    this.files.delete(name);
  }
  list(): string[] {
    return [...this.files.keys()];
  }
}

/** CRC-32 (IEEE), as Espruino's E.CRC32. */
export function crc32(b: Uint8Array): number {
  let c = ~0;
  for (const x of b) {
    c ^= x;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

export interface DeviceOptions {
  storage?: EspStorage;
  config?: object | string;
  aps?: HarnessAp[];
  mac?: string;
  /**
   * A Storage layout directory written into Storage (default dist/storage), one bundle file run
   * as .bootcde, or null: the storage given holds the files already.
   */
  bundle?: string | null;
  /** More Storage files (e.g. a maker's .bootcde). */
  files?: Record<string, string>;
}

/** One boot of the bundle. */
export class Device {
  readonly storage: EspStorage;
  readonly wifi: EspWifi;
  readonly http = new EspHttp();
  readonly dgram = new EspDgram();
  readonly console: string[] = [];
  readonly telnet: { mode?: string } = {};
  readonly nrf = new EspNrf();
  /** digitalWrite() calls, in order: [pin name, level] (pins D0-D39 are their names). */
  readonly pins: [string, boolean][] = [];
  /** The bundle's global object (console calls such as require("wifi-prov")). */
  global: Record<string, unknown> = {};
  private timers = new Map<number, NodeJS.Timeout>();
  private nextTimer = 1;

  constructor(opts: DeviceOptions = {}) {
    this.storage = opts.storage ?? new EspStorage();
    this.wifi = new EspWifi(opts.aps ?? [], opts.mac ?? "30:ae:a4:12:34:56");
    const b = opts.bundle === undefined ? STORAGE : opts.bundle;
    if (b !== null) {
      if (!existsSync(b)) throw new Error(b + " is missing: run ./build.sh first");
      if (statSync(b).isDirectory()) for (const [f, data] of storageFiles(b)) this.storage.write(f, data);
      else this.storage.write(".bootcde", readFileSync(b, "utf8"));
    }
    if (opts.config !== undefined) this.storage.write("wifiprov.json", typeof opts.config === "string" ? opts.config : JSON.stringify(opts.config));
    for (const [name, data] of Object.entries(opts.files ?? {})) this.storage.write(name, data);
  }

  /** Boots as Espruino does: .boot0-.boot3 then .bootcde from Storage; require() finds modules there too. */
  boot(): void {
    const log = (s: string) => this.console.push(s);
    const crypto = makeCrypto(log);
    const modules: Record<string, unknown> = {
      Wifi: this.wifi,
      http: this.http,
      dgram: this.dgram,
      Storage: this.storage,
      crypto,
      TelnetServer: { setOptions: (o: { mode: string }) => (this.telnet.mode = o.mode) },
    };
    let seed = 0xdeadbeef;
    const t0 = performance.now();
    // Espruino's module cache (jswrap_modules.c): a module from Storage is evaluated once, as
    // module code (its own scope, `exports` and `module`), until Modules.removeCached().
    const cache = new Map<string, unknown>();
    const req = (name: string) => {
      if (name in modules) return modules[name];
      if (cache.has(name)) return cache.get(name);
      const code = this.storage.read(name);
      if (code === undefined) throw new Error('Module "' + name + '" not found');
      const module = { exports: {} as unknown };
      (vm.runInContext("(function (exports, module) {" + code + "\n})", ctx, { filename: name }) as (e: unknown, m: unknown) => void)(module.exports, module);
      cache.set(name, module.exports);
      return module.exports;
    };
    const ctx = vm.createContext({
      require: req,
      Modules: {
        removeCached: (name: string) => {
          if (!cache.delete(name)) throw new Error("Module " + name + " not found");
        },
        getCached: () => [...cache.keys()],
      },
      console: { log: (...a: unknown[]) => log(a.map(String).join(" ")) },
      print: (...a: unknown[]) => log(a.map(String).join(" ")),
      digitalWrite: (pin: unknown, v: unknown) => void this.pins.push([String(pin), !!v]),
      ...Object.fromEntries(Array.from({ length: 40 }, (_, i) => ["D" + i, "D" + i])),
      getTime: () => (performance.now() - t0) / 1000,
      // Espruino timer ids are numbers; clearTimeout() without one clears everything. A string is
      // code run at global scope (jsinteractive.c; the module evaluates its core so).
      setTimeout: (fn: (() => void) | string, ms?: number) => {
        if (typeof fn !== "function" && typeof fn !== "string") throw new Error("setTimeout: function or string expected, got " + typeof fn);
        const id = this.nextTimer++;
        const run = typeof fn === "string" ? () => vm.runInContext(fn, ctx, { filename: "timeout" }) : fn;
        this.timers.set(id, setTimeout(() => (this.timers.delete(id), run()), ms ?? 0));
        return id;
      },
      clearTimeout: (id?: number) => {
        if (id === undefined) throw new Error("harness: clearTimeout() would clear every timer");
        clearTimeout(this.timers.get(id));
        this.timers.delete(id);
      },
      setInterval: (fn: () => void, ms: number) => {
        const id = this.nextTimer++;
        this.timers.set(id, setInterval(fn, ms));
        return id;
      },
      clearInterval: (id?: number) => {
        if (id === undefined) throw new Error("harness: clearInterval() would clear every timer");
        clearInterval(this.timers.get(id));
        this.timers.delete(id);
      },
      process: { memory: () => ({ free: 1000, usage: 2000, total: 3000 }) },
      E: {
        toString: (d: unknown) => str(toBytes(d)),
        toUint8Array: (d: unknown) => new Uint8Array(toBytes(d)),
        convolve: (a: Int32Array, b: Int32Array, off: number) => {
          let s = 0;
          for (let i = 0; i < a.length; i++) s += a[i]! * b[(i + off) % b.length]!;
          return s;
        },
        // Deterministic after every boot, like the real one (§5.3).
        hwRand: () => (seed = (Math.imul(seed, 1103515245) + 12345) | 0),
        srand: (s: number) => void (seed = s),
        CRC32: (d: unknown) => crc32(toBytes(d)),
        // No console device object here: the console scheme's paste filter stays off (its own
        // test: test/unit/firmware/console-paste.test.ts; the interpreter tier runs it).
        getConsole: () => "",
        setConsole: () => undefined,
      },
      ESP32: { getState: () => ({}) },
      NRF: this.nrf,
      "\xFF": this.nrf.hidden,
    });
    this.global = ctx;
    for (const f of BOOT_FILES) {
      const code = this.storage.read(f);
      if (code !== undefined) vm.runInContext(code, ctx, { filename: f });
    }
  }

  /** Stops the HTTP server and every pending timer (the device "powers off"). */
  powerOff(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.wifi.powerOff();
    this.http.powerOff();
    this.dgram.powerOff();
  }

  text(): string {
    return this.console.join("\n");
  }

  /** Resolves once a console line matches re. */
  async waitConsole(re: RegExp, ms = 10000): Promise<string> {
    const end = Date.now() + ms;
    for (;;) {
      const l = this.console.find((x) => re.test(x));
      if (l !== undefined) return l;
      if (Date.now() > end) throw new Error("no console line " + re + " in:\n" + this.text());
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}
