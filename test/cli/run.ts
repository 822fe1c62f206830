// Helpers for the CLI tests: run a command to completion, or under a real pseudo-terminal
// (python3's pty module) to type at its prompts. Loopback only; temp dirs under os.tmpdir().
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const TSX = path.join(ROOT, "node_modules/.bin/tsx");
export const WIFI_PROV = path.join(ROOT, "tools/prov-client/bin.mjs");

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export function tmpDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Runs cmd with args in the repository root; kills it after timeoutMs. */
export function run(cmd: string, args: string[], opts: { timeoutMs?: number; env?: NodeJS.ProcessEnv; stdin?: string } = {}): Promise<Run> {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const child = spawn(cmd, args, { cwd: ROOT, env: opts.env ?? process.env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.stdin.end(opts.stdin ?? "");
    const timer = setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs ?? 30000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Date.now() - t0 });
    });
  });
}

/** The virtual device with exactly these arguments (no --port/--state-dir added). */
export function runSim(args: string[], timeoutMs = 30000): Promise<Run> {
  return run(process.execPath, ["--import", "tsx", "tools/sim/main.ts", ...args], { timeoutMs });
}

// A tiny expect: spawns argv on a pty, then for each step waits for `wait` in the output and
// writes `send`. Prints JSON {code, out} (code 128+N for a signal).
const PTY_DRIVER = String.raw`
import json, os, pty, select, sys, time
steps = json.loads(sys.argv[1]); argv = sys.argv[2:]
pid, fd = pty.fork()
if pid == 0:
    os.execvp(argv[0], argv)
out = b""; deadline = time.time() + 60
def pump(t):
    global out
    r, _, _ = select.select([fd], [], [], t)
    if r:
        try: d = os.read(fd, 4096)
        except OSError: d = b""
        if not d: return False
        out += d
    return True
for s in steps:
    while s["wait"].encode() not in out and time.time() < deadline:
        if not pump(0.1): break
    time.sleep(0.2)
    os.write(fd, s["send"].encode())
while time.time() < deadline:
    if not pump(0.1): break
_, st = os.waitpid(pid, 0)
code = os.WEXITSTATUS(st) if os.WIFEXITED(st) else 128 + os.WTERMSIG(st)
print(json.dumps({"code": code, "out": out.decode("utf-8", "replace")}))
`;

/** Runs argv on a pseudo-terminal, answering prompts; resolves with the exit code and all output. */
export async function runPty(argv: string[], steps: { wait: string; send: string }[]): Promise<{ code: number; out: string }> {
  const r = await run("python3", ["-c", PTY_DRIVER, JSON.stringify(steps), ...argv], { timeoutMs: 70000 });
  if (r.code !== 0) throw new Error(`pty driver failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as { code: number; out: string };
}
