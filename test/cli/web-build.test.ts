// tools/web/build.ts (./build.sh's web page step) and ./build.sh qr: the page is one
// self-contained file within its gzipped budget, built from the wifi-prov client's modules with
// the pure-JS crypto; an over-budget build fails; the sticker command prints both QR payloads.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { gunzipSync } from "node:zlib";
import { buildPage, PAGE_BUDGET_GZ } from "../../tools/web/build.ts";
import { run, tmpDir, TSX } from "./run.ts";

describe("cli: web page build and ./build.sh qr", function () {
  this.timeout(60000);

  it("writes index.html and index.html.gz within the 24 KB gzipped budget and says the sizes", async () => {
    const out = tmpDir("web-");
    const r = await run(TSX, ["tools/web/build.ts", "--out", out]);
    assert.equal(r.code, 0, r.stderr);
    const html = fs.readFileSync(path.join(out, "index.html"));
    const gz = fs.readFileSync(path.join(out, "index.html.gz"));
    assert.deepEqual(gunzipSync(gz), html);
    assert.ok(gz.length <= PAGE_BUDGET_GZ && PAGE_BUDGET_GZ === 24576, `${gz.length} bytes gzipped`);
    assert.match(r.stdout, new RegExp(`web page: .*index\\.html ${html.length} bytes, ${gz.length} bytes gzipped \\(budget 24576\\)`));
  });

  it("fails (exit 1) when the page is over its budget", async () => {
    const r = await run(TSX, ["tools/web/build.ts", "--out", tmpDir("web-"), "--budget", "1000"]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /bytes gzipped \(budget 1000\): OVER BUDGET by \d+ bytes/);
    const bad = await run(TSX, ["tools/web/build.ts", "--bogus"]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /web build: unknown option '--bogus'/);
  });

  it("shares the wifi-prov client modules, uses the pure-JS crypto, no node:crypto, no Math.random, no security 2", async () => {
    const p = await buildPage();
    for (const f of ["tools/prov-client/session.ts", "tools/prov-client/security/sec0.ts", "tools/prov-client/security/sec1.ts", "tools/prov-client/prov/scan.ts",
      "tools/prov-client/prov/config.ts", "tools/prov-client/prov/ctrl.ts", "tools/prov-client/prov/version.ts", "tools/prov-client/crypto/sha256.ts",
      "tools/prov-client/crypto/aes.ts", "src/crypto/x25519.ts", "src/crypto/aes-ctr.ts"]) {
      assert.ok(p.inputs.includes(f), `${f} bundled: ${p.inputs.join(", ")}`);
    }
    assert.deepEqual(p.inputs.filter((f) => /node-platform|sec2|srp6a|bignum|transport\/http/.test(f)), []);
    const html = p.html.toString("utf8");
    assert.doesNotMatch(html, /Math\.random/);
    assert.doesNotMatch(html, /\bBuffer\.|\bprocess\.|require\(/, "no Node API in the page");
    assert.match(html, /getRandomValues/);
  });

  it("is self-contained: no external URL, a CSP allowing exactly its inline script and style", async () => {
    const html = (await buildPage()).html.toString("utf8");
    assert.doesNotMatch(html, /(?:src|href|action)\s*=\s*["']?(?:https?:)?\/\//i);
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? "";
    const script = /<script>([\s\S]*)<\/script>/.exec(html)![1]!;
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
    const h = (s: string) => `'sha256-${createHash("sha256").update(s, "utf8").digest("base64")}'`;
    assert.equal(csp, `default-src 'none'; script-src ${h(script)}; style-src ${h(style)}; connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'`);
    assert.equal((html.match(/<script/g) ?? []).length, 1);
  });

  it("./build.sh qr prints the Wi-Fi QR and the page QR from a config; a missing file is exit 2; --help at once", async () => {
    const dir = tmpDir("qr-");
    const file = path.join(dir, "wifiprov.json");
    fs.writeFileSync(file, JSON.stringify({ transport: "softap", serviceName: "Garage", serviceKey: "k3yk3yk3yk3y", security: 1, pop: "c0ffee" }));
    const r = await run("./build.sh", ["qr", "--config", file]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Join the Wi-Fi network "Garage" \(password k3yk3yk3yk3y\), or scan:  WIFI:T:WPA;S:Garage;P:k3yk3yk3yk3y;;/);
    assert.match(r.stdout, /Open http:\/\/192\.168\.4\.1\/#pop=c0ffee/);
    assert.match(r.stdout, /█/, "QR codes drawn");
    const missing = await run("./build.sh", ["qr", "--config", path.join(dir, "none.json")]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /none\.json does not exist: \.\/build\.sh makes it/);
    const help = await run("./build.sh", ["qr", "--help"]);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^usage: \.\/build\.sh qr/);
  });

  it("a new config prints the sticker with its secrets; a kept one does not", async () => {
    const file = path.join(tmpDir("cfg-"), "wifiprov.json");
    const first = await run(TSX, ["tools/upload/config.ts", file]);
    assert.equal(first.code, 0, first.stderr);
    const cfg = JSON.parse(fs.readFileSync(file, "utf8")) as { pop: string };
    assert.ok(first.stdout.includes(`The sticker (again any time: ./build.sh qr):`), first.stdout);
    assert.ok(first.stdout.includes(`Open http://192.168.4.1/#pop=${cfg.pop}`), first.stdout);
    const again = await run(TSX, ["tools/upload/config.ts", file]);
    assert.doesNotMatch(again.stdout, /sticker|#pop=/);
  });
});
