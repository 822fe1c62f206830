// wifi-prov as a real process: passphrase prompts (Ctrl-C, end of input, no terminal,
// --passphrase-stdin), the failed state and --retry, status codes in words, hidden networks at
// the picker, the sec2 user default and spelling, the connect/response timeouts.
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import * as net from "node:net";
import { statusText } from "../../tools/prov-client/errors.ts";
import { runCli, startSim, type SimProcess } from "../helpers/processes.ts";
import { startLoopback, type Loopback } from "../unit/prov-client/loopback-device.ts";
import { WIFI_PROV, runPty } from "./run.ts";
import { skipWithReason } from "../helpers/tiers.ts";

const FAST = ["--poll-ms", "50"];

describe("cli: wifi-prov", function () {
  this.timeout(90000);
  let dev: Loopback | undefined;
  let sim: SimProcess | undefined;
  afterEach(async () => {
    await dev?.stop();
    dev = undefined;
    if (sim) assert.equal(await sim.stop(), 0);
    sim = undefined;
  });
  const wifiProv = (args: string[]) => [process.execPath, WIFI_PROV, ...args];

  describe("the passphrase prompt", () => {
    it("Ctrl-C at the --ssid passphrase prompt aborts with exit 130 and sends nothing", async () => {
      dev = await startLoopback({ sec: 0 });
      const r = await runPty(wifiProv(["--host", dev.host, "--ssid", "HomeNet", ...FAST]), [{ wait: "Passphrase for", send: "\x03" }]);
      assert.equal(r.code, 130, r.out);
      assert.equal(dev.creds, undefined, "no credentials sent");
    });

    it("Ctrl-C at the picker's passphrase prompt aborts with exit 130 and sends nothing", async () => {
      dev = await startLoopback({ sec: 0 });
      const r = await runPty(wifiProv(["--host", dev.host, ...FAST]), [
        { wait: "Select a network", send: "1\r" },
        { wait: "Passphrase for", send: "\x03" },
      ]);
      assert.equal(r.code, 130, r.out);
      assert.match(r.out, /interrupted \(Ctrl-C\); nothing was sent/);
      assert.equal(dev.creds, undefined);
    });

    it("end of input (Ctrl-D) at the passphrase prompt is exit 2 and sends nothing", async () => {
      dev = await startLoopback({ sec: 0 });
      const r = await runPty(wifiProv(["--host", dev.host, "--ssid", "HomeNet", ...FAST]), [{ wait: "Passphrase for", send: "\x04" }]);
      assert.equal(r.code, 2, r.out);
      assert.match(r.out, /no passphrase given for "HomeNet" \(end of input\); nothing was sent/);
      assert.equal(dev.creds, undefined);
    });

    it("a passphrase typed on the terminal is not echoed and is sent", async () => {
      dev = await startLoopback({ sec: 0 });
      const r = await runPty(wifiProv(["--host", dev.host, "--ssid", "HomeNet", ...FAST]), [{ wait: "Passphrase for", send: "secret123\r" }]);
      assert.equal(r.code, 0, r.out);
      assert.doesNotMatch(r.out, /secret123/);
      assert.deepEqual(dev.creds, { ssid: "HomeNet", passphrase: "secret123" });
    });

    it("no terminal and no --passphrase: usage error (exit 2) before contacting the device", async () => {
      dev = await startLoopback({ sec: 0 });
      const r = await runCli(["--host", dev.host, "--ssid", "HomeNet", ...FAST], "secret123\n");
      assert.equal(r.code, 2);
      assert.match(r.stderr, /no passphrase for "HomeNet" and stdin is not a terminal.*--passphrase-stdin/);
      assert.equal(dev.creds, undefined);
    });

    it("--passphrase-stdin reads it from stdin (with --ssid and at the picker)", async () => {
      dev = await startLoopback({ sec: 0 });
      const a = await runCli(["--host", dev.host, "--ssid", "HomeNet", "--passphrase-stdin", ...FAST], "secret123\n");
      assert.equal(a.code, 0, a.stderr);
      assert.deepEqual(dev.creds, { ssid: "HomeNet", passphrase: "secret123" });
      await dev.stop();
      dev = await startLoopback({ sec: 0 });
      const b = await runCli(["--host", dev.host, "--passphrase-stdin", ...FAST], "1\nsecret123\n");
      assert.equal(b.code, 0, b.stderr);
      assert.deepEqual(dev.creds, { ssid: "HomeNet", passphrase: "secret123" });
    });

    it("picker without a terminal: a secured network needs a passphrase source (exit 2), an open one does not", async () => {
      dev = await startLoopback({ sec: 0 });
      const bad = await runCli(["--host", dev.host, ...FAST], "1\nsecret123\n");
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /no passphrase for "HomeNet"/);
      assert.equal(dev.creds, undefined);
      const open = await runCli(["--host", dev.host, ...FAST], "2\n");
      assert.equal(open.code, 0, open.stderr);
      assert.deepEqual(dev.creds, { ssid: "CafeOpen", passphrase: "" });
    });
  });

  describe("the failed state in words, --retry", () => {
    it("a second attempt without a reset says the device is in the failed state and what to do; --retry resets and provisions", async () => {
      sim = await startSim(["--sec", "0"]);
      const host = ["--host", `127.0.0.1:${sim.port}`];
      const first = await runCli([...host, "--ssid", "HomeNet", "--passphrase", "wrong-wrong", ...FAST]);
      assert.equal(first.code, 1);
      assert.match(first.stderr, /Provisioning failed: wrong passphrase \(authentication error\)\. The device now needs a reset before new credentials: run again with --retry \(or --reset\)/);
      const second = await runCli([...host, "--ssid", "HomeNet", "--passphrase", "correct horse", ...FAST]);
      assert.equal(second.code, 1);
      assert.match(second.stderr, /the device is still in the failed state from an earlier attempt \(wrong passphrase \(authentication error\)\) and takes new credentials only after a reset\. Run again with --reset, or add --retry/);
      assert.doesNotMatch(second.stderr, /status 5\)$/m);
      const third = await runCli([...host, "--ssid", "HomeNet", "--passphrase", "correct horse", "--retry", ...FAST]);
      assert.equal(third.code, 0, third.stderr);
      assert.match(third.stderr, /resetting it \(--retry\)/);
      await sim.waitFor('connected to "HomeNet"');
    });

    it("every protocomm status has a sentence", () => {
      const seen = new Set<string>();
      for (let st = 0; st <= 8; st++) {
        const t = statusText(st, "apply the configuration");
        assert.match(t, /apply the configuration/);
        if (st >= 1 && st <= 7) assert.match(t, new RegExp(`status ${st}, [A-Za-z]+`));
        seen.add(t);
      }
      assert.equal(seen.size, 9);
      assert.match(statusText(8, "x"), /unknown status 8/);
    });
  });

  describe("hidden networks, the sec2 user", () => {
    it("a name typed at the picker is sent as the SSID (a hidden network)", async () => {
      sim = await startSim(["--sec", "0"]);
      const r = await runCli(["--host", `127.0.0.1:${sim.port}`, "--passphrase-stdin", ...FAST], "Hidden Net\npassword1\n");
      assert.match(r.stdout, /HomeNet/, "the scan list was shown");
      await sim.waitFor('credentials received for "Hidden Net"');
      assert.equal(r.code, 1, "the virtual radio has no such network");
      assert.match(r.stderr, /network "Hidden Net" not found/);
    });

    it("--sec 2 defaults --sec2-user to wifiprov, as the device", async () => {
      sim = await startSim(["--sec", "2"]);
      const r = await runCli(["--host", `127.0.0.1:${sim.port}`, "--sec", "2", "--sec2-password", "abcd1234", "--ssid", "HomeNet", "--passphrase", "correct horse", ...FAST]);
      assert.equal(r.code, 0, r.stderr);
    });

    it("sec2-credentials takes --sec2-user/--sec2-password (old --username/--password still work)", async () => {
      const a = await runCli(["sec2-credentials", "--sec2-user", "alice", "--sec2-password", "pw123456"]);
      assert.equal(a.code, 0, a.stderr);
      assert.match(a.stdout, /"username": "alice"/);
      const b = await runCli(["sec2-credentials", "--username", "bob", "--password", "pw123456"]);
      assert.equal(b.code, 0, b.stderr);
      assert.match(b.stdout, /"username": "bob"/);
      const c = await runCli(["sec2-credentials", "--sec2-password", "pw123456"]);
      assert.match(c.stdout, /"username": "wifiprov"/);
      assert.match((await runCli(["sec2-credentials", "--help"])).stdout, /--sec2-user NAME/);
    });
  });

  describe("timeouts", () => {
    it("--help states the connect and response timeout defaults and why", async () => {
      const r = await runCli(["--help"]);
      assert.match(r.stdout, /--connect-timeout-ms N +TCP connect timeout \(default 5000/);
      assert.match(r.stdout, /--timeout-ms N +response timeout per request \(default 120000: a security 1 request\s+can take 20-100 s/);
    });

    it("a listener that never accepts is reported after the connect timeout, not the response timeout", async function () {
      // listen(0) without accept(): once the queue holds a connection, Linux drops further SYNs.
      const py = spawn("python3", ["-c", "import socket,sys,time\ns=socket.socket();s.bind(('127.0.0.1',0));s.listen(0)\nprint(s.getsockname()[1],flush=True)\ntime.sleep(60)"]);
      const held: net.Socket[] = [];
      try {
        const port = await new Promise<number>((r) => py.stdout.once("data", (d) => r(Number(String(d).trim()))));
        for (let i = 0; i < 3; i++) {
          const s = net.connect(port, "127.0.0.1");
          s.on("error", () => undefined);
          held.push(s);
        }
        await new Promise((r) => setTimeout(r, 300));
        const t0 = Date.now();
        const r = await runCli(["--host", `127.0.0.1:${port}`, "--connect-timeout-ms", "1500", "--ssid", "X", "--passphrase", "", ...FAST]);
        const ms = Date.now() - t0;
        if (/within 120 s|no response/.test(r.stderr)) skipWithReason(this, "this kernel accepted a connection beyond the listen backlog (the connect timeout cannot be provoked here)");
        assert.equal(r.code, 3, r.stderr);
        assert.match(r.stderr, /cannot connect to 127\.0\.0\.1:\d+: no answer within 1\.5 s \(--connect-timeout-ms\)/);
        assert.ok(ms < 20000, `${ms} ms`);
      } finally {
        for (const s of held) s.destroy();
        (py as ChildProcess).kill();
      }
    });
  });
});
