// The bundle in the real Linux Espruino interpreter (radio modules faked by espruino-prelude.js),
// booted from Storage as .bootcde, provisioned over loopback HTTP by wifi-prov with security 0
// and 1, and by Espressif's esp_prov when ESP_PROV is set. Every test ends with assertHealthy:
// the interpreter must still run and answer, with no ASSERT, FIFO_FULL, LOW_MEMORY, Uncaught or
// Execution Interrupted in its output, and a provisioned device must be on its network after
// teardown. Prints the memory figures (process.memory().usage, JsVars). Runs where ESPRUINO is set.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as acorn from "acorn";
import { STORAGE_FILES } from "../../tools/bundle/build.ts";
import { argv, type Tool } from "../../tools/ext-tools.ts";
import { provision } from "../../tools/prov-client/index.ts";
import { requireTool } from "../helpers/tiers.ts";
import { assertHealthy, boot, ensureBuilt, freePort, peakOf, prepareFlash, ROOT, STORAGE, type Booted } from "./espruino-run.ts";

const BUNDLE = STORAGE;

async function run(security: number, pop: string | undefined): Promise<{ resident: number; peak: number }> {
  const port = await freePort();
  const dir = prepareFlash(BUNDLE, { serviceKey: "k3y-for-ap", security, pop, httpPort: port });
  const dev: Booted = boot(dir);
  try {
    await dev.waitFor(/\{"ver":"v1"[^\n]*\}/, 30000);
    const res = Number((await dev.waitFor(/\[mem\] resident=(\d+)\r?\n/, 15000))[1]);
    const r = await provision({ host: "127.0.0.1:" + port, sec: security, pop, ssid: "HomeNet", passphrase: "correct horse", pollMs: 500 });
    assert.equal(r.outcome, "provisioned", r.message + "\n" + dev.out().slice(-2000));
    await dev.waitFor(/provisioning ended/, 20000);
    await assertHealthy(dev);
    return { resident: res, peak: peakOf(dev.out()) };
  } finally {
    dev.stop();
  }
}

/** esp_prov.py (ESP_PROV) with args; resolves with its exit code and output. */
function runEspProv(t: Tool, args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const [cmd, all] = argv(t, args);
    const child = spawn(cmd, all);
    let out = "";
    const timer = setTimeout(() => child.kill("SIGKILL"), 120000);
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.stdin.end();
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

/** Default config (security 1, PoP abcd1234): boot, provision with client(port), then health. */
async function endToEnd(client: (port: number) => Promise<void>): Promise<void> {
  const port = await freePort();
  const dev: Booted = boot(prepareFlash(BUNDLE, { security: 1, pop: "abcd1234", httpPort: port }));
  try {
    await dev.waitFor(/\{"ver":"v1"[^\n]*\}/, 30000);
    try {
      await client(port);
    } catch (e) {
      throw new Error((e as Error).message + "\n--- interpreter output (tail) ---\n" + dev.out().slice(-2000));
    }
    await dev.waitFor(/provisioning ended/, 20000);
    await assertHealthy(dev);
  } finally {
    dev.stop();
  }
}

describe("bundle in the Espruino interpreter (Linux build, .bootcde from Storage)", function () {
  this.timeout(180000);
  before(function () {
    requireTool(this, "ESPRUINO"); // the bundle tier in harness.ts still runs everywhere
  });

  it("serves a security 0 provisioning over HTTP to wifi-prov", async () => {
    const m = await run(0, undefined);
    console.log("      memory sec0: resident " + m.resident + " JsVars, peak " + m.peak);
  });

  it("serves a security 1 provisioning over HTTP to wifi-prov", async () => {
    const m = await run(1, "abcd1234");
    console.log("      memory sec1: resident " + m.resident + " JsVars, peak " + m.peak);
  });

  // A whole provisioning and teardown with the default config and fake radio (two networks):
  // the teardown once ended in ASSERT(jsvHasChildren(obj)) (an arrow using `this` parsed without
  // running it), which only the -O0/-O2 builds with asserts show and the old checks did not read.
  it("esp_prov provisions (security 1); after teardown the interpreter is healthy and joined", async function () {
    const esp = requireTool(this, "ESP_PROV");
    await endToEnd(async (port) => {
      const r = await runEspProv(esp, ["--transport", "softap", "--service_name", "127.0.0.1:" + port, "--sec_ver", "1", "--pop", "abcd1234", "--ssid", "HomeNet", "--passphrase", "correct horse"]);
      assert.match(r.out, /==== Provisioning was successful ====/, r.out);
    });
  });

  it("wifi-prov provisions (security 1); after teardown the interpreter is healthy and joined", async () => {
    await endToEnd(async (port) => {
      const r = await provision({ host: "127.0.0.1:" + port, sec: 1, pop: "abcd1234", ssid: "HomeNet", passphrase: "correct horse", pollMs: 500 });
      assert.equal(r.outcome, "provisioned", r.message);
    });
  });

  // The interpreter parses what the Node harness accepts and more strictly (e.g. no o.\u00ff).
  it("boots the BLE build with transport ble: GATT service set up, advertising", async () => {
    ensureBuilt("dist/storage-ble", ["--ble"]);
    const dir = prepareFlash(join(ROOT, "dist", "storage-ble"), { transport: "ble", security: 1, pop: "abcd1234" });
    const dev: Booted = boot(dir);
    try {
      await dev.waitFor(/\[wifiprov\] provisioning: BLE "PROV_[0-9a-f]+", security 1/, 30000);
      await dev.waitFor(/\{"ver":"v1"[^\n]*"transport":"ble"[^\n]*\}/, 5000);
      assert.ok(!/SoftAP is OPEN/.test(dev.out()), dev.out().slice(-2000));
      await assertHealthy(dev, { joined: false });
    } finally {
      dev.stop();
    }
  });
});

type Node = { type: string; start: number; end: number; [k: string]: any };

/**
 * Arrow functions that use `this` at a place Espruino parses without running (jsparse.c
 * jspeArrowFunction: funcVar stays NULL there, then jsvObjectSetChild(NULL, "\xFFths", …) fails
 * ASSERT(jsvHasChildren(obj)) in builds with asserts): a ternary branch, the right of && || ??,
 * an if/else or loop body or switch case without braces, or inside an expression-bodied arrow
 * (parsed once when defined). A skipped {…} block is not parsed, so a brace stops the search.
 */
export function arrowsThisUnrun(code: string): string[] {
  const ast = acorn.parse(code, { ecmaVersion: 2020, sourceType: "script" }) as unknown as Node;
  const hits: string[] = [];
  const visit = (node: Node, anc: Node[]): void => {
    if (node.type === "ArrowFunctionExpression" && /\bthis\b/.test(code.slice(node.start, node.end))) {
      let child = node;
      for (let i = anc.length - 1; i >= 0; i--) {
        const p = anc[i]!;
        if (p.type === "BlockStatement" || p.type === "Program" || p.type === "FunctionExpression" || p.type === "FunctionDeclaration") break;
        const why =
          (p.type === "ConditionalExpression" && child !== p.test) ||
          (p.type === "LogicalExpression" && child === p.right) ||
          (p.type === "AssignmentExpression" && /^(&&|\|\||\?\?)=$/.test(p.operator) && child === p.right) ||
          ((p.type === "IfStatement" || p.type === "SwitchCase") && child !== p.test) ||
          (/^(For|ForIn|ForOf|While|DoWhile)Statement$/.test(p.type) && (child === p.body || child === p.update)) ||
          (p.type === "ArrowFunctionExpression" && p.expression && child === p.body);
        if (why) {
          hits.push(p.type + " at " + p.start + ": " + code.slice(node.start, Math.min(node.end, node.start + 80)));
          break;
        }
        child = p;
      }
    }
    for (const k of Object.keys(node)) {
      const v = node[k];
      if (Array.isArray(v)) for (const c of v) if (c && typeof c.type === "string") visit(c, anc.concat([node]));
      if (v && typeof v.type === "string") visit(v, anc.concat([node]));
    }
  };
  visit(ast, []);
  return hits;
}

// Static and without the interpreter: the ASSERT above only shows on the path that parses the
// arrow without running it, which a test may never take (an error branch, a second callback).
describe("bundle: no arrow using `this` where Espruino parses it without running it", function () {
  this.timeout(120000);
  it("the check finds the pattern (ternary branch, braceless if, expression-bodied arrow) and not in a block", () => {
    assert.equal(arrowsThisUnrun("o.m=function(){return this.a?1:this.w(()=>this.x)}").length, 1);
    assert.equal(arrowsThisUnrun("o.m=function(){if(this.a)this.w(t=>this.x)}").length, 1);
    assert.equal(arrowsThisUnrun("o.m=function(){let f=()=>this.w(()=>this.x)}").length, 1);
    assert.equal(arrowsThisUnrun("o.m=function(){if(this.a){this.w(()=>this.x)}}").length, 0);
  });
  for (const [d, flags] of [["storage", []], ["storage-ble", ["--ble"]]] as [string, string[]][]) {
    it("dist/" + d, () => {
      ensureBuilt("dist/" + d, flags);
      const code = new Set(STORAGE_FILES.map(([n]) => n));
      for (const f of readdirSync(join(ROOT, "dist", d)).filter((n) => code.has(n))) {
        assert.deepEqual(arrowsThisUnrun(readFileSync(join(ROOT, "dist", d, f), "utf8")), [], f + ": use a `self` alias in these arrows (firmware/README.md §8)");
      }
    });
  }
});
