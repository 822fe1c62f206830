// Gcm against McGrew & Viega's GCM specification, Test Cases 13-18 (AES-256; 8- and 60-byte IVs).
import assert from "node:assert/strict";
import { Gcm } from "../../../src/crypto/gcm";
import { nodeCrypto } from "../../../tools/node-platform/crypto";
import { hex, loadVectors, toHex } from "./vectors";

interface Case {
  name: string;
  K: string;
  P: string;
  A: string;
  IV: string;
  C: string;
  T: string;
}
const V = loadVectors<Case[]>("gcm-spec/aes256-test-cases.json");

describe("Gcm specification test cases 13-18 (AES-256)", () => {
  it("covers every 256-bit-key case, including the short and long IVs", () => {
    assert.deepEqual(
      V.map((v) => v.name),
      ["Test Case 13", "Test Case 14", "Test Case 15", "Test Case 16", "Test Case 17", "Test Case 18"],
    );
    assert.deepEqual(V.map((v) => v.IV.length / 2), [12, 12, 12, 12, 8, 60]);
  });

  for (const v of V) {
    it(`${v.name}: encrypts P (with A) to C and tag T`, () => {
      const g = new Gcm(nodeCrypto, hex(v.K));
      assert.equal(toHex(g.encrypt(hex(v.IV), hex(v.P), hex(v.A))), v.C + v.T);
    });

    it(`${v.name}: decrypts C ‖ T back to P`, () => {
      const g = new Gcm(nodeCrypto, hex(v.K));
      const p = g.decrypt(hex(v.IV), hex(v.C + v.T), hex(v.A));
      assert.ok(p);
      assert.equal(toHex(p), v.P);
    });
  }

  it("rejects Test Case 16 with the tag's last bit flipped", () => {
    const v = V[3] as Case;
    const sealed = hex(v.C + v.T);
    sealed[sealed.length - 1] = (sealed[sealed.length - 1] as number) ^ 1;
    assert.equal(new Gcm(nodeCrypto, hex(v.K)).decrypt(hex(v.IV), sealed, hex(v.A)), undefined);
  });
});
