import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { startLoopback, type Loopback } from "./loopback-device.ts";

const BIN = fileURLToPath(new URL("../../../tools/prov-client/bin.mjs", import.meta.url));

/** Spawns the real CLI (bin.mjs → tsx → cli.ts) with stdin text; resolves code and output. */
function cli(args: string[], stdin = ""): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [BIN, ...args], { stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    let err = "";
    p.stdout.on("data", (d) => (out += d));
    p.stderr.on("data", (d) => (err += d));
    p.on("close", (code) => resolve({ code, out, err }));
    p.stdin.end(stdin);
  });
}

describe("wifi-prov CLI (spawned)", function () {
  this.timeout(30_000);
  let dev: Loopback | undefined;
  afterEach(async () => {
    await dev?.stop();
    dev = undefined;
  });

  it("prints the usage with the exit codes on --help and exits 0", async () => {
    const r = await cli(["--help"]);
    assert.equal(r.code, 0);
    assert.match(r.out, /--poll-ms/);
    assert.match(r.out, /3 +no session/);
  });

  it("exits 2 on an unknown flag", async () => {
    const r = await cli(["--bogus"]);
    assert.equal(r.code, 2);
    assert.match(r.err, /bogus/);
  });

  it("lists scanned networks numbered, reads the choice and passphrase from stdin, and exits 0", async () => {
    dev = await startLoopback({ sec: 1, pop: "abcd1234" });
    const r = await cli(["--host", dev.host, "--pop", "abcd1234", "--poll-ms", "5", "--passphrase-stdin"], "1\nsecret123\n");
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^ +1 +HomeNet +1 +-40 +WPA2 PSK/m);
    assert.match(r.out, /^ +2 +CafeOpen/m);
    assert.match(r.out, /Provisioned: the device is connected to "HomeNet"/);
    assert.deepEqual(dev.creds, { ssid: "HomeNet", passphrase: "secret123" });
    assert.doesNotMatch(r.out + r.err, /secret123|abcd1234/);
  });

  it("explains a wrong PoP in plain words and exits 3", async () => {
    dev = await startLoopback({ sec: 1, pop: "abcd1234" });
    const r = await cli(["--host", dev.host, "--pop", "nope", "--ssid", "HomeNet", "--passphrase", "secret123"]);
    assert.equal(r.code, 3);
    assert.match(r.err, /the device closed the connection during the handshake: wrong proof of possession \(PoP\)\?/);
  });

  it("prints the reason and exits 1 on a wrong passphrase, with custom data answered first", async () => {
    dev = await startLoopback({ sec: 0 });
    const r = await cli(["--host", dev.host, "--ssid", "HomeNet", "--passphrase", "bad", "--custom-data", "custom-data=hi", "--poll-ms", "5"]);
    assert.equal(r.code, 1);
    assert.match(r.out, /custom-data reply: "SUCCESS"/);
    assert.match(r.err, /Provisioning failed: wrong passphrase/);
  });
});
