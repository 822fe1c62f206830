// Interop with Espressif's own client: runs only when ESP_PROV names a command running esp_prov.py
// (e.g. ESP_PROV=/path/to/esp_prov.sh npm test; see README "Testing against esp_prov").
// The project does not ship esp_prov; elsewhere this tier is skipped with that reason.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { argv, type Tool } from "../../tools/ext-tools.ts";
import { startSim, type SimProcess } from "../helpers/processes.ts";
import { requireTool } from "../helpers/tiers.ts";


let espProvTool: Tool | undefined;

function espProv(args: string[], stdin = ""): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const [cmd, all] = argv(espProvTool!, args);
    const child = spawn(cmd, all);
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.stdin.end(stdin);
    child.on("exit", (code) => resolve({ code, out }));
  });
}

describe("Espressif's esp_prov.py against the virtual device", function () {
  this.timeout(120000);
  let sim: SimProcess | undefined;
  before(function () {
    espProvTool = requireTool(this, "ESP_PROV");
  });
  afterEach(async () => {
    if (sim) await sim.stop();
    sim = undefined;
  });
  const target = () => ["--transport", "softap", "--service_name", `127.0.0.1:${sim!.port}`];
  const creds = ["--ssid", "HomeNet", "--passphrase", "correct horse"];

  it("provisions with security 0", async () => {
    sim = await startSim(["--sec", "0"]);
    const r = await espProv([...target(), "--sec_ver", "0", ...creds]);
    assert.match(r.out, /==== Provisioning was successful ====/, r.out);
  });

  it("provisions with security 1, custom data first", async () => {
    sim = await startSim(["--pop", "abcd1234"]);
    const r = await espProv([...target(), "--sec_ver", "1", "--pop", "abcd1234", "--custom_data", "hello", ...creds]);
    assert.match(r.out, /CustomData response: b'SUCCESS\\x00'/, r.out);
    assert.match(r.out, /==== Provisioning was successful ====/, r.out);
  });

  it("lists the scanned access points and provisions the one chosen", async () => {
    sim = await startSim(["--sec", "0"]);
    const r = await espProv([...target(), "--sec_ver", "0"], "1\ncorrect horse\n");
    assert.match(r.out, /\[ 1\] HomeNet/, r.out);
    assert.match(r.out, /Cafe Guest/);
    assert.match(r.out, /==== Provisioning was successful ====/, r.out);
  });

  it("recovers with --reset after a wrong passphrase", async () => {
    sim = await startSim(["--pop", "abcd1234"]);
    const bad = await espProv([...target(), "--sec_ver", "1", "--pop", "abcd1234", "--ssid", "HomeNet", "--passphrase", "wrong-pass"]);
    assert.match(bad.out, /Incorrect Password/, bad.out);
    await espProv([...target(), "--sec_ver", "1", "--pop", "abcd1234", "--reset"]);
    const r = await espProv([...target(), "--sec_ver", "1", "--pop", "abcd1234", ...creds]);
    assert.match(r.out, /==== Provisioning was successful ====/, r.out);
  });

  for (const patch of ["1", "0"]) {
    it(`provisions with security 2 (wifiprov/abcd1234), sec_patch_ver ${patch}`, async () => {
      sim = await startSim(["--sec", "2", "--sec2-patch", patch]);
      const r = await espProv([...target(), "--sec_ver", "2", "--sec2_username", "wifiprov", "--sec2_pwd", "abcd1234", ...creds]);
      assert.match(r.out, /==== Provisioning was successful ====/, r.out);
    });
  }
});
