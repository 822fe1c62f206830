// CtrStream against NIST SP 800-38A F.5.5 / F.5.6 (CTR-AES256), including the counter carry ff -> 00.
import assert from "node:assert/strict";
import { ctrStream } from "../../../src/crypto/aes-ctr";
import { nodeCrypto } from "../../../tools/node-platform/crypto";
import { hex, loadVectors, toHex } from "./vectors";

interface Nist {
  key: string;
  initCounter: string;
  blocks: { counter: string; keystream: string; plaintext: string; ciphertext: string }[];
}
const V = loadVectors<Nist>("nist-sp800-38a/ctr-aes256.json");
const all = (f: "plaintext" | "ciphertext" | "keystream") => V.blocks.map((b) => b[f]).join("");

describe("CtrStream NIST SP 800-38A CTR-AES256", () => {
  it("encrypts the F.5.5 plaintext to the F.5.5 ciphertext", () => {
    const s = ctrStream(nodeCrypto, hex(V.key), hex(V.initCounter));
    assert.equal(toHex(s.apply(hex(all("plaintext")))), all("ciphertext"));
  });

  it("decrypts the F.5.6 ciphertext block by block, continuing the counter across calls", () => {
    const s = ctrStream(nodeCrypto, hex(V.key), hex(V.initCounter));
    for (const b of V.blocks) assert.equal(toHex(s.apply(hex(b.ciphertext))), b.plaintext);
  });

  it("produces the listed output blocks as keystream (encrypting zeros)", () => {
    const s = ctrStream(nodeCrypto, hex(V.key), hex(V.initCounter));
    assert.equal(toHex(s.apply(new Uint8Array(64))), all("keystream"));
  });

  it("makes each keystream block by AES-ECB of the listed counter block", () => {
    for (const b of V.blocks) assert.equal(toHex(nodeCrypto.aesEcb(hex(V.key), hex(b.counter))), b.keystream);
  });

  it("leaves the input untouched and returns an empty array for empty input", () => {
    const s = ctrStream(nodeCrypto, hex(V.key), hex(V.initCounter));
    const p = hex(V.blocks[0]!.plaintext);
    s.apply(p);
    assert.equal(toHex(p), V.blocks[0]!.plaintext);
    assert.equal(s.apply(new Uint8Array(0)).length, 0);
  });
});
