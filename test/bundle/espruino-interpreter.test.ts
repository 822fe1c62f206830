// The bundle in the real Linux Espruino interpreter (radio modules faked by espruino-prelude.js),
// booted from Storage as .bootcde, provisioned over loopback HTTP by wifi-prov with security 0
// and 1. Prints the memory figures (process.memory().usage, JsVars). Runs where ESPRUINO is set.
import assert from "node:assert/strict";
import { join } from "node:path";
import { provision } from "../../tools/prov-client/index.ts";
import { requireTool } from "../helpers/tiers.ts";
import { boot, ensureBuilt, freePort, peakOf, prepareFlash, ROOT, type Booted } from "./espruino-run.ts";

const BUNDLE = join(ROOT, "dist", "firmware.js");

async function run(security: number, pop: string | undefined): Promise<{ resident: number; peak: number }> {
  const port = await freePort();
  const dir = prepareFlash(BUNDLE, { serviceKey: "k3y-for-ap", security, pop, httpPort: port });
  const dev: Booted = boot(dir);
  try {
    await dev.waitFor(/\{"ver":"v1"[^\n]*\}/, 30000);
    const res = Number((await dev.waitFor(/\[mem\] resident=(\d+)\r?\n/, 15000))[1]);
    const r = await provision({ host: "127.0.0.1:" + port, sec: security, pop, ssid: "HomeNet", passphrase: "correct horse", pollMs: 500 });
    assert.equal(r.outcome, "provisioned", r.message + "\n" + dev.out().slice(-2000));
    await dev.waitFor(/provisioning ended/, 20000);
    assert.ok(!/Uncaught|Execution Interrupted/.test(dev.out()), dev.out().slice(-2000));
    return { resident: res, peak: peakOf(dev.out()) };
  } finally {
    dev.stop();
  }
}

describe("bundle in the Espruino interpreter (Linux build, .bootcde from Storage)", function () {
  this.timeout(180000);
  before(function () {
    requireTool(this, "ESPRUINO"); // the bundle tier in harness.ts still runs everywhere
  });

  it("serves a security 0 provisioning over HTTP to wifi-prov", async () => {
    const m = await run(0, undefined);
    console.log("      memory sec0: resident " + m.resident + " JsVars, peak " + m.peak);
  });

  it("serves a security 1 provisioning over HTTP to wifi-prov", async () => {
    const m = await run(1, "abcd1234");
    console.log("      memory sec1: resident " + m.resident + " JsVars, peak " + m.peak);
  });

  // The interpreter parses what the Node harness accepts and more strictly (e.g. no o.\u00ff).
  it("boots the BLE build with transport ble: GATT service set up, advertising", async () => {
    ensureBuilt("dist/firmware-ble.js", ["--ble"]);
    const dir = prepareFlash(join(ROOT, "dist", "firmware-ble.js"), { transport: "ble", security: 1, pop: "abcd1234" });
    const dev: Booted = boot(dir);
    try {
      await dev.waitFor(/\[wifiprov\] provisioning: BLE "PROV_[0-9a-f]+", security 1/, 30000);
      await dev.waitFor(/\{"ver":"v1"[^\n]*"transport":"ble"\}/, 5000);
      assert.ok(!/Uncaught|Execution Interrupted|SoftAP is OPEN/.test(dev.out()), dev.out().slice(-2000));
    } finally {
      dev.stop();
    }
  });
});
