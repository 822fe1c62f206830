// SoftAP/HTTP client transport. Mirrors esp_prov tools/esp_prov/transport/transport_http.py
// (docs/platform/clients.md §3.1): one keep-alive connection, POST /<endpoint>, Set-Cookie echoed as Cookie.
import * as http from "node:http";
import { provError } from "../errors.ts";
import type { Transport } from "./transport.ts";

/** HTTP transport options. */
export interface HttpTransportOptions {
  /** "HOST[:PORT]" or "[v6]:PORT"; port 80 when absent (esp_prov --service_name). */
  host: string;
  /**
   * Response timeout per request in ms (default 120 000): a security 1 request can take 20-100 s
   * on an ESP32 running Espruino, and a blocking scan answers only when the scan is done.
   */
  timeoutMs?: number;
  /**
   * TCP connect timeout in ms (default 5000): a device in reach accepts a connection within
   * milliseconds even while busy, so an address where nothing answers is reported quickly.
   */
  connectTimeoutMs?: number;
}

export const DEFAULT_TIMEOUT_MS = 120_000;
export const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;

/** "host:port", with an IPv6 address in brackets. */
export function formatHostPort(host: string, port: number): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}

/** Splits "host:port" / "[v6]:port" / "host"; undefined when malformed. */
export function parseHostPort(s: string): { host: string; port: number } | undefined {
  const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(s) ?? /^([^:]+)(?::(\d+))?$/.exec(s);
  if (!m || !m[1]) return undefined;
  const port = m[2] === undefined ? 80 : Number(m[2]);
  if (!Number.isInteger(port) || port < 1 || port > 65535) return undefined;
  return { host: m[1], port };
}

const UNREACHABLE = new Set(["ECONNREFUSED", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN", "EADDRNOTAVAIL", "ETIMEDOUT"]);

/** POSTs each request on one keep-alive connection, like esp_prov's http.client.HTTPConnection. */
export class HttpTransport implements Transport {
  readonly host: string;
  readonly port: number;
  private readonly timeoutMs: number;
  private readonly connectTimeoutMs: number;
  private readonly agent: http.Agent;
  /** The last Set-Cookie value, sent back verbatim (esp_prov stores the whole header value). */
  cookie: string | undefined;

  constructor(opts: HttpTransportOptions) {
    const hp = parseHostPort(opts.host);
    if (!hp) throw provError("usage", `bad host "${opts.host}" (expected HOST, HOST:PORT or [IPv6]:PORT)`);
    this.host = hp.host;
    this.port = hp.port;
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.connectTimeoutMs = opts.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    // maxSockets 1: one TCP connection at a time, as the device serves one (max_open_sockets=1).
    this.agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  }

  send(endpoint: string, body: Uint8Array): Promise<Uint8Array> {
    return new Promise((resolve, reject) => {
      const headers: http.OutgoingHttpHeaders = {
        "Content-Length": String(body.length),
        "Content-type": "application/x-www-form-urlencoded",
        Accept: "text/plain",
      };
      if (this.cookie !== undefined) headers["Cookie"] = this.cookie;
      const hp = formatHostPort(this.host, this.port);
      const where = `${hp}/${endpoint}`;
      const req = http.request({ host: this.host, port: this.port, method: "POST", path: "/" + endpoint, headers, agent: this.agent });
      req.on("socket", (sock) => {
        if (!sock.connecting) return; // a kept-alive connection
        const t = setTimeout(() => {
          req.destroy(provError("unreachable", `cannot connect to ${hp}: no answer within ${this.connectTimeoutMs / 1000} s (--connect-timeout-ms)`));
        }, this.connectTimeoutMs);
        sock.once("connect", () => clearTimeout(t));
        sock.once("close", () => clearTimeout(t));
      });
      req.setTimeout(this.timeoutMs, () => {
        req.destroy(provError("timeout", `no response from ${where} within ${Math.round(this.timeoutMs / 1000)} s (--timeout-ms)`));
      });
      req.on("error", (e: NodeJS.ErrnoException) => {
        if ((e as Partial<{ kind: string }>).kind) return reject(e);
        if (e.code && UNREACHABLE.has(e.code)) return reject(provError("unreachable", `cannot connect to ${hp} (${e.code})`, e));
        // ECONNRESET / "socket hang up": the device dropped the connection without answering.
        reject(provError("closed", `the device closed the connection without a response (POST /${endpoint})`, e));
      });
      req.on("response", (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("error", (e) => reject(provError("closed", `connection lost while reading /${endpoint}`, e)));
        res.on("end", () => {
          if (!res.complete) return reject(provError("closed", `truncated response from /${endpoint}`));
          if (res.statusCode !== 200) {
            return reject(provError("http-status", `server responded with error code ${res.statusCode} on /${endpoint}`));
          }
          const raw = res.rawHeaders;
          const cookies: string[] = [];
          for (let i = 0; i + 1 < raw.length; i += 2) if (raw[i]!.toLowerCase() === "set-cookie") cookies.push(raw[i + 1]!);
          if (cookies.length) this.cookie = cookies.join(", ");
          const buf = Buffer.concat(chunks);
          resolve(new Uint8Array(buf.buffer, buf.byteOffset, buf.length));
        });
      });
      req.end(Buffer.from(body));
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
