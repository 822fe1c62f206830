import assert from "node:assert/strict";
import fc from "fast-check";
import { bytesStr, concat, equalCt, fromHex, strBytes, toHex, utf8 } from "../../../src/core/bytes.ts";

describe("byte helpers", () => {
  it("encodes UTF-8 exactly as Buffer does, surrogate pairs included", () => {
    fc.assert(fc.property(fc.string({ unit: "binary" }), (s) => {
      assert.deepEqual(Buffer.from(utf8(s)), Buffer.from(s, "utf8"));
    }));
    assert.equal(toHex(utf8("é😀")), "c3a9f09f9880");
  });

  it("round-trips hex and rejects malformed hex", () => {
    assert.equal(toHex(fromHex("00ff10")!), "00ff10");
    assert.equal(fromHex("abc"), undefined);
    assert.equal(fromHex("zz"), undefined);
  });

  it("compares in constant time and by value", () => {
    assert.equal(equalCt(new Uint8Array([1, 2]), new Uint8Array([1, 2])), true);
    assert.equal(equalCt(new Uint8Array([1, 2]), new Uint8Array([1, 3])), false);
    assert.equal(equalCt(new Uint8Array([1]), new Uint8Array([1, 0])), false);
  });

  it("maps 8-bit strings to bytes and back, and concatenates", () => {
    assert.equal(bytesStr(strBytes("\u00ffA")), "\u00ffA");
    assert.deepEqual(concat([new Uint8Array([1]), new Uint8Array(0), new Uint8Array([2, 3])]), new Uint8Array([1, 2, 3]));
  });
});
