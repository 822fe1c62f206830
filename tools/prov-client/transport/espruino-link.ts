// A ConsoleLink over the espruino-tools connection layer (npm `espruino`: Espruino.Core.Serial,
// the code the Espruino Web IDE and CLI connect with): serial ports (/dev/ttyUSB0, COM3; XON/XOFF
// flow control) and tcp://HOST:PORT (a Telnet console, which has none: writes are paced).
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as net from "node:net";
import { provError } from "../errors.ts";
import type { ConsoleLink } from "./console.ts";

export interface EspruinoLinkOptions {
  /** Serial speed (default 115200, Espruino ESP32's console). */
  baud?: number;
  /** Give up opening after this many ms (default 5000). */
  connectTimeoutMs?: number;
  /** Pacing: at most chunkBytes per write, pauseMs apart (default 32 bytes / 20 ms on tcp://, none on serial). */
  chunkBytes?: number;
  pauseMs?: number;
}

interface EspruinoGlobal {
  Config: Record<string, unknown>;
  Core: {
    Serial: {
      open(port: string, opened: (status: unknown) => void, disconnected: () => void): void;
      startListening(cb: (data: ArrayBuffer) => void): void;
      close(): void;
      connection: { write(data: string): Promise<void> };
    };
  };
}

/** Opening attempts (each within the connect timeout). */
const OPEN_ATTEMPTS = 3;
const TCP = /^tcp:\/\/(\[[^\]]+\]|[^:/]+):(\d+)$/;
let loaded: Promise<EspruinoGlobal> | undefined;

/** Loads espruino-tools once, with its chatter on console.log silenced (it would mix into stdout). */
function loadTools(): Promise<EspruinoGlobal> {
  loaded ??= new Promise((resolve) => {
    const log = console.log;
    console.log = () => undefined;
    createRequire(import.meta.url)("espruino").init(() => {
      console.log = log;
      const E = (globalThis as unknown as { Espruino: EspruinoGlobal }).Espruino;
      // No board query on connect (it would type process.env into the REPL), no Bluetooth scans.
      E.Config.ENV_ON_CONNECT = false;
      E.Config.BLUETOOTH_LOW_ENERGY = false;
      E.Config.BLUETOOTH_LOW_ENERGY_DBUS = false;
      resolve(E);
    });
  });
  return loaded;
}

/** Why port cannot be opened (checked before the tools try: they hang or throw on some failures), or undefined. */
export async function consolePortProblem(port: string, timeoutMs: number): Promise<string | undefined> {
  const tcp = TCP.exec(port);
  if (tcp) {
    const p = Number(tcp[2]);
    if (!(p >= 1 && p <= 65535)) return `${port}: the TCP port must be 1..65535`;
    return new Promise((resolve) => {
      const s = net.connect({ host: tcp[1]!.replace(/^\[|\]$/g, ""), port: p });
      const t = setTimeout(() => (s.destroy(), resolve(`cannot connect to ${port}: no answer within ${timeoutMs / 1000} s (--connect-timeout-ms)`)), timeoutMs);
      s.once("connect", () => (clearTimeout(t), s.destroy(), resolve(undefined)));
      s.once("error", (e: NodeJS.ErrnoException) => (clearTimeout(t), resolve(`cannot connect to ${port} (${e.code ?? e.message})`)));
    });
  }
  if (port.startsWith("tcp:")) return `--port ${port}: expected tcp://HOST:PORT`;
  if (!port.startsWith("/dev/")) return undefined;
  try {
    fs.closeSync(fs.openSync(port, fs.constants.O_RDWR | fs.constants.O_NOCTTY | fs.constants.O_NONBLOCK));
    return undefined;
  } catch (e) {
    const c = (e as NodeJS.ErrnoException).code;
    const hint = c === "ENOENT" ? ": no such serial port (is the board plugged in, with a data cable?)" : c === "EACCES" ? ": no permission (add yourself to the dialout group, then log in again)" : c === "EBUSY" ? ": another program has it open (close the serial monitor)" : "";
    return `cannot open serial port ${port} (${c})${hint}`;
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Opens port with espruino-tools; rejects with an "unreachable" ProvError. One link per process (the tools are a singleton). */
export async function openEspruinoLink(port: string, o: EspruinoLinkOptions = {}): Promise<ConsoleLink> {
  const connectMs = o.connectTimeoutMs ?? 5000;
  const problem = await consolePortProblem(port, connectMs);
  if (problem) throw provError("unreachable", problem);
  const E = await loadTools();
  const isTcp = TCP.test(port);
  if (isTcp) E.Config.SERIAL_TCPIP = [port];
  E.Config.BAUD_RATE = o.baud ?? 115200;
  const chunk = o.chunkBytes ?? (isTcp ? 32 : 1 << 20);
  const pause = o.pauseMs ?? (isTcp ? 20 : 0);
  const dataCbs: ((t: string) => void)[] = [];
  const closeCbs: (() => void)[] = [];
  let open = false;
  E.Core.Serial.startListening((ab) => {
    const t = Buffer.from(ab).toString("latin1");
    for (const cb of dataCbs) cb(t);
  });
  // The tools chat on console.log (port scans, every chunk sent as "serial: Sending …" with the
  // request hex): silenced while the link is open, as it would land on stdout and show sec0
  // payloads. wifi-prov writes through its own streams, never console.log.
  const log = console.log;
  console.log = () => undefined;
  let restored = false;
  const restore = () => {
    if (!restored) console.log = log;
    restored = true;
  };
  try {
    // A console takes one client at a time: right after the probe above (or another client) a
    // busy board may still hold the old connection and drop the new one at once. Try again.
    for (let attempt = 1; ; attempt++) {
      const ok = await new Promise<boolean>((resolve, reject) => {
        const t = setTimeout(() => reject(provError("unreachable", `cannot open ${port}: no connection within ${connectMs / 1000} s`)), connectMs + 3000);
        E.Core.Serial.open(
          port,
          (status) => {
            clearTimeout(t);
            open = status !== undefined;
            resolve(open);
          },
          () => {
            open = false;
            restore();
            for (const cb of closeCbs) cb();
          }
        );
      });
      if (ok) break;
      if (attempt === OPEN_ATTEMPTS) throw provError("unreachable", `cannot open ${port} (the console dropped the connection ${OPEN_ATTEMPTS} times: another client on it?)`);
      await sleep(1000);
    }
  } catch (e) {
    restore();
    throw e;
  }
  let writing: Promise<void> = Promise.resolve();
  return {
    write(text) {
      const run = async () => {
        for (let i = 0; i < text.length; i += chunk) {
          if (!open) throw new Error("connection closed");
          if (i > 0 && pause) await sleep(pause);
          await E.Core.Serial.connection.write(text.slice(i, i + chunk));
        }
      };
      writing = writing.then(run, run);
      return writing;
    },
    onData: (cb) => void dataCbs.push(cb),
    onClose: (cb) => void closeCbs.push(cb),
    close() {
      if (!open) return;
      open = false;
      E.Core.Serial.close();
      // The tools log "Disconnected" just before the disconnect callback restores console.log.
      setTimeout(restore, 2000).unref();
    },
  };
}
