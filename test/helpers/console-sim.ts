// Spawns the virtual device with the console transport (`--transport console`, optionally
// `--console-port 0`) and resolves once it says it is ready. stdout and stderr kept apart:
// stdout must carry protocol lines only.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../..");

export interface ConsoleSim {
  child: ChildProcessWithoutNullStreams;
  /** tcp://127.0.0.1:PORT with --console-port, else undefined. */
  tcp: string | undefined;
  stdout(): string;
  stderr(): string;
  /** SIGTERM; resolves with the exit code. */
  stop(): Promise<number | null>;
}

export function startConsoleSim(args: string[]): Promise<ConsoleSim> {
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "sim-console-"));
  const child = spawn(process.execPath, ["--import", "tsx", "tools/sim/main.ts", "--transport", "console", "--state-dir", stateDir, ...args], { cwd: ROOT });
  let out = "";
  let err = "";
  child.stdout.on("data", (d) => (out += d));
  const stop = () =>
    new Promise<number | null>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
      child.once("exit", (code) => resolve(code));
      child.kill("SIGTERM");
    });
  const wantTcp = args.includes("--console-port");
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => stop().then(() => reject(new Error("the device did not get ready:\n" + err))), 20000);
    child.stderr.on("data", (d) => {
      err += d;
      const tcp = /console listening on (tcp:\/\/127\.0\.0\.1:\d+)\n/.exec(err)?.[1];
      if (err.includes("console ready on stdin/stdout\n") && (!wantTcp || tcp)) {
        clearTimeout(t);
        resolve({ child, tcp, stdout: () => out, stderr: () => err, stop });
      }
    });
  });
}
