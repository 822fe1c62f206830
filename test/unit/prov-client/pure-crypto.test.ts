// The page's pure-JS crypto (tools/prov-client/crypto): SHA-256 against the FIPS 180-4 examples,
// AES against FIPS 197 Appendix C and NIST SP 800-38A (through the device's CTR stream), both
// against node:crypto on random inputs, and randomness only from getRandomValues.
import assert from "node:assert/strict";
import { createCipheriv, createHash } from "node:crypto";
import fc from "fast-check";
import { ctrStream } from "../../../src/crypto/aes-ctr.ts";
import { aesEcb } from "../../../tools/prov-client/crypto/aes.ts";
import { createPureCrypto, randomFrom } from "../../../tools/prov-client/crypto/pure.ts";
import { clientCrypto } from "../../../tools/prov-client/crypto/select.ts";
import { sha256 } from "../../../tools/prov-client/crypto/sha256.ts";
import { nodeCrypto } from "../../../tools/node-platform/crypto.ts";
import { FC_PATH, FC_SEED, runs } from "../../helpers/props.ts";
import { hex, loadVectors, toHex } from "../crypto/vectors.ts";

const ascii = (s: string) => new Uint8Array(Buffer.from(s, "latin1"));

describe("pure-JS client crypto", () => {
  describe("SHA-256 (FIPS 180-4 examples)", () => {
    it('"abc" (one block)', () => {
      assert.equal(toHex(sha256(ascii("abc"))), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    });
    it("the 448-bit two-block message", () => {
      assert.equal(toHex(sha256(ascii("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"))), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    });
    it("the empty message", () => {
      assert.equal(toHex(sha256(new Uint8Array(0))), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    });
    it("one million 'a'", () => {
      assert.equal(toHex(sha256(new Uint8Array(1000000).fill(0x61))), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    });
    it("equals node:crypto for every length around the padding boundaries and random data", () => {
      for (let n = 0; n <= 130; n++) {
        const d = new Uint8Array(n).map((_, i) => (i * 7 + n) & 255);
        assert.equal(toHex(sha256(d)), createHash("sha256").update(d).digest("hex"), `length ${n}`);
      }
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 2000 }), (d) => {
          const copy = new Uint8Array(d);
          assert.equal(toHex(sha256(d)), createHash("sha256").update(d).digest("hex"));
          assert.deepEqual(d, copy, "input untouched");
        }),
        { numRuns: runs(200), seed: FC_SEED, path: FC_PATH }
      );
    });
  });

  describe("AES (FIPS 197 Appendix C, NIST SP 800-38A)", () => {
    const pt = "00112233445566778899aabbccddeeff";
    const key = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    it("AES-128 C.1, AES-192 C.2, AES-256 C.3", () => {
      assert.equal(toHex(aesEcb(hex(key.slice(0, 32)), hex(pt))), "69c4e0d86a7b0430d8cdb78070b4c55a");
      assert.equal(toHex(aesEcb(hex(key.slice(0, 48)), hex(pt))), "dda97ca4864cdfe06eaf70a0ec0d7191");
      assert.equal(toHex(aesEcb(hex(key), hex(pt))), "8ea2b7ca516745bfeafc49904b496089");
    });

    it("runs the device's CTR stream to the SP 800-38A F.5.5 CTR-AES256 ciphertext", () => {
      const V = loadVectors<{ key: string; initCounter: string; blocks: { plaintext: string; ciphertext: string }[] }>("nist-sp800-38a/ctr-aes256.json");
      const s = ctrStream(createPureCrypto(), hex(V.key), hex(V.initCounter));
      const plain = V.blocks.map((b) => b.plaintext).join("");
      assert.equal(toHex(s.apply(hex(plain))), V.blocks.map((b) => b.ciphertext).join(""));
    });

    it("equals node:crypto AES-ECB for random keys of each size and several blocks", () => {
      fc.assert(
        fc.property(fc.constantFrom(16, 24, 32), fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.integer({ min: 0, max: 8 }), fc.uint8Array({ minLength: 128, maxLength: 128 }), (kl, k, nb, d) => {
          const kk = k.subarray(0, kl);
          const data = d.subarray(0, nb * 16);
          assert.equal(toHex(aesEcb(kk, data)), toHex(nodeCrypto.aesEcb(kk, data)));
        }),
        { numRuns: runs(150), seed: FC_SEED, path: FC_PATH }
      );
    });

    it("equals node:crypto aes-256-ctr as a continuous stream", () => {
      const k = new Uint8Array(32).map((_, i) => i * 13);
      const iv = new Uint8Array(16).fill(0xff);
      const data = new Uint8Array(300).map((_, i) => i);
      const c = createCipheriv("aes-256-ctr", k, iv);
      const want = Buffer.concat([c.update(data), c.final()]).toString("hex");
      const s = ctrStream(createPureCrypto(), k, iv);
      assert.equal(toHex(s.apply(data.subarray(0, 33))) + toHex(s.apply(data.subarray(33))), want);
    });

    it("refuses a bad key size or a partial block with a clear error", () => {
      assert.throws(() => aesEcb(new Uint8Array(20), new Uint8Array(16)), /AES key must be 16, 24 or 32 bytes, got 20/);
      assert.throws(() => aesEcb(new Uint8Array(32), new Uint8Array(15)), /multiple of 16 bytes, got 15/);
    });
  });

  describe("randomness", () => {
    it("comes from getRandomValues, at most 65536 bytes per call", () => {
      const calls: number[] = [];
      const src = { getRandomValues: (a: Uint8Array) => (calls.push(a.length), a.fill(0xab)) };
      const r = createPureCrypto(src).random(70000);
      assert.deepEqual(calls, [65536, 4464]);
      assert.ok(r.every((b) => b === 0xab));
    });

    it("without getRandomValues it refuses, never falling back to Math.random", () => {
      const orig = Math.random;
      Math.random = () => assert.fail("Math.random used");
      try {
        assert.throws(() => randomFrom(undefined, 32), /no secure random source: this browser has no crypto.getRandomValues/);
      } finally {
        Math.random = orig;
      }
    });

    it("by default uses globalThis.crypto (present in Node and browsers)", () => {
      const a = createPureCrypto().random(32);
      const b = createPureCrypto().random(32);
      assert.equal(a.length, 32);
      assert.notEqual(toHex(a), toHex(b));
    });

    it("has no SHA-512 (security 2 stays on node:crypto) and says so", () => {
      assert.throws(() => createPureCrypto().sha512(new Uint8Array(1)), /security 2 needs wifi-prov with node:crypto/);
    });
  });

  describe("wifi-prov's choice (WIFI_PROV_CRYPTO)", () => {
    it("node:crypto by default, pure on request, a clear error otherwise", () => {
      assert.equal(clientCrypto({}), nodeCrypto);
      assert.equal(clientCrypto({ WIFI_PROV_CRYPTO: "node" }), nodeCrypto);
      assert.equal(toHex(clientCrypto({ WIFI_PROV_CRYPTO: "pure" }).sha256(ascii("abc"))).slice(0, 8), "ba7816bf");
      assert.throws(() => clientCrypto({ WIFI_PROV_CRYPTO: "webcrypto" }), /WIFI_PROV_CRYPTO=webcrypto: expected "node" or "pure"/);
    });
  });
});
