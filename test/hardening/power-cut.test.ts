// Power cuts never tear or lose credentials. Each operation that writes Storage is run
// on the flash-accurate fake (test/fakes/flash-storage.ts: Espruino 2v29's jsflash.c over NOR
// bytes, ESP32 geometry) and cut at every flash step in turn: before the first, between any two
// (every 4-byte word written and every page erased), after the last. After each cut the storage
// powers on as Espruino does (a corrupt storage area is erased), the firmware's own EspruinoKv
// (firmware/espruino/kv.ts) and credentials code (src/wifi/creds.ts) read what is left, and
// the credentials must be the old or the new ones: never a mix, never lost when an old valid
// value existed. Then provisioning proceeds on what is left (a new save succeeds and reads
// back), and for a spread of cut points the whole firmware (dist/storage through
// test/bundle/harness.ts) boots on it and joins the saved network or starts provisioning.
// Losses inside Espruino's own compaction are counted and reported (firmware/README.md
// "Power cuts"), not worked around.
import assert from "node:assert/strict";
import { EspruinoKv } from "../../firmware/espruino/kv.ts";
import { loadCreds, saveCreds } from "../../src/wifi/creds.ts";
import { Err } from "../../src/core/err.ts";
import type { StaConfig } from "../../src/platform/wifi.ts";
import { ESP32, FlashStorage, PowerCut, type Geometry, type Step } from "../fakes/flash-storage.ts";
import { crc32, Device, storageFiles, type EspStorage } from "../bundle/harness.ts";

// EspruinoKv names only E.toUint8Array and E.CRC32 besides Storage.
const g = globalThis as unknown as { E?: Record<string, unknown> };
const E = (g.E ??= {});
E.toUint8Array ??= (d: unknown) => (typeof d === "string" ? new Uint8Array(Buffer.from(d, "latin1")) : new Uint8Array(d as ArrayLike<number>));
E.CRC32 ??= (d: unknown) => crc32(typeof d === "string" ? new Uint8Array(Buffer.from(d, "latin1")) : (d as Uint8Array));

/** The firmware's KV on a given storage (its constructor would take require("Storage")). */
function kvOn(st: FlashStorage): EspruinoKv {
  const kv = Object.create(EspruinoKv.prototype) as EspruinoKv;
  (kv as unknown as { st_: FlashStorage }).st_ = st;
  return kv;
}

const enc = (s: string) => new Uint8Array(Buffer.from(s, "latin1"));
const dec = (b: Uint8Array) => Buffer.from(b).toString("latin1");
const OLD: StaConfig = { ssid: enc("OldNet"), password: enc("old passphrase") };
const NEW: StaConfig = { ssid: enc("HomeNet"), password: enc("correct horse") };
const APS = [{ ssid: "HomeNet", mac: "24:0a:c4:00:00:01", rssi: -48, channel: 6, authMode: "wpa2" as const, password: "correct horse" }];
const CONFIG = { serviceKey: "k3y-for-ap", pop: "abcd1234", reprovisionAfter: 0 };

/** Deterministic bytes (xorshift32). */
function bytes(n: number, seed: number): Uint8Array {
  const b = new Uint8Array(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    b[i] = x & 255;
  }
  return b;
}

type Creds = "none" | "old" | "new" | "mix";
function credsOf(st: FlashStorage): Creds {
  const c = loadCreds(kvOn(st));
  if (!c) return "none";
  const same = (a: StaConfig) => dec(c.ssid) === dec(a.ssid) && dec(c.password) === dec(a.password);
  return same(OLD) ? "old" : same(NEW) ? "new" : "mix";
}


/** A device after its first boot: bundle, config, entropy seed (and a generated PoP if asked). */
function freshDevice(opts: { config?: object; pop?: boolean; geometry?: Geometry } = {}): FlashStorage {
  const st = new FlashStorage({ geometry: opts.geometry ?? ESP32 });
  for (const [name, data] of storageFiles()) st.write(name, data);
  st.write("wifiprov.json", JSON.stringify(opts.config ?? CONFIG));
  st.write("wifiprov.seed", bytes(32, 1));
  if (opts.pop) assert.equal(kvOn(st).write("prov.pop", enc("8d8a2416")), Err.OK);
  return st;
}

interface Cut {
  k: number;
  st: FlashStorage;
  reset: boolean;
  log: string[];
}

/**
 * Runs op on a copy of pre once, recording its flash steps; the state after a cut at k is pre
 * with the first k steps replayed (the same as running op with cutAt k: op is deterministic and
 * nothing reaches the flash after the cut). Returns every post-cut storage after power-on.
 */
function everyCut(pre: FlashStorage, op: (st: FlashStorage) => void): { steps: number; full: FlashStorage; compaction: [number, number] | undefined; cuts: Cut[] } {
  const marks: number[] = [];
  const full = pre.fork({ log: (s) => marks.push(full.flash.steps) || s.length });
  const trace: Step[] = (full.flash.trace = []);
  op(full);
  const steps = full.flash.steps;
  // Compaction runs from its "Compacting..." line to its last page erase.
  let compaction: [number, number] | undefined;
  if (marks.length) {
    let last = marks[0]!;
    trace.forEach((s, i) => {
      if (s.kind === "erase") last = i + 1;
    });
    compaction = [marks[0]!, last];
  }
  // One real cut (k = steps / 2) checks the replay against PowerCut.
  const half = Math.floor(steps / 2);
  const real = pre.fork({ cutAt: half });
  try {
    op(real);
  } catch (e) {
    // EspruinoKv catches Storage exceptions: what counts is that the power went off.
    if (!(e instanceof PowerCut) && !real.flash.dead) throw e;
  }
  assert.ok(real.flash.dead || steps === 0);
  const cuts: Cut[] = [];
  const run = pre.fork();
  for (let k = 0; k <= steps; k++) {
    if (k > 0) run.flash.apply(trace[k - 1]!);
    if (k === half) assert.deepEqual(run.flash.bytes, real.flash.bytes, "replay = cut");
    const log: string[] = [];
    const after = run.fork({ log: (s) => log.push(s) });
    const reset = after.powerOn();
    cuts.push({ k, st: after, reset, log });
  }
  return { steps, full, compaction, cuts };
}

function tally(xs: string[]): string {
  const m = new Map<string, number>();
  for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1);
  return [...m].map(([k, v]) => k + " " + v).join(", ");
}

/** Provisioning proceeds on a post-cut storage: a new save succeeds and reads back. */
function saveAgain(st: FlashStorage): void {
  const s = st.fork();
  assert.equal(saveCreds(kvOn(s), NEW), Err.OK);
  assert.equal(credsOf(s), "new");
  assert.equal(s.isValid(), true);
}

/** Boots the firmware (dist/storage, in st already) on a copy of st: joins with the expected network, or provisions. */
async function bootBundle(st: FlashStorage, expect: Creds): Promise<void> {
  const dev = new Device({ storage: st.fork() as unknown as EspStorage, aps: APS, bundle: null });
  try {
    dev.boot();
    if (expect === "none") await dev.waitConsole(/^\{"ver"/);
    else {
      await dev.waitConsole(/joining the saved network/);
      const want = expect === "new" ? NEW : OLD;
      assert.deepEqual(dev.wifi.connects[0], { ssid: dec(want.ssid), password: dec(want.password) });
    }
  } finally {
    dev.powerOff();
  }
}

/** Cut points to boot the whole bundle on: the first of each outcome plus about `n` spread ones. */
function sample(cuts: Cut[], n: number): Cut[] {
  const pick = new Set<number>([0, cuts.length - 1]);
  const first = new Map<Creds, number>();
  cuts.forEach((c, i) => first.has(credsOf(c.st)) || first.set(credsOf(c.st), i));
  for (const i of first.values()) pick.add(i);
  for (let i = 0; i < n; i++) pick.add(Math.floor((i * (cuts.length - 1)) / Math.max(1, n - 1)));
  return [...pick].sort((a, b) => a - b).map((i) => cuts[i]!);
}

describe("hardening: power cuts on Storage never tear or lose credentials", function () {
  this.timeout(120000);

  it("first credentials save: none or the new ones at every cut", async () => {
    const pre = freshDevice();
    const r = everyCut(pre, (st) => assert.equal(saveCreds(kvOn(st), NEW), Err.OK));
    const seen = r.cuts.map((c) => credsOf(c.st));
    console.log(`power-cut: first save ${r.cuts.length} cut points (${r.steps} flash steps): ${tally(seen)}`);
    for (const c of r.cuts) {
      assert.equal(c.reset, false, "cut " + c.k + ": storage reported corrupt");
      assert.ok(seen[c.k] === "none" || seen[c.k] === "new", "cut " + c.k + ": " + seen[c.k]);
      saveAgain(c.st);
    }
    assert.equal(seen[seen.length - 1], "new");
    for (const c of sample(r.cuts, 3)) await bootBundle(c.st, credsOf(c.st));
  });

  it("replacing saved credentials: the old or the new ones at every cut, never none", async () => {
    const pre = freshDevice();
    assert.equal(saveCreds(kvOn(pre), OLD), Err.OK);
    const r = everyCut(pre, (st) => assert.equal(saveCreds(kvOn(st), NEW), Err.OK));
    const seen = r.cuts.map((c) => credsOf(c.st));
    console.log(`power-cut: replacement ${r.cuts.length} cut points (${r.steps} flash steps): ${tally(seen)}`);
    for (const c of r.cuts) {
      assert.equal(c.reset, false, "cut " + c.k + ": storage reported corrupt");
      assert.ok(seen[c.k] === "old" || seen[c.k] === "new", "cut " + c.k + ": " + seen[c.k]);
      saveAgain(c.st);
    }
    // Once the new value has been seen, a later cut never brings the old one back.
    assert.ok(seen.lastIndexOf("old") < seen.indexOf("new"));
    // The completed save leaves no copy of the old passphrase in the live files.
    assert.deepEqual(r.full.list().filter((n) => n.startsWith("prov.sta~")), ["prov.sta~1"]);
    for (const c of sample(r.cuts, 3)) await bootBundle(c.st, credsOf(c.st));
  });

  it("a second replacement (back into slot ~0, over the erased first slot)", () => {
    const pre = freshDevice();
    assert.equal(saveCreds(kvOn(pre), NEW), Err.OK);
    assert.equal(saveCreds(kvOn(pre), OLD), Err.OK);
    const r = everyCut(pre, (st) => assert.equal(saveCreds(kvOn(st), NEW), Err.OK));
    const seen = r.cuts.map((c) => credsOf(c.st));
    console.log(`power-cut: second replacement ${r.cuts.length} cut points (${r.steps} flash steps): ${tally(seen)}`);
    for (const c of r.cuts) {
      assert.ok(seen[c.k] === "old" || seen[c.k] === "new", "cut " + c.k + ": " + seen[c.k]);
      saveAgain(c.st);
    }
  });

  it("entropy-seed rewrite at boot: the credentials are untouched at every cut", async () => {
    const pre = freshDevice();
    assert.equal(saveCreds(kvOn(pre), OLD), Err.OK);
    const oldSeed = pre.read("wifiprov.seed");
    const newSeed = bytes(32, 2);
    const r = everyCut(pre, (st) => st.write("wifiprov.seed", newSeed));
    const seeds = r.cuts.map((c) => {
      const s = c.st.read("wifiprov.seed");
      return s === undefined ? "seed lost" : s === oldSeed ? "old seed" : s === dec(newSeed) ? "new seed" : "seed torn";
    });
    console.log(`power-cut: entropy-seed rewrite ${r.cuts.length} cut points (${r.steps} flash steps): ${tally(seeds)}`);
    for (const c of r.cuts) {
      assert.equal(c.reset, false);
      assert.equal(credsOf(c.st), "old", "cut " + c.k);
      // The next boot writes its seed again whatever is left.
      const s = c.st.fork();
      s.write("wifiprov.seed", bytes(32, 3));
      assert.equal(s.read("wifiprov.seed"), dec(bytes(32, 3)));
    }
    for (const c of sample(r.cuts, 3)) await bootBundle(c.st, "old");
  });

  it("generated PoP creation: none (never shown, made again) or the new one at every cut", async () => {
    const pre = freshDevice({ config: { serviceKey: "k3y-for-ap" } });
    const r = everyCut(pre, (st) => assert.equal(kvOn(st).write("prov.pop", enc("8d8a2416")), Err.OK));
    const seen = r.cuts.map((c) => {
      const v = kvOn(c.st).read("prov.pop");
      return v === undefined ? "none" : dec(v) === "8d8a2416" ? "new" : "mix:" + dec(v);
    });
    console.log(`power-cut: PoP creation ${r.cuts.length} cut points (${r.steps} flash steps): ${tally(seen)}`);
    for (const c of r.cuts) {
      assert.ok(seen[c.k] === "none" || seen[c.k] === "new", "cut " + c.k + ": " + seen[c.k]);
      const s = c.st.fork();
      const kv = kvOn(s);
      if (seen[c.k] === "none") assert.equal(kv.write("prov.pop", enc("0badf00d")), Err.OK);
      assert.ok(kv.read("prov.pop"));
    }
    // The bundle keeps a PoP that survived and makes one where none did.
    for (const c of sample(r.cuts, 2)) {
      const dev = new Device({ storage: c.st.fork() as unknown as EspStorage });
      try {
        dev.boot();
        const qr = JSON.parse(await dev.waitConsole(/^\{"ver"/));
        if (seen[c.k] === "new") assert.equal(qr.pop, "8d8a2416");
        else assert.match(qr.pop, /^[0-9a-f]{8}$/);
      } finally {
        dev.powerOff();
      }
    }
  });

  // Compaction: a storage area of 24 ESP32 pages (96 KB of the 896 KB partition: the same page
  // size and file layout, fewer empty pages to erase) nearly full of trash. Boot 1 wrote seed
  // #1 and the PoP, credentials were saved, many boots rewrote the seed (one large erased file
  // stands in for them), the last boot wrote seed #2. The next write no longer fits: compaction.
  function fullOfTrash(): FlashStorage {
    const pre = freshDevice({ pop: true, geometry: { ...ESP32, pages: 24 } });
    assert.equal(saveCreds(kvOn(pre), OLD), Err.OK);
    const need = 32 + 64 + 40; // the filler's header, seed #2 and a 40-byte remainder
    pre.write("trash", new Uint8Array(pre.getFree() - need).fill(0x5a));
    pre.erase("trash");
    pre.write("wifiprov.seed", bytes(32, 4));
    assert.ok(pre.getFree() < 60, "a 60-byte file does not fit without compaction");
    return pre;
  }

  async function compactionCase(label: string, op: (st: FlashStorage) => void, expectAfter: Creds): Promise<void> {
    const pre = fullOfTrash();
    const r = everyCut(pre, op);
    assert.ok(r.compaction, "compaction ran");
    const [c0, c1] = r.compaction;
    const seen = r.cuts.map((c) => credsOf(c.st));
    const lost = r.cuts.filter((c) => seen[c.k] === "none");
    const resets = r.cuts.filter((c) => c.reset);
    const intact = (c: Cut) => storageFiles().every(([name, data]) => c.st.read(name) === data);
    const damaged = r.cuts.filter((c) => !intact(c) && !c.reset);
    const span = (xs: Cut[]) => (xs.length ? ` (cuts ${xs[0]!.k}..${xs[xs.length - 1]!.k})` : "");
    console.log(
      `power-cut: ${label} ${r.cuts.length} cut points (${r.steps} flash steps, compaction ${c0}..${c1}): ${tally(seen)}; ` +
        `storage found corrupt and erased at power-on: ${resets.length}${span(resets)}; firmware files damaged in place: ${damaged.length}${span(damaged)}; ` +
        `credentials lost: ${lost.length}${span(lost)}`,
    );
    for (const c of r.cuts) {
      assert.notEqual(seen[c.k], "mix", "cut " + c.k);
      if (seen[c.k] === "none") assert.ok(c.k > c0 && c.k < c1 && c.reset, "cut " + c.k + ": lost outside Espruino's compaction reset");
      if (c.k <= c0 || c.k >= c1) {
        assert.equal(c.reset, false);
        assert.ok(intact(c), "cut " + c.k);
      }
    }
    assert.equal(seen[seen.length - 1], expectAfter);
    // Provisioning proceeds on what is left (a spread of cut points: each save compacts again).
    const some = sample(r.cuts, 12);
    for (const c of some) saveAgain(c.st);
    for (const c of some.filter((c) => intact(c)).slice(0, 6)) await bootBundle(c.st, credsOf(c.st));
  }

  it("a credentials save that triggers compaction: losses only by Espruino's own compaction (reported), never a mix", async () => {
    await compactionCase("save with compaction", (st) => assert.equal(saveCreds(kvOn(st), NEW), Err.OK), "new");
  });

  it("the boot's seed rewrite that triggers compaction: the same window", async () => {
    await compactionCase("seed rewrite with compaction", (st) => st.write("wifiprov.seed", bytes(32, 5)), "old");
  });
});
