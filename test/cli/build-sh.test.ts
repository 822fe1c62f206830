// build.sh and its tools: help at once for every command, unknown options
// exit 2 with the usage, a flash port that cannot work is reported at once, secrets printed only
// when they are made.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import { TSX, run, tmpDir } from "./run.ts";

/** PATH with an `npx` that records its arguments and refuses `tsc` (so a type-check would show). */
function recordingNpx(): { env: NodeJS.ProcessEnv; log: string } {
  const dir = tmpDir("fake-npx-");
  const log = path.join(dir, "calls.log");
  const real = process.env.PATH ?? "";
  fs.writeFileSync(
    path.join(dir, "npx"),
    `#!/bin/sh\necho "$*" >> '${log}'\nif [ "$1" = tsc ]; then echo "type-check ran" >&2; exit 99; fi\nPATH='${real}' exec npx "$@"\n`,
    { mode: 0o755 }
  );
  return { env: { ...process.env, PATH: `${dir}:${real}` }, log };
}

const calls = (log: string) => (fs.existsSync(log) ? fs.readFileSync(log, "utf8") : "");

describe("cli: build.sh", function () {
  this.timeout(90000);

  describe("-h/--help for every command, unknown options exit 2", () => {
    for (const args of [["--help"], ["-h"], ["help"], ["build", "--help"], ["--ble", "--help"], ["check", "--help"]]) {
      it(`./build.sh ${args.join(" ")} prints the usage at once, exit 0, no type-check`, async () => {
        const { env, log } = recordingNpx();
        const r = await run("./build.sh", args, { env });
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stdout, /^usage: \.\/build\.sh/m);
        assert.doesNotMatch(calls(log), /^tsc/m);
        assert.equal(r.stderr, "");
      });
    }

    for (const args of [["--bogus"], ["build", "--nope"], ["--entry="], ["check", "--what"], ["frobnicate"]]) {
      it(`./build.sh ${args.join(" ")} exits 2 with the usage, before any type-check`, async () => {
        const { env, log } = recordingNpx();
        const r = await run("./build.sh", args, { env });
        assert.equal(r.code, 2);
        assert.match(r.stderr, /unknown|no files/);
        assert.match(r.stderr, /usage: \.\/build\.sh/);
        assert.equal(calls(log).match(/^tsc/m), null);
      });
    }

    it("./build.sh flash --help and -h print the flash usage, exit 0", async () => {
      for (const h of ["--help", "-h"]) {
        const r = await run("./build.sh", ["flash", h]);
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stdout, /usage: \.\/build\.sh flash --port PORT/);
        assert.match(r.stdout, /--attempts N/);
      }
    });

    it("./build.sh flash --bogus exits 2 with the flash usage", async () => {
      const r = await run("./build.sh", ["flash", "--bogus"]);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /unknown flash option --bogus/);
      assert.match(r.stderr, /usage: \.\/build\.sh flash/);
    });

    it("tools/bundle/build.ts --help prints its usage", async () => {
      const r = await run(TSX, ["tools/bundle/build.ts", "--help"]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /--no-mangle/);
    });
  });

  describe("a flash port that cannot work is reported at once", () => {
    it("a serial device that does not exist: said at once with the ports present, no upload attempts", async () => {
      const r = await run("./build.sh", ["flash", "--port", "/dev/ttyNOPE"]);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /flash: serial port \/dev\/ttyNOPE does not exist; (serial ports present: \/dev\/tty|no serial ports found)/);
      assert.doesNotMatch(r.stderr + r.stdout, /attempt|npx espruino/);
      assert.ok(r.ms < 15000, `${r.ms} ms`);
    });

    it("a tcp:// port where nothing listens: ECONNREFUSED at once", async () => {
      const srv = net.createServer();
      await new Promise<void>((r) => srv.listen(0, "127.0.0.1", () => r()));
      const port = (srv.address() as net.AddressInfo).port;
      await new Promise<void>((r) => srv.close(() => r()));
      const r = await run("./build.sh", ["flash", "--port", `tcp://127.0.0.1:${port}`]);
      assert.equal(r.code, 1);
      assert.match(r.stderr, new RegExp(`flash: cannot connect to tcp://127\\.0\\.0\\.1:${port}: ECONNREFUSED`));
      assert.doesNotMatch(r.stderr + r.stdout, /attempt|npx espruino/);
    });
  });

  describe("secrets printed when made, otherwise where they are", () => {
    it("a new config prints the SoftAP passphrase and PoP; a kept one names the file only", async () => {
      const file = path.join(tmpDir("cfg-"), "wifiprov.json");
      const first = await run(TSX, ["tools/upload/config.ts", file]);
      assert.equal(first.code, 0, first.stderr);
      const cfg = JSON.parse(fs.readFileSync(file, "utf8")) as { serviceKey: string; pop: string };
      assert.ok(first.stdout.includes(cfg.serviceKey) && first.stdout.includes(cfg.pop), first.stdout);
      const again = await run(TSX, ["tools/upload/config.ts", file]);
      assert.equal(again.code, 0);
      assert.ok(!again.stdout.includes(cfg.serviceKey) && !again.stdout.includes(cfg.pop), again.stdout);
      assert.ok(again.stdout.includes(`config ${file} kept: its SoftAP passphrase (serviceKey) and PoP (pop) are in that file`), again.stdout);
      const fresh = await run(TSX, ["tools/upload/config.ts", file, "--new"]);
      const cfg2 = JSON.parse(fs.readFileSync(file, "utf8")) as { serviceKey: string };
      assert.notEqual(cfg2.serviceKey, cfg.serviceKey);
      assert.ok(fresh.stdout.includes(cfg2.serviceKey));
    });

  });
});
