// The virtual device as a real process, provisioned by the wifi-prov CLI under each security.
import assert from "node:assert/strict";
import { runCli, startSim, type SimProcess } from "../helpers/processes.ts";

const FAST = ["--poll-ms", "200"];

describe("virtual device + wifi-prov: each security scheme", function () {
  this.timeout(90000);
  let sim: SimProcess | undefined;
  afterEach(async () => {
    if (sim) assert.equal(await sim.stop(), 0);
    sim = undefined;
  });

  it("provisions over security 0", async () => {
    sim = await startSim(["--sec", "0"]);
    const r = await runCli(["--host", `127.0.0.1:${sim.port}`, "--ssid", "HomeNet", "--passphrase", "correct horse", ...FAST]);
    assert.equal(r.code, 0, r.stderr);
    await sim.waitFor('connected to "HomeNet"');
  });

  it("provisions over security 1 with a PoP", async () => {
    sim = await startSim(["--pop", "abcd1234"]);
    const r = await runCli(["--host", `127.0.0.1:${sim.port}`, "--pop", "abcd1234", "--ssid", "HomeNet", "--passphrase", "correct horse", ...FAST]);
    assert.equal(r.code, 0, r.stderr);
    await sim.waitFor("provisioning stopped; the device stays connected");
  });

  it("provisions over security 1 without a PoP (no_pop)", async () => {
    sim = await startSim(["--no-pop"]);
    const r = await runCli(["--host", `127.0.0.1:${sim.port}`, "--ssid", "HomeNet", "--passphrase", "correct horse", ...FAST]);
    assert.equal(r.code, 0, r.stderr);
  });

  for (const patch of ["0", "1"]) {
    it(`provisions over security 2 with sec_patch_ver ${patch}`, async () => {
      sim = await startSim(["--sec", "2", "--sec2-user", "wifiprov", "--sec2-password", "abcd1234", "--sec2-patch", patch]);
      const r = await runCli([
        "--host", `127.0.0.1:${sim.port}`, "--sec", "2", "--sec2-user", "wifiprov", "--sec2-password", "abcd1234",
        "--ssid", "HomeNet", "--passphrase", "correct horse", ...FAST,
      ]);
      assert.equal(r.code, 0, r.stderr);
    });
  }
});
