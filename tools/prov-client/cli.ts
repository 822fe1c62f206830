// wifi-prov command line: esp_prov.py for Node users. `main(argv, io)` returns the exit
// code; bin.mjs runs it under tsx. Subcommands live in the exported `commands` table.
import process from "node:process";
import { parseArgs } from "node:util";
import { ExitCode, failKind, provError } from "./errors.ts";
import { showReply } from "./prov/custom.ts";
import { authName, uniqueNetworks, type ScanEntry } from "./prov/scan.ts";
import { provision, type NetworkChoice, type ProvisionOptions } from "./provision.ts";
import { Progress, Prompter, type CliIo } from "./ui.ts";
import { nodeCrypto } from "../node-platform/crypto.ts";
import { sec2CredentialsCommand } from "./sec2-credentials.ts";
import { openConsoleTransport } from "./console-port.ts";


/** One subcommand. */
export interface Command {
  /** One line for the command list. */
  summary: string;
  /** Full help text. */
  usage: string;
  /** Runs with the arguments after the command name; resolves with the exit code. */
  run(argv: string[], io: CliIo): Promise<number>;
}

const PROVISION_USAGE = `Usage: wifi-prov [provision] [options]

Provisions an ESP-IDF (or espruino-wifi-prov) device over SoftAP/HTTP, or over its console
with --port, like esp_prov.py.

Connection:
  --host HOST[:PORT]        device address (default 192.168.4.1:80; IPv6 as [::1]:8080)
  --port PORT               provision over the device's console instead: a serial port
                            (/dev/ttyUSB0, COM3) or tcp://HOST:PORT (a Telnet console);
                            no Wi-Fi or BLE needed (README "Provisioning over a console")
  --baud N                  serial speed with --port (default 115200)
  --connect-timeout-ms N    TCP connect timeout (default 5000: a device in reach accepts at once,
                            so an address where nothing answers is reported after 5 s)
  --timeout-ms N            response timeout per request (default 120000: a security 1 request
                            can take 20-100 s on an ESP32 running Espruino)
Security (default: from the device's proto-ver: prov.sec_ver, else no_sec -> 0, else 1):
  --sec 0|1|2               force a security scheme
  --pop TEXT                proof of possession (security 1)
  --sec2-user NAME          username (security 2; default wifiprov, as the device's)
  --sec2-password TEXT      password (security 2; the patch version is read from proto-ver)
Network:
  --ssid SSID               network to join; without it the device scans and you pick from a list
                            (or type the name of a hidden network at the prompt)
  --passphrase TEXT         its passphrase ('' for an open network); asked for on a terminal
  --passphrase-stdin        read the passphrase from the next line of stdin (keeps it out of ps);
                            without a terminal, one of --passphrase/--passphrase-stdin is needed
                            unless the network picked from the scan is open
Other:
  --custom-data [ENDPOINT=]TEXT  send TEXT to a custom endpoint (default custom-data); repeatable
  --reset                   prov-ctrl reset (after a failed attempt); exits unless --ssid is given
  --retry                   if the device is still in the failed state of an earlier attempt,
                            reset it and send the new credentials
  --reprov                  prov-ctrl reprovision; exits unless --ssid is given
  --poll-ms N               status poll interval (default 2000)
  --wait-ms N               give up waiting for the connection after N ms (default 120000)
  -h, --help                this text

Exit codes:
  0  provisioned (or reset/reprov accepted)
  1  provisioning failed (wrong passphrase, network not found, device refused)
  2  usage error
  3  no session (device unreachable, wrong PoP or sec2 credentials, connection lost)
  130  interrupted with Ctrl-C at a prompt (nothing was sent)
`;

const OPTIONS = {
  host: { type: "string" },
  port: { type: "string" },
  baud: { type: "string" },
  sec: { type: "string" },
  pop: { type: "string" },
  "sec2-user": { type: "string" },
  "sec2-password": { type: "string" },
  ssid: { type: "string" },
  passphrase: { type: "string" },
  "passphrase-stdin": { type: "boolean" },
  retry: { type: "boolean" },
  "connect-timeout-ms": { type: "string" },
  "custom-data": { type: "string", multiple: true },
  reset: { type: "boolean" },
  reprov: { type: "boolean" },
  "poll-ms": { type: "string" },
  "timeout-ms": { type: "string" },
  "wait-ms": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

function int(name: string, v: string | undefined, min: number): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) < min) throw provError("usage", `--${name} must be an integer >= ${min}`);
  return Number(v);
}

/** Parses `--custom-data [ENDPOINT=]TEXT`: a leading endpoint-like name before "=" is the endpoint. */
export function parseCustomData(v: string): { endpoint: string; data: Uint8Array } {
  const m = /^([A-Za-z0-9._~-]+)=(.*)$/s.exec(v);
  const [endpoint, text] = m ? [m[1]!, m[2]!] : ["custom-data", v];
  return { endpoint, data: new Uint8Array(Buffer.from(text, "utf8")) };
}

/** The numbered scan table (printed on stdout). */
export function networkTable(list: ScanEntry[]): string {
  const w = Math.max(4, ...list.map((e) => e.ssid.length));
  const rows = [`  #  ${"SSID".padEnd(w)}  Ch  RSSI  Security        BSSID`];
  list.forEach((e, i) => {
    rows.push(`${String(i + 1).padStart(3)}  ${e.ssid.padEnd(w)}  ${String(e.channel).padStart(2)}  ${String(e.rssi).padStart(4)}  ${authName(e.auth).padEnd(14)}  ${e.bssid}`);
  });
  return rows.join("\n") + "\n";
}

/** Parses provision flags into ProvisionOptions (throws a "usage" ProvError). */
export function provisionOptions(argv: string[]): ProvisionOptions & { help?: boolean; passphraseStdin?: boolean; port?: string; baud?: number } {
  let v;
  try {
    v = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false }).values;
  } catch (e) {
    throw provError("usage", (e as Error).message);
  }
  if (v.sec !== undefined && !/^[012]$/.test(v.sec)) throw provError("usage", "--sec must be 0, 1 or 2");
  if (v.reset && v.reprov) throw provError("usage", "use either --reset or --reprov, not both");
  if (v.port !== undefined && v.host !== undefined) throw provError("usage", "use either --host (SoftAP/HTTP) or --port (console), not both");
  if (v.baud !== undefined && v.port === undefined) throw provError("usage", "--baud needs --port");
  if (v.ssid !== undefined && Buffer.byteLength(v.ssid) > 32) throw provError("usage", "--ssid is longer than 32 bytes");
  if (v.passphrase !== undefined && Buffer.byteLength(v.passphrase) > 63) throw provError("usage", "--passphrase is longer than 63 bytes");
  if (v.passphrase !== undefined && v["passphrase-stdin"]) throw provError("usage", "use either --passphrase or --passphrase-stdin, not both");
  return {
    help: v.help,
    host: v.host,
    port: v.port,
    baud: int("baud", v.baud, 1),
    sec: v.sec === undefined ? undefined : Number(v.sec),
    pop: v.pop,
    sec2User: v["sec2-user"],
    sec2Password: v["sec2-password"],
    ssid: v.ssid,
    passphrase: v.passphrase,
    passphraseStdin: v["passphrase-stdin"],
    retry: v.retry,
    connectTimeoutMs: int("connect-timeout-ms", v["connect-timeout-ms"], 1),
    customData: (v["custom-data"] ?? []).map(parseCustomData),
    reset: v.reset,
    reprov: v.reprov,
    pollMs: int("poll-ms", v["poll-ms"], 1),
    timeoutMs: int("timeout-ms", v["timeout-ms"], 1),
    waitMs: int("wait-ms", v["wait-ms"], 0),
  };
}

async function runProvision(argv: string[], io: CliIo): Promise<number> {
  let o: ReturnType<typeof provisionOptions>;
  try {
    o = provisionOptions(argv);
  } catch (e) {
    io.stderr.write(`wifi-prov: ${(e as Error).message}\nTry 'wifi-prov --help'.\n`);
    return ExitCode.Usage;
  }
  if (o.help) {
    io.stdout.write(PROVISION_USAGE);
    return 0;
  }
  const progress = new Progress(io.stderr);
  const prompt = new Prompter(io);
  const tty = !!io.stdin.isTTY;
  const noPassphrase = (ssid: string) =>
    provError("usage", `no passphrase for "${ssid}" and stdin is not a terminal to ask on: pass --passphrase-stdin (and the passphrase on stdin), --passphrase TEXT, or --passphrase '' for an open network; nothing was sent`);
  /** The passphrase for ssid: --passphrase, else a line of stdin (--passphrase-stdin), else a prompt on a terminal. */
  const passphraseFor = async (ssid: string, open: boolean | undefined): Promise<string> => {
    if (o.passphrase !== undefined) return o.passphrase;
    if (open) return "";
    if (o.passphraseStdin && !tty) {
      const p = await prompt.ask("");
      if (p === undefined) throw provError("usage", `--passphrase-stdin: no passphrase line on stdin for "${ssid}"; nothing was sent`);
      return p;
    }
    if (!tty) throw noPassphrase(ssid);
    for (;;) {
      const p = await prompt.ask(open === false ? `Passphrase for "${ssid}": ` : `Passphrase for "${ssid}" (empty for an open network): `, true);
      if (p === undefined) throw provError("usage", `no passphrase given for "${ssid}" (end of input); nothing was sent`);
      if (open === false && Buffer.byteLength(p) < 8) {
        io.stderr.write("A WPA passphrase has 8 to 63 characters.\n");
        continue;
      }
      if (Buffer.byteLength(p) > 63) {
        io.stderr.write("A WPA passphrase has at most 63 bytes.\n");
        continue;
      }
      return p;
    }
  };
  try {
    // Before any connection: a missing passphrase that cannot be asked for is a usage error.
    if (o.ssid !== undefined && o.passphrase === undefined && !o.passphraseStdin && !tty) throw noPassphrase(o.ssid);
    if (o.ssid !== undefined) o.passphrase = await passphraseFor(o.ssid, undefined);
    const chooseNetwork = async (all: ScanEntry[]): Promise<NetworkChoice> => {
      const list = uniqueNetworks(all);
      if (list.length === 0) io.stdout.write("No networks found.\n");
      else io.stdout.write(networkTable(list));
      for (;;) {
        const a = await prompt.ask(
          list.length ? `Select a network [1-${list.length}], 0 to rescan, or type the name of a hidden network: ` : "0 to rescan, or type the name of a hidden network: "
        );
        if (a === undefined) throw provError("usage", "no network selected (end of input); nothing was sent");
        const t = a.trim();
        if (t === "0") return "rescan";
        if (/^\d+$/.test(t)) {
          const e = list[Number(t) - 1];
          if (!e) {
            io.stderr.write(`Please enter a number from 1 to ${list.length}, or a network name.\n`);
            continue;
          }
          return { ssid: e.ssid, passphrase: await passphraseFor(e.ssid, e.auth === 0) };
        }
        // Not a number: the name of a network the scan cannot see (a hidden SSID), taken as typed.
        if (a.length === 0 || Buffer.byteLength(a) > 32) {
          io.stderr.write("A network name has 1 to 32 bytes.\n");
          continue;
        }
        return { ssid: a, passphrase: await passphraseFor(a, undefined) };
      }
    };
    // --port: the device's console (a ProvError "unreachable" here is reported like a refused --host).
    if (o.port !== undefined) o.transport = await openConsoleTransport(o.port, o, io);
    const r = await provision({
      ...o,
      hooks: {
        begin: (l) => progress.begin(l),
        end: () => progress.end(),
        info: (m) => io.stderr.write(m + "\n"),
        warn: (m) => io.stderr.write("warning: " + m + "\n"),
        status: (s) => {
          if (s.state === "connecting" && s.attemptsRemaining !== undefined) {
            progress.end();
            io.stderr.write(`connection attempt failed; ${s.attemptsRemaining} left\n`);
            progress.begin("Waiting for the device to join the network");
          }
        },
        chooseNetwork,
      },
    });
    for (const c of r.customReplies) io.stdout.write(`${c.endpoint} reply: ${showReply(c.reply)}\n`);
    if (r.exitCode === ExitCode.Interrupted) {
      io.stderr.write(`wifi-prov: ${r.message}\n`);
      return r.exitCode;
    }
    if (r.exitCode === ExitCode.Provisioned) io.stdout.write(r.message + "\n");
    else if (r.exitCode === ExitCode.Usage) io.stderr.write(`wifi-prov: ${r.message}\n`);
    else io.stderr.write((r.exitCode === ExitCode.NoSession ? "No session: " : "") + r.message + "\n");
    return r.exitCode;
  } catch (e) {
    const kind = failKind(e);
    if (kind === "unreachable" && o.port !== undefined) {
      io.stderr.write(`No session: cannot reach the device: ${(e as Error).message}\n`);
      return ExitCode.NoSession;
    }
    if (kind === "usage" || kind === "interrupted") {
      io.stderr.write(`wifi-prov: ${(e as Error).message}\n`);
      return kind === "usage" ? ExitCode.Usage : ExitCode.Interrupted;
    }
    throw e;
  } finally {
    o.transport?.close();
    progress.end();
    prompt.close();
  }
}

/** Subcommands by name; the default is "provision". Others register here (e.g. sec2-credentials). */
export const commands: { [name: string]: Command } = {
  provision: { summary: "provision a device (the default command)", usage: PROVISION_USAGE, run: runProvision },
  "sec2-credentials": sec2CredentialsCommand(nodeCrypto),
};

/** Adds a subcommand (e.g. `sec2-credentials` from the sec2 work). */
export function registerCommand(name: string, c: Command): void {
  commands[name] = c;
}

function topHelp(): string {
  const list = Object.entries(commands)
    .map(([n, c]) => `  ${n.padEnd(18)} ${c.summary}`)
    .join("\n");
  return `${PROVISION_USAGE}\nCommands:\n${list}\n  help [COMMAND]     show help\n`;
}

/** Runs the CLI; resolves with the exit code. */
export async function main(argv: string[], io: CliIo = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin }): Promise<number> {
  const first = argv[0];
  if (first === "help") {
    const c = argv[1] === undefined ? undefined : commands[argv[1]];
    io.stdout.write(c ? c.usage : topHelp());
    return argv[1] === undefined || c ? 0 : ExitCode.Usage;
  }
  if (first === "--help" || first === "-h") {
    io.stdout.write(topHelp());
    return 0;
  }
  if (first !== undefined && !first.startsWith("-")) {
    const c = commands[first];
    if (!c) {
      io.stderr.write(`wifi-prov: unknown command "${first}"\nTry 'wifi-prov --help'.\n`);
      return ExitCode.Usage;
    }
    return c.run(argv.slice(1), io);
  }
  return runProvision(argv, io);
}
