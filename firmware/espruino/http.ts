// HttpPort on require("http") (docs/platform/espruino.md §9): header names keep the client's case, bodies
// arrive as 8-bit string chunks, every response ends with Connection: close (one request per
// TCP connection), and req.clsNow = true closes the socket without writing anything.
import type { Done } from "../../src/platform/done";
import type { HttpListenOptions, HttpPort, HttpRequest, HttpResponse } from "../../src/platform/http";
import { Err } from "../../src/core/err";
import { espRequire } from "./modules";

/**
 * Body bytes (as declared) collected at once, in units of the largest body: uploads beyond are
 * closed (ESP-IDF: one socket). Counted in bytes, so small requests (proto-ver's 3) from a flood
 * never take the room of another client's request.
 */
const MAX_COLLECTING = 2;
/**
 * Espruino never closes a server connection that waits for more input when its client has gone
 * (socketserver.c socketServerConnectionsIdle: with headers incomplete or Content-Length bytes
 * missing, a closed socket is kept, in CLOSE-WAIT, for good, ~11-20 JsVars each). A sweep every
 * SWEEP_MS closes ours that made no progress over STALL_SWEEPS sweeps in a row, i.e. 10-11 s
 * after their last data: longer than the longest blocked event loop on a board (a crypto slice
 * at 400x: about 8 s), so a slow honest request is never cut by time. And at most MAX_WAITING of
 * ours wait for input at once: beyond that the oldest are closed at once, at each sweep and each
 * new request (esp_http_server's lru_purge_enable; lwIP on the ESP32 has ~10 sockets in all), so
 * a client opening connections faster than they time out cannot fill the JsVars.
 */
const SWEEP_MS = 1000;
const STALL_SWEEPS = 10;
const MAX_WAITING = 4;

/** The fields of Espruino's server connection objects the sweep reads (socketserver.c names). */
interface EspruinoConnection {
  svr: unknown;
  /** Headers complete. */
  hdrs?: boolean;
  /** Data received, not yet parsed or handed out. */
  dRcv?: string;
  /** Body bytes still expected. */
  cRcv?: number;
  clsNow?: boolean;
  /** Ours: progress seen at the last sweep, and sweeps without progress since. */
  wpS?: string;
  wpN?: number;
}

/** Closes our connections stalled while waiting for input, and the oldest beyond MAX_WAITING. */
function sweep(srv: EspruinoHttpServer, tick: boolean): void {
  // Espruino's hidden root global["\xFF"]: the key is made at run time, else esbuild writes the
  // non-ASCII name g.\u00ff, which Espruino cannot parse.
  const hidden = (globalThis as unknown as { [k: string]: { HttpSC?: { [i: string]: EspruinoConnection } } | undefined })[E.toString([255])];
  const conns = hidden && hidden.HttpSC;
  if (!conns) return;
  const waiting: EspruinoConnection[] = [];
  for (const k in conns) {
    const c = conns[k] as EspruinoConnection;
    if (c.svr !== srv || c.clsNow) continue;
    if (c.hdrs && !((c.cRcv as number) > 0)) continue; // not waiting for input
    waiting.push(c); // oldest first: HttpSC keeps the order of arrival
    if (!tick) continue;
    const seen = (c.dRcv ? c.dRcv.length : 0) + "/" + c.cRcv;
    if (c.wpS !== seen) {
      c.wpS = seen;
      c.wpN = 0;
    } else if (++(c.wpN as number) >= STALL_SWEEPS) c.clsNow = true;
  }
  for (let i = 0; i < waiting.length - MAX_WAITING; i++) (waiting[i] as EspruinoConnection).clsNow = true;
}

/** Header value by case-insensitive name (Espruino keeps "Cookie", "cookie", "COOKIE" as sent). */
export function header(h: { [name: string]: string }, name: string): string | undefined {
  for (const k in h) if (k.toLowerCase() === name) return h[k];
  return undefined;
}

/** The http binding; onData (optional) sees every request body (entropy: client nonces, timing). */
export class EspruinoHttp implements HttpPort {
  /** @internal */ srv_: EspruinoHttpServer | undefined;
  /** @internal */ sweep_: ReturnType<typeof setInterval> | undefined;
  private next_: number;
  private onData_: ((body: Uint8Array) => void) | undefined;
  /** Declared bytes of the bodies being collected now. */
  private collecting_: number;

  constructor(onData?: (body: Uint8Array) => void) {
    this.srv_ = undefined;
    this.sweep_ = undefined;
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
      serve(this, opts);
    } catch (e) {
      setTimeout(() => done(Err.FAIL), 0);
      return;
    }
    setTimeout(() => done(Err.OK, opts.port), 0);
  }

  /** @internal */ request_(opts: HttpListenOptions, req: EspruinoHttpRequest, res: EspruinoHttpResponse): void {
    if (this.srv_) sweep(this.srv_, false);
    const sock = this.next_++;
    const url = req.url || "/";
    const q = url.indexOf("?");
    const cl = header(req.headers, "content-length");
    const len = cl !== undefined && /^[0-9]+$/.test(cl) ? parseInt(cl, 10) : -1; // -1: missing or not decimal
    const r: HttpRequest = {
      method: req.method,
      path: q < 0 ? url : url.substring(0, q),
      sock: sock,
      host: header(req.headers, "host"),
      cookie: header(req.headers, "cookie"),
      contentLength: len,
      body: undefined,
    };
    // The server parsed Content-Length already (socketserver.c httpParseHeaders) and never reads
    // them again: freed now, not held (~25 JsVars) until the response is sent.
    delete (req as { headers?: unknown }).headers;
    const out = responder(req, res, opts, sock);
    if (len < 1 || len > opts.maxBodyBytes) {
      opts.onRequest(r, out);
      return;
    }
    // ESP-IDF serves one socket at a time (max_open_sockets = 1): a body is up to 4 KB of
    // JsVars, so a few clients sending at once could exhaust memory, which is not catchable.
    if (this.collecting_ + len > MAX_COLLECTING * opts.maxBodyBytes) {
      out.abort();
      return;
    }
    // A body that stops arriving ends with "close" only, once sweep() closes its connection.
    this.collecting_ += len;
    let counted = true;
    const release = () => {
      if (counted) this.collecting_ -= len;
      counted = false;
    };
    let data = "";
    req.on("data", (chunk) => {
      if (data.length < len) data += chunk;
    });
    req.on("close", release);
    req.on("end", () => {
      release();
      // The body is in: its listeners go now, not with the connection, and with them this call's
      // scope (a Cmd0 request is held beside the handshake's X25519, the peak).
      req.removeAllListeners("data");
      req.removeAllListeners("end");
      req.removeListener("close", release);
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
    if (this.sweep_) clearInterval(this.sweep_);
    this.sweep_ = undefined;
    if (s) s.close();
    setTimeout(() => done(Err.OK), 0);
  }
}

/**
 * A request's three ways to answer, and its connection's close listener, made outside request_():
 * a closure keeps its maker's whole scope on Espruino, and request_'s holds the request line and
 * the body's collector for as long as the answer takes (kept by the build's HOT_FUNCTIONS).
 */
function responder(req: EspruinoHttpRequest, res: EspruinoHttpResponse, opts: HttpListenOptions, sock: number): HttpResponse {
  let answered = false;
  req.on("close", () => opts.onClose(sock));
  return {
    send: (status, headers, body) => {
      if (answered) return;
      answered = true;
      headers["Content-Type"] = "text/html";
      headers["Content-Length"] = String(body.length);
      res.writeHead(status, headers);
      // res.end(u8) would send "65,66,…" (docs/platform/espruino.md §3.2 item 8).
      res.end(body.length ? E.toString(body) : "");
    },
    abort: () => {
      if (answered) return;
      answered = true;
      req.clsNow = true;
    },
    // The body in pieces: res.write() copies each into the send buffer, 'drain' fires once it
    // is sent (socketserver.c socketSendData), so only one piece is held at a time.
    stream: (status, headers, pump) => {
      if (answered) return;
      answered = true;
      res.writeHead(status, headers);
      pump(res);
    },
  };
}

/**
 * Starts the server and its sweep. Outside listen(): a closure keeps its whole scope on Espruino,
 * and the server's callbacks made in listen() would keep its `done` (the transport's and the
 * manager's start chain) for as long as the server runs.
 */
function serve(self: EspruinoHttp, opts: HttpListenOptions): void {
  const srv = espRequire("http").createServer((req, res) => self.request_(opts, req, res)).listen(opts.port);
  self.srv_ = srv;
  self.sweep_ = setInterval(() => sweep(srv, true), SWEEP_MS);
}
