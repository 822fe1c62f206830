// The console scheme as a firmware option in the real Espruino Linux interpreter (runs where
// ESPRUINO is set): the built Storage layout with "transport": "console" in wifiprov.json is
// provisioned by `wifi-prov --port tcp://127.0.0.1:PORT` (security 1) over the interpreter's own
// console, its stdin/stdout reached through a loopback TCP bridge (a pipe; the interpreter's
// Telnet console has a fixed port and no flow control). Afterwards the interpreter is healthy and
// joined, and prov, the module and the console part are gone. Espressif's esp_prov.py in its
// console mode (where ESP_PROV is set) provisions the same layout with its request lines pasted
// bare on that console, as a person pastes them (test/helpers/esp-prov-console-bridge.ts). Prints the JsVars above the
// interpreter with the radio fakes alone (the rows of docs/console.md come from
// `npm run memory -- --over-console`, which measures the same way).
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { espProvConsole } from "../helpers/esp-prov-console-bridge.ts";
import { runCli } from "../helpers/processes.ts";
import { requireTool } from "../helpers/tiers.ts";
import { assertHealthy, boot, consoleBridge, globalNames, peakOf, prepareFlash, STORAGE, usage, type Booted } from "./espruino-run.ts";

const POP = "abcd1234";

/** The interpreter with the radio fakes alone: its usage after GC. */
async function baseline(): Promise<number> {
  const f = join(mkdtempSync(join(tmpdir(), "wifiprov-console-")), "empty.js");
  writeFileSync(f, "0;");
  const dev = boot(prepareFlash(f, null));
  try {
    return Number((await dev.waitFor(/\[mem\] resident=(\d+)\r?\n/, 20000))[1]);
  } finally {
    dev.stop();
  }
}

let probes = 0;
/** Modules.getCached() read over the console. */
async function cachedModules(dev: Booted): Promise<string[]> {
  const tag = "CACHED" + ++probes + "=";
  // The tag split in two: the console echoes the command, which must not match.
  dev.proc.stdin!.write(`print("${tag.slice(0, 3)}"+"${tag.slice(3)}"+Modules.getCached().join(",")+";")\n`);
  return (await dev.waitFor(new RegExp(tag + "([^;\\n]*);"), 10000))[1]!.split(",").filter((m) => m);
}

describe("interpreter: the console transport as a firmware option (wifiprov-console)", function () {
  this.timeout(300000);
  before(function () {
    requireTool(this, "ESPRUINO");
  });

  it("wifi-prov --port tcp:// over the interpreter's own console provisions the layout with \"transport\": \"console\" (security 1); prov and the console part are gone after", async () => {
    const base = await baseline();
    const dev = boot(prepareFlash(STORAGE, { transport: "console", security: 1, pop: POP }));
    const bridge = await consoleBridge(dev);
    try {
      await dev.waitFor(/\[wifiprov\] provisioning: console/, 60000);
      const resident = Number((await dev.waitFor(/\[mem\] resident=(\d+)\r?\n/, 60000))[1]);
      const idle = Number((await dev.waitFor(/\[mem\] idle=(\d+)\r?\n/, 60000))[1]);
      assert.ok((await cachedModules(dev)).includes("wifiprov-console"), "the console part is loaded");
      const r = await runCli(["--port", "tcp://127.0.0.1:" + bridge.port, "--pop", POP, "--ssid", "HomeNet", "--passphrase", "correct horse", "--poll-ms", "500"]);
      assert.equal(r.code, 0, r.stderr + "\n--- interpreter:\n" + dev.out().slice(-3000));
      assert.equal(r.stdout, 'Provisioned: the device is connected to "HomeNet" (IP 192.168.1.42, channel 6)\n');
      await assertHealthy(dev);
      const peak = peakOf(dev.out());
      assert.ok(!(await globalNames(dev)).includes("prov"), "the global prov is removed");
      assert.deepEqual((await cachedModules(dev)).filter((m) => /wifi-?prov/.test(m)), [], "module, console part and store uncached");
      assert.doesNotMatch(dev.out(), /correct horse/);
      // The console part's own code: loaded alone, and gone again once uncached.
      const u0 = await usage(dev);
      dev.proc.stdin!.write('require("wifiprov-console");\n');
      const u1 = await usage(dev);
      dev.proc.stdin!.write('Modules.removeCached("wifiprov-console");\n');
      const u2 = await usage(dev);
      assert.ok(u2 - u0 <= 2, `after removeCached ${u2 - u0} JsVars are left of the console part`);
      console.log(`      JsVars above the interpreter with the radio fakes alone (${base}): resident ${resident - base}, idle ${idle - base}, peak ${peak - base}; the console part loaded alone ${u1 - u0}`);
    } finally {
      bridge.close();
      dev.stop();
    }
  });

  it("esp_prov.py --transport console (security 1) provisions it, its request lines pasted bare on the console", async function () {
    const espProv = requireTool(this, "ESP_PROV");
    const dev = boot(prepareFlash(STORAGE, { transport: "console", security: 1, pop: POP }));
    try {
      await dev.waitFor(/\{"ver":"v1"[^\n]*\}/, 60000);
      const { code, out, traffic } = await espProvConsole(espProv, ["--sec_ver", "1", "--pop", POP, "--ssid", "HomeNet", "--passphrase", "correct horse"], { output: dev.proc.stdout!, input: dev.proc.stdin! });
      assert.match(out, /==== Provisioning was successful ====/, out + "\n--- interpreter:\n" + dev.out().slice(-3000));
      assert.equal(code, 0);
      assert.match(traffic.requests[1]!, /^Client->Device msg : prov-session 0 10015a25a201220a20[0-9a-f]{64}$/);
      assert.ok(!traffic.answers.some((a) => a.startsWith("WIFIPROV-ERR")), traffic.answers.join("\n"));
      // Each line was taken before the REPL: echoed, never run as JavaScript.
      assert.doesNotMatch(dev.out(), /Uncaught|SyntaxError|correct horse/);
      await dev.waitFor(/provisioning ended/, 30000);
      await assertHealthy(dev);
    } finally {
      dev.stop();
    }
  });
});
