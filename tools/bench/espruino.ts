// Builds the benchmark bundles for Espruino (tools/bundle's esbuild options, terser names, subset
// check) and runs them in a Linux Espruino interpreter from Storage (docs/platform/espruino.md §1.2, §6.2).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as esbuild from "esbuild";
import { esbuildOptions, mangleNames, parseOptions } from "../bundle/build";
import { checkSubset, formatFindings } from "../bundle/subset-check";
import { argv, type Tool } from "../ext-tools";

/** Bundles entry (exports become properties of global `name`), minified and mangled as the firmware is. */
export async function bundle(entry: string, name: string): Promise<string> {
  const o = parseOptions([], {});
  o.entry = entry;
  o.out = "dist/bench-" + name + ".js";
  const opts = { ...esbuildOptions(o, true), metafile: false };
  const r = await esbuild.build(opts);
  const f = r.outputFiles?.[0];
  if (!f) throw new Error("esbuild produced no output for " + entry);
  // Wrapped: several bench bundles share one file, and the firmware build's top-level names
  // (tools/bundle/build.ts: no IIFE on the device) would collide.
  const code = "(function(){" + (await mangleNames(f.text)) + "})();";
  const found = checkSubset(code);
  if (found.length) throw new Error(formatFindings(entry, found));
  return code;
}

/** A JS string literal Espruino parses back to exactly s (ASCII only). */
function lit(s: string): string {
  return JSON.stringify(s).replace(/[\u007f-\uffff]/g, (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"));
}

/** Runs one script file (its text is copied into RAM JsVars: the fast path on Linux). Returns stdout. */
export function runFile(bin: Tool, code: string, timeoutMs: number): string {
  const dir = mkdtempSync(join(tmpdir(), "bench-espruino-"));
  try {
    writeFileSync(join(dir, "run.js"), code);
    try {
      return execFileSync(...argv(bin, ["run.js"]), { cwd: dir, encoding: "latin1", timeout: timeoutMs, maxBuffer: 1 << 26 });
    } catch (e) {
      // Exit code 1 (uncaught error, interpreter ASSERT): keep what was printed, flag the failure.
      const out = (e as { stdout?: string }).stdout;
      if (typeof out !== "string") throw e;
      return out + "\nFAIL: interpreter exited with an error (" + ((e as Error).message.split("\n")[0] || "") + ")\n";
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Writes files into a fresh ./espruino.flash (one interpreter run), then runs driver in a second
 * run so that code evaluated from Storage references flash as on the ESP32: right for JsVar
 * counts, but slow on Linux (flash strings are read through the file), so never for timings.
 */
export function runFromStorage(bin: Tool, files: Record<string, string>, driver: string, timeoutMs: number): string {
  const dir = mkdtempSync(join(tmpdir(), "bench-espruino-"));
  try {
    let setup = "var S=require('Storage');S.eraseAll();";
    for (const [n, text] of Object.entries(files)) setup += "S.write(" + lit(n) + "," + lit(text) + ");";
    setup += "print('STORED '+S.list().length);";
    writeFileSync(join(dir, "setup.js"), setup);
    const s = execFileSync(...argv(bin, ["setup.js"]), { cwd: dir, encoding: "latin1", timeout: 120_000 });
    if (!s.includes("STORED " + Object.keys(files).length)) throw new Error("Espruino Storage setup failed:\n" + s.slice(-2000));
    writeFileSync(join(dir, "driver.js"), driver);
    return execFileSync(...argv(bin, ["driver.js"]), { cwd: dir, encoding: "latin1", timeout: timeoutMs, maxBuffer: 1 << 24 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Source text of a file (relative to the repo root or absolute). */
export function text(path: string): string {
  return readFileSync(path, "latin1");
}
