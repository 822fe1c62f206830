// RFC 7748 §5.2 and §6.1 vectors against src/crypto/x25519, for the JS and the convolve field multiplication.
import assert from "node:assert/strict";
import { useConvolve, x25519, x25519Base } from "../../../src/crypto/x25519";
import { emulatedConvolve } from "./x25519-conv";
import { hex, loadVectors, toHex } from "./vectors";

interface Rfc7748 {
  single: { scalar: string; u: string; out: string }[];
  iterated: { start: string; after: { iterations: number; k: string }[] };
  dh: { alicePrivate: string; alicePublic: string; bobPrivate: string; bobPublic: string; shared: string };
}
const V = loadVectors<Rfc7748>("rfc7748/x25519.json");

/** §5.2 second kind: k = X25519(k, u), u = old k, starting from k = u = 9. */
function iterate(n: number): string {
  let k = hex(V.iterated.start);
  let u = hex(V.iterated.start);
  for (let i = 0; i < n; i++) {
    const r = x25519(k, u);
    u = k;
    k = r;
  }
  return toHex(k);
}

// The 1,000,000-iteration vector takes ~40 min in Node: it is a test only with RFC7748_1M=1
// (RFC7748_1M=1 npx mocha test/unit/crypto/x25519-rfc.test.ts), never a skip in the suite.
const MAX_JS = process.env.RFC7748_1M ? 1_000_000 : 1000;
const variants: [string, Parameters<typeof useConvolve>[0], number][] = [
  ["pure-JS field multiplication", undefined, MAX_JS],
  ["E.convolve field multiplication (emulated)", emulatedConvolve, 1],
];

for (const [name, conv, maxIter] of variants) {
  describe(`x25519 RFC 7748 vectors, ${name}`, () => {
    before(() => useConvolve(conv));
    after(() => useConvolve(undefined));

    it("matches both §5.2 single scalar-multiplication vectors (top bit of u masked)", () => {
      for (const v of V.single) assert.equal(toHex(x25519(hex(v.scalar), hex(v.u))), v.out);
    });

    for (const a of V.iterated.after) {
      if (a.iterations > maxIter) continue;
      it(`matches the §5.2 result after ${a.iterations} iteration(s)`, function () {
        this.timeout(a.iterations > 1000 ? 0 : 60_000);
        assert.equal(iterate(a.iterations), a.k);
      });
    }

    it("derives Alice's and Bob's §6.1 public keys from their private keys", () => {
      assert.equal(toHex(x25519Base(hex(V.dh.alicePrivate))), V.dh.alicePublic);
      assert.equal(toHex(x25519Base(hex(V.dh.bobPrivate))), V.dh.bobPublic);
    });

    it("gives both sides the same §6.1 shared secret", () => {
      assert.equal(toHex(x25519(hex(V.dh.alicePrivate), hex(V.dh.bobPublic))), V.dh.shared);
      assert.equal(toHex(x25519(hex(V.dh.bobPrivate), hex(V.dh.alicePublic))), V.dh.shared);
    });
  });
}

describe("x25519 inputs", () => {
  it("leaves the caller's scalar and u untouched", () => {
    const v = V.single[1]!;
    const k = hex(v.scalar);
    const u = hex(v.u);
    x25519(k, u);
    assert.equal(toHex(k), v.scalar);
    assert.equal(toHex(u), v.u);
  });

  it("returns all zeros for the small-order points u = 0 and u = 1 (RFC 7748 §6.1 check)", () => {
    const k = hex(V.dh.alicePrivate);
    const one = new Uint8Array(32);
    one[0] = 1;
    assert.equal(toHex(x25519(k, new Uint8Array(32))), "00".repeat(32));
    assert.equal(toHex(x25519(k, one)), "00".repeat(32));
  });
});
