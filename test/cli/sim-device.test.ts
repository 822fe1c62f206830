// The first hour of a new user: the virtual device (`npm start`) as a real process — what it says about
// its state, --scenario validation, bind and state-dir errors, QR payloads, IPv6, --pop "".
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import { qrPayload as firmwareQr, type DeviceConfig } from "../../src/prov/device-config.ts";
import { qrPayload } from "../../tools/sim/banner.ts";
import { schemaRows } from "../../tools/sim/scenario.ts";
import { runCli, startSim, type SimProcess } from "../helpers/processes.ts";
import { ROOT, runSim, tmpDir } from "./run.ts";

const PROVISION = ["--ssid", "HomeNet", "--passphrase", "correct horse", "--poll-ms", "200"];

describe("cli: virtual device", function () {
  this.timeout(90000);
  let sim: SimProcess | undefined;
  afterEach(async () => {
    if (sim) await sim.stop();
    sim = undefined;
  });

  describe("says its state and stays up", () => {
    it("stays up after provisioning and auto-stop, says how to quit, exits 0 on SIGTERM", async () => {
      const stateDir = tmpDir("sim-state-");
      sim = await startSim(["--sec", "0"], { stateDir });
      const r = await runCli(["--host", `127.0.0.1:${sim.port}`, ...PROVISION]);
      assert.equal(r.code, 0, r.stderr);
      await sim.waitFor(/provisioning stopped; the device stays connected to "HomeNet".*Ctrl-C/);
      assert.match(sim.output(), new RegExp(`npm start -- --reset --state-dir ${stateDir.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
      await new Promise((r) => setTimeout(r, 500));
      assert.doesNotMatch(sim.output(), /stopping…/, "still running before the signal");
      const s = sim;
      sim = undefined;
      assert.equal(await s.stop(), 0);
      assert.match(s.output(), /stopping…/, "the SIGTERM handler ran: the process was alive");
    });

    it("a provisioned restart says it is provisioned and connected, how to get back, and stays up", async () => {
      const stateDir = tmpDir("sim-state-");
      sim = await startSim(["--sec", "0"], { stateDir });
      assert.equal((await runCli(["--host", `127.0.0.1:${sim.port}`, ...PROVISION])).code, 0);
      await sim.stop();
      sim = await startSim(["--sec", "0"], { stateDir, expectListening: false });
      await sim.waitFor('state: provisioned, connected to "HomeNet"');
      assert.ok(sim.output().includes(`To provision again: stop it (Ctrl-C) and run npm start -- --reset --state-dir ${stateDir}`), sim.output());
      await new Promise((r) => setTimeout(r, 500));
      assert.doesNotMatch(sim.output(), /stopping…/);
      const s = sim;
      sim = undefined;
      assert.equal(await s.stop(), 0);
      assert.match(s.output(), /stopping…/);
    });

    it("after a failed attempt says the state and that a prov-ctrl reset (--reset/--retry) is needed", async () => {
      sim = await startSim(["--sec", "0"]);
      const r = await runCli(["--host", `127.0.0.1:${sim.port}`, "--ssid", "HomeNet", "--passphrase", "wrong-wrong", "--poll-ms", "200"]);
      assert.equal(r.code, 1);
      await sim.waitFor(/state: failed; provisioning is still running.*--reset \(or --retry\)/);
    });
  });

  describe("--scenario is validated up front", () => {
    const write = (data: unknown) => {
      const f = path.join(tmpDir("scn-"), "s.json");
      fs.writeFileSync(f, typeof data === "string" ? data : JSON.stringify(data));
      return f;
    };

    it("a missing required key: one message with its path, no stack trace, exit 2", async () => {
      const r = await runSim(["--port", "0", "--scenario", write({ aps: [{ passphrase: "password1" }] })]);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /\$\.aps\[0\]\.ssid: missing \(required: a string of 1\.\.32 bytes/);
      assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack trace");
    });

    it("wrong types and unknown keys: one message per problem with path, expected type and allowed values", async () => {
      const f = write({ connect: { delayMs: "fast", wrongPasswordReason: 3, delay: 1 }, manager: { autoStop: "no" }, extra: true });
      const r = await runSim(["--port", "0", "--scenario", f]);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /5 problems/);
      assert.match(r.stderr, /\$\.connect\.delayMs: expected an integer >= 0, got string "fast"/);
      assert.match(r.stderr, /\$\.connect\.wrongPasswordReason: expected one of 15, 202, got number 3/);
      assert.match(r.stderr, /\$\.connect\.delay: unknown key \(allowed here: delayMs, ipDelayMs/);
      assert.match(r.stderr, /\$\.manager\.autoStop: expected true or false, got string "no"/);
      assert.match(r.stderr, /\$\.extra: unknown key/);
      assert.equal(r.stdout, "", "nothing started");
    });

    it("bad JSON and a missing file are one line each, exit 2", async () => {
      const bad = await runSim(["--port", "0", "--scenario", write("{ nope")]);
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /not valid JSON/);
      const missing = await runSim(["--port", "0", "--scenario", path.join(tmpDir("scn-"), "none.json")]);
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /cannot read the file \(ENOENT\)/);
    });

    it("docs/scenario.md documents every key of the schema", () => {
      const doc = fs.readFileSync(path.join(ROOT, "docs/scenario.md"), "utf8");
      for (const row of schemaRows()) assert.ok(doc.includes(row), `docs/scenario.md lacks: ${row}`);
      assert.match(fs.readFileSync(path.join(ROOT, "README.md"), "utf8"), /docs\/scenario\.md/);
    });
  });

  describe("bind and state-dir errors name the cause and the flag", () => {
    it("--host not of this machine: EADDRNOTAVAIL and --host (binding fails locally)", async () => {
      const r = await runSim(["--port", "0", "--state-dir", tmpDir("sim-state-"), "--host", "192.0.2.1"]);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /cannot listen on 192\.0\.2\.1:0: EADDRNOTAVAIL: 192\.0\.2\.1 is not an address of this machine\. Change --host/);
      assert.doesNotMatch(r.stderr, /is port \d+ free/);
    });

    it("a port in use: EADDRINUSE and --port", async () => {
      const srv = net.createServer();
      await new Promise<void>((r) => srv.listen(0, "127.0.0.1", () => r()));
      const port = (srv.address() as net.AddressInfo).port;
      try {
        const r = await runSim(["--port", String(port), "--state-dir", tmpDir("sim-state-")]);
        assert.equal(r.code, 1);
        assert.match(r.stderr, new RegExp(`cannot listen on 127\\.0\\.0\\.1:${port}: EADDRINUSE: .*change --port \\(--port 0 picks a free one\\)`));
      } finally {
        srv.close();
      }
    });

    it("an unusable --state-dir: refuses to start, exit 2, with the path and the OS error", async () => {
      const file = path.join(tmpDir("sim-state-"), "a-file");
      fs.writeFileSync(file, "");
      const dir = path.join(file, "state");
      const r = await runSim(["--port", "0", "--state-dir", dir]);
      assert.equal(r.code, 2);
      assert.ok(r.stderr.includes(`cannot use the state directory ${dir} (--state-dir): ENOTDIR`), r.stderr);
      assert.doesNotMatch(r.stdout, /listening on/);
    });

    it("a --state-dir it may not write: EACCES/EPERM (as root: a directory under /sys, which even root may not create)", async function () {
      const root = process.getuid?.() === 0;
      const dir = root ? "/sys/wifiprov-state-test" : tmpDir("sim-state-");
      if (!root) fs.chmodSync(dir, 0o500);
      const r = await runSim(["--port", "0", "--state-dir", dir]);
      if (!root) fs.chmodSync(dir, 0o700);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /(EACCES|EPERM), no permission to write there/);
    });
  });

  describe("QR payloads in the apps' format", () => {
    it("virtual device: security written always, username only with security 2, pop only when there is one", () => {
      assert.deepEqual(JSON.parse(qrPayload("PROV_1", 0, undefined)), { ver: "v1", name: "PROV_1", transport: "softap", security: 0 });
      assert.deepEqual(JSON.parse(qrPayload("PROV_1", 1, "abcd")), { ver: "v1", name: "PROV_1", pop: "abcd", transport: "softap", security: 1 });
      assert.deepEqual(JSON.parse(qrPayload("PROV_1", 1, undefined)), { ver: "v1", name: "PROV_1", transport: "softap", security: 1 });
      assert.equal(qrPayload("PROV_1", 2, "pw", "wifiprov"), '{"ver":"v1","name":"PROV_1","username":"wifiprov","pop":"pw","transport":"softap","security":2}');
    });

    it("firmware: the same keys, plus the SoftAP passphrase as password", () => {
      const base = { transport: "softap", serviceName: "PROV_2", serviceKey: "k3yk3yk3y", noPop: false, needsPop: false, httpPort: 80, autoStop: true, cleanupDelayMs: 1000, reprovisionAfter: 5 };
      const sec1 = JSON.parse(firmwareQr({ ...base, security: 1, pop: "abcd" } as unknown as DeviceConfig));
      assert.deepEqual(sec1, { ver: "v1", name: "PROV_2", pop: "abcd", transport: "softap", security: 1, password: "k3yk3yk3y" });
      const sec2 = JSON.parse(firmwareQr({ ...base, security: 2, pop: undefined, sec2: { username: "wifiprov", salt: new Uint8Array(1), verifier: new Uint8Array(1), patch: 1 } } as unknown as DeviceConfig));
      assert.deepEqual(sec2, { ver: "v1", name: "PROV_2", username: "wifiprov", transport: "softap", security: 2, password: "k3yk3yk3y" });
      const ble = JSON.parse(firmwareQr({ ...base, transport: "ble", security: 0, pop: undefined } as unknown as DeviceConfig));
      assert.deepEqual(ble, { ver: "v1", name: "PROV_2", transport: "ble", security: 0 });
    });

    it("the security 2 banner's QR payload carries the username", async () => {
      sim = await startSim(["--sec", "2", "--sec2-user", "alice"]);
      assert.match(sim.output(), /QR payload for the ESP SoftAP Provisioning app: \{"ver":"v1","name":"PROV_[0-9A-F]{6}","username":"alice","pop":"abcd1234","transport":"softap","security":2\}/);
    });
  });

  describe("IPv6 addresses in brackets, --pop \"\" refused", () => {
    it("--host ::1 prints [::1]:PORT everywhere and wifi-prov --host [::1]:PORT provisions it", async () => {
      sim = await startSim(["--host", "::1", "--sec", "0"]);
      const out = sim.output();
      const port = sim.port;
      assert.ok(out.includes(`listening on http://[::1]:${port}\n`), out);
      assert.ok(out.includes(`npx wifi-prov --host [::1]:${port} `), out);
      assert.ok(out.includes(`--service_name [::1]:${port} `), out);
      assert.doesNotMatch(out, /::1:\d/);
      const r = await runCli(["--host", `[::1]:${port}`, ...PROVISION]);
      assert.equal(r.code, 0, r.stderr);
      await sim.waitFor('connected to "HomeNet"');
    });

    it('--pop "" is a usage error (exit 2) that points at --no-pop', async () => {
      const r = await runSim(["--port", "0", "--pop", ""]);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /--pop "" is empty: give a PoP, or --no-pop/);
      assert.equal(r.stdout, "");
    });
  });
});
