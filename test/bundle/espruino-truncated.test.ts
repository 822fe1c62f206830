// The bundle in the Linux Espruino interpreter against requests whose headers or body never
// arrive: Espruino keeps such a connection open for good (socketserver.c), so the device itself
// must close it (firmware/espruino/http.ts sweep), or two truncated bodies take every body slot
// and each dead connection keeps its JsVars.
import assert from "node:assert/strict";
import { provision } from "../../tools/prov-client/index.ts";
import { rawRequest, sendAndClose } from "../helpers/raw-http.ts";
import { requireTool } from "../helpers/tiers.ts";
import { assertHealthy, boot, freePort, prepareFlash, STORAGE, usage, type Booted } from "./espruino-run.ts";

describe("bundle in the Espruino interpreter: truncated requests", function () {
  this.timeout(120000);
  before(function () {
    requireTool(this, "ESPRUINO");
  });

  it("6 truncated requests, then proto-ver answers within 15 s and a sec1 provisioning succeeds", async () => {
    const port = await freePort();
    const dir = prepareFlash(STORAGE, { serviceKey: "k3y-for-ap", security: 1, pop: "abcd1234", httpPort: port });
    const dev: Booted = boot(dir);
    try {
      await dev.waitFor(/\[mem\] resident=\d+\r?\n/, 30000);
      for (let i = 0; i < 6; i++) await sendAndClose(port, "POST /prov-session HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 10\r\n\r\nabc", 50);
      const t0 = Date.now();
      let answered = false;
      while (!answered && Date.now() - t0 < 15000) {
        const r = await rawRequest(port, { path: "/proto-ver", body: new TextEncoder().encode("---") });
        answered = r?.status === 200 && /"ver"/.test(r.body.toString());
        if (!answered) await new Promise((res) => setTimeout(res, 500));
      }
      assert.ok(answered, "proto-ver unanswered 15 s after the truncated requests\n" + dev.out().slice(-1500));
      const r = await provision({ host: "127.0.0.1:" + port, sec: 1, pop: "abcd1234", ssid: "HomeNet", passphrase: "correct horse", pollMs: 500 });
      assert.equal(r.outcome, "provisioned", r.message + "\n" + dev.out().slice(-1500));
      await assertHealthy(dev);
    } finally {
      dev.stop();
    }
  });

  it("half-sent headers and idle connections leave no JsVars behind once the device closes them", async () => {
    const port = await freePort();
    const dir = prepareFlash(STORAGE, { serviceKey: "k3y-for-ap", security: 1, pop: "abcd1234", httpPort: port });
    const dev: Booted = boot(dir);
    try {
      await dev.waitFor(/\[mem\] idle=\d+\r?\n/, 30000);
      const before = await usage(dev);
      for (let i = 0; i < 20; i++) await sendAndClose(port, "POST /prov-session HTTP/1.1\r\nContent-Le", 50);
      for (let i = 0; i < 20; i++) await sendAndClose(port, "", 50);
      const during = await usage(dev);
      assert.ok(during > before + 200, `the dead connections hold JsVars until closed (${before} -> ${during})`);
      let after = during;
      for (const t0 = Date.now(); after > before + 30 && Date.now() - t0 < 20000; ) {
        await new Promise((res) => setTimeout(res, 1000));
        after = await usage(dev);
      }
      console.log(`      JsVars: ${before} before, ${during} with 40 dead connections, ${after} after the sweep`);
      assert.ok(after <= before + 30, `resident ${before} -> ${after}`);
      await assertHealthy(dev, { joined: false });
    } finally {
      dev.stop();
    }
  });
});
