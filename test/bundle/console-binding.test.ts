// The Espruino console binding (firmware/espruino/console.ts) built the way the firmware is built
// (esbuild with the Espruino feature set, then the subset checker), and, where ESPRUINO is set, run
// in the Linux Espruino interpreter: requests typed on its REPL stdin as wifi-prov types them
// (echo off) and as a person pastes them, tagged answers on its console.
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as esbuild from "esbuild";
import { argv } from "../../tools/ext-tools.ts";
import { esbuildOptions } from "../../tools/bundle/build.ts";
import { checkSubset, formatFindings } from "../../tools/bundle/subset-check.ts";
import { ConsoleTransport } from "../../tools/prov-client/transport/console.ts";
import { openEspruinoLink } from "../../tools/prov-client/transport/espruino-link.ts";
import { runCli } from "../helpers/processes.ts";
import { requireTool, skipWithReason } from "../helpers/tiers.ts";
import { assertHealthy, boot, prepareFlash, STORAGE } from "./espruino-run.ts";
import * as net from "node:net";

const OPTS = { entry: "test/bundle/console-entry.ts", out: "console-entry.js", ble: false, sec2: false, debug: false, mangle: false };

async function bundle(minified: boolean, entry = OPTS.entry): Promise<string> {
  const r = await esbuild.build(esbuildOptions({ ...OPTS, entry }, minified));
  return r.outputFiles![0]!.text;
}

/** The interpreter's --telnet console has a fixed port: whether 127.0.0.1:2323 is free now. */
function telnetPortFree(): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once("error", () => resolve(false));
    srv.listen(2323, "127.0.0.1", () => srv.close(() => resolve(true)));
  });
}

async function bundleDir() {
  const dir = mkdtempSync(join(tmpdir(), "wifiprov-console-"));
  writeFileSync(join(dir, "entry.js"), await bundle(true));
  return dir;
}

/**
 * The --telnet tests keep the interpreter's stdin an open pipe: at end of input the Linux build
 * reads NUL bytes without end (targets/linux/jshardware.c getch()), which the console scheme's
 * paste filter (console-paste.ts) would see as console input once the REPL is on LoopbackA.
 */
const TELNET_STDIO: ["pipe", "pipe", "pipe"] = ["pipe", "pipe", "pipe"];

/** SIGKILL and wait for the exit, so the next test finds the --telnet port free. */
function kill(proc: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
    proc.once("exit", () => resolve());
    proc.kill("SIGKILL");
  });
}

describe("bundle: console binding", function () {
  this.timeout(30000);

  it("builds with the firmware's esbuild settings and passes the Espruino subset check", async () => {
    for (const minified of [false, true]) {
      const found = checkSubset(await bundle(minified));
      assert.deepEqual(found, [], formatFindings(OPTS.out, found));
    }
  });

  it("answers prov.console(...) typed with echo off, prov.line(<esp_prov line>) and esp_prov's line pasted bare in the interpreter", async function () {
    const bin = requireTool(this, "ESPRUINO");
    const dir = await bundleDir();
    const [cmd, args] = argv(bin, ["entry.js"]);
    const proc = spawn(cmd, args, { cwd: dir });
    let out = "";
    proc.stdout.on("data", (d: Buffer) => (out += d.toString("latin1")));
    proc.stderr.on("data", (d: Buffer) => (out += d.toString("latin1")));
    const until = async (re: RegExp) => {
      for (let i = 0; i < 200 && !re.test(out); i++) await new Promise((r) => setTimeout(r, 25));
      assert.match(out, re);
    };
    try {
      await until(/CONSOLE-READY/);
      const mark = out.length;
      proc.stdin.write('\x10prov.console("echo","c0ffee",42)\n');
      await until(/WIFIPROV-RESP echo 42 c0ffee\r?\n/);
      proc.stdin.write('\x10prov.line("Client->Device msg : prov-session 0 5203a20100")\n');
      await until(/WIFIPROV-RESP prov-session 0 52050801aa0100\r?\n/);
      // esp_prov's line pasted as printed (console-paste.ts): echoed, answered, not run as JS.
      let at = out.length;
      proc.stdin.write("Client->Device msg : echo 7 0a0b\r\n");
      await until(/WIFIPROV-RESP echo 7 0a0b\r?\n/);
      assert.match(out.slice(at), /^Client->Device msg : echo 7 0a0b\r\n/, "echoed first");
      assert.doesNotMatch(out.slice(at), /Uncaught|SyntaxError/);
      at = out.length;
      proc.stdin.write("Client->Device msg : echo x 0a\n");
      await until(/WIFIPROV-ERR - - 0x102 bad session id/);
      proc.stdin.write('\x10prov.console("echo","abc")\n');
      await until(/WIFIPROV-ERR echo 0 0x102 bad hex/);
      proc.stdin.write('\x10prov.console("echo","00ff")\n');
      await until(/WIFIPROV-RESP echo 0 00ff\r?\n/);
      proc.stdin.write('\x10provDone()\n');
      await until(/PROV-GONE undefined/);
      // The REPL is back on the interpreter's own console, and an esp_prov line is JS again.
      proc.stdin.write('\x10print("CONSOLE-"+"NOW "+E.getConsole())\n');
      await until(/CONSOLE-NOW USB\r?\n/);
      proc.stdin.write("Client->Device msg : echo 7 0a0b\n");
      await until(/Uncaught ReferenceError: "Client" is not defined/);
      const after = out.slice(mark);
      // Echo off: neither the typed call nor its "=undefined" result appears.
      assert.doesNotMatch(after, /prov\.console\(|=undefined/, after);
      assert.doesNotMatch(after.slice(0, after.indexOf("CONSOLE-NOW")), /Uncaught|ASSERT/, after);
    } finally {
      await kill(proc);
    }
  });

  it("wifi-prov's console link (espruino-tools, paced writes) gets answers over the interpreter's --telnet console", async function () {
    const bin = requireTool(this, "ESPRUINO");
    if (!(await telnetPortFree())) skipWithReason(this, "127.0.0.1:2323 (the interpreter's fixed --telnet port) is in use");
    const dir = await bundleDir();
    const [cmd, args] = argv(bin, ["--telnet", "entry.js"]);
    const proc = spawn(cmd, args, { cwd: dir, stdio: TELNET_STDIO });
    let out = "";
    proc.stdout.on("data", (d: Buffer) => (out += d.toString("latin1")));
    try {
      for (let i = 0; i < 200 && !/CONSOLE-READY/.test(out); i++) await new Promise((r) => setTimeout(r, 25));
      const link = await openEspruinoLink("tcp://127.0.0.1:2323");
      const t = new ConsoleTransport({ link, where: "telnet", session: 5, timeoutMs: 10000 });
      try {
        // 3000 hex characters into a console without flow control: lost characters would show.
        const big = new Uint8Array(1500).map((_, i) => (i * 7) & 255);
        assert.deepEqual(Buffer.from(await t.send("echo", big)), Buffer.from(big));
        assert.equal(Buffer.from(await t.send("prov-session", Buffer.from("5203a20100", "hex"))).toString("hex"), "52050801aa0100");
      } finally {
        t.close();
      }
    } finally {
      await kill(proc);
    }
  });

  it("wifi-prov --port tcp://127.0.0.1:2323 provisions the console scheme (security 1) over the interpreter's --telnet console", async function () {
    this.timeout(120000);
    const bin = requireTool(this, "ESPRUINO");
    if (!(await telnetPortFree())) skipWithReason(this, "127.0.0.1:2323 (the interpreter's fixed --telnet port) is in use");
    const dir = mkdtempSync(join(tmpdir(), "wifiprov-console-"));
    const prelude = readFileSync(join(import.meta.dirname, "espruino-prelude.js"), "utf8");
    const code = await bundle(true, "test/bundle/console-prov-entry.ts");
    assert.deepEqual(checkSubset(code), []);
    writeFileSync(join(dir, "entry.js"), prelude + "\n" + code);
    const [cmd, args] = argv(bin, ["--telnet", "entry.js"]);
    const proc = spawn(cmd, args, { cwd: dir, stdio: TELNET_STDIO });
    let out = "";
    proc.stdout.on("data", (d: Buffer) => (out += d.toString("latin1")));
    proc.stderr.on("data", (d: Buffer) => (out += d.toString("latin1")));
    try {
      for (let i = 0; i < 400 && !/CONSOLE-PROV-READY/.test(out); i++) await new Promise((r) => setTimeout(r, 25));
      assert.match(out, /CONSOLE-PROV-READY 0\r?\n/, out);
      const r = await runCli(["--port", "tcp://127.0.0.1:2323", "--pop", "abcd1234", "--ssid", "HomeNet", "--passphrase", "correct horse", "--poll-ms", "500"]);
      assert.equal(r.code, 0, r.stderr + "\n--- interpreter:\n" + out.slice(-2000));
      assert.equal(r.stdout, 'Provisioned: the device is connected to "HomeNet" (IP 192.168.1.42, channel 6)\n');
      assert.doesNotMatch(out, /correct horse|Uncaught|ASSERT/);
    } finally {
      await kill(proc);
    }
  });

  it("wifi-prov --port tcp://127.0.0.1:2323 provisions the real Storage layout (\"transport\": \"console\", \"telnet\": true) over the --telnet console", async function () {
    this.timeout(120000);
    requireTool(this, "ESPRUINO");
    if (!(await telnetPortFree())) skipWithReason(this, "127.0.0.1:2323 (the interpreter's fixed --telnet port) is in use");
    const dev = boot(prepareFlash(STORAGE, { transport: "console", telnet: true, security: 1, pop: "abcd1234" }), ["--telnet"]);
    try {
      await dev.waitFor(/\{"ver":"v1"[^\n]*\}/, 60000);
      const r = await runCli(["--port", "tcp://127.0.0.1:2323", "--pop", "abcd1234", "--ssid", "HomeNet", "--passphrase", "correct horse", "--poll-ms", "500"]);
      assert.equal(r.code, 0, r.stderr + "\n--- interpreter:\n" + dev.out().slice(-2000));
      await dev.waitFor(/provisioning ended/, 30000);
      await assertHealthy(dev);
    } finally {
      dev.stop();
      if (dev.proc.exitCode === null) await new Promise((r) => dev.proc.once("exit", r));
    }
  });

  it("wifi-prov --port on an interpreter that does not serve provisioning on its console: exit 3 at once, with the REPL's refusal", async function () {
    const bin = requireTool(this, "ESPRUINO");
    if (!(await telnetPortFree())) skipWithReason(this, "127.0.0.1:2323 (the interpreter's fixed --telnet port) is in use");
    const dir = mkdtempSync(join(tmpdir(), "wifiprov-console-"));
    writeFileSync(join(dir, "idle.js"), 'setInterval(function(){},1000);print("IDLE-READY");');
    const [cmd, args] = argv(bin, ["--telnet", "idle.js"]);
    const proc = spawn(cmd, args, { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    proc.stdout.on("data", (d: Buffer) => (out += d.toString("latin1")));
    try {
      for (let i = 0; i < 200 && !/IDLE-READY/.test(out); i++) await new Promise((r) => setTimeout(r, 25));
      const t0 = Date.now();
      const r = await runCli(["--port", "tcp://127.0.0.1:2323", "--sec", "0", "--ssid", "HomeNet", "--passphrase", "correct horse"]);
      assert.equal(r.code, 3, r.stderr);
      assert.match(r.stderr, /No session: cannot reach the device: the console tcp:\/\/127\.0\.0\.1:2323 does not take provisioning requests \(is the device provisioning over its console\?\): Uncaught ReferenceError: "prov" is not defined\n/);
      assert.ok(Date.now() - t0 < 20000);
    } finally {
      await kill(proc);
    }
  });
});
