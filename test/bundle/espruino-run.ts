// Boots the firmware in the Linux Espruino interpreter the way the board runs it: prelude as
// .boot0, the Storage layout (dist/storage: .boot1, the module and its files) and wifiprov.json
// in Storage (./espruino.flash), then autoload.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { argv, HOW, tool, type Tool } from "../../tools/ext-tools.ts";

const HERE = dirname(fileURLToPath(import.meta.url));
export const ROOT = join(HERE, "..", "..");
/** The interpreter named by $ESPRUINO (tools/ext-tools.ts); tests skip their tier without it. */
export function espruino(): Tool {
  const t = tool("ESPRUINO");
  if (!t) throw new Error("ESPRUINO is not set: " + HOW.ESPRUINO);
  return t;
}

/**
 * An 8-bit string as an ASCII JS string literal: bytes 0x80-0xFF as \xNN (a binary file such as the
 * gzipped page; JSON.stringify would leave them as characters that reach the file as UTF-8).
 */
export function latin1Literal(data: string): string {
  return JSON.stringify(data).replace(/[\u0080-\u00ff]/g, (c) => "\\x" + c.charCodeAt(0).toString(16).padStart(2, "0"));
}

/**
 * Storage.write calls for a large file in 1 KB pieces: the 32-bit build (espruino32) cannot get a
 * data pointer to one big RAM string ("Can't get pointer to data to write").
 */
function chunked(name: string, data: string): string {
  let js = "";
  for (let i = 0; i < data.length; i += 1024) {
    js += "s.write(" + JSON.stringify(name) + "," + latin1Literal(data.slice(i, i + 1024)) + "," + i + "," + data.length + ");";
  }
  return js;
}

/** The built Storage layout (./build.sh): one file per Storage file, named as on the board. */
export const STORAGE = join(ROOT, "dist", "storage");

/**
 * Writes the prelude (.boot0), our files and the config into a fresh Storage file; returns its
 * directory. `files`: a Storage layout directory (every file in it, e.g. STORAGE), or one bundle
 * file written as .bootcde (test entries). `extra`: more Storage files (e.g. a maker's .bootcde).
 */
export function prepareFlash(files: string, config: object | null, dir?: string, bin: Tool = espruino(), extra: Record<string, string | Uint8Array> = {}): string {
  const d = dir || mkdtempSync(join(tmpdir(), "wifiprov-espruino-"));
  const prelude = readFileSync(join(HERE, "espruino-prelude.js"), "utf8");
  const ours: Record<string, string | Uint8Array> = {};
  if (statSync(files).isDirectory()) for (const f of readdirSync(files)) ours[f] = readFileSync(join(files, f), "latin1");
  // The layout's own wifiprov.json (build secrets) gives way to the test's.
  else ours[".bootcde"] = readFileSync(files, "utf8");
  if (config !== null) ours["wifiprov.json"] = JSON.stringify(config);
  let setup = 'var s=require("Storage");s.eraseAll();' + "s.write(\".boot0\"," + JSON.stringify(prelude) + ");";
  for (const [name, data] of Object.entries({ ...ours, ...extra })) {
    setup += typeof data === "string" ? chunked(name, data) : "s.write(" + JSON.stringify(name) + ",new Uint8Array(" + JSON.stringify([...data]) + "));";
  }
  setup += 's.write("memprobe","1");print("FLASH-OK "+s.list().length);';
  writeFileSync(join(d, "setup.js"), setup);
  const [cmd, args] = argv(bin, ["setup.js"]);
  const r = spawnSync(cmd, args, { cwd: d, encoding: "utf8", timeout: 60000 });
  if (!/FLASH-OK/.test(r.stdout || "")) throw new Error(bin.name + "=" + bin.value + ": writing Storage failed (" + (r.error ? r.error.message : "exit " + r.status) + "):\n" + (r.stdout || "") + (r.stderr || ""));
  return d;
}

/** A booted interpreter with its console output. */
export interface Booted {
  proc: ChildProcess;
  out(): string;
  /** Resolves when the output matches re (rejects after ms). */
  waitFor(re: RegExp, ms: number): Promise<RegExpMatchArray>;
  stop(): void;
}

/** Boots from the Storage file in dir (autoload runs .boot0 then .bootcde). */
export function boot(dir: string, args: string[] = [], bin: Tool = espruino()): Booted {
  const [cmd, all] = argv(bin, args.concat(["-e", 'print("BOOTED")']));
  const proc = spawn(cmd, all, { cwd: dir, stdio: ["pipe", "pipe", "pipe"] });
  let text = "";
  const waiters: { re: RegExp; res: (m: RegExpMatchArray) => void }[] = [];
  const on = (b: Buffer) => {
    text += b.toString("latin1");
    for (let i = waiters.length - 1; i >= 0; i--) {
      const w = waiters[i]!;
      const m = text.match(w.re);
      if (m) {
        waiters.splice(i, 1);
        w.res(m);
      }
    }
  };
  proc.stdout!.on("data", on);
  proc.stderr!.on("data", on);
  return {
    proc,
    out: () => text,
    waitFor(re: RegExp, ms: number) {
      const m = text.match(re);
      if (m) return Promise.resolve(m);
      return new Promise((res, rej) => {
        const t = setTimeout(() => rej(new Error("timeout waiting for " + re + "; output:\n" + text.slice(-3000))), ms);
        waiters.push({ re, res: (mm) => { clearTimeout(t); res(mm); } });
      });
    },
    stop() {
      // Espruino hooks SIGTERM and can keep running (busy loop without a console): SIGKILL.
      if (proc.exitCode === null) proc.kill("SIGKILL");
    },
  };
}

/**
 * The interpreter's own console (stdin/stdout) as a TCP server on 127.0.0.1, one client at a
 * time: what `--port tcp://…` tools (flash, wifi-prov) reach it by. A pipe has flow control; the
 * interpreter's Telnet console has none (and a fixed port).
 */
export function consoleBridge(dev: Booted): Promise<{ port: number; close(): void }> {
  return new Promise((resolve) => {
    const srv = createServer((sock) => {
      const out = (b: Buffer) => sock.write(b);
      dev.proc.stdout!.on("data", out);
      sock.on("data", (b) => dev.proc.stdin!.write(b));
      sock.on("close", () => dev.proc.stdout!.off("data", out));
      sock.on("error", () => undefined);
    });
    srv.listen(0, "127.0.0.1", () => resolve({ port: (srv.address() as AddressInfo).port, close: () => srv.close() }));
  });
}

/** A TCP port free on 127.0.0.1 right now (the interpreter cannot bind port 0 and report it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

let usageProbes = 0;
/** The interpreter's global names (Object.keys(global), sorted), read over its console. */
export async function globalNames(dev: Booted): Promise<string[]> {
  const tag = "GLOBALS" + ++usageProbes + "=";
  // The tag split in two: the console echoes the command, which must not match.
  dev.proc.stdin!.write(`print("${tag.slice(0, 3)}"+"${tag.slice(3)}"+Object.keys(global).sort().join(",")+";")\n`);
  return (await dev.waitFor(new RegExp(tag + "([^;]*);"), 10000))[1]!.split(",");
}

/** process.memory().usage (after a GC) read over the interpreter's console. */
export async function usage(dev: Booted): Promise<number> {
  const tag = "USAGE" + ++usageProbes + "=";
  dev.proc.stdin!.write(`print("${tag}"+process.memory().usage+";")\n`);
  return Number((await dev.waitFor(new RegExp(tag + "(\\d+);"), 10000))[1]);
}

/** Largest "[mem] peak=N" printed so far (0 if none). */
export function peakOf(text: string): number {
  let p = 0;
  for (const m of text.matchAll(/\[mem\] peak=(\d+)\r?\n/g)) p = Math.max(p, Number(m[1]));
  return p;
}

/** Runs the build when dist/ output is missing (so the memory script can be run alone). */
export function ensureBuilt(out: string, flags: string[]): void {
  if (existsSync(join(ROOT, out))) return;
  // A name without .js is a Storage layout directory (a variant's dist/storage).
  const where = out.endsWith(".js") ? "--out=" + out : "--storage=" + out;
  const r = spawnSync("npx", ["tsx", "tools/bundle/build.ts", where].concat(flags), { cwd: ROOT, stdio: "inherit" });
  if (r.status !== 0) throw new Error("build failed");
}

/** Console output that means the interpreter is broken or lost work (jsAssertFail, error flags, uncaught). */
export const UNHEALTHY = /ASSERT\(|FIFO_FULL|LOW_MEMORY|Execution Interrupted|Uncaught/;

let probes = 0;

/**
 * Fails unless the booted interpreter is healthy: still running, answering on its console (a
 * print written to stdin comes back, and E.getErrorFlags() has no flag but the LOW_MEMORY warning), nothing of UNHEALTHY in its
 * output, and, with joined (the default), "[wifiprov] connected, IP …" printed after "provisioning
 * ended" (the station is on its network after teardown). Waits up to ms for each.
 */
export async function assertHealthy(dev: Booted, opts: { joined?: boolean; ms?: number } = {}): Promise<void> {
  const ms = opts.ms ?? 15000;
  const tail = () => "\n--- interpreter output (tail) ---\n" + dev.out().slice(-3000);
  const exited = () => (dev.proc.exitCode !== null || dev.proc.signalCode !== null ? "the interpreter exited (" + (dev.proc.exitCode ?? dev.proc.signalCode) + ")" : "");
  const fail = (why: string) => new Error(why + tail());
  const bad = () => dev.out().match(new RegExp("[^\\n]*(?:" + UNHEALTHY.source + ")[^\\r\\n]*"));
  if (opts.joined !== false) {
    try {
      await dev.waitFor(/provisioning ended[^]*\[wifiprov\] connected, IP \d+\.\d+\.\d+\.\d+/, ms);
    } catch (e) {
      const b = bad();
      const why = [b ? "interpreter reported " + JSON.stringify(b[0]) : "", exited()].filter((x) => x).join("; ");
      throw fail(why || "no \"connected, IP\" after \"provisioning ended\"");
    }
  }
  const id = ++probes + "-" + process.pid;
  if (exited()) throw fail((bad() ? "interpreter reported " + JSON.stringify(bad()![0]) + "; " : "") + exited());
  // Concatenated so the console's echo of the line does not match.
  // LOW_MEMORY is Espruino's one warning flag (JSERR_WARNINGS_MASK, never printed by the
  // interpreter): a GC pass forced because the free list ran out under load, not a fault. The
  // flag is left out here; live JsVars are measured instead, and a printed LOW_MEMORY still fails.
  dev.proc.stdin!.write('print("ALIVE"+"-OK-' + id + ' flags="+JSON.stringify(E.getErrorFlags().filter(function(f){return f!="LOW"+"_MEMORY";}))+";")\n');
  let flags: string;
  try {
    // ";" ends the line's value: a match on a half-arrived chunk would read a cut-off value.
    flags = (await dev.waitFor(new RegExp("ALIVE-OK-" + id + " flags=(\\S*);"), ms))[1]!;
  } catch (e) {
    throw fail(exited() || "the interpreter did not answer on its console");
  }
  const b = bad();
  if (b) throw fail("interpreter reported " + JSON.stringify(b[0]));
  if (flags !== "[]") throw fail("E.getErrorFlags() = " + flags);
  if (exited()) throw fail(exited());
}
