// `npm run memory [-- --ble [--over-ble] --sec2 --sec0 --no-build --storage=DIR --runs=N]`: JsVars
// of the Storage layout the way the board runs it: built, written into Storage with the radio
// fakes of test/bundle/espruino-prelude.js as .boot0, booted. Each figure is
// process.memory().usage (after GC) minus the interpreter with the prelude alone, as the board
// budget defines them, median of N runs (default 3) with the spread:
//   resident = 5 s after boot (provisioning ready), idle = at 15 s (first key pair ready),
//   peak = max sampled every 100 ms through a wifi-prov provisioning (sec1 unless --sec0);
//   provisioned boot = joined with the module not loaded, above the same Storage joined by a script;
//   after end = a maker's script after provisioning ended and released, above the script alone.
// In the interpreter named by ESPRUINO, and also in ESPRUINO32 when set (tools/ext-tools.ts).
// --over-ble (with --ble): the device configured for the BLE transport, resident and idle only.
// --without=FILE,FILE: those Storage files left out of the layout (e.g. the optional parts
// wifiprov-portal,wifiprov-dns: the core's own row); --captive=0: "captivePortal": false (the
// web page without the captive portal's DNS and redirects).
// --over-console: the device configured for the console transport ("wifiprov-console" loaded),
// provisioned by wifi-prov's console client over the interpreter's stdin/stdout (a loopback
// bridge, as `wifi-prov --port tcp://…`): resident, idle and peak.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { provision } from "../prov-client/index.ts";
import { openConsoleTransport } from "../prov-client/console-port.ts";
import { boot, consoleBridge, freePort, peakOf, prepareFlash, ROOT } from "../../test/bundle/espruino-run.ts";
import { JOIN_ALONE, MAKER, MAKER_ALONE, savedNetwork, settledUsage } from "../../test/bundle/maker.ts";
import { brokenTools, HOW, tool, type Tool } from "../ext-tools.ts";

const args = process.argv.slice(2);
const flags = args.filter((a) => a === "--ble" || a === "--sec2");
const sec = args.includes("--sec0") ? 0 : 1;
const overBle = args.includes("--over-ble");
const overConsole = args.includes("--over-console");
const RUNS = Number((args.find((a) => a.startsWith("--runs=")) ?? "--runs=3").slice(7)) || 3;
const BINS = [tool("ESPRUINO"), tool("ESPRUINO32")].filter((t): t is Tool => t !== undefined);
const given = args.find((a) => a.startsWith("--storage="));
const out = given ? given.slice(10) : "dist/mem-" + (flags.join("").replace(/-/g, "") || "default");
const POP = "abcd1234";
const without = (args.find((a) => a.startsWith("--without=")) ?? "--without=").slice(10).split(",").filter(Boolean);
const noCaptive = args.includes("--captive=0");

/** The layout as written into Storage: out, or a copy of it without the --without files. */
function layout(): string {
  if (!without.length) return resolve(ROOT, out);
  const d = join(mkdtempSync(join(tmpdir(), "wifiprov-mem-layout-")), "storage");
  cpSync(resolve(ROOT, out), d, { recursive: true });
  for (const f of without) rmSync(join(d, f));
  return d;
}

function build(): void {
  const r = spawnSync("npx", ["tsx", "tools/bundle/build.ts", "--storage=" + out].concat(flags), { cwd: ROOT, encoding: "utf8" });
  if (r.status !== 0) throw new Error("build failed:\n" + r.stdout + r.stderr);
}

/** Usage of the interpreter with the prelude only (nothing of ours). */
async function baseline(bin: Tool): Promise<number> {
  const f = join(mkdtempSync(join(tmpdir(), "wifiprov-mem-")), "empty.js");
  writeFileSync(f, "0;");
  const dev = boot(prepareFlash(f, null, undefined, bin), [], bin);
  try {
    return Number((await dev.waitFor(/\[mem\] resident=(\d+)\r?\n/, 20000))[1]);
  } finally {
    dev.stop();
  }
}

/** Zero-code path: resident, idle and the peak of one provisioning (absolute). */
async function provisioning(bin: Tool): Promise<number[]> {
  const port = await freePort();
  const pop = sec === 1 ? POP : undefined;
  const cfg = overBle ? { transport: "ble", security: sec, pop } : overConsole ? { transport: "console", security: sec, pop } : { serviceKey: "k3y-for-ap", security: sec, pop, httpPort: port, ...(noCaptive ? { captivePortal: false } : {}) };
  const dev = boot(prepareFlash(layout(), cfg, undefined, bin), [], bin);
  const bridge = overConsole ? await consoleBridge(dev) : undefined;
  try {
    const res = Number((await dev.waitFor(/\[mem\] resident=(\d+)\r?\n/, 60000))[1]);
    const idle = Number((await dev.waitFor(/\[mem\] idle=(\d+)\r?\n/, 60000))[1]);
    if (overBle) return [res, idle, NaN];
    const quiet = { stdout: process.stdout, stderr: { write: () => true } as unknown as NodeJS.WriteStream, stdin: process.stdin };
    const transport = bridge ? await openConsoleTransport("tcp://127.0.0.1:" + bridge.port, {}, quiet) : undefined;
    const r = await provision({ host: "127.0.0.1:" + port, transport, sec, pop, ssid: "HomeNet", passphrase: "correct horse", pollMs: 500 }).finally(() => transport?.close());
    if (r.outcome !== "provisioned") throw new Error(r.message + "\n" + dev.out().slice(-2000));
    await dev.waitFor(/provisioning ended/, 20000);
    if (/Uncaught|Execution Interrupted|Out of Memory|LOW_MEMORY/i.test(dev.out())) throw new Error(dev.out().slice(-2000));
    return [res, idle, peakOf(dev.out())];
  } finally {
    bridge?.close();
    dev.stop();
  }
}

/** Settled usage of one boot: files = extra Storage files, until = the console line to wait for. */
async function settled(bin: Tool, config: object, files: Record<string, string | Uint8Array>, until: RegExp, work?: (port: number) => Promise<void>): Promise<number> {
  const port = await freePort();
  const dev = boot(prepareFlash(layout(), { serviceKey: "k3y-for-ap", security: 1, pop: POP, httpPort: port, ...(noCaptive ? { captivePortal: false } : {}), ...config }, undefined, bin, files), [], bin);
  try {
    if (work) {
      await dev.waitFor(/\{"ver":"v1"[^\n]*\}/, 60000);
      await work(port);
    }
    await dev.waitFor(until, 60000);
    // Dead connections go within 11 s (firmware/espruino/http.ts sweep).
    if (work) await new Promise((r) => setTimeout(r, 12000));
    return await settledUsage(dev);
  } finally {
    dev.stop();
  }
}

async function provisionedBoot(bin: Tool): Promise<number> {
  const net = savedNetwork("HomeNet", "correct horse");
  const base = await settled(bin, { autoStart: false }, { ...net, ".bootcde": JOIN_ALONE }, /JOINED/);
  return (await settled(bin, {}, net, /connected, IP/)) - base;
}

async function afterEnd(bin: Tool): Promise<number> {
  const alone = await settled(bin, { autoStart: false }, { ".bootcde": MAKER_ALONE }, /BOOTED/);
  const provisioned = async (port: number) => {
    const r = await provision({ host: "127.0.0.1:" + port, sec: 1, pop: POP, ssid: "HomeNet", passphrase: "correct horse", pollMs: 500 });
    if (r.outcome !== "provisioned") throw new Error(r.message);
  };
  return (await settled(bin, { autoStart: false }, { ".bootcde": MAKER }, /\[maker\] done/, provisioned)) - alone;
}

/** "median (min–max)" of the values. */
function stat(xs: number[]): string {
  if (xs.some((x) => Number.isNaN(x))) return "—";
  const s = [...xs].sort((a, b) => a - b);
  const med = s[Math.floor(s.length / 2)] as number;
  return s.length > 1 ? `${med} (${s[0]}–${s[s.length - 1]})` : String(med);
}

async function main(): Promise<void> {
  if (!tool("ESPRUINO")) throw new Error("npm run memory needs the interpreter: " + HOW.ESPRUINO);
  const broken = brokenTools(["ESPRUINO", "ESPRUINO32"]);
  if (broken.length) throw new Error(broken.join("\n"));
  if (!given && !args.includes("--no-build")) build();
  console.log(out + (without.length ? " without " + without.join(", ") : "") + (noCaptive ? ", captivePortal false" : "") + " (module " + statSync(resolve(ROOT, out, "wifi-prov")).size + " B, core " + statSync(resolve(ROOT, out, "wifiprov-core")).size + " B), " + (overConsole ? "transport console" : overBle ? "transport BLE" : "transport SoftAP") + ", security " + sec + ", median (min–max) of " + RUNS + " runs, JsVars above the interpreter with the radio fakes alone");
  for (const bin of BINS) {
    const rows: Record<string, number[]> = { resident: [], idle: [], peak: [], "provisioned boot": [], "after end + release": [] };
    let b = 0;
    for (let i = 0; i < RUNS; i++) {
      b = await baseline(bin);
      const [res, idle, peak] = await provisioning(bin);
      rows.resident!.push(res! - b);
      rows.idle!.push(idle! - b);
      rows.peak!.push(peak! - b);
      if (overBle || overConsole) continue;
      rows["provisioned boot"]!.push(await provisionedBoot(bin));
      rows["after end + release"]!.push(await afterEnd(bin));
    }
    console.log(bin.name + " (prelude baseline " + b + ")");
    for (const [k, v] of Object.entries(rows)) if (v.length) console.log("  " + k.padEnd(20) + stat(v));
  }
}

main().then(() => process.exit(0), (e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
