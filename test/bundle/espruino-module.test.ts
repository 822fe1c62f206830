// require("wifi-prov") in the Linux Espruino interpreter (radio faked): the Storage layout plus a
// maker's three-line script in .bootcde ("autoStart": false) is provisioned by wifi-prov, and by
// esp_prov where ESP_PROV is set, custom endpoint included; afterwards the global names are
// those of the maker's script alone and the JsVars within MAX_AFTER_END of it. A provisioned
// boot without maker code joins its network without loading the module, in MAX_PROVISIONED_BOOT
// JsVars. Runs where ESPRUINO is set.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { argv, tool } from "../../tools/ext-tools.ts";
import { provision } from "../../tools/prov-client/index.ts";
import { requireTool } from "../helpers/tiers.ts";
import { assertHealthy, boot, freePort, globalNames, prepareFlash, STORAGE } from "./espruino-run.ts";
import { JOIN_ALONE, MAKER, MAKER_ALONE, savedNetwork, settledUsage } from "./maker.ts";

const POP = "abcd1234";
/** ../shared budget: after provisioning ended and released, above the maker's script alone. */
const MAX_AFTER_END = 50;
/** ../shared budget: a provisioned boot, our code only. */
const MAX_PROVISIONED_BOOT = 60;

function espProv(port: number): Promise<string> {
  const [cmd, args] = argv(tool("ESP_PROV")!, ["--transport", "softap", "--service_name", "127.0.0.1:" + port, "--sec_ver", "1", "--pop", POP, "--ssid", "HomeNet", "--passphrase", "correct horse", "--custom_data", "kitchen"]);
  return new Promise((resolve) => {
    const p = spawn(cmd, args);
    let o = "";
    p.stdout.on("data", (d) => (o += d));
    p.stderr.on("data", (d) => (o += d));
    p.on("exit", () => resolve(o));
  });
}

describe("the module in the Espruino interpreter: require(\"wifi-prov\") from a maker's script", function () {
  this.timeout(300000);
  before(function () {
    requireTool(this, "ESPRUINO");
  });

  for (const client of ["wifi-prov", "esp_prov"]) it(`a three-line script provisions with ${client} (custom endpoint too); then globals and JsVars are the script's alone`, async function () {
    if (client === "esp_prov") requireTool(this, "ESP_PROV");
    const port = await freePort();
    const config = { serviceKey: "k3y-for-ap", security: 1, pop: POP, httpPort: port, autoStart: false };
    const dev = boot(prepareFlash(STORAGE, config, undefined, undefined, { ".bootcde": MAKER }));
    let after: number;
    let globals: string[];
    try {
      await dev.waitFor(/\{"ver":"v1"[^\n]*\}/, 60000);
      if (client === "esp_prov") {
        const out = await espProv(port);
        assert.match(out, /==== Provisioning was successful ====/, out + dev.out().slice(-1500));
        assert.match(out, /CustomData response: b?'?stored kitchen/, out);
      } else {
        const r = await provision({ host: "127.0.0.1:" + port, sec: 1, pop: POP, ssid: "HomeNet", passphrase: "correct horse", pollMs: 500, customData: [{ endpoint: "custom-data", data: Buffer.from("kitchen") }] });
        assert.equal(r.outcome, "provisioned", r.message);
        assert.equal(Buffer.from(r.customReplies[0]!.reply).toString(), "stored kitchen");
      }
      assert.match(dev.out(), /\[maker\] got kitchen/);
      await dev.waitFor(/\[maker\] done/, 30000);
      // Dead connections go within 11 s (firmware/espruino/http.ts sweep).
      await new Promise((r) => setTimeout(r, 12000));
      after = await settledUsage(dev);
      globals = await globalNames(dev);
      await assertHealthy(dev);
    } finally {
      dev.stop();
    }
    const alone = boot(prepareFlash(STORAGE, config, undefined, undefined, { ".bootcde": MAKER_ALONE }));
    try {
      await alone.waitFor(/BOOTED/, 30000);
      const base = await settledUsage(alone);
      const baseGlobals = await globalNames(alone);
      // Names beyond the script's own must be Espruino's built-ins (made a global at first use:
      // defined in a fresh interpreter too), never one of ours.
      const extra = globals.filter((g) => !baseGlobals.includes(g));
      alone.proc.stdin!.write(`print("BUI"+"LTIN="+${JSON.stringify(extra)}.filter(function(n){return typeof global[n]==="undefined";}).join(",")+";")\n`);
      const ours = (await alone.waitFor(/BUILTIN=([^;]*);/, 10000))[1];
      console.log(`      JsVars: maker's script alone ${base}, after provisioning ended and released ${after} (+${after - base}); built-ins made global: ${extra.join(" ") || "none"}`);
      assert.equal(ours, "", "globals that are not Espruino's built-ins");
      assert.ok(after - base <= MAX_AFTER_END, `${after - base} JsVars above the script alone`);
    } finally {
      alone.stop();
    }
  });

  it(`a provisioned boot without maker code joins without loading the module, in <= ${MAX_PROVISIONED_BOOT} JsVars`, async () => {
    const config = { serviceKey: "k3y-for-ap", security: 1, pop: POP, httpPort: await freePort() };
    // The baseline joins the same network itself: the faked radio's own state (its status object;
    // C memory on a board) is not ours to count.
    const idle = boot(prepareFlash(STORAGE, { ...config, autoStart: false }, undefined, undefined, { ...savedNetwork("HomeNet", "correct horse"), ".bootcde": JOIN_ALONE }));
    let base: number;
    try {
      await idle.waitFor(/JOINED/, 30000);
      base = await settledUsage(idle);
    } finally {
      idle.stop();
    }
    const dev = boot(prepareFlash(STORAGE, config, undefined, undefined, savedNetwork("HomeNet", "correct horse")));
    try {
      await dev.waitFor(/connected, IP 192\.168\.1\.42/, 30000);
      const used = await settledUsage(dev);
      dev.proc.stdin!.write('print("CAC"+"HED="+Modules.getCached().join(",")+";")\n');
      const cached = (await dev.waitFor(/CACHED=([^;]*);/, 10000))[1];
      console.log(`      JsVars: provisioned boot ${used - base} above the same Storage with autoStart false, joined by a script (${base})`);
      assert.ok(!/wifi-prov|wifiprov/.test(cached ?? ""), "no module of ours stays loaded: " + cached);
      assert.ok(!/provisioning:/.test(dev.out()), "did not provision");
      assert.ok(used - base <= MAX_PROVISIONED_BOOT, `${used - base} JsVars`);
      await assertHealthy(dev, { joined: false });
    } finally {
      dev.stop();
    }
  });
});
