// The virtual device as a real process: scan selection, failures, custom data, reset, reprov.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runCli, startSim, type SimProcess } from "../helpers/processes.ts";

const FAST = ["--poll-ms", "200"];

describe("virtual device + wifi-prov: flows", function () {
  this.timeout(90000);
  let sim: SimProcess | undefined;
  afterEach(async () => {
    if (sim) assert.equal(await sim.stop(), 0);
    sim = undefined;
  });
  const host = () => ["--host", `127.0.0.1:${sim!.port}`];

  it("lists the scanned networks strongest first and provisions the one chosen", async () => {
    sim = await startSim(["--pop", "p0p", "--ap", "Weak:password9:11:-80", "--ap", "Strong:password1:3:-40", "--ap", "Open:::-60"]);
    const r = await runCli([...host(), "--pop", "p0p", "--passphrase-stdin", ...FAST], "1\npassword1\n");
    assert.equal(r.code, 0, r.stderr);
    const rows = r.stdout.split("\n").filter((l) => /Strong|Weak|Open/.test(l));
    assert.match(rows[0]!, /Strong/);
    assert.match(rows[1]!, /Open/);
    assert.match(rows[2]!, /Weak/);
    await sim.waitFor('connected to "Strong"');
  });

  it("reports a wrong passphrase with exit code 1 and the reason, and keeps serving", async () => {
    sim = await startSim(["--pop", "p0p"]);
    const r = await runCli([...host(), "--pop", "p0p", "--ssid", "HomeNet", "--passphrase", "wrong-wrong", ...FAST]);
    assert.equal(r.code, 1);
    assert.match(r.stdout + r.stderr, /passphrase|auth/i);
    await sim.waitFor("wrong passphrase");
    const again = await runCli([...host(), "--pop", "p0p", "--ssid", "HomeNet", "--passphrase", "correct horse", ...FAST]);
    assert.equal(again.code, 1, "credentials are one-shot until a reset (ESP-IDF)");
  });

  it("reports an unknown network as network-not-found with exit code 1", async () => {
    sim = await startSim(["--sec", "0"]);
    const r = await runCli([...host(), "--ssid", "NoSuchNet", "--passphrase", "whatever1", ...FAST]);
    assert.equal(r.code, 1);
    assert.match(r.stdout + r.stderr, /not found/i);
  });

  it("explains a wrong PoP and exits 3; the device still serves the right one", async () => {
    sim = await startSim(["--pop", "right-pop"]);
    const bad = await runCli([...host(), "--pop", "wrong-pop", "--ssid", "HomeNet", "--passphrase", "correct horse", ...FAST]);
    assert.equal(bad.code, 3);
    assert.match(bad.stderr, /proof of possession/i);
    const good = await runCli([...host(), "--pop", "right-pop", "--ssid", "HomeNet", "--passphrase", "correct horse", ...FAST]);
    assert.equal(good.code, 0, good.stderr);
  });

  it("delivers custom data before the credentials and shows the reply", async () => {
    sim = await startSim(["--sec", "0"]);
    const r = await runCli([...host(), "--custom-data", "custom-data=hello", "--ssid", "HomeNet", "--passphrase", "correct horse", ...FAST]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /SUCCESS/);
    await sim.waitFor("custom endpoint custom-data: received 5 bytes");
  });

  it("resets after a failure (prov-ctrl) so new credentials succeed", async () => {
    sim = await startSim(["--sec", "0"]);
    assert.equal((await runCli([...host(), "--ssid", "HomeNet", "--passphrase", "bad-bad-bad", ...FAST])).code, 1);
    const r = await runCli([...host(), "--reset", "--ssid", "HomeNet", "--passphrase", "correct horse", ...FAST]);
    assert.equal(r.code, 0, r.stderr);
  });

  it("reprovisions a provisioned device when auto-stop is disabled", async () => {
    const scenario = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "scn-")), "s.json");
    fs.writeFileSync(scenario, JSON.stringify({ manager: { autoStop: false } }));
    sim = await startSim(["--sec", "0", "--scenario", scenario, "--ap", "First:password1", "--ap", "Second:password2"]);
    assert.equal((await runCli([...host(), "--ssid", "First", "--passphrase", "password1", ...FAST])).code, 0);
    const r = await runCli([...host(), "--reprov", "--ssid", "Second", "--passphrase", "password2", ...FAST]);
    assert.equal(r.code, 0, r.stderr);
    await sim.waitFor('connected to "Second"');
  });

  it("restarts provisioned: joins the saved network and serves nothing until --reset", async () => {
    sim = await startSim(["--sec", "0"]);
    const stateDir = sim.stateDir;
    assert.equal((await runCli([...host(), "--ssid", "HomeNet", "--passphrase", "correct horse", ...FAST])).code, 0);
    await sim.stop();
    sim = await startSim(["--sec", "0"], { stateDir, expectListening: false });
    await sim.waitFor('connected to "HomeNet"');
    assert.doesNotMatch(sim.output(), /listening on/);
    await sim.stop();
    sim = await startSim(["--sec", "0", "--reset"], { stateDir });
    assert.ok(sim.port > 0);
  });
});
