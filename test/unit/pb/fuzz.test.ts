// Decoders never throw: random garbage and mutated valid messages give a message or undefined,
// and whatever they accept re-encodes to bytes that decode to the same message.
import assert from "node:assert/strict";
import fc from "fast-check";
import { arb, codec, messageTypes } from "./pb-helpers";
import { mutate, mutation } from "../../fuzz/fuzz-helpers";
import { runs } from "../../helpers/props.ts";

const all = messageTypes.map((t) => ({ t, c: codec(t.name) }));

/** Decodes with every decoder; fails the property if any throws or accepts unstable output. */
function decodeEverywhere(b: Uint8Array): void {
  for (const { c } of all) {
    const m = c.dec(b);
    if (m === undefined) continue;
    assert.deepStrictEqual(c.dec(c.enc(m)), m);
  }
}


describe("decoder robustness", () => {
  it("random bytes never make any decoder throw", () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 80 }), decodeEverywhere), { numRuns: runs(1200) });
  });

  for (const { t, c } of all) {
    it(`mutated ${t.name} messages never make any decoder throw`, () => {
      fc.assert(
        fc.property(arb(t, false), fc.array(mutation, { minLength: 1, maxLength: 3 }), (m, ms) => {
          decodeEverywhere(mutate(c.enc(m), ms));
        }),
        { numRuns: runs(60, 5) }
      );
    });
  }

  it("every strict prefix of a message ending inside a field is rejected", () => {
    const sd = codec("SessionData");
    const b = sd.enc({ secVer: 1, sec1: { msg: 1, sr0: { status: 0, devicePubkey: new Uint8Array(32).fill(7), deviceRandom: new Uint8Array(16).fill(9) } } });
    for (let n = 1; n < b.length; n++) {
      if (n === 2) continue; // "10 01" alone is a complete SessionData{secVer: 1}
      assert.equal(sd.dec(b.subarray(0, n)), undefined, `prefix of ${n} bytes`);
    }
    assert.deepStrictEqual(sd.dec(b.subarray(0, 2)), { secVer: 1 });
  });
});
