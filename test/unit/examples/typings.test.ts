// firmware/wifi-prov.d.ts against firmware/examples/*.js: each example type-checks (tsc with
// allowJs + checkJs, strict, against the typings and the few Espruino globals the examples use),
// and a copy that uses an option, an event, a payload field or a call the typings do not have fails.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ROOT = join(import.meta.dirname, "..", "..", "..");
const EXAMPLES = join(ROOT, "firmware", "examples");
const TYPINGS = join(ROOT, "firmware", "wifi-prov.d.ts");
const TSC = join(ROOT, "node_modules", ".bin", "tsc");

/** Exactly the Espruino globals and built-in modules the examples use (ESP32 build). */
const GLOBALS = `
type Pin = string & { __pin?: never };
declare const D2: Pin;
declare function print(...a: unknown[]): void;
declare function digitalWrite(pin: Pin, value: boolean | number): void;
declare function setInterval(fn: () => void, ms: number): number;
declare function clearInterval(id: number): void;
declare function setTimeout(fn: () => void, ms?: number): number;
declare const process: { memory(): { free: number; usage: number; total: number } };
declare const E: { toString(d: Uint8Array | string): string };
declare const Modules: { removeCached(name: string): void };
declare module "Storage" {
  export function read(name: string): string | undefined;
  export function write(name: string, data: string): boolean;
}
declare module "Wifi" {
  export function connect(ssid: string, opts: { password?: string }, cb: (err: string | null) => void): void;
  export function getIP(): { ip: string; mac: string };
}
`;

let dir = "";

/** tsc on one JS file against the typings: its diagnostics ("" when clean). */
function check(name: string, code: string): string {
  const file = join(dir, name);
  writeFileSync(file, code);
  const cfg = join(dir, "tsconfig." + name + ".json");
  writeFileSync(cfg, JSON.stringify({
    compilerOptions: {
      target: "es2015", lib: ["es5", "es2015.core"], types: [], module: "commonjs",
      allowJs: true, checkJs: true, noEmit: true, strict: true,
      // Plain JS: makers do not annotate parameters.
      noImplicitAny: false,
    },
    files: [join(dir, "espruino-globals.d.ts"), TYPINGS, file],
  }));
  try {
    execFileSync(TSC, ["-p", cfg], { encoding: "utf8", stdio: "pipe" });
    return "";
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    return (err.stdout || "") + (err.stderr || "") || err.message;
  }
}

const examples = readdirSync(EXAMPLES).filter((f) => f.endsWith(".js")).sort();
const source = (f: string) => readFileSync(join(EXAMPLES, f), "utf8");

/** A change the typings must refuse: [example, what, from, to, the diagnostic expected]. */
const MUTATIONS: [string, string, string, string, RegExp][] = [
  ["led.js", "an unknown event", 'prov.on("start"', 'prov.on("connected"', /TS2769|"connected"/],
  ["led.js", "an unknown start option", "prov.start({}", "prov.start({ bogus: 1 }", /'bogus' does not exist in type 'StartOptions'/],
  ["custom-endpoint.js", "an option with a value out of its range", "prov.start({}", "prov.start({ security: 7 }", /'7' is not assignable/],
  ["custom-endpoint.js", "an option of the wrong type", "prov.start({}", 'prov.start({ httpPort: "80" }', /not assignable to type 'number/],
  ["led.js", "a payload field credRecv does not have", "c.ssid", "c.bssid", /'bssid' does not exist on type 'CredRecv'/],
  ["led.js", "a credFail reason that does not exist", 'print("Failed: " + f.reason);', 'if (f.reason === "timeout") print("timeout");', /TS2367|no overlap/],
  ["app.js", "a call the module does not have", 'prov.on("start", ', "prov.onStart(", /'onStart' does not exist/],
  ["custom-endpoint.js", "an endpoint handler that returns no string", 'return "ok, my name is " + data;', "return 42;", /not assignable to type 'string'/],
];

describe("firmware/wifi-prov.d.ts: the examples type-check against the typings", function () {
  this.timeout(60000);
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "wifiprov-typings-"));
    writeFileSync(join(dir, "espruino-globals.d.ts"), GLOBALS);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("there are the three examples", () => {
    assert.deepEqual(examples, ["app.js", "custom-endpoint.js", "led.js"]);
  });

  for (const f of ["app.js", "custom-endpoint.js", "led.js"]) {
    it(f + " type-checks", () => {
      assert.equal(check(f, source(f)), "");
    });
  }

  for (const [f, what, from, to, re] of MUTATIONS) {
    it("fails when " + f + " uses " + what, () => {
      const code = source(f);
      assert.ok(code.includes(from), f + " contains " + from);
      const out = check("mutated-" + f, code.replace(from, to));
      assert.notEqual(out, "", "the mutated copy must not type-check");
      assert.match(out, re);
    });
  }
});
