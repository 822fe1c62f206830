// HTTP transport with cookie sessions. Mirrors ESP-IDF components/protocomm/src/transports/
// protocomm_httpd.c (v5.x, docs/spec/protocol.md §4.1): POST /<endpoint>, one security session at a time.
import type { ClockPort } from "../platform/clock";
import type { CryptoPort } from "../platform/crypto";
import type { Done } from "../platform/done";
import type { HttpListenOptions, HttpPort, HttpRequest, HttpResponse } from "../platform/http";
import { Err } from "../core/err";
import { strBytes } from "../core/bytes";
import { errHex, log } from "../core/log";
import type { Protocomm } from "./protocomm";
import type { Transport } from "./transport";

const TAG = "httpd";
/** protocomm_httpd.c MAX_REQ_BODY_LEN. */
export const MAX_REQ_BODY_LEN = 4096;
/** The Cookie buffer is 20 bytes including the NUL: longer headers count as no cookie. */
const MAX_COOKIE_LEN = 19;
const NONE = -1;
/**
 * [impl] hardening: session-opening requests per one-second window before further ones are
 * closed without a response. esp_prov and the apps open one session per attempt. Only a request
 * that would open or replace a session counts (a POST to a known endpoint with a usable body, not
 * the current session's): proto-ver, unknown paths and unusable bodies are cheap answers that
 * touch no session, so a flood of them cannot use up the window of the client being provisioned
 * (docs/bad-input.md, "Floods").
 */
export const MAX_REQUESTS_PER_SEC_DEFAULT = 50;

/** Transport options. */
export interface HttpdOptions {
  http: HttpPort;
  crypto: CryptoPort;
  clock: ClockPort;
  /** TCP port (default 80; 0 = any free port). */
  port?: number;
  /** Interface to bind (binding default when undefined). */
  host?: string;
  /** Request-rate cap per second (default MAX_REQUESTS_PER_SEC_DEFAULT; 0 = no cap). */
  maxRequestsPerSec?: number;
}

/** The SoftAP/HTTP transport. */
export class TransportHttpd implements Transport {
  /** @internal */ o_: HttpdOptions;
  private pc_: Protocomm | undefined;
  private cookieId_: number;
  /** @internal */ sock_: number;
  private port_: number;
  private winStart_: number;
  private winCount_: number;
  /** The connection that carried the current session's latest request (NONE when closed). */
  /** @internal */ lastSock_: number;

  constructor(opts: HttpdOptions) {
    this.o_ = opts;
    this.pc_ = undefined;
    this.cookieId_ = NONE;
    this.sock_ = NONE;
    this.port_ = 0;
    this.winStart_ = 0;
    this.winCount_ = 0;
    this.lastSock_ = NONE;
  }

  /** True when this request exceeds the per-second cap (fixed one-second windows). */
  private overRate_(): boolean {
    const max = this.o_.maxRequestsPerSec === undefined ? MAX_REQUESTS_PER_SEC_DEFAULT : this.o_.maxRequestsPerSec;
    if (!(max > 0)) return false;
    const now = this.o_.clock.now();
    if (this.winCount_ === 0 || now - this.winStart_ >= 1000) {
      this.winStart_ = now;
      this.winCount_ = 0;
    }
    this.winCount_++;
    return this.winCount_ > max;
  }

  /** The bound TCP port once started (useful with port 0). */
  boundPort(): number {
    return this.port_;
  }

  start(pc: Protocomm, done: Done): void {
    if (this.pc_) {
      this.o_.clock.setTimer(0, () => done(Err.INVALID_STATE));
      return;
    }
    this.pc_ = pc;
    const self = this;
    this.o_.http.listen(listenOptions(self), (err, port) => {
      if (err !== Err.OK) self.pc_ = undefined;
      else self.port_ = port as number;
      done(err);
    });
  }

  stop(done: Done): void {
    const pc = this.pc_;
    if (!pc) {
      this.o_.clock.setTimer(0, () => done(Err.OK));
      return;
    }
    if (this.cookieId_ !== NONE) pc.closeSession(this.cookieId_);
    this.cookieId_ = NONE;
    this.sock_ = NONE;
    this.lastSock_ = NONE;
    this.pc_ = undefined;
    this.o_.http.close(done);
  }

  /** @internal */ onRequest_(req: HttpRequest, res: HttpResponse): void {
    const pc = this.pc_;
    const name = req.path.charAt(0) === "/" ? req.path.substring(1) : req.path;
    // [impl] proto-ver is answered at once and opens or replaces no session (protocomm_httpd.c
    // gives it the same session handling as every endpoint, so any cookie-less proto-ver ended the
    // running session): a client that floods it costs a constant answer, never the session of
    // the client being provisioned. The clients take their cookie from the first prov-session
    // answer instead.
    if (pc && req.method === "POST" && pc.isVersion(name) && req.body) {
      pc.handle(name, NONE, req.body, (err, out) => (err === Err.OK ? res.send(200, {}, out as Uint8Array) : res.abort()));
      return;
    }
    if (!pc || !pc.hasEndpoint(name)) {
      res.send(404, {}, strBytes("This URI does not exist"));
      return;
    }
    if (req.method !== "POST") {
      res.send(405, {}, strBytes("Request method for this URI is not handled by server"));
      return;
    }
    const body = req.body;
    // [impl] checked before the session lookup (protocomm_httpd.c opens the session first): an
    // unusable body neither opens nor replaces a session.
    if (!body || req.contentLength < 1 || req.contentLength > MAX_REQ_BODY_LEN) {
      log(2, TAG, "bad content length " + req.contentLength);
      res.abort();
      return;
    }
    if (!this.current_(req) && this.overRate_()) {
      log(2, TAG, "session rate limit: closing connection");
      res.abort();
      return;
    }
    const id = this.session_(pc, req);
    const isNew = id < 0;
    const sid = isNew ? -id - 1 : id;
    this.lastSock_ = req.sock;
    pc.handle(name, sid, body, reply(res, name, isNew ? sid : NONE));
  }

  /** Whether the request belongs to the current session (session_ would find it). */
  /** @internal */ current_(req: HttpRequest): boolean {
    if (this.cookieId_ === NONE) return false;
    const c = req.cookie;
    if (c !== undefined && c.length <= MAX_COOKIE_LEN) return c === "session=" + this.cookieId_;
    return this.sock_ !== NONE && req.sock === this.sock_;
  }

  /**
   * Finds or opens the request's session (protocomm_httpd.c common_post_handler): an exact
   * `session=<id>` Cookie, else the same socket, else a new session replacing the old one.
   * Returns the id, or -(id + 1) for a session opened by this request.
   */
  private session_(pc: Protocomm, req: HttpRequest): number {
    const c = req.cookie;
    // httpd_req_get_hdr_value_str() into cookie_buf[20]: a header that does not fit fails
    // (ESP_ERR_HTTPD_RESULT_TRUNC) and the request is judged by its socket, as without a cookie.
    if (c !== undefined && c.length <= MAX_COOKIE_LEN) {
      if (this.cookieId_ !== NONE && c === "session=" + this.cookieId_) {
        this.sock_ = NONE;
        return this.cookieId_;
      }
    } else if (this.sock_ !== NONE && req.sock === this.sock_) {
      return this.cookieId_;
    }
    if (this.cookieId_ !== NONE) {
      log(3, TAG, "closing session " + this.cookieId_ + " for a new one");
      pc.closeSession(this.cookieId_);
    }
    const r = this.o_.crypto.random(4);
    // A uint32, as esp_random(); 0xFFFFFFFF is the upstream "no session" marker.
    const id = ((r[0] as number) * 0x1000000 + ((r[1] as number) << 16) + ((r[2] as number) << 8) + (r[3] as number)) % 0xffffffff;
    this.cookieId_ = id;
    this.sock_ = req.sock;
    pc.openSession(id);
    return -id - 1;
  }
}

/**
 * An endpoint's answer, sent with the session cookie when the request opened the session
 * (newSid; NONE otherwise). Made outside onRequest_(): a closure keeps its maker's whole scope on
 * Espruino, and onRequest_'s holds the request (its body among it) while a handshake computes.
 */
function reply(res: HttpResponse, name: string, newSid: number): Done<Uint8Array> {
  return (err, out) => {
    if (err !== Err.OK) {
      log(2, TAG, "/" + name + " failed " + errHex(err));
      res.abort();
      return;
    }
    const headers: { [k: string]: string } = {};
    if (newSid !== NONE) headers["Set-Cookie"] = "session=" + newSid;
    res.send(200, headers, out as Uint8Array);
  };
}

/**
 * The server's callbacks, made outside start(): a closure keeps its whole scope on Espruino, and
 * one made in start() would keep start's `done` (the scheme's and manager's start chain) for as
 * long as the server runs. `self` rather than `this` in the arrows: firmware/README.md §8.
 */
function listenOptions(self: TransportHttpd): HttpListenOptions {
  const o = self.o_;
  return {
    host: o.host,
    port: o.port === undefined ? 80 : o.port,
    maxBodyBytes: MAX_REQ_BODY_LEN,
    onRequest: (req, res) => self.onRequest_(req, res),
    onClose: (sock) => {
      // protocomm_httpd.c: only the socket tracking ends; the cookie session survives.
      if (sock === self.sock_) self.sock_ = NONE;
      if (sock === self.lastSock_) self.lastSock_ = NONE;
    },
    // [impl] a busy server serves the current session first and never closes its connection
    // to make room for another: a flood cannot delay or cut the client being provisioned.
    priority: (req) => self.current_(req),
    keep: (sock) => sock === self.lastSock_,
  };
}
