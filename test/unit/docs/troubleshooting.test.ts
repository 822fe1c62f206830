// README's Troubleshooting table quotes messages the tools really print: every literal piece of
// each quoted message (placeholders such as HOST:PORT, DIR, N or "…" split it) is in the source.
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(import.meta.dirname, "..", "..", "..");

function sources(dir: string): string {
  let text = "";
  for (const n of readdirSync(dir)) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) text += sources(p);
    else if (/\.(ts|mjs|sh)$/.test(n)) text += readFileSync(p, "utf8");
  }
  return text;
}

describe("README troubleshooting", () => {
  it("quotes only messages the code prints", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("## Troubleshooting"), readme.indexOf("\n## ", readme.indexOf("## Troubleshooting") + 5));
    const code = sources(join(ROOT, "tools")) + sources(join(ROOT, "src")) + readFileSync(join(ROOT, "build.sh"), "utf8");
    const rows = section.split("\n").filter((l) => l.startsWith("| `"));
    assert.ok(rows.length >= 10, `${rows.length} rows`);
    // Messages are put together from parts ("No session: " + reason, "flash: " + …), so a piece
    // ends at ": " too, and numbers and paths are values.
    const placeholder = /: |; |\/prov-[a-z]+|\d+|dist\/wifiprov\.json|tcp:\/\/|\bE[A-Z]{4,}\b|…|HOST:PORT|HOST|PORT|DIR|FILE|"X"|\bX\b|\bN\b|Name|\$\.path|\/dev\/ttyUSB0|192\.0\.2\.1:8080|127\.0\.0\.1:8080|"HomeNet"|'…'/;
    const missing: string[] = [];
    for (const row of rows) {
      for (const quoted of row.split("|")[1]!.match(/`[^`]+`/g) ?? []) {
        for (const piece of quoted.slice(1, -1).split(placeholder).map((s) => s.trim())) {
          if (piece.length >= 8 && !code.includes(piece)) missing.push(piece);
        }
      }
    }
    assert.deepEqual(missing, [], "README troubleshooting quotes text no tool prints");
  });
});
