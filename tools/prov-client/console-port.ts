// wifi-prov --port: the console transport over an espruino-tools link (transport/console.ts,
// transport/espruino-link.ts), with the CLI's timeouts.
import type { CliIo } from "./ui.ts";
import { ConsoleTransport } from "./transport/console.ts";
import { openEspruinoLink } from "./transport/espruino-link.ts";

/** Opens port (/dev/ttyUSB0, COM3, tcp://HOST:PORT); rejects with an "unreachable" ProvError. */
export async function openConsoleTransport(port: string, o: { baud?: number; timeoutMs?: number; connectTimeoutMs?: number }, io: CliIo): Promise<ConsoleTransport> {
  const link = await openEspruinoLink(port, { baud: o.baud, connectTimeoutMs: o.connectTimeoutMs });
  const t = new ConsoleTransport({ link, where: port, timeoutMs: o.timeoutMs });
  io.stderr.write(`Console ${port} open (session ${t.session})\n`);
  return t;
}
