// `npm start`: the virtual device. Flags in args.ts; exit codes: 0 clean stop, 1 start failure
// (the port cannot be bound: the cause and the flag to change are printed), 2 usage error (bad
// flag, bad --scenario file, unusable --state-dir).
import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import { hostPort, parseArgs, USAGE } from "./args.ts";
import { banner } from "./banner.ts";
import { consoleBanner } from "./console-banner.ts";
import { SimConsoles } from "./console.ts";
import { StartError, VirtualDevice } from "./device.ts";
import { DEFAULT_SSID } from "./neighbourhood.ts";
import { loadScenario } from "./scenario.ts";

async function main(): Promise<number> {
  // Signals are caught from the first moment, so a stop request during start-up is a clean stop too.
  const stopRequested = new Promise<void>((resolve) => {
    process.once("SIGINT", () => resolve());
    process.once("SIGTERM", () => resolve());
  });
  const o = parseArgs(process.argv.slice(2));
  if (typeof o === "string") {
    process.stderr.write(`${o}\n\n${USAGE}`);
    return 2;
  }
  if (o.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const scenario = o.scenario ? loadScenario(o.scenario) : {};
  if (typeof scenario === "string") {
    process.stderr.write(`${scenario}\n`);
    return 2;
  }
  const dirProblem = checkStateDir(o.stateDir);
  if (dirProblem) {
    process.stderr.write(`${dirProblem}\n`);
    return 2;
  }
  // Console transport: stdout carries protocol lines only; everything else goes to stderr.
  const out = { line: (t: string) => (o.transport === "console" ? process.stderr : process.stdout).write(`${t}\n`) };
  const dev = new VirtualDevice(o, scenario, out);
  let started;
  try {
    started = await dev.start();
  } catch (e) {
    const why = e instanceof StartError ? await bindProblem(o.host, o.port) : undefined;
    process.stderr.write(`${why ?? (e as Error).message}\n`);
    await dev.stop();
    return 1;
  }
  if (started.port > 0) {
    const ssid = o.aps?.[0]?.ssid ?? scenario.aps?.[0]?.ssid ?? DEFAULT_SSID;
    out.line(await banner(o, started, o.host, JSON.stringify(ssid)));
    out.line(`listening on http://${hostPort(o.host, started.port)}`);
  }
  let consoles: SimConsoles | undefined;
  if (started.console) {
    consoles = new SimConsoles(started.console);
    let tcpPort: number | undefined;
    if (o.consolePort !== undefined) {
      try {
        tcpPort = await consoles.listen(o.host, o.consolePort);
      } catch {
        process.stderr.write(`${(await bindProblem(o.host, o.consolePort))?.replace(/--port/g, "--console-port") ?? "cannot open the TCP console"}\n`);
        await dev.stop();
        return 1;
      }
    }
    const ssid = o.aps?.[0]?.ssid ?? scenario.aps?.[0]?.ssid ?? DEFAULT_SSID;
    out.line(consoleBanner(o, started, tcpPort, JSON.stringify(ssid)));
    consoles.attach(process.stdin, (t) => process.stdout.write(t));
    out.line("console ready on stdin/stdout");
    if (tcpPort !== undefined) out.line(`console listening on tcp://${hostPort(o.host, tcpPort)}`);
  }
  // A powered board stays up in every state (provisioning, connected, after auto-stop): the
  // timer keeps Node's event loop alive once provisioning has released its server and timers.
  const keepAlive = setInterval(() => undefined, 1 << 30);
  await stopRequested;
  clearInterval(keepAlive);
  out.line("stopping…");
  await consoles?.close();
  process.stdin.pause();
  await dev.stop();
  return 0;
}

/** mkdir -p one level at a time (Node's recursive mkdir loops forever under /proc). */
function mkdirs(dir: string): void {
  try {
    fs.mkdirSync(dir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "EEXIST" && fs.statSync(dir).isDirectory()) return;
    if (code !== "ENOENT" || path.dirname(dir) === dir) throw e;
    mkdirs(path.dirname(dir));
    fs.mkdirSync(dir);
  }
}

/** Why --state-dir cannot hold the credentials (created when missing; a file is written and removed), or undefined. */
export function checkStateDir(dir: string): string | undefined {
  const abs = path.resolve(dir);
  const probe = path.join(abs, `.write-test-${process.pid}`);
  try {
    mkdirs(abs);
    fs.writeFileSync(probe, "");
    fs.unlinkSync(probe);
    return undefined;
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const hint =
      err.code === "EACCES" || err.code === "EPERM" ? "no permission to write there" :
      err.code === "EROFS" ? "the file system is read-only" :
      err.code === "ENOTDIR" || err.code === "EEXIST" ? "a file is in the way of the directory" :
      err.code === "ENOENT" ? "the directory cannot be created there" :
      err.code === "ENOSPC" ? "the disk is full" : err.message;
    return `cannot use the state directory ${abs} (--state-dir): ${err.code ?? "error"}, ${hint}. ` +
      `The device saves its Wi-Fi credentials there; pass a writable --state-dir DIR.`;
  }
}

/** Binds host:port once to learn why the device's HTTP server could not; undefined when it can. */
export function bindProblem(host: string, port: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    const where = hostPort(host, port);
    srv.once("error", (e: NodeJS.ErrnoException) => {
      const code = e.code ?? "error";
      const why =
        code === "EADDRNOTAVAIL" ? `${host} is not an address of this machine. Change --host (127.0.0.1 for this machine only, 0.0.0.0 for every interface)` :
        code === "EADDRINUSE" ? `another program (another virtual device?) uses port ${port}. Stop it or change --port (--port 0 picks a free one)` :
        code === "EACCES" ? `ports below 1024 need privileges. Change --port (e.g. --port 8080)` :
        code === "ENOTFOUND" || code === "EAI_AGAIN" ? `${host} is not a known host name. Change --host` :
        `${e.message}. Check --host and --port`;
      resolve(`cannot listen on ${where}: ${code}: ${why}.`);
    });
    srv.listen(port, host, () => srv.close(() => resolve(undefined)));
  });
}

main().then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`${(e as Error).stack ?? e}\n`);
    process.exit(1);
  }
);
