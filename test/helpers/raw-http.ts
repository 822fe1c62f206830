// A raw HTTP/1.1 client over node:net: exact request bytes in, status/headers/body or "closed
// without response" out — what esp_prov sees when the device drops the socket.
import * as net from "node:net";

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** One request on a fresh or given socket; resolves undefined when closed with no response. */
export function rawRequest(
  port: number,
  opts: { method?: string; path: string; headers?: Record<string, string>; body?: Uint8Array; sock?: net.Socket }
): Promise<RawResponse | undefined> {
  return new Promise((resolve, reject) => {
    const sock = opts.sock ?? net.connect(port, "127.0.0.1");
    const body = Buffer.from(opts.body ?? new Uint8Array(0));
    const head = [`${opts.method ?? "POST"} ${opts.path} HTTP/1.1`, `Host: 127.0.0.1:${port}`];
    const hdrs = { ...(opts.headers ?? {}) };
    if (opts.body !== undefined && !Object.keys(hdrs).some((k) => k.toLowerCase() === "content-length")) {
      hdrs["Content-Length"] = String(body.length);
    }
    for (const [k, v] of Object.entries(hdrs)) head.push(`${k}: ${v}`);
    let buf = Buffer.alloc(0);
    const onData = (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      const r = parse(buf);
      if (r) {
        cleanup();
        resolve(r);
      }
    };
    const onClose = () => {
      cleanup();
      resolve(parse(buf));
    };
    const cleanup = () => {
      sock.off("data", onData);
      sock.off("close", onClose);
      sock.off("error", onErr);
    };
    const onErr = (e: Error) => {
      if ((e as NodeJS.ErrnoException).code === "ECONNRESET") return;
      cleanup();
      reject(e);
    };
    sock.on("data", onData);
    sock.on("close", onClose);
    sock.on("error", onErr);
    sock.write(Buffer.concat([Buffer.from(head.join("\r\n") + "\r\n\r\n"), body]));
  });
}

function parse(buf: Buffer): RawResponse | undefined {
  const end = buf.indexOf("\r\n\r\n");
  if (end < 0) return undefined;
  const lines = buf.subarray(0, end).toString("latin1").split("\r\n");
  const status = Number((lines[0] ?? "").split(" ")[1]);
  const headers: Record<string, string> = {};
  for (const l of lines.slice(1)) {
    const i = l.indexOf(":");
    headers[l.substring(0, i).toLowerCase()] = l.substring(i + 1).trim();
  }
  const len = Number(headers["content-length"] ?? 0);
  if (buf.length < end + 4 + len) return undefined;
  return { status, headers, body: buf.subarray(end + 4, end + 4 + len) };
}

/** An open socket to reuse across requests (keep-alive, like esp_prov's HTTPConnection). */
export function openSocket(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, "127.0.0.1", () => resolve(s));
    s.once("error", reject);
  });
}

/** Opens a connection, writes text (maybe nothing) and closes it after ms; what came back is ignored. */
export function sendAndClose(port: number, text: string | Buffer, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const s = net.connect(port, "127.0.0.1", () => {
      if (text.length) s.write(text);
      setTimeout(() => s.destroy(), ms);
    });
    s.on("error", () => resolve());
    s.on("close", () => resolve());
    s.on("data", () => undefined);
  });
}
