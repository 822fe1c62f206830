// The maker's examples (firmware/examples/*.js) in the Linux Espruino interpreter with the radio
// faked: each is the .bootcde beside the built Storage layout ("autoStart": false, as
// `./build.sh flash --example NAME` writes it), provisioned by wifi-prov (security 1, custom
// endpoint included); then booted again provisioned. The bundle tier's twin is examples.test.ts.
// Runs where ESPRUINO is set.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { provision } from "../../tools/prov-client/index.ts";
import { requireTool } from "../helpers/tiers.ts";
import { assertHealthy, boot, freePort, prepareFlash, ROOT, STORAGE, type Booted } from "./espruino-run.ts";
import { savedNetwork } from "./maker.ts";

const POP = "abcd1234";
const example = (name: string) => readFileSync(join(ROOT, "firmware", "examples", name + ".js"), "utf8");

/** Boots the layout with the example as .bootcde; waits for its QR line when it provisions. */
async function bootExample(name: string, files: Record<string, string | Uint8Array> = {}, provisions = true): Promise<{ dev: Booted; port: number }> {
  const port = await freePort();
  const dir = prepareFlash(STORAGE, { serviceKey: "k3y-for-ap", security: 1, pop: POP, httpPort: port, autoStart: false }, undefined, undefined, { ".bootcde": example(name), ...files });
  const dev = boot(dir);
  if (provisions) await dev.waitFor(/\{"ver":"v1"[^\n]*\}/, 60000);
  return { dev, port };
}

function prov(port: number, customData?: string) {
  return provision({
    host: "127.0.0.1:" + port, sec: 1, pop: POP, ssid: "HomeNet", passphrase: "correct horse", pollMs: 500,
    customData: customData === undefined ? undefined : [{ endpoint: "custom-data", data: Buffer.from(customData) }],
  });
}

/** A value of the example's globals, read over the console. */
async function probe(dev: Booted, expr: string, tag: string): Promise<string> {
  dev.proc.stdin!.write(`print("${tag.slice(0, 2)}"+"${tag.slice(2)}="+(${expr})+";")\n`);
  return (await dev.waitFor(new RegExp(tag + "=([^;]*);"), 10000))[1]!;
}

describe("firmware/examples in the Espruino interpreter, provisioned by wifi-prov", function () {
  this.timeout(300000);
  before(function () {
    requireTool(this, "ESPRUINO");
  });

  it("custom-endpoint.js: the name sent with --custom-data is answered and kept in devname.txt", async () => {
    const { dev, port } = await bootExample("custom-endpoint");
    try {
      const r = await prov(port, "Kitchen lamp");
      assert.equal(r.outcome, "provisioned", r.message + dev.out().slice(-2000));
      assert.equal(Buffer.from(r.customReplies[0]!.reply).toString(), "ok, my name is Kitchen lamp");
      await dev.waitFor(/Provisioning ended\. Device name: Kitchen lamp/, 30000);
      assert.equal(await probe(dev, 'require("Storage").read("devname.txt")', "NAME1"), "Kitchen lamp");
      await assertHealthy(dev, { joined: true });
    } finally {
      dev.stop();
    }
  });

  it("led.js: blinks while provisioning (an interval runs), steady once connected (none)", async () => {
    const { dev, port } = await bootExample("led");
    try {
      assert.equal(await probe(dev, "typeof timer", "LED1"), "number", "blinking while provisioning");
      const r = await prov(port);
      assert.equal(r.outcome, "provisioned", r.message);
      await dev.waitFor(/Trying HomeNet/, 30000);
      await dev.waitFor(/provisioning ended/, 30000);
      assert.equal(await probe(dev, "typeof timer", "LED2"), "undefined", "steady: no blink interval");
      await assertHealthy(dev, { joined: true });
    } finally {
      dev.stop();
    }
  });

  it("app.js: provisions then runs the app; provisioned, joins with prov.connect() and runs the app", async () => {
    const first = await bootExample("app");
    try {
      const r = await prov(first.port);
      assert.equal(r.outcome, "provisioned", r.message);
      await first.dev.waitFor(/\[app\] app running: \d+ JsVars in use/, 30000);
      const phases = [...first.dev.out().matchAll(/\[app\] ([a-z ]+): \d+ JsVars in use/g)].map((m) => m[1]);
      assert.deepEqual(phases, ["boot", "provisioning", "provisioned", "app running"]);
      await assertHealthy(first.dev, { joined: true });
    } finally {
      first.dev.stop();
    }
    const again = await bootExample("app", savedNetwork("HomeNet", "correct horse"), false);
    try {
      await again.dev.waitFor(/\[app\] app running: \d+ JsVars in use/, 30000);
      const phases = [...again.dev.out().matchAll(/\[app\] ([a-z ]+): \d+ JsVars in use/g)].map((m) => m[1]);
      assert.deepEqual(phases, ["boot", "connected", "app running"]);
      assert.equal(await probe(again.dev, 'Modules.getCached().filter(function(m){return m.indexOf("wifi")==0}).join()', "APP1"), "", "neither the module nor its files stay loaded");
      assert.doesNotMatch(again.dev.out(), /\{"ver":"v1"/, "no provisioning on a provisioned board");
    } finally {
      again.dev.stop();
    }
  });
});
