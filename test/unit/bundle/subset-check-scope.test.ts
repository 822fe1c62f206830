// The subset checker rejects reserved bindings, use before definition (no hoisting) and
// closures over for (let …) variables (docs/platform/espruino.md §3.1, §3.2).
import assert from "node:assert/strict";
import { checkSubset } from "../../../tools/bundle/subset-check";

function rejects(code: string, msg: RegExp): void {
  const found = checkSubset(code);
  assert.ok(found.some((f) => msg.test(f.message)), JSON.stringify(found));
}

describe("subset checker: scope rules", function () {
  for (const name of ["of", "static", "let", "undefined"]) {
    it("rejects '" + name + "' as a variable, parameter, function or catch binding", function () {
      rejects("var " + name + " = 1;", new RegExp("'" + name + "' cannot be a binding"));
      rejects("function f(" + name + ") {}", new RegExp("'" + name + "' cannot be a binding"));
      rejects("function " + name + "() {}", new RegExp("'" + name + "' cannot be a binding"));
      rejects("try {} catch (" + name + ") {}", new RegExp("'" + name + "' cannot be a binding"));
    });
  }

  it("rejects a top-level name that would replace an Espruino global (the bundle has no IIFE)", function () {
    rejects("var E = 1;", /top-level 'E' would replace/);
    rejects("function print() {}", /top-level 'print' would replace/);
    rejects("class D5 {}", /top-level 'D5' would replace/);
    assert.deepEqual(checkSubset("function f() { var E = 1; return E; } let t = f();"), []);
  });

  it("accepts of/static/let as property names", function () {
    assert.deepEqual(checkSubset("var o = { of: 1, let: 2 }; o.static = o.of;"), []);
  });

  it("rejects a top-level call to a function declared later", function () {
    rejects("f();\nfunction f() {}", /'f' is used before its definition/);
  });

  it("rejects a read of a var defined later in the same function body", function () {
    rejects("function g() { var a = b + 1; var b = 2; return a; }", /'b' is used before/);
  });

  it("rejects a function declaration after return", function () {
    rejects("function g() { return h(); function h() { return 1; } }", /'h' is used before/);
  });

  it("rejects a load-time call whose callee uses a later definition", function () {
    rejects("function a() { return b(); }\na();\nfunction b() { return 1; }", /call to a\(\) runs before 'b'/);
  });

  it("rejects the same through an IIFE body, as esbuild bundles are shaped", function () {
    rejects("(() => {\n  init();\n  function init() {}\n})();", /'init' is used before/);
  });

  it("rejects a function declaration inside a block", function () {
    rejects("if (true) { function f() {} }", /function declaration inside a block/);
  });

  it("accepts later definitions used only inside callbacks", function () {
    assert.deepEqual(checkSubset("function a() { return b(); }\nsetTimeout(a, 0);\nfunction b() { return 1; }"), []);
  });

  it("rejects a closure over the variable of for (let i …)", function () {
    rejects("var fs = []; for (let i = 0; i < 3; i++) fs.push(function () { return i; });", /captures loop variable 'i'/);
  });

  it("rejects a closure over the variable of for (const v of …)", function () {
    rejects("var fs = []; for (const v of [1, 2]) fs.push(() => v);", /captures loop variable 'v'/);
  });

  it("accepts a closure over a let declared inside the loop body", function () {
    assert.deepEqual(checkSubset("var fs = []; for (let i = 0; i < 3; i++) { let j = i; fs.push(() => j); }"), []);
  });

  it("accepts a closure that shadows the loop variable with its own parameter", function () {
    assert.deepEqual(checkSubset("var fs = []; for (let i = 0; i < 3; i++) fs.push(function (i) { return i; });"), []);
  });
});
