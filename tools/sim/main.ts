// `npm start`: the virtual device. Flags in args.ts; exit codes: 0 clean stop, 1 start failure,
// 2 usage error.
import { parseArgs, USAGE } from "./args.ts";
import { banner } from "./banner.ts";
import { VirtualDevice } from "./device.ts";
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
  const out = { line: (t: string) => process.stdout.write(`${t}\n`) };
  const dev = new VirtualDevice(o, scenario, out);
  let started;
  try {
    started = await dev.start();
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    await dev.stop();
    return 1;
  }
  if (started.port > 0) {
    const ssid = o.aps?.[0]?.ssid ?? scenario.aps?.[0]?.ssid ?? DEFAULT_SSID;
    out.line(await banner(o, started, o.host, JSON.stringify(ssid)));
    out.line(`listening on http://${o.host}:${started.port}`);
  }
  // A powered board stays up in every state (provisioning, connected, after auto-stop): the
  // timer keeps Node's event loop alive once provisioning has released its server and timers.
  const keepAlive = setInterval(() => undefined, 1 << 30);
  await stopRequested;
  clearInterval(keepAlive);
  out.line("stopping…");
  await dev.stop();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`${(e as Error).stack ?? e}\n`);
    process.exit(1);
  }
);
