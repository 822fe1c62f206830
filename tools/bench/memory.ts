// `npm run memory [-- --ble [--over-ble] --sec2 --sec0 --no-build --bundle=FILE]`: JsVars of the bundle the way the
// board runs it: built, stored as .bootcde, booted with the radio fakes of
// test/bundle/espruino-prelude.js; resident = process.memory().usage 5 s after boot, idle = at
// 15 s (first key pair ready), peak = max sampled every 100 ms from 5 s on, through a wifi-prov
// provisioning (sec1 unless --sec0) started after idle. In the interpreter named by ESPRUINO, and
// also in ESPRUINO32 when that is set (tools/ext-tools.ts). --over-ble (with --ble):
// the device configured for the BLE transport, resident and idle only (wifi-prov speaks HTTP).
import { spawnSync } from "node:child_process";
import { statSync, writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { provision } from "../prov-client/index.ts";
import { boot, freePort, peakOf, prepareFlash, ROOT } from "../../test/bundle/espruino-run.ts";
import { brokenTools, HOW, tool, type Tool } from "../ext-tools.ts";

const args = process.argv.slice(2);
const flags = args.filter((a) => a === "--ble" || a === "--sec2");
const sec = args.includes("--sec0") ? 0 : 1;
const overBle = args.includes("--over-ble");
const BINS = [tool("ESPRUINO"), tool("ESPRUINO32")].filter((t): t is Tool => t !== undefined);
const given = args.find((a) => a.startsWith("--bundle="));
const out = given ? given.slice(9) : "dist/mem-" + (flags.join("").replace(/-/g, "") || "default");

function build(): void {
  const r = spawnSync("npx", ["tsx", "tools/bundle/build.ts", "--storage=" + out].concat(flags), { cwd: ROOT, encoding: "utf8" });
  if (r.status !== 0) throw new Error("build failed:\n" + r.stdout + r.stderr);
}

/** Usage of the interpreter with the prelude only (the bundle replaced by an empty statement). */
async function baseline(bin: Tool): Promise<number> {
  const f = join(mkdtempSync(join(tmpdir(), "wifiprov-mem-")), "empty.js");
  writeFileSync(f, "0;");
  const dev = boot(prepareFlash(f, {}, undefined, bin), [], bin);
  try {
    return Number((await dev.waitFor(/\[mem\] resident=(\d+)\r?\n/, 20000))[1]);
  } finally {
    dev.stop();
  }
}

async function measure(bin: Tool): Promise<{ resident: number; idle: number; peak: number }> {
  const port = await freePort();
  const pop = sec === 1 ? "abcd1234" : undefined;
  const cfg = overBle ? { transport: "ble", security: sec, pop } : { serviceKey: "k3y-for-ap", security: sec, pop, httpPort: port };
  const dir = prepareFlash(resolve(ROOT, out), cfg, undefined, bin);
  const dev = boot(dir, [], bin);
  try {
    const res = Number((await dev.waitFor(/\[mem\] resident=(\d+)\r?\n/, 30000))[1]);
    const idle = Number((await dev.waitFor(/\[mem\] idle=(\d+)\r?\n/, 30000))[1]);
    if (overBle) return { resident: res, idle: idle, peak: NaN };
    const r = await provision({ host: "127.0.0.1:" + port, sec, pop, ssid: "HomeNet", passphrase: "correct horse", pollMs: 500 });
    if (r.outcome !== "provisioned") throw new Error(r.message + "\n" + dev.out().slice(-2000));
    await dev.waitFor(/provisioning ended/, 20000);
    if (/Uncaught|Execution Interrupted|Out of Memory|LOW_MEMORY/i.test(dev.out())) throw new Error(dev.out().slice(-2000));
    return { resident: res, idle: idle, peak: peakOf(dev.out()) };
  } finally {
    dev.stop();
  }
}

async function main(): Promise<void> {
  if (!tool("ESPRUINO")) throw new Error("npm run memory needs the interpreter: " + HOW.ESPRUINO);
  const broken = brokenTools(["ESPRUINO", "ESPRUINO32"]);
  if (broken.length) throw new Error(broken.join("\n"));
  if (!given && !args.includes("--no-build")) build();
  console.log(out + " (module " + statSync(resolve(ROOT, out, "wifi-prov")).size + " B), security " + sec);
  for (const bin of BINS) {
    const b = await baseline(bin);
    const m = await measure(bin);
    console.log(bin.name.padEnd(11) + " resident " + String(m.resident - b).padStart(5) + "  idle " + String(m.idle - b).padStart(5) +
      "  peak " + (overBle ? "    —" : String(m.peak - b).padStart(5)) + "  (absolute " + m.resident + " / " + m.idle + " / " + (overBle ? "—" : m.peak) + ", prelude baseline " + b + ")");
  }
}

main().then(() => process.exit(0), (e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
