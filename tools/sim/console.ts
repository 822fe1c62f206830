// The virtual device's consoles for `--transport console`: stdin/stdout (the board's USB serial)
// and, with --console-port, TCP connections (the board's Telnet console). Each console takes
// lines as an Espruino board's REPL would: esp_prov's pasted request line, the IDF command form,
// and the REPL call prov.console("<endpoint>", "<hex>"[, <session_id>]) that wifi-prov types.
// Answers go back on the console that asked; protocol lines only, never logs.
import * as net from "node:net";
import { errLine, MAX_LINE_CHARS } from "../../src/protocomm/console-line.ts";
import type { TransportConsole } from "../../src/protocomm/transport-console.ts";

/** The REPL call as the Espruino binding defines it (firmware/espruino/console.ts); session id 0 when absent, as esp_prov's. */
const CALL = /^prov\.console\(\s*(["'])([^"']*)\1\s*,\s*(["'])([^"']*)\3\s*(?:,\s*(\d{1,10})\s*)?\)\s*;?$/;

/** Hands one console line to the transport: the REPL call form, else a request line. */
export function consoleLine(t: TransportConsole, line: string, out: (l: string) => void): void {
  const m = CALL.exec(line.replace(/^[\x00-\x1f\s]+|[\x00-\x1f\s]+$/g, ""));
  if (m) t.request(m[2]!, m[5] === undefined ? 0 : Number(m[5]), m[4]!, out);
  else t.line(line, out);
}

/** Splits a byte stream into lines (CR, LF or CR LF); an overlong line is dropped with one error answer. */
export function lineReader(onLine: (l: string) => void, onTooLong: () => void): (chunk: string) => void {
  let buf = "";
  let skipping = false;
  let lastCr = false;
  return (chunk) => {
    for (const ch of chunk) {
      if (ch === "\n" && lastCr) {
        lastCr = false;
        continue;
      }
      lastCr = ch === "\r";
      if (ch === "\n" || ch === "\r") {
        if (skipping) onTooLong();
        else onLine(buf);
        buf = "";
        skipping = false;
      } else if (!skipping) {
        buf += ch;
        if (buf.length > MAX_LINE_CHARS) {
          buf = "";
          skipping = true;
        }
      }
    }
  };
}

/** Serves consoles for one transport until close(). */
export class SimConsoles {
  private server: net.Server | undefined;
  private sockets = new Set<net.Socket>();

  constructor(private readonly t: TransportConsole) {}

  /** Serves one console: lines read from input, answers written with write. */
  attach(input: NodeJS.ReadableStream, write: (text: string) => void): void {
    const out = (l: string) => write(l + "\n");
    const feed = lineReader(
      (l) => consoleLine(this.t, l, out),
      () => out(errLine(undefined, undefined, 0x102, `line too long (at most ${MAX_LINE_CHARS} characters)`))
    );
    input.setEncoding?.("latin1");
    input.on("data", (d: string | Buffer) => feed(typeof d === "string" ? d : d.toString("latin1")));
  }

  /** A TCP console on host:port (0 = a free port); resolves with the bound port. */
  listen(host: string, port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      const srv = net.createServer((sock) => {
        this.sockets.add(sock);
        sock.on("close", () => this.sockets.delete(sock));
        sock.on("error", () => undefined);
        this.attach(sock, (text) => {
          if (!sock.destroyed) sock.write(text, "latin1");
        });
      });
      srv.once("error", reject);
      srv.listen(port, host, () => {
        this.server = srv;
        resolve((srv.address() as net.AddressInfo).port);
      });
    });
  }

  /** Closes the TCP console and its connections. */
  close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    const srv = this.server;
    this.server = undefined;
    return new Promise((resolve) => (srv ? srv.close(() => resolve()) : resolve()));
  }
}
