// ./build.sh flash: uploads dist/firmware.js into Storage as .bootcde (espruino.md §10-11:
// SAVE_ON_SEND=1, runs from flash at every boot) and the config as wifiprov.json, then resets.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { pathToFileURL } from "node:url";

export interface FlashOptions {
  port: string;
  baud: number;
  bundle: string;
  config: string;
}

/** Parses --port P [--baud N] [--config FILE] [--bundle FILE]; throws a usage message. */
export function parseFlashArgs(argv: string[]): FlashOptions {
  const o: FlashOptions = { port: "", baud: 115200, bundle: "dist/firmware.js", config: "dist/wifiprov.json" };
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
    else throw new Error("unknown flash option " + a);
  }
  if (!o.port) throw new Error("--port is required (/dev/ttyUSB0 or tcp://HOST:PORT)");
  if (!Number.isInteger(o.baud) || o.baud <= 0) throw new Error("--baud must be a positive integer");
  return o;
}

/** The espruino CLI arguments (npm package espruino). */
export function espruinoArgs(o: FlashOptions): string[] {
  return [
    "espruino", "--no-ble", "-p", o.port, "-b", String(o.baud),
    // No module lookups (the bundle reaches modules through globalThis.require); SAVE_ON_SEND=1
    // writes .bootcde with Storage.write chunks, then load()s it (espruino.md §11).
    "--config", "MODULE_URL=", "--config", "SAVE_ON_SEND=1",
    "--storage", "wifiprov.json:" + o.config,
    o.bundle,
  ];
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
  const args = espruinoArgs(o);
  console.log("npx " + args.join(" "));
  const r = spawnSync("npx", args, { stdio: "inherit" });
  return r.status ?? 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exit(main());
