// Gcm cross-checked against node:crypto aes-256-gcm on random inputs; tampering is rejected.
import assert from "node:assert/strict";
import { createCipheriv } from "node:crypto";
import fc from "fast-check";
import { Gcm } from "../../../src/crypto/gcm";
import { nodeCrypto } from "../../../tools/node-platform/crypto";
import { toHex } from "./vectors";
import { runs } from "../../helpers/props.ts";

function nodeSeal(key: Uint8Array, iv: Uint8Array, p: Uint8Array, aad: Uint8Array): string {
  const c = createCipheriv("aes-256-gcm", key, iv);
  if (aad.length > 0) c.setAAD(aad);
  return Buffer.concat([c.update(p), c.final(), c.getAuthTag()]).toString("hex");
}

const key = fc.uint8Array({ minLength: 32, maxLength: 32 });
const iv = fc.oneof(fc.uint8Array({ minLength: 12, maxLength: 12 }), fc.uint8Array({ minLength: 1, maxLength: 70 }));
const data = fc.uint8Array({ maxLength: 300 });
const aad = fc.uint8Array({ maxLength: 40 });

describe("Gcm against node:crypto aes-256-gcm", () => {
  it("seals like node:crypto for random keys, IVs (12 bytes and other lengths), data and AAD", () => {
    fc.assert(
      fc.property(key, iv, data, aad, (k, n, p, a) => {
        assert.equal(toHex(new Gcm(nodeCrypto, k).encrypt(n, p, a)), nodeSeal(k, n, p, a));
      }),
      { numRuns: runs(300) },
    );
  });

  it("opens what it sealed, with or without AAD", () => {
    fc.assert(
      fc.property(key, iv, data, aad, (k, n, p, a) => {
        const g = new Gcm(nodeCrypto, k);
        assert.equal(toHex(g.decrypt(n, g.encrypt(n, p, a), a) ?? new Uint8Array([1])), toHex(p));
        assert.equal(toHex(g.decrypt(n, g.encrypt(n, p)) ?? new Uint8Array([1])), toHex(p));
      }),
      { numRuns: runs(100) },
    );
  });

  it("rejects any single flipped bit in ciphertext or tag, a different AAD, IV, or a truncated input", () => {
    fc.assert(
      fc.property(key, iv, fc.uint8Array({ minLength: 1, maxLength: 100 }), fc.nat(), fc.nat(7), (k, n, p, at, bit) => {
        const g = new Gcm(nodeCrypto, k);
        const sealed = g.encrypt(n, p);
        const bad = new Uint8Array(sealed);
        const i = at % bad.length;
        bad[i] = (bad[i] as number) ^ (1 << bit);
        assert.equal(g.decrypt(n, bad), undefined);
        assert.equal(g.decrypt(n, sealed, new Uint8Array([0])), undefined);
        assert.equal(g.decrypt(n, sealed.subarray(0, sealed.length - 1)), undefined);
        const n2 = new Uint8Array(n);
        n2[0] = (n2[0] as number) ^ 0x80;
        assert.equal(g.decrypt(n2, sealed), undefined);
      }),
      { numRuns: runs(100) },
    );
  });

  it("refuses inputs shorter than a tag", () => {
    const g = new Gcm(nodeCrypto, new Uint8Array(32));
    assert.equal(g.decrypt(new Uint8Array(12), new Uint8Array(15)), undefined);
  });

  it("no longer produces the same output after wipe()", () => {
    const g = new Gcm(nodeCrypto, new Uint8Array(32).fill(7));
    const before = toHex(g.encrypt(new Uint8Array(12), new Uint8Array(16)));
    g.wipe();
    assert.notEqual(toHex(g.encrypt(new Uint8Array(12), new Uint8Array(16))), before);
  });
});
