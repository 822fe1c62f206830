import assert from "node:assert/strict";
import { makeConfigHandler } from "../../../src/prov/ep-config";
import type { ConfigHandlers, ConfigStatus } from "../../../src/prov/ep-config";
import { hex, unhex } from "./harness";

function stub(status: Partial<ConfigStatus> = {}, applyErr = 0) {
  const calls: string[] = [];
  const h: ConfigHandlers = {
    getStatus: (out) => (Object.assign(out, status), 0),
    setConfig: (s, p, bssid, ch) => (calls.push(`${Buffer.from(s)}/${Buffer.from(p)}/${bssid.length}/${ch}`), 0),
    applyConfig: () => (calls.push("apply"), applyErr),
  };
  const run = (req: string) => {
    let res: [number, string] | undefined;
    makeConfigHandler(h)(1, unhex(req), (err, out) => (res = [err, hex(out)]));
    return res!;
  };
  return { run, calls };
}

describe("prov-config handler wire format (docs/spec/protocol.md §6, §13)", () => {
  it("answers get_status Connecting / AuthError / NetworkNotFound with the listed bytes", () => {
    assert.deepEqual(stub({ wifiState: 0 }).run("5200"), [0, "08015a021001"]);
    assert.deepEqual(stub({ wifiState: 2, failReason: 0 }).run("5200"), [0, "08015a0410035000"]);
    assert.deepEqual(stub({ wifiState: 2, failReason: 1 }).run("5200"), [0, "08015a0410035001"]);
  });

  it("encodes Connected with the six raw BSSID bytes even when they contain 0x00", () => {
    const ap = { ssid: new Uint8Array([0x61, 0, 0x62]), bssid: unhex("001122003344"), channel: 11, rssi: -1, auth: 9 };
    const [err, out] = stub({ wifiState: 1, ip: "10.0.0.2", ap }).run("5200");
    assert.equal(err, 0);
    // ssid cut at the NUL (strnlen), auth passed through raw (9 > 7)
    assert.equal(out, "08015a1b5a19" + "0a08" + Buffer.from("10.0.0.2").toString("hex") + "1009" + "1a0161" + "2206001122003344" + "280b");
  });

  it("answers set_config ok with 08 03 6a 00 and hands over ssid and passphrase", () => {
    const s = stub();
    assert.deepEqual(s.run("08 02 62 0e 0a 02 61 62 12 08 31 32 33 34 35 36 37 38"), [0, "08036a00"]);
    assert.deepEqual(s.calls, ["ab/12345678/0/0"]);
  });

  it("accepts a 32-byte SSID, a 63-byte passphrase, a 6-byte BSSID and a channel", () => {
    const s = stub();
    const body = "0a20" + "61".repeat(32) + "123f" + "62".repeat(63) + "1a06" + "11".repeat(6) + "2006";
    assert.deepEqual(s.run("0802" + "62" + (body.length / 2).toString(16).padStart(2, "0") + body), [0, "08036a00"]);
    assert.equal(s.calls[0], "a".repeat(32) + "/" + "b".repeat(63) + "/6/6");
  });

  it("answers InvalidArgument (08 03 6a 02 08 04) for a 33-byte SSID, 64-byte passphrase or 5-byte BSSID", () => {
    for (const body of ["0a21" + "61".repeat(33), "1240" + "62".repeat(64), "0a0161" + "1a05" + "11".repeat(5)]) {
      const s = stub();
      assert.deepEqual(s.run("0802" + "62" + (body.length / 2).toString(16).padStart(2, "0") + body), [0, "08036a020804"]);
      assert.deepEqual(s.calls, []);
    }
  });

  it("cuts the SSID and passphrase at the first NUL as handlers.c does", () => {
    const s = stub();
    s.run("0802620a" + "0a03610062" + "1203630064");
    assert.equal(s.calls[0], "a/c/0/0");
  });

  it("answers apply_config 08 05 7a 00 on success and 08 05 7a 02 08 05 on refusal", () => {
    assert.deepEqual(stub({}, 0).run("08047200"), [0, "08057a00"]);
    assert.deepEqual(stub({}, -1).run("08047200"), [0, "08057a020805"]);
  });

  it("fails the request (no reply) for an unknown msg, garbage, or set_config without its body", () => {
    assert.notEqual(stub().run("0806")[0], 0);
    assert.notEqual(stub().run("ff")[0], 0);
    assert.notEqual(stub().run("0802")[0], 0);
  });
});
