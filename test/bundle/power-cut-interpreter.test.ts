// Power cuts in the real interpreter, when ESPRUINO names a Linux build of Espruino:
// 1. the flash-accurate fake (test/fakes/flash-storage.ts, Linux geometry) matches Espruino:
//    the same Storage calls give the same list(), the same file contents and the same
//    ./espruino.flash bytes;
// 2. a SMOKE test, not the proof (that is test/hardening/power-cut.test.ts): the firmware's KV
//    and credentials code, bundled for the interpreter, saves credentials in a loop and is
//    SIGKILLed at seeded-random moments during boots and saves, 50 times; each restart must find
//    valid credentials (never a mix, never older than the last save it reported). SIGKILL lands
//    between the interpreter's flash-file writes (one per jshFlashWrite), coarser than the
//    fake's word steps, and the kill moments depend on the host's speed.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as esbuild from "esbuild";
import { argv, type Tool } from "../../tools/ext-tools.ts";
import { requireTool } from "../helpers/tiers.ts";
import { UNSUPPORTED } from "../../tools/bundle/build.ts";
import { FlashStorage, LINUX } from "../fakes/flash-storage.ts";
import { crc32, ROOT } from "./harness.ts";

/** The firmware's EspruinoKv + saveCreds/loadCreds as one script defining the global KV. */
function kvScript(): string {
  const supported: Record<string, boolean> = {};
  for (const f of UNSUPPORTED) supported[f] = false;
  const r = esbuild.buildSync({
    absWorkingDir: ROOT,
    stdin: {
      contents:
        'import { EspruinoKv } from "./firmware/espruino/kv";\n' +
        'import { loadCreds, saveCreds } from "./src/wifi/creds";\n' +
        "(globalThis as any).KV = { EspruinoKv: EspruinoKv, loadCreds: loadCreds, saveCreds: saveCreds };\n",
      loader: "ts",
      resolveDir: ROOT,
    },
    bundle: true,
    write: false,
    format: "iife",
    platform: "neutral",
    target: "es2015",
    supported,
    charset: "ascii",
    minify: true,
  });
  return r.outputFiles[0]!.text;
}

function run(t: Tool, dir: string, js: string, timeout = 30000): string {
  const [cmd, args] = argv(t, ["-e", js]);
  const r = spawnSync(cmd, args, { cwd: dir, encoding: "latin1", timeout, input: "" });
  if (r.error) throw r.error;
  return (r.stdout ?? "") + (r.stderr ?? "");
}

/** xorshift32 bytes. */
function bytes(n: number, seed: number): number[] {
  const b: number[] = [];
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    b.push(x & 255);
  }
  return b;
}

type Call = ["write", string, number[] | { fill: number; n: number }] | ["erase", string];

describe("interpreter: the flash fake matches Espruino's Storage, and SIGKILL smoke test", function () {
  this.timeout(120000);
  let t: Tool;
  let dir = "";
  before(function () {
    t = requireTool(this, "ESPRUINO");
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "wifiprov-powercut-"));
  });
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("same Storage calls, same list(), contents and flash bytes (saves, seed, PoP, compaction)", () => {
    const fake = new FlashStorage({ geometry: LINUX });
    // The firmware's KV on the fake, recording the Storage calls it makes.
    const calls: Call[] = [];
    const rec = {
      read: (n: string) => fake.read(n),
      write: (n: string, d: Uint8Array) => (calls.push(["write", n, [...d]]), fake.write(n, d)),
      erase: (n: string) => (calls.push(["erase", n]), fake.erase(n)),
    };
    const g = globalThis as unknown as { E?: Record<string, unknown> };
    const E = (g.E ??= {});
    E.toUint8Array ??= (d: unknown) => (typeof d === "string" ? new Uint8Array(Buffer.from(d, "latin1")) : new Uint8Array(d as ArrayLike<number>));
    E.CRC32 ??= (d: unknown) => crc32(typeof d === "string" ? new Uint8Array(Buffer.from(d, "latin1")) : (d as Uint8Array));
    return import("../../firmware/espruino/kv.ts").then(async ({ EspruinoKv }) => {
      const { saveCreds } = await import("../../src/wifi/creds.ts");
      const kv = Object.create(EspruinoKv.prototype);
      kv.st_ = rec;
      const enc = (s: string) => new Uint8Array(Buffer.from(s, "latin1"));
      const direct = (c: Call) => {
        calls.push(c);
        if (c[0] === "erase") fake.erase(c[1]);
        else fake.write(c[1], Array.isArray(c[2]) ? new Uint8Array(c[2]) : new Uint8Array(c[2].n).fill(c[2].fill));
      };
      direct(["write", ".bootcde", bytes(20000, 9)]);
      direct(["write", "wifiprov.json", [...enc('{"serviceKey":"k3y-for-ap"}')]]);
      direct(["write", "wifiprov.seed", bytes(32, 1)]); // boot 1
      assert.equal(kv.write("prov.pop", enc("8d8a2416")), 0); // PoP creation
      assert.equal(saveCreds(kv, { ssid: enc("OldNet"), password: enc("old passphrase") }), 0); // first save
      direct(["write", "wifiprov.seed", bytes(32, 2)]); // seed rewrite (boot 2)
      assert.equal(saveCreds(kv, { ssid: enc("HomeNet"), password: enc("correct horse") }), 0); // replacement
      // Fill with trash, then a save that compacts.
      direct(["write", "trash", { fill: 0x5a, n: fake.getFree() - 32 - 64 - 40 }]);
      direct(["erase", "trash"]);
      direct(["write", "wifiprov.seed", bytes(32, 3)]);
      const logs: string[] = [];
      (fake as unknown as { log: (s: string) => void }).log = (s) => logs.push(s);
      assert.equal(saveCreds(kv, { ssid: enc("Third"), password: enc("third passphrase") }), 0);
      assert.deepEqual(logs, ["Compacting..."], "the fake compacted");

      const js =
        'var s=require("Storage");' +
        calls
          .map((c) =>
            c[0] === "erase"
              ? `s.erase(${JSON.stringify(c[1])});`
              : Array.isArray(c[2])
                ? `s.write(${JSON.stringify(c[1])},new Uint8Array(${JSON.stringify(c[2])}));`
                : `s.write(${JSON.stringify(c[1])},new Uint8Array(${c[2].n}).fill(${c[2].fill}));`,
          )
          .join("") +
        'var l=s.list();print("LIST="+JSON.stringify(l));l.forEach(function(n){print("FILE="+n+"="+btoa(s.read(n)));});quit();';
      const out = run(t, dir, js);
      assert.match(out, /Compacting/, "the interpreter compacted too");
      const list = JSON.parse(/LIST=(.*)/.exec(out)![1]!);
      assert.deepEqual(list, fake.list());
      for (const n of list) {
        const m = new RegExp("FILE=" + n.replace(/[.~]/g, "\\$&") + "=(.*)").exec(out);
        assert.equal(m?.[1]?.trim(), Buffer.from(fake.read(n)!, "latin1").toString("base64"), n);
      }
      const real = readFileSync(join(dir, "espruino.flash"));
      const mine = fake.image();
      assert.equal(real.length, mine.length);
      let diff = 0;
      for (let i = 0; i < real.length; i++) if (real[i] !== mine[i]) diff++;
      assert.equal(diff, 0, "espruino.flash and the fake's image differ in " + diff + " bytes");
      console.log(`power-cut: fake vs interpreter: ${calls.length} Storage calls, ${list.length} files, ${real.length} flash bytes identical`);
    });
  });

  it("SMOKE: SIGKILL at 50 seeded-random moments during boots and saves; every restart holds valid credentials", async () => {
    const kvJs = kvScript();
    // Boot: read the credentials, rewrite the seed (as the module does at start), then save new
    // generations in a loop until killed. Generation n: ssid "Net<n>", password from n.
    const prog =
      kvJs +
      ";var st=require('Storage');var kv=new KV.EspruinoKv();" +
      "function pw(n){var s='pass-'+n+'-';for(var i=0;i<n%23;i++)s+='x';return s;}" +
      "var c=KV.loadCreds(kv),n=0;" +
      "if(c){var ss=E.toString(c.ssid);n=parseInt(ss.slice(3),10);print('BOOT '+(ss.slice(0,3)==='Net'&&E.toString(c.password)===pw(n)?'gen '+n:'mix '+JSON.stringify(ss)));}else print('BOOT none');" +
      "var sd=new Uint8Array(32);for(var i=0;i<32;i++)sd[i]=Math.random()*256;st.write('wifiprov.seed',sd);print('SEEDED');" +
      "function loop(){n++;var r=KV.saveCreds(kv,{ssid:E.toUint8Array('Net'+n),password:E.toUint8Array(pw(n))});print('SAVED '+n+' '+r);if(n<100000)setTimeout(loop,0);}loop();";
    let seed = 0x20c0ffee;
    const rnd = () => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) / 2 ** 32;
    };
    // A 20 KB stand-in for the bundle, then trash up to 6 KB before the end: the saves reach
    // Espruino's compaction within the first runs, and again later.
    run(t, dir, 's=require("Storage");s.write(".bootcde",new Uint8Array(20000).fill(65));s.write("trash",new Uint8Array(s.getFree()-6000).fill(90));s.erase("trash");quit();');
    let known = 0; // the newest generation a run reported saved
    const seen: string[] = [];
    let wiped = 0;
    let compactions = 0;
    let early = 0;
    let afterEarly = false;
    for (let i = 0; i < 51; i++) {
      const killMs = i === 50 ? undefined : 20 + Math.floor(rnd() * 400);
      const out = await runKilled(t, dir, prog, killMs);
      const boot = /BOOT (.*)/.exec(out)?.[1]?.trim();
      if (boot === undefined && killMs !== undefined) {
        early++; // killed while the interpreter started, before the credentials were read
        afterEarly = true; // its output (a "Storage is corrupt." wipe) may be lost
        continue;
      }
      assert.ok(boot !== undefined, "run " + i + " printed no BOOT line:\n" + out.slice(-400));
      assert.ok(!boot.startsWith("mix"), "run " + i + ": credentials mixed: " + boot);
      if (/Storage is corrupt/.test(out) || (afterEarly && boot === "none")) {
        wiped++; // Espruino's own power-on check erased a storage area left mid-compaction
        known = 0;
      } else if (i > 0 && known > 0) {
        assert.notEqual(boot, "none", "run " + i + ": credentials lost (last saved generation " + known + ")");
        const g = Number(boot.slice(4));
        assert.ok(g >= known, "run " + i + ": generation " + g + " older than the last saved " + known);
      }
      afterEarly = false;
      seen.push(boot);
      compactions += out.split("Compacting").length - 1;
      const saved = [...out.matchAll(/SAVED (\d+) 0/g)].map((m) => Number(m[1]));
      if (saved.length) known = Math.max(known, saved[saved.length - 1]!);
      else if (boot.startsWith("gen ")) known = Math.max(known, Number(boot.slice(4)));
    }
    console.log(`power-cut: interpreter smoke: 50 SIGKILLs, last generation ${known}, ${compactions} compactions, storage wiped by Espruino's corrupt check ${wiped} times, ${early} kills before the credentials were read`);
    assert.ok(known > 0);
  });
});

/** Runs prog until killMs, then SIGKILL (undefined: until it has booted and saved once). */
function runKilled(t: Tool, dir: string, prog: string, killMs: number | undefined): Promise<string> {
  return new Promise((resolve, reject) => {
    const [cmd, args] = argv(t, ["-e", prog]);
    const p = spawn(cmd, args, { cwd: dir, stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    const onData = (b: Buffer) => {
      out += b.toString("latin1");
      if (killMs === undefined && /SAVED \d+/.test(out)) p.kill("SIGKILL");
    };
    p.stdout.on("data", onData);
    p.stderr.on("data", onData);
    const timer = setTimeout(() => p.kill("SIGKILL"), killMs ?? 20000);
    p.on("error", reject);
    p.on("close", () => {
      clearTimeout(timer);
      resolve(out);
    });
  });
}
