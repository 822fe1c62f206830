// The build writes top-level string constants into their uses (tools/bundle/inline-strings.ts).
import assert from "node:assert/strict";
import { inlineStringConstants } from "../../../tools/bundle/inline-strings";

describe("bundle: top-level string constants written into their uses", function () {
  it("replaces references, including a shorthand property, and leaves property names alone", function () {
    const r = inlineStringConstants('const TAG="mgr";function f(){log(TAG);return {TAG, x: o.TAG}}');
    assert.deepEqual(r.inlined, ["TAG"]);
    assert.equal(r.code, 'const TAG="mgr";function f(){log("mgr");return {TAG:"mgr", x: o.TAG}}');
  });

  it("keeps a constant that is assigned, shadowed anywhere, or not a string", function () {
    for (const code of [
      'let A="a";A="b";f(A);',
      'const A="a";function g(A){return A}f(A);',
      'const A="a";function g(){let A=1;return A}f(A);',
      "const A=5;f(A);",
      'function h(){const A="a";return A}',
    ]) assert.deepEqual(inlineStringConstants(code).inlined, [], code);
  });
});
