// ./build.sh bench --port PORT: the board benchmark (tools/bench/entry-board.ts). Writes it into
// the board's Storage as a temporary file over the console, one acknowledged line at a time (a
// Telnet console has no flow control), evaluates it from Storage (code in flash costs a third of
// the JsVars of code sent to RAM), and prints the one JSON line it answers. The file erases itself
// when the benchmark ends. docs/performance.md "The board benchmark" says what to send back.
import * as net from "node:net";
import { pathToFileURL } from "node:url";
import { bundle } from "../bench/espruino";
import { boardArgs, boardCommand } from "./flash";

export const BENCH_USAGE = `usage: ./build.sh bench --port PORT [options]
Runs the board benchmark (our X25519 on the firmware's sliced path, the SHA-256 and AES-CTR steps
of a security-1 session, one get_status round trip, two calibration loops, memory and
ESP32.getState()) from a temporary Storage file and prints its JSON line.
  -p, --port PORT      serial port (/dev/ttyUSB0, /dev/ttyACM0) or tcp://HOST:PORT (telnet console)
  -b, --baud N         serial speed (default 115200)
  --timeout S          give up after S seconds (default 900: one X25519 may take minutes on a board)
  -h, --help           this text
`;

/** The Storage file of the benchmark (tools/bench/entry-board.ts erases it). */
export const BENCH_FILE = "wpbench.js";
/** Characters of the file per console line. */
const CHUNK = 256;

export interface BenchOptions {
  port: string;
  baud: number;
  timeoutMs: number;
}

/** Parses the command line; undefined for --help; throws a usage message. */
export function parseBenchArgs(argv: string[]): BenchOptions | undefined {
  const o: BenchOptions = { port: "", baud: 115200, timeoutMs: 900_000 };
  const known = boardArgs(argv, o, "bench", (a, take) => {
    if (a !== "--timeout") return false;
    o.timeoutMs = Number(take()) * 1000;
    return true;
  });
  if (!known) return undefined;
  if (!(o.timeoutMs > 0)) throw new Error("--timeout must be a positive number of seconds");
  return o;
}

/** A console connection: bytes out, text in. */
export interface Console {
  write(s: string): void;
  onData(fn: (s: string) => void): void;
  close(): void;
}

/** The console lines that write code into Storage as BENCH_FILE, each acknowledged with "WPB-ACK n". */
export function uploadLines(code: string): string[] {
  // Line 0 also reports the usage before anything of ours is loaded (after a GC): the baseline.
  const lines = ['echo(0);require("Storage").erase(' + JSON.stringify(BENCH_FILE) + ');print("WPB-BASE "+process.memory().usage);print("WPB-ACK 0")'];
  for (let off = 0, n = 1; off < code.length; off += CHUNK, n++) {
    const part = code.slice(off, off + CHUNK);
    // ASCII only (the bundle is): JSON escapes are also JS string escapes.
    lines.push('require("Storage").write(' + JSON.stringify(BENCH_FILE) + "," + JSON.stringify(part) + "," + off + "," + code.length + ');print("WPB-ACK ' + n + '")');
  }
  return lines;
}

/**
 * Runs the benchmark over con: the upload, one line at a time, then the run. Resolves with the
 * board's JSON text plus jsvarsBare (usage before the upload) and jsvarsPeakAboveBare.
 */
export function runBench(con: Console, code: string, timeoutMs: number, log: (s: string) => void = () => undefined): Promise<string> {
  const lines = uploadLines(code);
  lines.push('eval(require("Storage").read(' + JSON.stringify(BENCH_FILE) + "))");
  return new Promise((resolve, reject) => {
    let buf = "";
    let bare = -1;
    let next = 0; // the line to send once "WPB-ACK next-1" arrived
    const timer = setTimeout(() => fail("no answer within " + timeoutMs / 1000 + " s"), timeoutMs);
    const fail = (why: string) => {
      clearTimeout(timer);
      reject(new Error(why + (buf ? "; last console output: " + JSON.stringify(buf.slice(-300)) : "")));
    };
    const send = () => {
      const l = lines[next++] as string;
      // Small pieces with pauses: a Telnet console drops what overflows its input buffer.
      let i = 0;
      const piece = () => {
        con.write(l.slice(i, i + 64) + (i + 64 >= l.length ? "\n" : ""));
        i += 64;
        if (i < l.length) setTimeout(piece, 2);
      };
      piece();
    };
    con.onData((s) => {
      buf += s;
      const done = /WIFIPROV-BENCH (\{.*\})\r?\n/.exec(buf);
      if (done) {
        clearTimeout(timer);
        const r = JSON.parse(done[1] as string) as Record<string, unknown>;
        r.jsvarsBare = bare;
        if (typeof r.jsvarsPeak === "number" && bare >= 0) r.jsvarsPeakAboveBare = r.jsvarsPeak - bare;
        resolve(JSON.stringify(r));
        return;
      }
      const b = /WPB-BASE (\d+)\r?\n/.exec(buf);
      if (b && bare < 0) bare = Number(b[1]);
      const err = /(Uncaught [^\r\n]*|ERROR:[^\r\n]*|Execution Interrupted)/.exec(buf);
      if (err && next > 1) return fail("the board reported " + err[1]);
      const ack = new RegExp("WPB-ACK " + (next - 1) + "\\r?\\n").exec(buf);
      if (ack && next < lines.length) {
        buf = buf.slice(ack.index + ack[0].length);
        if (next === lines.length - 1) log("uploaded " + code.length + " B into Storage as " + BENCH_FILE + "; running (one X25519 takes 20 s to minutes on an ESP32)");
        send();
      }
    });
    // A newline first ends whatever was typed before (its errors are ignored: see started).
    con.write("\n");
    setTimeout(send, 300);
  });
}

function tcpConsole(port: string): Promise<Console> {
  const m = /^tcp:\/\/(\[[^\]]+\]|[^:/]+):(\d+)$/.exec(port)!;
  return new Promise((resolve, reject) => {
    const s = net.connect({ host: m[1]!.replace(/^\[|\]$/g, ""), port: Number(m[2]) });
    s.setEncoding("latin1");
    s.once("error", reject);
    s.once("connect", () =>
      resolve({
        write: (d) => s.write(d, "latin1"),
        onData: (fn) => s.on("data", (d: string) => fn(d)),
        close: () => s.destroy(),
      }),
    );
  });
}

async function serialConsole(port: string, baud: number): Promise<Console> {
  // serialport comes with the espruino CLI (a dependency); loaded only for a serial port.
  const mod = (await import("serialport")) as unknown as { SerialPort: new (o: { path: string; baudRate: number }) => NodeJS.ReadWriteStream & { close(): void } };
  const sp = new mod.SerialPort({ path: port, baudRate: baud });
  return {
    write: (d) => void sp.write(Buffer.from(d, "latin1")),
    onData: (fn) => sp.on("data", (d: Buffer) => fn(d.toString("latin1"))),
    close: () => sp.close(),
  };
}

async function main(): Promise<number> {
  const o = await boardCommand("bench", BENCH_USAGE, parseBenchArgs);
  if (typeof o === "number") return o;
  const code = await bundle("tools/bench/entry-board.ts", "board");
  const con = o.port.startsWith("tcp://") ? await tcpConsole(o.port) : await serialConsole(o.port, o.baud);
  try {
    const json = await runBench(con, code, o.timeoutMs, (s) => console.error("bench: " + s));
    console.log("WIFIPROV-BENCH " + json);
    con.write("echo(1)\n"); // the console as it was
    return 0;
  } catch (e) {
    console.error("bench: " + (e as Error).message);
    con.write('\nrequire("Storage").erase(' + JSON.stringify(BENCH_FILE) + ")\n");
    return 1;
  } finally {
    setTimeout(() => con.close(), 200);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main().then((c) => setTimeout(() => process.exit(c), 300));
