// Cross-checks src/crypto/x25519 against node:crypto's X25519 (OpenSSL) on random and edge inputs.
import assert from "node:assert/strict";
import { createPrivateKey, createPublicKey, diffieHellman } from "node:crypto";
import fc from "fast-check";
import { useConvolve, x25519, x25519Base } from "../../../src/crypto/x25519";
import { emulatedConvolve } from "./x25519-conv";
import { toHex } from "./vectors";
import { runs } from "../../helpers/props.ts";

// DER prefixes of RFC 8410 PKCS#8 / SPKI wrappers for a raw 32-byte X25519 key (OID 1.3.101.110).
const PKCS8 = Buffer.from("302e020100300506032b656e04220420", "hex");
const SPKI = Buffer.from("302a300506032b656e032100", "hex");

function nodeX25519(k: Uint8Array, u: Uint8Array): string {
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8, k]), format: "der", type: "pkcs8" });
  const publicKey = createPublicKey({ key: Buffer.concat([SPKI, u]), format: "der", type: "spki" });
  return diffieHellman({ privateKey, publicKey }).toString("hex");
}

function nodePublic(k: Uint8Array): string {
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8, k]), format: "der", type: "pkcs8" });
  return createPublicKey(privateKey).export({ format: "der", type: "spki" }).subarray(SPKI.length).toString("hex");
}

const bytes32 = fc.uint8Array({ minLength: 32, maxLength: 32 });

describe("x25519 against node:crypto", () => {
  it("computes the same shared secret for random scalars and u-coordinates", () => {
    fc.assert(
      fc.property(bytes32, bytes32, (k, u) => {
        assert.equal(toHex(x25519(k, u)), nodeX25519(k, u));
      }),
      { numRuns: runs(60) }
    );
  });

  it("computes the same public key for random scalars", () => {
    fc.assert(
      fc.property(bytes32, (k) => {
        assert.equal(toHex(x25519Base(k)), nodePublic(k));
      }),
      { numRuns: runs(30) }
    );
  });

  it("reduces non-canonical u-coordinates (p .. 2^256-1) as node:crypto does", () => {
    const k = new Uint8Array(32).fill(0x5a);
    const p9 = new Uint8Array(32).fill(0xff);
    p9[0] = 0xf6; // p + 9 ≡ the base point
    p9[31] = 0x7f;
    assert.equal(toHex(x25519(k, p9)), toHex(x25519Base(k)));
    for (const u of [p9, new Uint8Array(32).fill(0xff), new Uint8Array(32).fill(0x80)]) {
      assert.equal(toHex(x25519(k, u)), nodeX25519(k, u));
    }
  });

  it("gives the same results with the convolve field multiplication as with the JS loop", () => {
    fc.assert(
      fc.property(bytes32, bytes32, (k, u) => {
        const plain = toHex(x25519(k, u));
        useConvolve(emulatedConvolve);
        try {
          assert.equal(toHex(x25519(k, u)), plain);
        } finally {
          useConvolve(undefined);
        }
      }),
      { numRuns: runs(20) }
    );
  });
});
