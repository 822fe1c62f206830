// The subset checker rejects globals and built-in members Espruino lacks (docs/platform/espruino.md §3.1).
import assert from "node:assert/strict";
import { checkSubset } from "../../../tools/bundle/subset-check";

const GLOBALS = ["Map", "Set", "WeakMap", "WeakSet", "Symbol", "Proxy", "Reflect", "BigInt",
  "Intl", "TextEncoder", "TextDecoder", "unescape"];
const STATICS = ["Array.from", "Array.of", "Uint8Array.from", "Number.isInteger", "Number.isNaN",
  "Number.isFinite", "Number.parseInt", "Number.EPSILON", "Number.MAX_SAFE_INTEGER", "Math.imul",
  "Math.clz32", "Math.trunc", "Math.fround", "Math.hypot", "Math.cbrt", "Math.log2",
  "Object.freeze", "Object.seal", "Object.is", "Promise.race", "Promise.allSettled", "Promise.any",
  "ArrayBuffer.isView", "String.fromCodePoint"];
const PROTOTYPES = ["Array.prototype.slice", "String.prototype.charCodeAt",
  "Function.prototype.call", "Uint8Array.prototype.set"];

describe("subset checker: globals and built-ins", function () {
  for (const g of GLOBALS) {
    it("rejects a reference to the global " + g, function () {
      const found = checkSubset("var x = " + g + ";");
      assert.ok(found.some((f) => f.message === g + " is not available on Espruino"), JSON.stringify(found));
    });
  }
  for (const s of STATICS) {
    it("rejects " + s, function () {
      assert.ok(checkSubset("var x = " + s + ";").some((f) => f.message.startsWith(s + " is missing")));
    });
  }
  for (const p of PROTOTYPES) {
    it("rejects reading " + p, function () {
      assert.ok(checkSubset("var x = " + p + ";").some((f) => /prototype members/.test(f.message)));
    });
  }

  it("rejects .finally() on any receiver", function () {
    assert.ok(checkSubset("var p = Promise.resolve(); p.finally(function () {});").some((f) => /finally/.test(f.message)));
  });

  it("rejects eval", function () {
    assert.ok(checkSubset("eval('1');").some((f) => /eval/.test(f.message)));
  });

  it("rejects replace with a string pattern and a function", function () {
    assert.ok(checkSubset("'ab'.replace('a', function () { return 'c'; });").some((f) => /replace/.test(f.message)));
  });

  it("rejects a JSON.stringify replacer", function () {
    assert.ok(checkSubset("JSON.stringify({}, ['a']);").some((f) => /replacer/.test(f.message)));
  });

  it("accepts the same names when they are local bindings or property keys", function () {
    const code = "function f(Map) { return Map; } var o = { Set: 1 }; o.Set = 2; var u = o.from;";
    assert.deepEqual(checkSubset(code), []);
  });

  it("accepts typeof feature tests and the Array.prototype polyfill assignment", function () {
    assert.deepEqual(checkSubset("var p = typeof Proxy; Array.prototype.slice = [].slice;"), []);
  });
});
