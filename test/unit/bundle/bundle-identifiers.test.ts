// The built Storage layout (dist/storage, made by `npm test` → ./build.sh) passes the subset
// checker and binds none of Espruino's reserved identifiers; the mangler is shown to need its
// reserved list.
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { minify } from "terser";
import { mangleNames, RESERVED } from "../../../tools/bundle/build";
import { checkSubset } from "../../../tools/bundle/subset-check";

const BUNDLE = "dist/storage/wifi-prov";
/** Every code file of the layout. */
const FILES = ["wifi-prov", "wifiprov-kv", "wifiprov-cfg", "wifiprov-console", ".boot1"].map((f) => "dist/storage/" + f);

/** A function with enough locals that a mangler reaches every two-letter name. */
function manyLocals(n: number): string {
  const names: string[] = [];
  for (let i = 0; i < n; i++) names.push("v" + i);
  return "(function(){var " + names.map((v, i) => v + "=" + i).join(",") + ";return [" + names.join(",") + "]})();";
}

function boundNames(code: string): Set<string> {
  const out = new Set<string>();
  for (const m of code.matchAll(/(?:var|let|const|function)\s+([A-Za-z_$][\w$]*)/g)) if (m[1]) out.add(m[1]);
  for (const m of code.matchAll(/[,{(]([A-Za-z_$][\w$]*)=/g)) if (m[1]) out.add(m[1]);
  return out;
}

describe("built bundle", function () {
  it("exists (npm test builds it first; a missing bundle is a failure, not a skip)", function () {
    assert.ok(existsSync(BUNDLE), BUNDLE + " is missing: run ./build.sh");
  });

  it("passes the Espruino subset checker with no findings, every file", function () {
    for (const f of FILES) {
      assert.ok(existsSync(f), f + " is missing: run ./build.sh");
      assert.deepEqual(checkSubset(readFileSync(f, "utf8")), [], f);
    }
  });

  it("binds none of of/static/let/undefined, every file", function () {
    for (const f of FILES) {
      const found = checkSubset(readFileSync(f, "utf8")).filter((x) => /'(of|static|let|undefined)'/.test(x.message));
      assert.deepEqual(found, [], f);
    }
  });
});

describe("name mangling", function () {
  this.timeout(60000);
  const code = manyLocals(4000);

  it("produces `of` when terser mangles without Espruino's reserved names (why the list exists)", async function () {
    const r = await minify(code, { compress: false, mangle: true });
    assert.ok(boundNames(r.code ?? "").has("of"));
    assert.ok(checkSubset(r.code ?? "").some((f) => /'of' cannot be a binding/.test(f.message)));
  });

  it("never binds a reserved identifier with the build's reserved list", async function () {
    const out = await mangleNames(code);
    const bound = boundNames(out);
    for (const r of RESERVED) assert.ok(!bound.has(r), r + " was bound");
    assert.deepEqual(checkSubset(out), []);
  });
});
