// ./build.sh flash: writes dist/firmware.js into Storage as .bootcde (docs/platform/espruino.md §10-11: runs
// from flash at every boot) and the config as wifiprov.json with the espruino CLI, reads both
// back as CRC32 (retrying a damaged upload), then load()s the new code.
import { spawnSync } from "node:child_process";
import { closeSync, constants, existsSync, openSync, readdirSync, readFileSync } from "node:fs";
import * as net from "node:net";
import { pathToFileURL } from "node:url";
import { crc32 } from "node:zlib";

export interface FlashOptions {
  port: string;
  baud: number;
  bundle: string;
  config: string;
  /** Upload attempts before giving up (a telnet console has no flow control). */
  attempts: number;
}

export const FLASH_USAGE = `usage: ./build.sh flash --port PORT [options]
Writes dist/firmware.js into the board's Storage as .bootcde and the config as wifiprov.json,
reads both back (CRC32), then reboots into the firmware.
  -p, --port PORT      serial port (/dev/ttyUSB0, /dev/ttyACM0, COM3) or tcp://HOST:PORT (telnet console)
  -b, --baud N         serial speed (default 115200)
  --config FILE        device configuration (default dist/wifiprov.json)
  --bundle FILE        firmware bundle (default dist/firmware.js)
  --attempts N         upload attempts when the read-back differs (default 3)
  -h, --help           this text
`;

/** Parses --port P [--baud N] [--config FILE] [--bundle FILE]; undefined for --help; throws a usage message. */
export function parseFlashArgs(argv: string[]): FlashOptions | undefined {
  const o: FlashOptions = { port: "", baud: 115200, bundle: "dist/firmware.js", config: "dist/wifiprov.json", attempts: 3 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const v = argv[i + 1];
    const take = () => {
      if (v === undefined) throw new Error(a + " needs a value");
      i++;
      return v;
    };
    if (a === "--help" || a === "-h") return undefined;
    else if (a === "--port" || a === "-p") o.port = take();
    else if (a === "--baud" || a === "-b") o.baud = Number(take());
    else if (a === "--config") o.config = take();
    else if (a === "--bundle") o.bundle = take();
    else if (a === "--attempts") o.attempts = Number(take());
    else throw new Error("unknown flash option " + a);
  }
  if (!o.port) throw new Error("--port is required (/dev/ttyUSB0 or tcp://HOST:PORT)");
  if (!Number.isInteger(o.baud) || o.baud <= 0) throw new Error("--baud must be a positive integer");
  if (!Number.isInteger(o.attempts) || o.attempts < 1) throw new Error("--attempts must be >= 1");
  return o;
}

/** Serial ports present (/dev/ttyUSB*, /dev/ttyACM*, macOS /dev/cu.*). */
export function serialPorts(dev = "/dev"): string[] {
  try {
    return readdirSync(dev).filter((n) => /^(ttyUSB|ttyACM)\d+$|^cu\./.test(n)).sort().map((n) => dev + "/" + n);
  } catch {
    return [];
  }
}

/**
 * Why the port cannot be used, found in at most timeoutMs, or undefined when it can be opened:
 * a device path that does not exist or cannot be opened, a tcp:// address that refuses or does
 * not answer. Other forms (COM3, BLE addresses) are left to the espruino CLI.
 */
export async function portProblem(port: string, timeoutMs = 3000): Promise<string | undefined> {
  const tcp = /^tcp:\/\/(\[[^\]]+\]|[^:/]+):(\d+)$/.exec(port);
  if (tcp) {
    const host = tcp[1]!.replace(/^\[|\]$/g, "");
    const p = Number(tcp[2]);
    if (!(p >= 1 && p <= 65535)) return "port " + port + ": the TCP port must be 1..65535";
    return new Promise((resolve) => {
      const s = net.connect({ host, port: p });
      const t = setTimeout(() => {
        s.destroy();
        resolve("cannot connect to " + port + ": no answer within " + timeoutMs / 1000 + " s (is the board on the network, with its telnet console enabled?)");
      }, timeoutMs);
      s.once("connect", () => {
        clearTimeout(t);
        s.destroy();
        resolve(undefined);
      });
      s.once("error", (e: NodeJS.ErrnoException) => {
        clearTimeout(t);
        resolve("cannot connect to " + port + ": " + (e.code ?? e.message) + (e.code === "ECONNREFUSED" ? " (nothing listens there: is the board's telnet console running, is the port right?)" : ""));
      });
    });
  }
  if (port.startsWith("tcp:")) return "port " + port + ": expected tcp://HOST:PORT";
  if (!port.startsWith("/dev/")) return undefined;
  const seen = serialPorts();
  const list = seen.length ? "serial ports present: " + seen.join(", ") : "no serial ports found (/dev/ttyUSB*, /dev/ttyACM*): is the board plugged in, with a data cable?";
  if (!existsSync(port)) return "serial port " + port + " does not exist; " + list;
  try {
    closeSync(openSync(port, constants.O_RDWR | constants.O_NOCTTY | constants.O_NONBLOCK));
    return undefined;
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const hint = err.code === "EACCES" ? " (no permission: add yourself to the dialout group, then log in again)" :
      err.code === "EBUSY" ? " (another program has it open: close the serial monitor)" : "";
    return "cannot open serial port " + port + ": " + (err.code ?? err.message) + hint + "; " + list;
  }
}

function base(o: FlashOptions): string[] {
  // No module lookups: the bundle reaches built-in modules through globalThis.require.
  return ["espruino", "--no-ble", "-p", o.port, "-b", String(o.baud), "--config", "MODULE_URL="];
}

/** CLI arguments that write .bootcde and wifiprov.json without running them (SAVE_ON_SEND=3, no load). */
export function uploadArgs(o: FlashOptions): string[] {
  return base(o).concat([
    "--config", "SAVE_ON_SEND=3", "--config", "SAVE_STORAGE_FILE=.bootcde", "--config", "LOAD_STORAGE_FILE=0",
    "--config", "SERIAL_THROTTLE_SEND=1",
    "--storage", "wifiprov.json:" + o.config,
    o.bundle,
  ]);
}

/** CLI arguments that print the CRC32 of both files as "WIFIPROV-CRC a b". */
export function checkArgs(o: FlashOptions): string[] {
  return base(o).concat(["-e", 'var S=require("Storage");print("WIFIPROV-CRC",E.CRC32(S.read(".bootcde")||""),E.CRC32(S.read("wifiprov.json")||""))']);
}

function npx(args: string[], show: boolean, timeoutMs: number): { status: number; out: string } {
  if (show) console.log("npx " + args.join(" "));
  // A console that stopped answering (e.g. the interpreter's telnet input overflowed) hangs the CLI.
  // The CLI itself (not through npx) so a timeout kills the process that holds the connection.
  const bin = existsSync("node_modules/.bin/espruino") ? "node_modules/.bin/espruino" : "";
  const r = bin ? spawnSync(bin, args.slice(1), { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], timeout: timeoutMs, killSignal: "SIGKILL" }) : spawnSync("npx", args, { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], timeout: timeoutMs, killSignal: "SIGKILL" });
  if (show) process.stdout.write(r.stdout || "");
  return { status: r.status ?? 1, out: r.stdout || "" };
}

async function main(): Promise<number> {
  let o: FlashOptions | undefined;
  try {
    o = parseFlashArgs(process.argv.slice(2));
  } catch (e) {
    console.error("flash: " + (e as Error).message + "\n" + FLASH_USAGE);
    return 2;
  }
  if (!o) {
    process.stdout.write(FLASH_USAGE);
    return 0;
  }
  const problem = await portProblem(o.port);
  if (problem) {
    console.error("flash: " + problem);
    return 1;
  }
  for (const f of [o.bundle, o.config]) if (!existsSync(f)) {
    console.error("flash: " + f + " is missing (run ./build.sh)");
    return 2;
  }
  const want = [crc32(readFileSync(o.bundle)), crc32(readFileSync(o.config))];
  for (let attempt = 1; attempt <= o.attempts; attempt++) {
    if (npx(uploadArgs(o), attempt === 1, 300000).status !== 0) continue;
    const m = npx(checkArgs(o), false, 30000).out.match(/WIFIPROV-CRC (-?\d+) (-?\d+)/);
    const got = m ? [Number(m[1]) >>> 0, Number(m[2]) >>> 0] : [];
    if (got[0] === want[0] && got[1] === want[1]) {
      console.log("flash: .bootcde and wifiprov.json verified (CRC32 " + want[0] + ", " + want[1] + "); rebooting into the firmware");
      return npx(base(o).concat(["-e", "load()"]), false, 30000).status;
    }
    console.error("flash: attempt " + attempt + ": read-back " + (m ? "CRC32 mismatch" : "failed") + (attempt < o.attempts ? ", retrying" : ""));
  }
  console.error("flash: upload could not be verified after " + o.attempts + " attempts");
  return 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main().then((c) => process.exit(c));
