// ./build.sh flash: writes the Storage layout (every file of dist/storage: the module wifi-prov,
// the core, its parts, the boot file .boot1, the page, and the config wifiprov.json;
// firmware/README.md "Storage layout") into the board's Storage with the espruino CLI, reads every file back as CRC32
// (retrying a damaged upload), then reboots. It never writes or erases .bootcde, .bootrst,
// .boot0 or any file it did not create: a maker's own code stays. --remove erases ours.
// --example NAME is the one way it writes .bootcde: firmware/examples/NAME.js, with
// "autoStart": false in the config it writes (an example starts provisioning itself); a
// .bootcde already on the board is replaced only with --yes.
import { spawnSync } from "node:child_process";
import { closeSync, constants, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import * as net from "node:net";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { pathToFileURL } from "node:url";
import { crc32 } from "node:zlib";

export interface FlashOptions {
  port: string;
  baud: number;
  /** The Storage layout directory (./build.sh). */
  storage: string;
  config: string;
  /** Upload attempts before giving up (a telnet console has no flow control). */
  attempts: number;
  /** Erase our files instead of writing them. */
  remove: boolean;
  /** An example of firmware/examples to write as .bootcde (its name without .js). */
  example?: string;
  /** Replace a .bootcde that is on the board already (--example). */
  yes: boolean;
}

/** The examples --example can write: firmware/examples/NAME.js. */
export const EXAMPLES_DIR = "firmware/examples";
export function exampleNames(): string[] {
  return readdirSync(EXAMPLES_DIR).filter((f) => f.endsWith(".js")).map((f) => basename(f, ".js")).sort();
}

/** Files the firmware creates at run time (the saved network, the PoP, the entropy seed): --remove erases them too. */
export const DATA_FILES = ["prov.sta~0", "prov.sta~1", "prov.pop~0", "prov.pop~1", "wifiprov.seed"];
/** Where the CLI would look for board descriptions: nothing there, so it never goes online. */
const OFFLINE = "tools/upload/no-board-json";
/** Never written nor erased by flash: the maker's and Espruino's own. */
export const NOT_OURS = [".bootcde", ".bootrst", ".boot0"];

export const FLASH_USAGE = `usage: ./build.sh flash --port PORT [options]
Writes the Storage layout (every file of dist/storage: the module wifi-prov, wifiprov-core, its parts
and .boot1) and the config as wifiprov.json into the board's Storage, reads every file back (CRC32), then reboots.
Never touches .bootcde, .bootrst, .boot0 or other files: your own code stays.
  -p, --port PORT      serial port (/dev/ttyUSB0, /dev/ttyACM0, COM3) or tcp://HOST:PORT (telnet console)
  -b, --baud N         serial speed (default 115200)
  --config FILE        device configuration (default dist/wifiprov.json)
  --storage DIR        the Storage layout (default dist/storage)
  --attempts N         upload attempts when the read-back differs (default 3)
  --remove             erase our files instead (the layout, wifiprov.json, the saved network,
                       the PoP and the entropy seed); your own files stay
  --example NAME       also write firmware/examples/NAME.js as .bootcde, with "autoStart": false
                       in wifiprov.json (the only command that writes .bootcde)
  --yes                with --example: replace a .bootcde that is on the board already
  -h, --help           this text
`;

/**
 * Walks a board command's options into o: --help (undefined), --port, --baud and their checks
 * here, the command's own by more(a, take) (false: not one of them). Throws a usage message.
 */
export function boardArgs<T extends { port: string; baud: number }>(argv: string[], o: T, what: string, more: (a: string, take: () => string) => boolean): T | undefined {
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
    else if (!more(a, take)) throw new Error("unknown " + what + " option " + a);
  }
  if (!o.port) throw new Error("--port is required (/dev/ttyUSB0 or tcp://HOST:PORT)");
  if (!Number.isInteger(o.baud) || o.baud <= 0) throw new Error("--baud must be a positive integer");
  return o;
}

/** Parses the flash options; undefined for --help; throws a usage message. */
export function parseFlashArgs(argv: string[]): FlashOptions | undefined {
  const o: FlashOptions = { port: "", baud: 115200, storage: "dist/storage", config: "dist/wifiprov.json", attempts: 3, remove: false, yes: false };
  const known = boardArgs(argv, o, "flash", (a, take) => {
    if (a === "--config") o.config = take();
    else if (a === "--storage") o.storage = take();
    else if (a === "--attempts") o.attempts = Number(take());
    else if (a === "--remove") o.remove = true;
    else if (a === "--example") o.example = take();
    else if (a === "--yes") o.yes = true;
    else return false;
    return true;
  });
  if (!known) return undefined;
  if (!Number.isInteger(o.attempts) || o.attempts < 1) throw new Error("--attempts must be >= 1");
  if (o.example !== undefined && !exampleNames().includes(o.example)) throw new Error("--example " + o.example + ": no such example (" + exampleNames().join(", ") + ")");
  if (o.example !== undefined && o.remove) throw new Error("--example and --remove: one or the other");
  if (o.yes && o.example === undefined) throw new Error("--yes goes with --example");
  return o;
}

/** Storage name -> local file: the layout's code files, then the config (never a name in NOT_OURS). */
export function layoutFiles(o: FlashOptions): [string, string][] {
  const out: [string, string][] = [];
  for (const f of readdirSync(o.storage).sort()) if (f !== "wifiprov.json") out.push([f, join(o.storage, f)]);
  out.push(["wifiprov.json", o.config]);
  for (const [name] of out) if (NOT_OURS.includes(name)) throw new Error(o.storage + " holds " + name + ": flash never writes it");
  return out;
}

/** What an upload writes: the layout, and with --example the example as .bootcde (its config with "autoStart": false). */
export function uploadFiles(o: FlashOptions): [string, string][] {
  const files = layoutFiles(o);
  if (o.example === undefined) return files;
  const cfg = join(mkdtempSync(join(tmpdir(), "wifiprov-example-")), "wifiprov.json");
  writeFileSync(cfg, JSON.stringify({ ...JSON.parse(readFileSync(o.config, "utf8")), autoStart: false }, null, 2) + "\n");
  return files.map(([n, f]): [string, string] => [n, n === "wifiprov.json" ? cfg : f]).concat([[".bootcde", join(EXAMPLES_DIR, o.example + ".js")]]);
}

/** CLI arguments that print the length of the board's .bootcde as "WIFIPROV-BOOTCDE N". */
export function bootcdeArgs(o: FlashOptions): string[] {
  return base(o).concat(["-e", 'print("WIFIPROV-BOOTCDE "+(require("Storage").read(".bootcde")||"").length)']);
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
  // No module lookups (the bundle reaches built-in modules through globalThis.require), and no
  // board description from espruino.com: a path that is not there keeps the CLI offline.
  return ["espruino", "--no-ble", "-p", o.port, "-b", String(o.baud), "--config", "MODULE_URL=", "--config", "BOARD_JSON_URL=" + OFFLINE];
}

/** CLI arguments that write the files into Storage (no reset first, nothing else written, nothing run). */
export function uploadArgs(o: FlashOptions, files: [string, string][]): string[] {
  const args = base(o).concat(["--config", "RESET_BEFORE_SEND=false", "--config", "SERIAL_THROTTLE_SEND=1"]);
  for (const [name, file] of files) args.push("--storage", name + ":" + file);
  return args.concat(["-e", 'print("WIFIPROV-UP")']);
}

/**
 * CLI arguments that print the CRC32 of each of our files as "WIFIPROV-CRC [..]" and, when they
 * are the expected ones, reboot the board a second later (after the CLI has its answer: a
 * separate reboot command would lose its connection to the restart).
 */
export function checkArgs(o: FlashOptions, files: [string, string][], want: number[]): string[] {
  const names = JSON.stringify(files.map(([n]) => n));
  return base(o).concat(["-e", 'var S=require("Storage"),C=' + names + '.map(function(n){return E.CRC32(S.read(n)||"")>>>0;});print("WIFIPROV-CRC "+JSON.stringify(C));if(JSON.stringify(C)==' + JSON.stringify(JSON.stringify(want)) + ')setTimeout(load,1000);']);
}

/** CLI arguments that erase our files (the layout's names and DATA_FILES) and list what is left. */
export function removeArgs(o: FlashOptions): string[] {
  const names = JSON.stringify(layoutFiles(o).map(([n]) => n).concat(DATA_FILES));
  return base(o).concat(["-e", 'var S=require("Storage");' + names + '.forEach(function(n){if(S.read(n)!==undefined)S.erase(n);});print("WIFIPROV-LEFT "+JSON.stringify(S.list()))']);
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

/**
 * A board command's start (flash, bench): its options from argv, or the exit code when there is
 * nothing to do (--help: 0), a usage error (2) or a port that cannot work (1), each said on the console.
 */
export async function boardCommand<T extends { port: string }>(name: string, usage: string, parse: (argv: string[]) => T | undefined): Promise<T | number> {
  let o: T | undefined;
  try {
    o = parse(process.argv.slice(2));
  } catch (e) {
    console.error(name + ": " + (e as Error).message + "\n" + usage);
    return 2;
  }
  if (!o) {
    process.stdout.write(usage);
    return 0;
  }
  const problem = await portProblem(o.port);
  if (problem) {
    console.error(name + ": " + problem);
    return 1;
  }
  return o;
}

async function main(): Promise<number> {
  const o = await boardCommand("flash", FLASH_USAGE, parseFlashArgs);
  if (typeof o === "number") return o;
  for (const f of [o.storage, o.config]) if (!existsSync(f)) {
    console.error("flash: " + f + " is missing (run ./build.sh)");
    return 2;
  }
  if (o.remove) {
    const r = npx(removeArgs(o), true, 60000);
    const m = r.out.match(/WIFIPROV-LEFT (\[.*\])/);
    // The answer decides, not the CLI's exit status (it waits for 500 ms of console silence).
    if (!m) {
      console.error("flash --remove: no answer from the board");
      return 1;
    }
    console.log("flash --remove: our files are gone; Storage now holds " + m[1]);
    return 0;
  }
  if (o.example !== undefined) {
    const m = npx(bootcdeArgs(o), false, 30000).out.match(/WIFIPROV-BOOTCDE (\d+)/);
    if (!m) {
      console.error("flash: no answer from the board");
      return 1;
    }
    if (Number(m[1]) > 0 && !o.yes) {
      console.error("flash: the board has a .bootcde (" + m[1] + " bytes: your own code?); --example " + o.example + " would replace it. Run again with --yes to replace it.");
      return 1;
    }
    console.log("flash: writing " + EXAMPLES_DIR + "/" + o.example + ".js as .bootcde" + (Number(m[1]) > 0 ? " (replacing the one on the board)" : "") + ", with \"autoStart\": false in wifiprov.json");
  }
  const files = uploadFiles(o);
  const want = files.map(([, f]) => crc32(readFileSync(f)));
  for (let attempt = 1; attempt <= o.attempts; attempt++) {
    if (npx(uploadArgs(o, files), attempt === 1, 300000).status !== 0) continue;
    const m = npx(checkArgs(o, files, want), false, 30000).out.match(/WIFIPROV-CRC (\[[^\]]*\])/);
    const got = m ? (JSON.parse(m[1]!) as number[]) : [];
    if (want.every((c, i) => got[i] === c)) {
      console.log("flash: " + files.map(([n]) => n).join(", ") + " verified (CRC32); the board reboots");
      return 0;
    }
    const bad = files.filter((_, i) => got[i] !== want[i]).map(([n]) => n);
    console.error("flash: attempt " + attempt + ": " + (m ? "read-back differs for " + bad.join(", ") : "read-back failed") + (attempt < o.attempts ? ", retrying" : ""));
  }
  console.error("flash: upload could not be verified after " + o.attempts + " attempts");
  return 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main().then((c) => process.exit(c));
