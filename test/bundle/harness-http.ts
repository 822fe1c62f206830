// require("http") server as Espruino's socketserver.c behaves (docs/platform/espruino.md §9): header names as
// sent, body as 8-bit string chunks of ≤536 bytes, 'end' once Content-Length bytes arrived,
// "HTTP/1.1 <code> OK", Connection: close after end(), req.clsNow = close with nothing written,
// and res.end(x) sends String(x) (a Uint8Array becomes "65,66,…").
import { EventEmitter } from "node:events";
import * as net from "node:net";

const CHUNK = 536;

class EspRequest extends EventEmitter {
  method = "";
  url = "";
  headers: Record<string, string> = {};
  clsNow = false;
}

class EspResponse extends EventEmitter {
  private head = "";
  private chunked = false;
  private started = false;
  ended = false;
  constructor(private sock: net.Socket) {
    super();
    sock.on("close", () => this.emit("close"));
  }
  writeHead(status: number, headers: Record<string, string>): void {
    this.head = "HTTP/1.1 " + status + " OK\r\n";
    for (const k of Object.keys(headers || {})) {
      this.head += k + ": " + headers[k] + "\r\n";
      // socketserver.c: Transfer-Encoding chunked (name matched case-insensitively) frames each write.
      if (k.toLowerCase() === "transfer-encoding" && headers[k] === "chunked") this.chunked = true;
    }
    this.head += "Connection: close\r\n\r\n";
  }
  private out(data: string): string {
    const pre = this.started ? "" : this.head || "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n";
    this.started = true;
    return pre + (this.chunked ? data.length.toString(16) + "\r\n" + data + "\r\n" : data);
  }
  /** Appends to the send buffer; 'drain' once it is sent (socketSendData); throws once closed. */
  write(data: unknown): boolean {
    if (this.ended || this.sock.destroyed) throw new Error("This socket is closed");
    this.sock.write(Buffer.from(this.out(String(data)), "latin1"), () => setImmediate(() => !this.ended && this.emit("drain")));
    return false;
  }
  end(data?: unknown): void {
    if (this.ended) return;
    this.ended = true;
    const body = data === undefined ? "" : String(data);
    this.sock.end(Buffer.from(this.chunked ? this.out(body) + (body ? this.out("") : "") : this.out(body), "latin1"));
  }
}

export class EspHttp {
  servers: net.Server[] = [];
  port = 0;
  private socks = new Set<net.Socket>();
  /** Every request as received (method, url, header names as sent). */
  seen: { method: string; url: string; headers: Record<string, string> }[] = [];

  createServer(handler: (req: EspRequest, res: EspResponse) => void) {
    const srv = net.createServer((sock) => this.serve(sock, handler));
    this.servers.push(srv);
    return {
      // Port 0 in tests: the harness records the bound port.
      listen: (port: number) => {
        srv.listen(port === 80 ? 0 : port, "127.0.0.1", () => (this.port = (srv.address() as net.AddressInfo).port));
      },
      close: () => {
        srv.close();
        for (const s of this.socks) s.destroy();
      },
    };
  }

  private serve(sock: net.Socket, handler: (req: EspRequest, res: EspResponse) => void): void {
    this.socks.add(sock);
    let buf = Buffer.alloc(0);
    let req: EspRequest | undefined;
    let remaining = 0;
    const res = new EspResponse(sock);
    const poll = setInterval(() => {
      if (req && req.clsNow && !res.ended) sock.destroy();
    }, 5);
    sock.on("close", () => {
      clearInterval(poll);
      this.socks.delete(sock);
      if (req) req.emit("close");
    });
    sock.on("error", () => undefined);
    const deliver = (b: Buffer) => {
      for (let o = 0; o < b.length && remaining > 0; o += CHUNK) {
        const part = b.subarray(o, Math.min(b.length, o + CHUNK, o + remaining));
        remaining -= part.length;
        req!.emit("data", part.toString("latin1"));
      }
      if (remaining <= 0) setImmediate(() => req!.emit("end"));
    };
    sock.on("data", (d: Buffer) => {
      if (req) return deliver(d);
      buf = Buffer.concat([buf, d]);
      const i = buf.indexOf("\r\n\r\n");
      if (i < 0) return;
      const lines = buf.subarray(0, i).toString("latin1").split("\r\n");
      const first = (lines.shift() || "").split(" ");
      req = new EspRequest();
      req.method = first[0] || "";
      req.url = first[1] || "/";
      for (const l of lines) {
        const c = l.indexOf(":");
        if (c > 0) req.headers[l.substring(0, c)] = l.substring(c + 1).trim();
      }
      this.seen.push({ method: req.method, url: req.url, headers: { ...req.headers } });
      const cl = Object.entries(req.headers).find(([k]) => k.toLowerCase() === "content-length");
      remaining = cl ? parseInt(cl[1], 10) || 0 : 0;
      handler(req, res);
      const rest = buf.subarray(i + 4);
      if (remaining > 0) {
        if (rest.length) deliver(rest);
      } else setImmediate(() => req!.emit("end"));
    });
  }

  powerOff(): void {
    for (const s of this.servers) s.close();
    for (const s of this.socks) s.destroy();
  }
}
