// The 13×20-bit representation relies on every E.convolve dot product being an exact double:
// all products and partial sums must stay below 2^53 (bound argued in src/crypto/x25519.ts).
import assert from "node:assert/strict";
import fc from "fast-check";
import { useConvolve, x25519 } from "../../../src/crypto/x25519";
import { checkedConvolve, convStats } from "./x25519-conv";
import { runs } from "../../helpers/props.ts";

const LIMIT = 2 ** 53;

function maxMagnitude(k: Uint8Array, u: Uint8Array): number {
  convStats.max = 0;
  useConvolve(checkedConvolve);
  try {
    x25519(k, u);
  } finally {
    useConvolve(undefined);
  }
  return convStats.max;
}

describe("x25519 convolve exactness", () => {
  it("keeps every product and partial sum below 2^53 for random scalars and u-coordinates", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ minLength: 32, maxLength: 32 }), (k, u) => {
        assert.ok(maxMagnitude(k, u) < LIMIT);
      }),
      { numRuns: runs(15) }
    );
  });

  it("keeps the bound for extreme u-coordinates (all ones, p-1, non-canonical p+9, zero)", () => {
    const k = new Uint8Array(32).fill(0xff);
    const pm1 = new Uint8Array(32).fill(0xff);
    pm1[0] = 0xec;
    pm1[31] = 0x7f;
    const p9 = new Uint8Array(32).fill(0xff);
    p9[0] = 0xf6;
    p9[31] = 0x7f;
    for (const u of [new Uint8Array(32).fill(0xff), pm1, p9, new Uint8Array(32)]) {
      const m = maxMagnitude(k, u);
      assert.ok(m < LIMIT, `max ${Math.log2(m).toFixed(2)} bits`);
    }
  });
});
