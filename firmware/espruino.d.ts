// Ambient types for exactly the Espruino APIs the firmware bindings use (docs/platform/espruino.md
// §1.3, §5, §7, §8, §9, §10, §12). Only firmware/espruino/*.ts and main.ts use them.

/** Seconds since boot (float, µs resolution on ESP32). */
declare function getTime(): number;

declare const E: {
  /** Bytes of a typed array/array/string as an 8-bit string (flat when possible). */
  toString(data: Uint8Array | number[] | string): string;
  /** An 8-bit string/array as a new Uint8Array. */
  toUint8Array(data: string | number[] | Uint8Array): Uint8Array;
  /** Sum of a[i] * b[(i + off) % b.length] (native dot product). */
  convolve(a: Int32Array, b: Int32Array, off: number): number;
  /** The deterministic generator (docs/platform/espruino.md §5.3): only ever mixed in, never trusted. */
  hwRand(): number;
  /** Seeds Math.random / E.hwRand. */
  srand(seed: number): void;
  /** CRC32 of the bytes. */
  CRC32(data: Uint8Array | string): number;
  /** The console device's name ("USB", "Serial1", "Telnet", "LoopbackA"…), undefined when none. */
  getConsole(): string;
  /** Moves the REPL to a device; force: Espruino does not move it back when USB connects. */
  setConsole(device: string, opts?: { force: boolean }): void;
};

interface EspruinoApInfo {
  ssid: string;
  mac: string;
  rssi: number;
  /** Decimal string on ESP32. */
  channel: string;
  /** "open" | "wep" | "wpa" | "wpa2" | "wpa_wpa2" | "unknown". */
  authMode: string;
}

interface EspruinoWifiStatus {
  station: string;
  mode: string;
  ssid?: string;
  bssid?: string;
  channel?: number | string;
  rssi?: number;
  authMode?: string;
}

interface WifiModule {
  scan(cb: (list: EspruinoApInfo[]) => void): void;
  connect(ssid: string, opts: { password: string }, cb: (err: string | null) => void): void;
  disconnect(cb?: () => void): void;
  startAP(ssid: string, opts: { password?: string; authMode?: string; channel?: number }, cb: (err: string | null) => void): void;
  stopAP(cb?: () => void): void;
  getStatus(): EspruinoWifiStatus;
  getIP(): { ip: string; mac: string };
  getAPIP(): { ip: string; mac: string };
  on(ev: string, fn: (details: { [k: string]: string | undefined }) => void): void;
  removeListener(ev: string, fn: (details: { [k: string]: string | undefined }) => void): void;
  removeAllListeners(ev: string): void;
}

interface EspruinoHttpRequest {
  method: string;
  url: string;
  headers: { [name: string]: string };
  /** Internal flag: close the socket without sending anything (socketserver.c HTTP_NAME_CLOSENOW). */
  clsNow?: boolean;
  on(ev: "data", fn: (chunk: string) => void): void;
  on(ev: "end" | "close", fn: () => void): void;
  removeListener(ev: "close", fn: () => void): void;
  removeAllListeners(ev: "data" | "end"): void;
}

interface EspruinoHttpResponse {
  writeHead(status: number, headers: { [name: string]: string }): void;
  /** Appends to the send buffer (a copy); 'drain' fires once the buffer is sent. */
  write(data: string): boolean;
  end(data?: string): void;
  on(ev: "drain" | "close", fn: () => void): void;
}

interface EspruinoHttpServer {
  listen(port: number): EspruinoHttpServer;
  close(): void;
}

interface EspruinoHttp {
  createServer(fn: (req: EspruinoHttpRequest, res: EspruinoHttpResponse) => void): EspruinoHttpServer;
}

interface EspruinoStorage {
  /** A memory-mapped 8-bit string (len bytes from offset), or undefined when absent. */
  read(name: string, offset?: number, len?: number): string | undefined;
  /** The file parsed as JSON (noExceptions: undefined instead of a throw). */
  readJSON(name: string, noExceptions: boolean): unknown;
  list(regex?: RegExp): string[];
  /** Throws when storage is full; returns false on failure. */
  write(name: string, data: string | Uint8Array): boolean;
  erase(name: string): void;
}

interface EspruinoCrypto {
  SHA256(data: Uint8Array | string): ArrayBuffer | undefined;
  SHA512(data: Uint8Array | string): ArrayBuffer | undefined;
  AES: {
    /** Returns undefined (after printing ERROR) on a bad key or mode (docs/platform/espruino.md §5.1). */
    encrypt(data: Uint8Array, key: Uint8Array, opts: { mode: string }): ArrayBuffer | undefined;
  };
}

/** A dgram socket (libs/network/jswrap_net.c): 8-bit string messages. */
interface EspruinoDgramSocket {
  /** Throws "Unable to create socket" when the port cannot be bound; cb is queued either way. */
  bind(port: number, cb: () => void): EspruinoDgramSocket;
  send(msg: string, port: number, address: string): void;
  on(ev: "message", fn: (msg: string, info: { address: string; port: number }) => void): void;
  close(): void;
}

interface EspruinoDgram {
  createSocket(type: string): EspruinoDgramSocket;
}

interface EspruinoTelnet {
  setOptions(opts: { mode: string }): void;
}

/** Espruino's built-in module loader, reached as globalThis.require (esbuild would try to bundle a bare require). */
interface EspruinoRequire {
  (name: "Wifi"): WifiModule;
  (name: "http"): EspruinoHttp;
  (name: "Storage"): EspruinoStorage;
  (name: "crypto"): EspruinoCrypto;
  (name: "TelnetServer"): EspruinoTelnet;
  (name: "dgram"): EspruinoDgram;
  /** A module in Storage (ours: "wifi-prov", "wifiprov-kv"). */
  (name: string): unknown;
}

interface EspruinoNrfChar {
  value?: string | Uint8Array;
  readable?: boolean;
  writable?: boolean;
  description?: string;
  onWrite?: (ev: { data: ArrayBuffer }) => void;
}

declare const NRF: {
  setServices(svcs: { [uuid: string]: { [uuid: string]: EspruinoNrfChar } }, opts: { uart: boolean; advertise?: string[] }): void;
  updateServices(svcs: { [uuid: string]: { [uuid: string]: { value: string } } }): void;
  setAdvertising(data: number[] | { [k: string]: unknown }, opts?: { name?: string; connectable?: boolean; interval?: number }): void;
  disconnect(): void;
  sleep(): void;
  on(ev: "connect", fn: (addr: string) => void): void;
  on(ev: "disconnect", fn: (reason: number) => void): void;
};

declare const ESP32: {
  getState(): { [k: string]: unknown };
};

/** Espruino's process.memory() (node's process type has no such member). */
interface EspruinoProcess {
  memory(gc?: boolean): { usage: number; free: number; total: number };
}

/** Module code's own scope (Espruino's jspEvaluateModule): require() returns module.exports. */
declare const module: { exports: unknown };

/** Espruino's module cache. */
declare const Modules: {
  removeCached(id: string): void;
  getCached(): string[];
};
