// The subset checker rejects each syntax form Espruino cannot parse or run (docs/platform/espruino.md §3.1).
import assert from "node:assert/strict";
import { checkSubset } from "../../../tools/bundle/subset-check";

/** [construct, sample, expected message fragment] */
const CASES: [string, string, RegExp][] = [
  ["object destructuring", "var o = {}; var { a } = o;", /destructuring/],
  ["array destructuring", "var o = []; var [a] = o;", /destructuring/],
  ["destructuring assignment", "var a, o = {}; ({ a } = o);", /destructuring/],
  ["default parameters", "function f(a = 1) { return a; }", /default value/],
  ["rest parameters", "function f(...a) { return a; }", /rest element/],
  ["call spread", "var a = []; Math.max(...a);", /spread/],
  ["array spread", "var a = []; var b = [...a];", /spread/],
  ["object spread", "var a = {}; var b = { ...a };", /spread/],
  ["async functions", "async function f() { return 1; }", /async functions/],
  ["async arrows", "var f = async () => 1;", /async functions/],
  ["await", "async function f(p) { return await p; }", /await/],
  ["for await", "async function f(a) { for await (var x of a) {} }", /for await/],
  ["generators", "function* g() {}", /generators/],
  ["yield", "function* g() { yield 1; }", /yield/],
  ["exponent operator", "var x = 2 ** 10;", /\*\* is not supported/],
  ["exponent assignment", "var x = 2; x **= 2;", /\*\*= is not supported/],
  ["esbuild's Math.pow lowering of **", "var __pow = Math.pow; __pow(2, 3);", /__pow.*inexact/],
  ["optional chaining", "var o = {}; var x = o?.a;", /optional chaining/],
  ["optional calls", "var o = {}; o.f?.();", /optional chaining/],
  ["??=", "var o = {}; o.a ??= 1;", /\?\?= is not supported/],
  ["||=", "var a; a ||= 1;", /\|\|= is not supported/],
  ["&&=", "var a; a &&= 1;", /&&= is not supported/],
  ["labels", "outer: for (;;) { break outer; }", /labels/],
  ["tagged templates", "function t() {} t`x${1}`;", /tagged templates/],
  ["new.target", "function F() { return new.target; }", /new\.target/],
  ["computed object keys", "var k = 'a'; var o = { [k]: 1 };", /computed keys/],
  ["computed method names", "var k = 'a'; class C { [k]() {} }", /computed keys/],
  ["#private fields", "class C { #x = 1; get() { return this.#x; } }", /#private/],
  ["#private methods", "class C { #m() {} }", /#private/],
  ["class fields esbuild should have lowered", "class C { x = 1; }", /class field/],
  ["class static blocks", "class C { static { } }", /static blocks/],
  ["BigInt literals", "var b = 10n;", /BigInt literals/],
  ["with", "var o = {}; with (o) {}", /with is not supported/],
  ["extends", "class A {} class B extends A {}", /extends/],
  ["an expression-bodied arrow around an arrow using this", "class A { p() { return () => g(() => this.x); } } function g(f) { return f(); }", /expression-bodied arrow/],
  ["numeric regex quantifiers", "var r = /^\\d{3}$/;", /quantifier/],
  ["regex look-ahead", "var r = /a(?=b)/;", /look-around/],
  ["regex named groups", "var r = /(?<y>\\d+)/;", /named group/],
  ["regex sticky/unicode flags", "var r = /a/u;", /regex flags/],
  ["dynamic import", "import('x');", /module syntax/],
  ["a non-ASCII member name (what minifiers make of o[\"\\xFF\"])", "var o = {}; o.\\u00ff = 1;", /non-ASCII name/],
  ["a non-ASCII identifier", "var \\u00e9t\\u00e9 = 1;", /non-ASCII name/],
];

describe("subset checker: syntax", function () {
  for (const [name, code, msg] of CASES) {
    it("rejects " + name, function () {
      const found = checkSubset(code);
      assert.ok(found.some((f) => msg.test(f.message)), JSON.stringify(found));
    });
  }

  it("accepts arrows around this-using arrows when the outer one has a block body", function () {
    const code = "class A { p() { var f = () => this.x; return () => { g(() => this.x); }; } } function g(f) { return f(); }";
    assert.deepEqual(checkSubset(code), []);
  });

  it("reports the 1-based line and column and the offending source line", function () {
    const found = checkSubset("var a = 1;\nvar b = {\n  c: a?.d,\n};\n");
    assert.equal(found.length, 1);
    assert.deepEqual([found[0]?.line, found[0]?.column, found[0]?.source], [3, 6, "c: a?.d,"]);
  });

  it("reports unparsable code as a finding with its location instead of throwing", function () {
    const found = checkSubset("var a = ;");
    assert.equal(found.length, 1);
    assert.match(found[0]?.message ?? "", /parse error/);
    assert.equal(found[0]?.line, 1);
  });

  it("names the module from esbuild's `// path` markers in a readable bundle", function () {
    const found = checkSubset("(() => {\n  // src/core/x.ts\n  var y = 2 ** 3;\n})();\n");
    assert.equal(found[0]?.module, "src/core/x.ts");
  });
});
