// The host client's sec2 (tools/prov-client/security/sec2.ts) against the device's Sec2 in
// process, both nonce schemes, and against the esp_prov transcript (docs/spec/protocol.md §3.3).
import assert from "node:assert/strict";
import { Sec2Client } from "../../../tools/prov-client/security/sec2.ts";
import { nodeCrypto } from "../../../tools/node-platform/crypto.ts";
import { Dev, V, hex, toHex } from "./sec2-harness.ts";

const client = (patchVer: number, password = V.password!, privateKey?: Uint8Array) =>
  new Sec2Client({ crypto: nodeCrypto, username: V.username, password, patchVer, privateKey });

/** Runs the client's handshake against dev; returns the error of the first failing step, or 0. */
function connect(c: Sec2Client, dev: Dev): number {
  dev.pc.openSession(42);
  let req: Uint8Array | undefined = c.start();
  while (req) {
    const r = dev.call("prov-session", req);
    if (r.err !== 0) return r.err;
    req = c.next(r.data as Uint8Array);
  }
  return 0;
}

describe("prov-client sec2 ↔ device Sec2 in process", function () {
  this.timeout(20_000);

  for (const patch of [0, 1]) {
    it(`patch ${patch}: establishes a session and exchanges several messages both ways`, () => {
      const dev = new Dev({ patchVer: patch });
      const c = client(patch);
      assert.equal(connect(c, dev), 0);
      for (const msg of ["5200", "", "08021a0a0a0278781204797979", "ff".repeat(200)]) {
        const r = dev.call("prov-config", c.encrypt(hex(msg)));
        assert.equal(r.err, 0);
        assert.equal(toHex(dev.seen[dev.seen.length - 1]), msg);
        assert.equal(toHex(c.decrypt(r.data as Uint8Array)), toHex(hex(msg).reverse()));
      }
    });
  }

  it("reports a wrong password as the device closing the handshake (FAIL, no reply)", () => {
    assert.equal(connect(client(1, "wrong"), new Dev()), -1);
  });

  it("a patch-0 client on a patch-1 device works for one request only (docs/spec/protocol.md §3.3 compatibility)", () => {
    const dev = new Dev({ patchVer: 1 });
    const c = client(0);
    assert.equal(connect(c, dev), 0);
    const r = dev.call("prov-config", c.encrypt(hex("5200")));
    assert.equal(r.err, 0);
    assert.throws(() => c.decrypt(r.data as Uint8Array), (e: Error & { kind?: string }) => e.kind === "session");
    assert.notEqual(dev.call("prov-config", c.encrypt(hex("5200"))).err, 0);
  });

  it("a patch-1 client refuses the 16-byte nonce of a patch-0 device as a protocol error", () => {
    assert.throws(() => connect(client(1), new Dev({ patchVer: 0 })), (e: Error & { kind?: string }) => e.kind === "protocol");
  });
});

describe("prov-client sec2 against the esp_prov transcript", function () {
  this.timeout(20_000);

  it("sends Cmd0 and Cmd1 byte for byte with the transcript's a, then get_status with counters 1 and 2", () => {
    const c = client(1, V.password, hex(V.client_private_a!));
    assert.equal(toHex(c.start()), V.session_cmd0);
    assert.equal(toHex(c.next(hex(V.session_resp0!))), V.session_cmd1);
    assert.equal(c.next(hex(V.session_resp1!)), undefined);
    assert.equal(toHex(c.currentNonce()), "a1a2a3a4a5a6a7a800000001");
    assert.equal(toHex(c.encrypt(hex(V.get_status_request_plain!))), V.get_status_request_encrypted);
    assert.equal(toHex(c.decrypt(hex(V.get_status_response_encrypted!))), V.get_status_response_plain);
    assert.equal(toHex(c.currentNonce()), "a1a2a3a4a5a6a7a800000003");
  });
});
