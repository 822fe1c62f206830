// HttpPort on require("http") (espruino.md §9): header names keep the client's case, bodies
// arrive as 8-bit string chunks, every response ends with Connection: close (one request per
// TCP connection), and req.clsNow = true closes the socket without writing anything.
import type { Done } from "../../src/platform/done";
import type { HttpListenOptions, HttpPort, HttpRequest, HttpResponse } from "../../src/platform/http";
import { Err } from "../../src/core/err";
import { espRequire } from "./modules";

/** Bodies collected at once; more concurrent uploads are closed (ESP-IDF: one socket). */
const MAX_COLLECTING = 2;
/**
 * A body that receives nothing for this long is dropped and its connection closed. Espruino
 * never ends a request whose client closed before sending Content-Length bytes (socketserver.c
 * idle loop: contentToReceive > 0 keeps the connection, in CLOSE-WAIT, for good), so without it
 * two such requests held both collection slots forever. Counted from the last data received and
 * longer than the longest blocked event loop on a board (a crypto slice at 400x: about 8 s).
 */
const BODY_IDLE_MS = 10000;

/** Header value by case-insensitive name (Espruino keeps "Cookie", "cookie", "COOKIE" as sent). */
export function header(h: { [name: string]: string }, name: string): string | undefined {
  for (const k in h) if (k.toLowerCase() === name) return h[k];
  return undefined;
}

/** The http binding; onData (optional) sees every request body (entropy: client nonces, timing). */
export class EspruinoHttp implements HttpPort {
  private srv_: EspruinoHttpServer | undefined;
  private next_: number;
  private onData_: ((body: Uint8Array) => void) | undefined;
  /** Requests whose body is being collected now. */
  private collecting_: number;

  constructor(onData?: (body: Uint8Array) => void) {
    this.srv_ = undefined;
    this.next_ = 1;
    this.collecting_ = 0;
    this.onData_ = onData;
  }

  listen(opts: HttpListenOptions, done: Done<number>): void {
    if (this.srv_) {
      setTimeout(() => done(Err.INVALID_STATE), 0);
      return;
    }
    try {
      this.srv_ = espRequire("http").createServer((req, res) => this.request_(opts, req, res)).listen(opts.port);
    } catch (e) {
      setTimeout(() => done(Err.FAIL), 0);
      return;
    }
    setTimeout(() => done(Err.OK, opts.port), 0);
  }

  private request_(opts: HttpListenOptions, req: EspruinoHttpRequest, res: EspruinoHttpResponse): void {
    const sock = this.next_++;
    const url = req.url || "/";
    const q = url.indexOf("?");
    const cl = header(req.headers, "content-length");
    const len = cl !== undefined && /^[0-9]+$/.test(cl) ? parseInt(cl, 10) : -1; // -1: missing or not decimal
    const r: HttpRequest = {
      method: req.method,
      path: q < 0 ? url : url.substring(0, q),
      sock: sock,
      cookie: header(req.headers, "cookie"),
      contentLength: len,
      body: undefined,
    };
    // The server parsed Content-Length already (socketserver.c httpParseHeaders) and never reads
    // them again: freed now, not held (~25 JsVars) until the response is sent.
    delete (req as { headers?: unknown }).headers;
    let answered = false;
    const out: HttpResponse = {
      send: (status, headers, body) => {
        if (answered) return;
        answered = true;
        headers["Content-Type"] = "text/html";
        headers["Content-Length"] = String(body.length);
        res.writeHead(status, headers);
        // res.end(u8) would send "65,66,…" (espruino.md §3.2 item 8).
        res.end(body.length ? E.toString(body) : "");
      },
      abort: () => {
        if (answered) return;
        answered = true;
        req.clsNow = true;
      },
    };
    req.on("close", () => opts.onClose(sock));
    if (len < 1 || len > opts.maxBodyBytes) {
      opts.onRequest(r, out);
      return;
    }
    // ESP-IDF serves one socket at a time (max_open_sockets = 1): a body is up to 4 KB of
    // JsVars, so a few clients sending at once could exhaust memory, which is not catchable.
    if (this.collecting_ >= MAX_COLLECTING) {
      out.abort();
      return;
    }
    this.collecting_++;
    let counted = true;
    let idle: ReturnType<typeof setTimeout> | undefined;
    const release = () => {
      if (counted) this.collecting_--;
      counted = false;
      if (idle) clearTimeout(idle);
      idle = undefined;
    };
    const stalled = () => {
      idle = undefined;
      release();
      out.abort();
    };
    idle = setTimeout(stalled, BODY_IDLE_MS);
    let data = "";
    req.on("data", (chunk) => {
      if (data.length < len) data += chunk;
      if (idle) clearTimeout(idle);
      idle = setTimeout(stalled, BODY_IDLE_MS);
    });
    req.on("close", release);
    req.on("end", () => {
      if (!counted) return; // stalled: already closed
      release();
      if (data.length === len) {
        r.body = E.toUint8Array(data);
        if (this.onData_) this.onData_(r.body);
      }
      data = "";
      opts.onRequest(r, out);
    });
  }

  close(done: Done): void {
    const s = this.srv_;
    this.srv_ = undefined;
    if (s) s.close();
    setTimeout(() => done(Err.OK), 0);
  }
}
