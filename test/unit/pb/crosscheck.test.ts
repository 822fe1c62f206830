// Random messages of every type agree between our codecs and protobufjs's full runtime.
import assert from "node:assert/strict";
import fc from "fast-check";
import { arb, codec, fromPbjs, messageTypes, toPbjs } from "./pb-helpers";
import { runs } from "../../helpers/props.ts";


describe("generated codecs against protobufjs", () => {
  it("covers every message type of the ten schemas", () => {
    assert.equal(messageTypes.length, 38);
    for (const t of messageTypes) codec(t.name);
  });

  for (const t of messageTypes) {
    const c = codec(t.name);

    it(`${t.name}: random messages round-trip and protobufjs decodes our bytes to the same`, () => {
      fc.assert(
        fc.property(arb(t, true), (m) => {
          const bytes = c.enc(m);
          assert.deepStrictEqual(c.dec(bytes), m);
          const theirs = t.decode(bytes) as unknown as Record<string, unknown>;
          assert.deepStrictEqual(fromPbjs(t, theirs), m);
        }),
        { numRuns: runs(200) }
      );
    });

    it(`${t.name}: bytes encoded by protobufjs (explicit zeros included) decode to the same`, () => {
      fc.assert(
        fc.property(arb(t, true), (m) => {
          const bytes = t.encode(toPbjs(t, m)).finish();
          assert.deepStrictEqual(c.dec(bytes), m);
        }),
        { numRuns: runs(200) }
      );
    });

    it(`${t.name}: protobufjs re-encodes our bytes unchanged (same field order and varint forms)`, () => {
      fc.assert(
        fc.property(arb(t, true), (m) => {
          const canon = t.encode(t.decode(c.enc(m))).finish();
          assert.deepStrictEqual(c.enc(m), new Uint8Array(canon));
        }),
        { numRuns: runs(200) }
      );
    });
  }

  it("strings carry 8-bit characters unchanged (Espruino strings are bytes)", () => {
    const req = codec("CustomConfigRequest");
    const m = { info: "caf\xe9\xff\x00", version: -1 };
    const b = req.enc(m);
    assert.deepEqual([...b.subarray(0, 8)], [0x0a, 6, 0x63, 0x61, 0x66, 0xe9, 0xff, 0x00]);
    assert.deepStrictEqual(req.dec(b), m);
  });
});
