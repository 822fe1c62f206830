// Console client transport: drives a device's console (an Espruino board's REPL over USB serial
// or Telnet, or the virtual device's TCP console). Each request is typed as the REPL call
// prov.console("<endpoint>", "<hex>", <session_id>) with Espruino's echo-off prefix (\x10); the
// answer is the tagged line WIFIPROV-RESP/WIFIPROV-ERR <endpoint> <session_id> … picked out of
// everything else the console prints (src/protocomm/console-line.ts, docs/spec/protocol.md §4.3).
// The counterpart of esp_prov transport/transport_console.py, with the copy and paste automated.
import { randomInt } from "node:crypto";
import { provError } from "../errors.ts";
import type { Transport } from "./transport.ts";

/** A byte pipe to a console (espruino-link.ts over the espruino-tools connection layer). */
export interface ConsoleLink {
  /** Writes text (8-bit characters), paced as the link needs; resolves once handed on. */
  write(text: string): Promise<void>;
  /** Everything the console prints, as 8-bit character strings. */
  onData(cb: (text: string) => void): void;
  /** The connection ended. */
  onClose(cb: () => void): void;
  close(): void;
}

export interface ConsoleTransportOptions {
  link: ConsoleLink;
  /** Names the console in messages ("/dev/ttyUSB0", "tcp://127.0.0.1:2323"). */
  where: string;
  /** Response timeout per request, ms (default 120 000: a security 1 request can take 20-100 s on an ESP32). */
  timeoutMs?: number;
  /** Session id (default random 1..2^31-1: a new session on the device for every run). */
  session?: number;
}

const ANSWER = /WIFIPROV-(RESP|ERR) (\S+) (\S+) ?(.*)$/;
const ENDPOINT = /^[A-Za-z0-9._~-]+$/;

interface Waiter {
  endpoint: string;
  resolve(b: Uint8Array): void;
  reject(e: Error): void;
}

/** One request at a time over a console, matched to its answer by endpoint and session id. */
export class ConsoleTransport implements Transport {
  readonly session: number;
  private readonly timeoutMs: number;
  private buf = "";
  private waiter: Waiter | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(private readonly o: ConsoleTransportOptions) {
    this.session = o.session ?? randomInt(1, 0x7fffffff);
    this.timeoutMs = o.timeoutMs ?? 120_000;
    o.link.onData((d) => this.rx(d));
    o.link.onClose(() => {
      this.closed = true;
      this.waiter?.reject(provError("closed", `the console ${o.where} closed`));
    });
  }

  private rx(d: string): void {
    this.buf += d;
    for (let i = this.buf.search(/[\r\n]/); i >= 0; i = this.buf.search(/[\r\n]/)) {
      const line = this.buf.slice(0, i);
      this.buf = this.buf.slice(i + 1);
      this.answer(line);
    }
    // Console output without line ends (a prompt) never holds an answer: keep only a bounded tail.
    if (this.buf.length > 65536) this.buf = this.buf.slice(-16384);
  }

  private answer(line: string): void {
    const m = ANSWER.exec(line);
    const w = this.waiter;
    // Espruino's REPL refusing the call (no prov.console: the firmware does not serve provisioning
    // on its console, or has stopped): fail now rather than at the response timeout.
    if (w && !m && /Uncaught .*\bprov\b|Uncaught .*"console"/.test(line)) {
      return w.reject(provError("unreachable", `the console ${this.o.where} does not take provisioning requests (is the device provisioning over its console?): ${line.replace(/^(?:[\s>]|\x1b\[J)+/, "").slice(0, 120)}`));
    }
    if (!m || !w || m[2] !== w.endpoint || m[3] !== String(this.session)) return;
    if (m[1] === "ERR") {
      const text = m[4]!.trim();
      const kind = /^0x105\b/.test(text) ? "http-status" : "closed";
      return w.reject(provError(kind, `the device answered an error to ${w.endpoint}: ${text}`));
    }
    const hex = m[4]!.trim();
    if (!/^(?:[0-9a-f]{2})*$/.test(hex)) return w.reject(provError("protocol", `malformed answer from ${this.o.where}: ${line.slice(0, 80)}`));
    w.resolve(new Uint8Array(Buffer.from(hex, "hex")));
  }

  send(endpoint: string, body: Uint8Array): Promise<Uint8Array> {
    const run = () => this.sendOne(endpoint, body);
    const p = this.queue.then(run, run);
    this.queue = p.catch(() => undefined);
    return p;
  }

  private sendOne(endpoint: string, body: Uint8Array): Promise<Uint8Array> {
    if (!ENDPOINT.test(endpoint)) return Promise.reject(provError("usage", `endpoint name "${endpoint}" cannot be sent on a console`));
    if (this.closed) return Promise.reject(provError("closed", `the console ${this.o.where} is closed`));
    const line = `\x10prov.console("${endpoint}","${Buffer.from(body).toString("hex")}",${this.session})\n`;
    return new Promise<Uint8Array>((resolve, reject) => {
      const t = setTimeout(() => done(provError("timeout", `no answer from ${this.o.where} to ${endpoint} within ${Math.round(this.timeoutMs / 1000)} s (--timeout-ms)`)), this.timeoutMs);
      const done = (e: Error | undefined, b?: Uint8Array) => {
        clearTimeout(t);
        this.waiter = undefined;
        if (e) reject(e);
        else resolve(b!);
      };
      this.waiter = { endpoint, resolve: (b) => done(undefined, b), reject: (e) => done(e) };
      this.o.link.write(line).catch((e: Error) => done(provError("closed", `cannot write to ${this.o.where}: ${e.message}`, e)));
    });
  }

  close(): void {
    this.closed = true;
    this.o.link.close();
  }
}
