// README.md's chapter "Use it from your own Espruino code", tried as a new user would: every shell
// command it shows is run as written, against the Linux Espruino interpreter where a board is
// needed (skipped with the reason otherwise). The board's addresses become the interpreter's: the
// serial port /dev/ttyUSB0 its console (a loopback TCP bridge), wifi-prov's default host
// 192.168.4.1 its HTTP server on 127.0.0.1 (--host added; a test never reaches 192.168.4.1), and
// flash gets a config with that server's port (--config added). The placeholders <PoP>,
// <your network> and <its passphrase> are the fake radio's network and the config's PoP.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { run as runIn } from "../cli/run.ts";
import { requireTool } from "../helpers/tiers.ts";
import { assertHealthy, boot, consoleBridge, freePort, prepareFlash, ROOT } from "./espruino-run.ts";

const CHAPTER = "## Use it from your own Espruino code";
const POP = "abcd1234";

/** The chapter's shell commands, in order (comments and blank lines dropped). */
function chapterCommands(): string[] {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const start = readme.indexOf(CHAPTER);
  assert.ok(start >= 0, "README.md has the chapter " + CHAPTER);
  const end = readme.indexOf("\n## ", start + CHAPTER.length);
  const text = readme.slice(start, end < 0 ? undefined : end);
  return [...text.matchAll(/```sh\n([\s\S]*?)```/g)]
    .flatMap((m) => m[1]!.split("\n"))
    .map((l) => l.replace(/\s+#.*$/, "").trim())
    .filter((l) => l && !l.startsWith("#"));
}

/** One shell command as a user types it, in the repository root: its exit code and all its output. */
async function run(cmd: string, timeoutMs: number): Promise<{ code: number | null; out: string }> {
  const r = await runIn("bash", ["-c", cmd], { timeoutMs });
  return { code: r.code, out: r.stdout + r.stderr };
}

const BUILD = "./build.sh";
const FLASH_EXAMPLE = "./build.sh flash --port /dev/ttyUSB0 --example app";
const PROVISION = "npx wifi-prov --pop <PoP> --ssid <your network> --passphrase <its passphrase>";
const MEMORY = "npm run memory";
const REMOVE = "./build.sh flash --port /dev/ttyUSB0 --remove";

describe("README.md, \"Use it from your own Espruino code\": every command as written", function () {
  this.timeout(1200000);

  it("shows exactly the commands this test runs (a new one needs a runner here)", () => {
    assert.deepEqual(chapterCommands(), [BUILD, FLASH_EXAMPLE, PROVISION, MEMORY, REMOVE]);
  });

  it(BUILD, async () => {
    const r = await run(BUILD, 300000);
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /bundle dist\/storage\/wifi-prov /);
    assert.match(r.out, /config dist\/wifiprov\.json/);
  });

  it(FLASH_EXAMPLE + "; " + PROVISION + "; " + REMOVE, async function () {
    requireTool(this, "ESPRUINO");
    const port = await freePort();
    const tmp = mkdtempSync(join(tmpdir(), "wifiprov-readme-"));
    const config = join(tmp, "wifiprov.json");
    writeFileSync(config, JSON.stringify({ serviceKey: "k3y-for-ap", security: 1, pop: POP, httpPort: port }));
    // A board with Espruino alone: nothing in Storage but the radio fakes.
    const empty = mkdtempSync(join(tmpdir(), "wifiprov-readme-board-"));
    const dev = boot(prepareFlash(empty, null));
    const bridge = await consoleBridge(dev);
    const board = (cmd: string) => cmd.replace("/dev/ttyUSB0", "tcp://127.0.0.1:" + bridge.port) + " --config " + config;
    try {
      await dev.waitFor(/BOOTED/, 30000);
      const f = await run(board(FLASH_EXAMPLE), 600000);
      assert.equal(f.code, 0, f.out + dev.out().slice(-1500));
      assert.match(f.out, /writing firmware\/examples\/app\.js as \.bootcde, with "autoStart": false/);
      await dev.waitFor(/\{"ver":"v1"[^\n]*\}/, 60000);
      const cmd = PROVISION.replace("npx wifi-prov", "npx wifi-prov --host 127.0.0.1:" + port)
        .replace("<PoP>", POP).replace("<your network>", "HomeNet").replace("<its passphrase>", "'correct horse'");
      const p = await run(cmd, 120000);
      assert.equal(p.code, 0, p.out + dev.out().slice(-1500));
      await dev.waitFor(/\[app\] provisioned: \d+ JsVars in use/, 30000);
      await assertHealthy(dev);
      const rm = await run(board(REMOVE), 300000);
      assert.equal(rm.code, 0, rm.out);
      const left = JSON.parse(rm.out.match(/Storage now holds (\[.*\])/)![1]!) as string[];
      assert.deepEqual(left.filter((n) => n !== "memprobe").sort(), [".boot0", ".bootcde"], "only the example's .bootcde (and the radio fakes) stay");
    } finally {
      bridge.close();
      dev.stop();
    }
  });

  it(MEMORY, async function () {
    requireTool(this, "ESPRUINO");
    const r = await run(MEMORY, 1200000);
    assert.equal(r.code, 0, r.out);
    for (const row of ["resident", "idle", "peak", "provisioned boot", "after end + release"]) assert.match(r.out, new RegExp("\\n  " + row.replace("+", "\\+") + " +\\d+"), row + ":\n" + r.out);
  });
});
