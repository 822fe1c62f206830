// ./build.sh flash against the Linux Espruino interpreter's own console (its stdin/stdout, reached
// by the espruino CLI over a loopback TCP bridge: a pipe has flow control, the interpreter's
// Telnet console drops uploads). A maker's .bootcde and own file are in Storage first: flash
// writes the layout and wifiprov.json, verifies them, reboots, and the maker's files stay; the
// board then provisions (wifi-prov); flash --remove takes our files off and leaves theirs.
// --example NAME is the one way flash writes .bootcde: refused over a maker's .bootcde without
// --yes (nothing written), with --yes the example runs and provisions.
// Runs where ESPRUINO is set.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { provision } from "../../tools/prov-client/index.ts";
import { requireTool } from "../helpers/tiers.ts";
import { assertHealthy, boot, consoleBridge, freePort, prepareFlash, ROOT, type Booted } from "./espruino-run.ts";

const MAKER = 'print("MAKER RAN");';
const POP = "abcd1234";

function flash(args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const p = spawn("./build.sh", ["flash"].concat(args), { cwd: ROOT });
    let out = "";
    p.stdout.on("data", (d) => (out += d));
    p.stderr.on("data", (d) => (out += d));
    p.on("exit", (code) => resolve({ code, out }));
  });
}

/** Storage's file list and .bootcde's CRC, read over the console. */
async function storageState(dev: Booted, tag: string): Promise<{ files: string[]; bootcde: number }> {
  dev.proc.stdin!.write(`var S=require("Storage");print("${tag.slice(0, 2)}"+"${tag.slice(2)}="+JSON.stringify({files:S.list().sort(),bootcde:E.CRC32(S.read(".bootcde")||"")>>>0})+";")\n`);
  return JSON.parse((await dev.waitFor(new RegExp(tag + "=(\\{[^\\n]*\\});"), 10000))[1]!);
}

describe("./build.sh flash into the Espruino interpreter over its console", function () {
  this.timeout(600000);
  before(function () {
    requireTool(this, "ESPRUINO");
  });

  it("writes and verifies our files, keeps the maker's .bootcde, provisions; --remove leaves only the maker's", async () => {
    const port = await freePort();
    const tmp = mkdtempSync(join(tmpdir(), "wifiprov-flash-"));
    const maker = join(tmp, "maker.js");
    writeFileSync(maker, MAKER);
    const config = join(tmp, "wifiprov.json");
    writeFileSync(config, JSON.stringify({ serviceKey: "k3y-for-ap", security: 1, pop: POP, httpPort: port }));
    // The board before: the prelude (.boot0), the maker's .bootcde and a file of theirs, nothing of ours.
    const dir = prepareFlash(maker, null, undefined, undefined, { "mine.txt": "the maker's" });
    const dev = boot(dir);
    const bridge = await consoleBridge(dev);
    try {
      await dev.waitFor(/MAKER RAN/, 30000);
      const before = await storageState(dev, "STATE1");
      const r = await flash(["--port", "tcp://127.0.0.1:" + bridge.port, "--config", config]);
      assert.equal(r.code, 0, r.out + dev.out().slice(-1500));
      assert.match(r.out, /verified \(CRC32\); the board reboots/);
      // load(): .boot0, then our .boot1 (not provisioned: the module starts), then the maker's .bootcde.
      await dev.waitFor(/\{"ver":"v1"[^\n]*\}[\s\S]*MAKER RAN|MAKER RAN[\s\S]*MAKER RAN/, 60000);
      await dev.waitFor(/\{"ver":"v1"[^\n]*\}/, 60000);
      const after = await storageState(dev, "STATE2");
      assert.equal(after.bootcde, before.bootcde, "the maker's .bootcde is untouched");
      assert.ok(after.files.includes("mine.txt"), "the maker's file stays");
      for (const f of ["wifi-prov", "wifiprov-kv", "wifiprov-cfg", "wifiprov-console", ".boot1", "wifiprov.json"]) assert.ok(after.files.includes(f), f + " written");
      const p = await provision({ host: "127.0.0.1:" + port, sec: 1, pop: POP, ssid: "HomeNet", passphrase: "correct horse", pollMs: 500 });
      assert.equal(p.outcome, "provisioned", p.message);
      await dev.waitFor(/provisioning ended/, 30000);
      await assertHealthy(dev);
      const rm = await flash(["--port", "tcp://127.0.0.1:" + bridge.port, "--config", config, "--remove"]);
      assert.equal(rm.code, 0, rm.out);
      const left = await storageState(dev, "STATE3");
      assert.deepEqual(left.files.filter((f) => f !== "memprobe"), [".boot0", ".bootcde", "mine.txt"], "only the maker's and the test's own files are left");
      assert.equal(left.bootcde, before.bootcde);
    } finally {
      bridge.close();
      dev.stop();
    }
  });

  it("--example refuses to replace a .bootcde without --yes and writes nothing; with --yes the example runs and provisions", async () => {
    const port = await freePort();
    const tmp = mkdtempSync(join(tmpdir(), "wifiprov-flash-"));
    const maker = join(tmp, "maker.js");
    writeFileSync(maker, MAKER);
    const config = join(tmp, "wifiprov.json");
    writeFileSync(config, JSON.stringify({ serviceKey: "k3y-for-ap", security: 1, pop: POP, httpPort: port }));
    const dev = boot(prepareFlash(maker, null));
    const bridge = await consoleBridge(dev);
    const args = ["--port", "tcp://127.0.0.1:" + bridge.port, "--config", config, "--example", "custom-endpoint"];
    try {
      await dev.waitFor(/MAKER RAN/, 30000);
      const before = await storageState(dev, "STATE4");
      const no = await flash(args);
      assert.equal(no.code, 1, no.out);
      assert.match(no.out, /the board has a \.bootcde \(\d+ bytes: your own code\?\); --example custom-endpoint would replace it\. Run again with --yes/);
      assert.deepEqual(await storageState(dev, "STATE5"), before, "nothing written");
      const yes = await flash(args.concat(["--yes"]));
      assert.equal(yes.code, 0, yes.out + dev.out().slice(-1500));
      assert.match(yes.out, /writing firmware\/examples\/custom-endpoint\.js as \.bootcde \(replacing the one on the board\), with "autoStart": false/);
      assert.match(yes.out, /\.bootcde verified \(CRC32\); the board reboots/);
      // autoStart false: the boot file leaves it to the example, which starts provisioning.
      await dev.waitFor(/\{"ver":"v1"[^\n]*\}/, 60000);
      const p = await provision({ host: "127.0.0.1:" + port, sec: 1, pop: POP, ssid: "HomeNet", passphrase: "correct horse", pollMs: 500, customData: [{ endpoint: "custom-data", data: Buffer.from("Porch") }] });
      assert.equal(p.outcome, "provisioned", p.message);
      await dev.waitFor(/Provisioning ended\. Device name: Porch/, 30000);
      await assertHealthy(dev);
    } finally {
      bridge.close();
      dev.stop();
    }
  });
});
