import assert from "node:assert/strict";
import { provision, type ProvisionOptions } from "../../../tools/prov-client/provision.ts";
import { startLoopback, type Loopback, type LoopbackOptions } from "./loopback-device.ts";

let dev: Loopback | undefined;
afterEach(async () => {
  await dev?.stop();
  dev = undefined;
});

async function run(d: LoopbackOptions, o: Partial<ProvisionOptions>) {
  dev = await startLoopback(d);
  return provision({ host: dev.host, pollMs: 5, timeoutMs: 10_000, ...o });
}

describe("provision() end to end on the loopback device", () => {
  it("provisions with security 1 picked from proto-ver and reports the device's IP", async () => {
    const r = await run({ sec: 1, pop: "abcd1234" }, { pop: "abcd1234", ssid: "HomeNet", passphrase: "secret123" });
    assert.equal(r.exitCode, 0, r.message);
    assert.equal(r.sec, 1);
    assert.match(r.message, /Provisioned.*"HomeNet".*192\.168\.1\.77/);
    assert.deepEqual(dev!.creds, { ssid: "HomeNet", passphrase: "secret123" });
  });

  it("provisions with security 0 when proto-ver lists no_sec", async () => {
    const r = await run({ sec: 0 }, { ssid: "CafeOpen" });
    assert.equal(r.exitCode, 0, r.message);
    assert.equal(r.sec, 0);
  });

  it("exits 1 with the reason on a wrong passphrase", async () => {
    const r = await run({ sec: 1, pop: "abcd1234" }, { pop: "abcd1234", ssid: "HomeNet", passphrase: "nope" });
    assert.equal(r.exitCode, 1);
    assert.match(r.message, /wrong passphrase/);
  });

  it("exits 1 with 'not found' for an unknown network", async () => {
    const r = await run({ sec: 0 }, { ssid: "Elsewhere", passphrase: "x" });
    assert.equal(r.exitCode, 1);
    assert.match(r.message, /network "Elsewhere" not found/);
  });

  it("exits 3 and names the PoP when the device closes the connection in the handshake", async () => {
    const r = await run({ sec: 1, pop: "abcd1234" }, { pop: "wrong", ssid: "HomeNet", passphrase: "secret123" });
    assert.equal(r.exitCode, 3);
    assert.equal(r.message, "the device closed the connection during the handshake: wrong proof of possession (PoP)?");
  });

  it("exits 2 when a PoP-protected device gets no --pop", async () => {
    const r = await run({ sec: 1, pop: "abcd1234" }, { ssid: "HomeNet" });
    assert.equal(r.exitCode, 2);
    assert.match(r.message, /--pop/);
  });

  it("scans in pages of 4 and provisions the network chosen by the hook", async () => {
    const aps = { A: "", B: "pw-b-1234", C: "", D: "", E: "pw-e-1234", F: "" };
    let listed: string[] = [];
    const r = await run({ sec: 1, aps }, {
      hooks: {
        chooseNetwork: async (list) => {
          listed = list.map((e) => e.ssid);
          return { ssid: list[4]!.ssid, passphrase: "pw-e-1234" };
        },
      },
    });
    assert.equal(r.exitCode, 0, r.message);
    assert.deepEqual(listed, ["A", "B", "C", "D", "E", "F"]);
    const scan = dev!.seen.filter((x) => x.ep === "prov-scan").map((x) => x.hex);
    assert.deepEqual(scan, ["5206080118052078", "0802", "080472021004", "0804720408041002"]);
    assert.deepEqual(dev!.creds, { ssid: "E", passphrase: "pw-e-1234" });
  });

  it("sends custom data before the credentials and returns the reply", async () => {
    const r = await run({ sec: 1 }, { ssid: "CafeOpen", customData: [{ endpoint: "custom-data", data: new Uint8Array(Buffer.from("hello")) }] });
    assert.equal(r.exitCode, 0, r.message);
    assert.equal(Buffer.from(r.customReplies[0]!.reply).toString("latin1"), "SUCCESS\0");
    assert.deepEqual(dev!.seen.slice(0, 2).map((x) => x.ep), ["custom-data", "prov-config"]);
    assert.equal(dev!.seen[0]!.hex, "68656c6c6f");
  });

  it("exits 1 when the device refuses reset outside a failed state, and 0 after a failure", async () => {
    const r = await run({ sec: 0 }, { reset: true });
    assert.equal(r.exitCode, 1);
    await provision({ host: dev!.host, pollMs: 5, ssid: "HomeNet", passphrase: "bad" });
    const r2 = await provision({ host: dev!.host, pollMs: 5, reset: true });
    assert.equal(r2.exitCode, 0, r2.message);
    assert.equal(r2.outcome, "reset");
  });

  it("exits 3 when nothing listens at the address", async () => {
    const r = await provision({ host: "127.0.0.1:1", ssid: "x" });
    assert.equal(r.exitCode, 3);
    assert.match(r.message, /cannot reach the device/);
  });
});
