// ./build.sh flash: writes dist/firmware.js into Storage as .bootcde (espruino.md §10-11: runs
// from flash at every boot) and the config as wifiprov.json with the espruino CLI, reads both
// back as CRC32 (retrying a damaged upload), then load()s the new code.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
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

/** Parses --port P [--baud N] [--config FILE] [--bundle FILE]; throws a usage message. */
export function parseFlashArgs(argv: string[]): FlashOptions {
  const o: FlashOptions = { port: "", baud: 115200, bundle: "dist/firmware.js", config: "dist/wifiprov.json", attempts: 3 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const v = argv[i + 1];
    const take = () => {
      if (v === undefined) throw new Error(a + " needs a value");
      i++;
      return v;
    };
    if (a === "--port" || a === "-p") o.port = take();
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

function main(): number {
  let o: FlashOptions;
  try {
    o = parseFlashArgs(process.argv.slice(2));
  } catch (e) {
    console.error("flash: " + (e as Error).message);
    return 2;
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

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exit(main());
