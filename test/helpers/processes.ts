// Spawns the virtual device (`tools/sim/main.ts`) and the wifi-prov CLI as real processes.
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../..");

export interface SimProcess {
  port: number;
  stateDir: string;
  /** Everything printed so far (stdout + stderr). */
  output(): string;
  /** Resolves when the output contains text (or rejects after ms). */
  waitFor(text: string | RegExp, ms?: number): Promise<void>;
  /** SIGTERM, then the exit code (null when a signal killed it). */
  stop(): Promise<number | null>;
}

/** Starts the virtual device with --port 0 and resolves once it prints its listening line. */
export function startSim(args: string[], opts: { stateDir?: string; expectListening?: boolean } = {}): Promise<SimProcess> {
  const stateDir = opts.stateDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "sim-state-"));
  // node --import tsx, not the tsx CLI: that one relays SIGTERM to its child and, when the child
  // does not confirm within 30 ms (a loaded machine), kills it and exits 143.
  const child = spawn(process.execPath, ["--import", "tsx", "tools/sim/main.ts", "--port", "0", "--state-dir", stateDir, ...args], { cwd: ROOT });
  let out = "";
  const listeners: (() => void)[] = [];
  const onData = (d: Buffer) => {
    out += d.toString();
    for (const l of listeners.slice()) l();
  };
  child.stdout.on("data", onData);
  child.stderr.on("data", onData);
  const waitFor = (text: string | RegExp, ms = 20000) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (typeof text === "string" ? out.includes(text) : text.test(out)) {
          listeners.splice(listeners.indexOf(check), 1);
          clearTimeout(t);
          resolve();
        }
      };
      const t = setTimeout(() => reject(new Error(`timed out waiting for ${text}; output:\n${out}`)), ms);
      listeners.push(check);
      check();
    });
  // The device never exits by itself: stop() is the one exit, and its code is what it reports.
  const stop = () =>
    new Promise<number | null>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
      child.once("exit", (code) => resolve(code));
      child.kill("SIGTERM");
    });
  const ready = opts.expectListening === false ? waitFor("To provision again") : waitFor(/listening on http:\/\/(?:[\d.]+|\[[0-9a-fA-F:.]+\]):(\d+)\n/);
  return ready.then(
    () => ({ port: Number(/listening on http:\/\/(?:[\d.]+|\[[0-9a-fA-F:.]+\]):(\d+)/.exec(out)?.[1] ?? 0), stateDir, output: () => out, waitFor, stop }),
    async (e) => {
      await stop();
      throw e;
    }
  );
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `wifi-prov` (bin.mjs) with args, feeding stdin, and collects its output. */
export function runCli(args: string[], stdin = ""): Promise<CliResult> {
  return new Promise((resolve) => {
    const child: ChildProcess = spawn(process.execPath, [path.join(ROOT, "tools/prov-client/bin.mjs"), ...args], { cwd: ROOT });
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (d) => (stdout += d));
    child.stderr!.on("data", (d) => (stderr += d));
    child.stdin!.end(stdin);
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}
