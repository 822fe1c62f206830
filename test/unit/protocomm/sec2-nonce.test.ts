// Security 2 data phase (docs/spec/protocol.md §3.3, docs/platform/clients.md §3.4): GCM nonces of both patch versions across
// several messages in both directions, checked against node:crypto aes-256-gcm; tampering.
import assert from "node:assert/strict";
import { createCipheriv } from "node:crypto";
import { Dev, V, hex, toHex } from "./sec2-harness.ts";

const key = hex(V.K!).subarray(0, 32);

/** AES-256-GCM with node:crypto: ciphertext ‖ 16-byte tag, no AAD. */
function seal(iv: Uint8Array, pt: Uint8Array): Uint8Array {
  const c = createCipheriv("aes-256-gcm", key, iv);
  return new Uint8Array(Buffer.concat([c.update(pt), c.final(), c.getAuthTag()]));
}

/** patch 1: prefix ‖ BE32(counter); patch 0: the 16-byte IV unchanged. */
function nonceAt(base: Uint8Array, patch: number, counter: number): Uint8Array {
  if (patch === 0) return base;
  const n = new Uint8Array(base);
  new DataView(n.buffer).setUint32(8, counter);
  return n;
}

/** A device with the transcript's session established; returns it and the device_nonce it sent. */
function established(patchVer: number): { dev: Dev; nonce: Uint8Array } {
  const prefix = patchVer === 0 ? hex("00112233445566778899aabbccddeeff") : hex("a1a2a3a4a5a6a7a8");
  const dev = new Dev({ patchVer, queue: [hex(V.device_private_b!), new Uint8Array(32).fill(1), prefix] });
  dev.pc.openSession(42);
  assert.equal(dev.call("prov-session", hex(V.session_cmd0!)).err, 0);
  const r1 = dev.call("prov-session", hex(V.session_cmd1!));
  assert.equal(r1.err, 0);
  const nonce = (r1.data as Uint8Array).subarray(-(patchVer === 0 ? 16 : 12));
  return { dev, nonce: new Uint8Array(nonce) };
}

describe("security 2 nonces across a multi-message session", function () {
  this.timeout(20_000);

  for (const patch of [0, 1]) {
    it(`patch ${patch}: every request and response matches node:crypto with the ${patch ? "shared counter" : "fixed IV"}`, () => {
      const { dev, nonce } = established(patch);
      if (patch === 1) assert.equal(toHex(nonce), "a1a2a3a4a5a6a7a800000001");
      else assert.equal(toHex(nonce), "00112233445566778899aabbccddeeff");
      let counter = 1;
      for (const len of [2, 0, 17, 64, 300]) {
        const pt = new Uint8Array(len).map((_, i) => (i * 7 + len) & 255);
        const r = dev.call("prov-config", seal(nonceAt(nonce, patch, counter++), pt));
        assert.equal(r.err, 0, `request of ${len} bytes`);
        assert.equal(toHex(dev.seen[dev.seen.length - 1]), toHex(pt));
        assert.equal(toHex(r.data), toHex(seal(nonceAt(nonce, patch, counter++), new Uint8Array(pt).reverse())));
      }
    });
  }

  it("patch 1: a tampered tag fails without moving the counter, and the next valid message works", () => {
    const { dev, nonce } = established(1);
    const good = seal(nonceAt(nonce, 1, 1), hex("5200"));
    const bad = new Uint8Array(good);
    bad[bad.length - 1]! ^= 1;
    assert.notEqual(dev.call("prov-config", bad).err, 0);
    assert.equal(dev.seen.length, 0);
    const r = dev.call("prov-config", good);
    assert.equal(r.err, 0);
    assert.equal(toHex(r.data), toHex(seal(nonceAt(nonce, 1, 2), hex("0052"))));
  });

  it("patch 1: a replayed request is refused because the counter has moved on", () => {
    const { dev, nonce } = established(1);
    const req = seal(nonceAt(nonce, 1, 1), hex("5200"));
    assert.equal(dev.call("prov-config", req).err, 0);
    assert.notEqual(dev.call("prov-config", req).err, 0);
    assert.equal(dev.seen.length, 1);
  });

  it("refuses a request shorter than the 16-byte tag", () => {
    const { dev } = established(1);
    assert.notEqual(dev.call("prov-config", new Uint8Array(15)).err, 0);
    assert.equal(dev.seen.length, 0);
  });

  it("patch 1: refuses to use counter 0 once the counter wraps", () => {
    const { dev, nonce } = established(1);
    (dev.sec as unknown as { iv_: Uint8Array }).iv_.set([0xff, 0xff, 0xff, 0xfe], 8);
    dev.answer = new Uint8Array(0);
    // decrypt with 0xfffffffe, encrypt with 0xffffffff, then the counter would be 0.
    assert.equal(dev.call("prov-config", seal(nonceAt(nonce, 1, 0xfffffffe), hex("01"))).err, 0);
    assert.notEqual(dev.call("prov-config", seal(nonceAt(nonce, 1, 0), hex("01"))).err, 0);
    assert.equal(dev.seen.length, 1);
  });
});
