// `npm ci` stays quiet: npm (11.10 and later) warns about every dependency with an install
// script that .npmrc's allow-scripts does not list, so the list must match package-lock.json.
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(import.meta.dirname, "..", "..", "..");

describe("npm ci: install scripts", () => {
  it(".npmrc allow-scripts lists every installed package with an install script, and only locked ones", () => {
    const lock = JSON.parse(readFileSync(join(ROOT, "package-lock.json"), "utf8")) as { packages: Record<string, { hasInstallScript?: boolean }> };
    const name = (k: string) => k.slice(k.lastIndexOf("node_modules/") + "node_modules/".length);
    const locked = Object.keys(lock.packages).filter((k) => lock.packages[k]!.hasInstallScript);
    // Optional packages that npm ci skipped on this platform run nothing and are not warned about.
    const installed = locked.filter((k) => existsSync(join(ROOT, k))).map(name);
    const line = readFileSync(join(ROOT, ".npmrc"), "utf8").split("\n").find((l) => l.startsWith("allow-scripts="));
    assert.ok(line, ".npmrc has an allow-scripts line");
    const allowed = line.slice("allow-scripts=".length).split(",");
    for (const n of installed) assert.ok(allowed.includes(n), `${n} runs an install script and is not in .npmrc allow-scripts`);
    for (const n of allowed) assert.ok(locked.map(name).includes(n), `${n} in .npmrc allow-scripts has no install script in package-lock.json`);
  });
});
