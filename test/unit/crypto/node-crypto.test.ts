// The Node CryptoPort (tools/node-platform/crypto.ts) against FIPS 180-2 Appendix B/C examples and FIPS 197.
import assert from "node:assert/strict";
import { strBytes } from "../../../src/core/bytes";
import { nodeCrypto } from "../../../tools/node-platform/crypto";
import { hex, toHex } from "./vectors";

// FIPS 180-2 (2002) B.1/B.2 (SHA-256) and C.1/C.2 (SHA-512): one-block "abc" and the two-block messages.
const SHA256: [string, string][] = [
  ["abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"],
  ["abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"],
];
const SHA512: [string, string][] = [
  [
    "abc",
    "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
  ],
  [
    "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
    "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909",
  ],
];

describe("node CryptoPort", () => {
  it("hashes the FIPS 180-2 SHA-256 examples", () => {
    for (const [m, d] of SHA256) assert.equal(toHex(nodeCrypto.sha256(strBytes(m))), d);
  });

  it("hashes the FIPS 180-2 SHA-512 examples", () => {
    for (const [m, d] of SHA512) assert.equal(toHex(nodeCrypto.sha512(strBytes(m))), d);
  });

  it("encrypts the FIPS 197 C.1 and C.3 examples with AES-ECB (128- and 256-bit keys)", () => {
    const pt = hex("00112233445566778899aabbccddeeff");
    assert.equal(toHex(nodeCrypto.aesEcb(hex("000102030405060708090a0b0c0d0e0f"), pt)), "69c4e0d86a7b0430d8cdb78070b4c55a");
    const k256 = hex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    assert.equal(toHex(nodeCrypto.aesEcb(k256, pt)), "8ea2b7ca516745bfeafc49904b496089");
  });

  it("encrypts several blocks independently in one AES-ECB call", () => {
    const k = new Uint8Array(32).fill(5);
    const one = nodeCrypto.aesEcb(k, new Uint8Array(16).fill(1));
    const two = nodeCrypto.aesEcb(k, new Uint8Array(32).fill(1));
    assert.equal(toHex(two), toHex(one) + toHex(one));
  });

  it("returns random bytes of the requested length that differ between calls", () => {
    const a = nodeCrypto.random(32);
    assert.equal(a.length, 32);
    assert.notEqual(toHex(a), toHex(nodeCrypto.random(32)));
  });
});
