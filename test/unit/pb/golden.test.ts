// The checked-in src/pb/*_pb.ts must be exactly what tools/protogen produces from proto/.
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generate } from "../../../tools/protogen/main";

const REPO = join(import.meta.dirname, "../../..");

describe("protogen golden output", () => {
  let out = "";
  before(() => {
    out = mkdtempSync(join(tmpdir(), "protogen-"));
  });
  after(() => rmSync(out, { recursive: true, force: true }));

  it("regenerating from proto/ reproduces the checked-in src/pb files byte for byte", () => {
    const written = generate(join(REPO, "proto"), out).sort();
    const checkedIn = readdirSync(join(REPO, "src/pb"))
      .filter((f) => f.endsWith("_pb.ts"))
      .sort();
    assert.deepEqual(checkedIn, written);
    for (const f of written) {
      const want = readFileSync(join(out, f), "utf8");
      const have = readFileSync(join(REPO, "src/pb", f), "utf8");
      assert.equal(have, want, `src/pb/${f} differs from the generator output; run npm run protogen`);
    }
  });

  it("generates one module per proto file, named <name>_pb.ts", () => {
    const protos = readdirSync(join(REPO, "proto")).filter((f) => f.endsWith(".proto"));
    const written = generate(join(REPO, "proto"), out);
    assert.deepEqual(written.sort(), protos.map((p) => p.replace(/\.proto$/, "_pb.ts")).sort());
  });

  it("generates the same text twice in a row", () => {
    generate(join(REPO, "proto"), out);
    const first = readFileSync(join(out, "wifi_scan_pb.ts"), "utf8");
    generate(join(REPO, "proto"), out);
    assert.equal(readFileSync(join(out, "wifi_scan_pb.ts"), "utf8"), first);
  });
});
