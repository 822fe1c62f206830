// src/portal is meant for the board too: bundled the way the firmware is (tools/bundle/build.ts
// esbuildOptions), it passes the Espruino subset checker.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as esbuild from "esbuild";
import { esbuildOptions } from "../../../tools/bundle/build.ts";
import { checkSubset, formatFindings } from "../../../tools/bundle/subset-check.ts";

describe("portal: Espruino subset", function () {
  this.timeout(30000);
  it("captive.ts, dns.ts, http-portal.ts, dns-responder.ts and page-stream.ts bundle for Espruino and pass the subset checker", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-subset-"));
    const entry = path.join(dir, "entry.ts");
    const src = path.resolve(import.meta.dirname, "../../../src/portal");
    fs.writeFileSync(entry, [
      `import { portalAnswer, pageUrl } from ${JSON.stringify(path.join(src, "captive.ts"))};`,
      `import { dnsReply, parseIp4, DNS_TTL } from ${JSON.stringify(path.join(src, "dns.ts"))};`,
      `import { httpPortal } from ${JSON.stringify(path.join(src, "http-portal.ts"))};`,
      `import { startDnsResponder } from ${JSON.stringify(path.join(src, "dns-responder.ts"))};`,
      `var ip = parseIp4("192.168.4.1");`,
      `import { streamChunks } from ${JSON.stringify(path.join(src, "page-stream.ts"))};`,
      `print(httpPortal, startDnsResponder, streamChunks);`,
      `var a = portalAnswer("GET", "x", "/generate_204", "192.168.4.1", function (n) { return n === "prov-session"; });`,
      `print(a && a.status, pageUrl("192.168.4.1"), ip && dnsReply(new Uint8Array(12), ip, DNS_TTL));`,
      `declare function print(a: unknown, b: unknown, c: unknown): void;`,
    ].join("\n"));
    try {
      const o = esbuildOptions({ entry, out: path.join(dir, "out.js"), ble: false, sec2: false, debug: false, mangle: false }, false);
      const r = await esbuild.build({ ...o, absWorkingDir: dir, metafile: false });
      const code = r.outputFiles![0]!.text;
      assert.match(code, /generate_204/);
      assert.match(code, /function startDnsResponder/);
      assert.match(code, /function httpPortal/);
      assert.match(code, /function streamChunks/);
      const found = checkSubset(code);
      assert.deepEqual(found, [], formatFindings("portal bundle", found));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
