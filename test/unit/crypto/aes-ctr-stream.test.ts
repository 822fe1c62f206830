// CtrStream as one continuous keystream: arbitrary splits equal a single node:crypto aes-256-ctr stream.
import assert from "node:assert/strict";
import { createCipheriv } from "node:crypto";
import fc from "fast-check";
import { ctrStream } from "../../../src/crypto/aes-ctr";
import type { CryptoPort } from "../../../src/platform/crypto";
import { nodeCrypto } from "../../../tools/node-platform/crypto";
import { toHex } from "./vectors";
import { runs } from "../../helpers/props.ts";

function nodeCtr(key: Uint8Array, iv: Uint8Array, data: Uint8Array): string {
  const c = createCipheriv("aes-256-ctr", key, iv);
  return Buffer.concat([c.update(data), c.final()]).toString("hex");
}

const bytes = (n: number) => fc.uint8Array({ minLength: n, maxLength: n });

describe("CtrStream continuity", () => {
  it("equals one node:crypto aes-256-ctr stream however the data is split across calls", () => {
    fc.assert(
      fc.property(bytes(32), bytes(16), fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 12 }), (k, iv, parts) => {
        const s = ctrStream(nodeCrypto, k, iv);
        const mine = parts.map((p) => toHex(s.apply(p))).join("");
        assert.equal(mine, nodeCtr(k, iv, Buffer.concat(parts)));
      }),
      { numRuns: runs(200) }
    );
  });

  it("carries the counter through all 128 bits (iv ff..ff wraps to 00..00)", () => {
    const k = new Uint8Array(32).fill(1);
    const iv = new Uint8Array(16).fill(0xff);
    iv[0] = 0xfe; // also checks the carry stops at the first non-wrapping byte
    const s = ctrStream(nodeCrypto, k, iv);
    const data = new Uint8Array(80).fill(0x33);
    assert.equal(toHex(s.apply(data.subarray(0, 7))) + toHex(s.apply(data.subarray(7))), nodeCtr(k, iv, data));
    const s2 = ctrStream(nodeCrypto, k, new Uint8Array(16).fill(0xff));
    assert.equal(toHex(s2.apply(data)), nodeCtr(k, new Uint8Array(16).fill(0xff), data));
  });

  it("asks AES-ECB for several blocks per call rather than one call per block", () => {
    let calls = 0;
    const counting: CryptoPort = { ...nodeCrypto, aesEcb: (key, d) => (calls++, nodeCrypto.aesEcb(key, d)) };
    const s = ctrStream(counting, new Uint8Array(32), new Uint8Array(16));
    s.apply(new Uint8Array(200));
    assert.ok(calls <= 2, `${calls} aesEcb calls for 200 bytes`);
  });

  it("does not keep a reference to the caller's key or iv", () => {
    const k = new Uint8Array(32).fill(7);
    const iv = new Uint8Array(16).fill(9);
    const s = ctrStream(nodeCrypto, k, iv);
    const want = nodeCtr(k, iv, new Uint8Array(20));
    k.fill(0);
    iv.fill(0);
    assert.equal(toHex(s.apply(new Uint8Array(20))), want);
  });

  it("stops producing the old keystream after wipe()", () => {
    const k = new Uint8Array(32).fill(7);
    const iv = new Uint8Array(16).fill(9);
    const s = ctrStream(nodeCrypto, k, iv);
    s.apply(new Uint8Array(5));
    s.wipe();
    const after = toHex(s.apply(new Uint8Array(27)));
    assert.notEqual(after, nodeCtr(k, iv, new Uint8Array(32)).slice(10));
  });
});
