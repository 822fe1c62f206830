// Endpoint table and request dispatch. Mirrors ESP-IDF components/protocomm/src/common/
// protocomm.c (docs/spec/protocol.md §2), asynchronous: handlers and security layers complete through done().
import type { ClockPort } from "../platform/clock";
import type { Done } from "../platform/done";
import { Err } from "../core/err";
import { strBytes } from "../core/bytes";
import type { Security } from "./security";

/**
 * [impl] hardening: most requests waiting behind the running one; more fail with
 * NO_MEM (transport failure) so a flooding client cannot grow the queue without bound.
 */
export const MAX_QUEUED_REQUESTS = 16;

/** Endpoint kinds (protocomm_priv.h REQ_EP / SEC_EP / VER_EP). */
export const enum EpKind {
  REQ = 1,
  SEC = 2,
  VER = 4,
}

/** A request handler: plaintext in, plaintext out through done (Err code first). */
export type Handler = (sessionId: number, data: Uint8Array, done: Done<Uint8Array>) => void;

interface Endpoint {
  name: string;
  kind: number;
  handler: Handler | undefined;
}

interface Pending {
  ep: Endpoint;
  /** The security scheme when the request arrived: a request outliving it never runs. */
  sec: Security | undefined;
  sessionId: number;
  data: Uint8Array;
  done: Done<Uint8Array>;
}

/** One protocomm instance: endpoints, one security scheme, one version string. */
export class Protocomm {
  private eps_: Endpoint[];
  private sec_: Security | undefined;
  private ver_: string | undefined;
  private queue_: Pending[];
  private busy_: boolean;
  private clock_: ClockPort;

  constructor(clock: ClockPort) {
    this.clock_ = clock;
    this.eps_ = [];
    this.sec_ = undefined;
    this.ver_ = undefined;
    this.queue_ = [];
    this.busy_ = false;
  }

  private find_(name: string): Endpoint | undefined {
    for (const ep of this.eps_) if (ep.name === name) return ep;
    return undefined;
  }

  private add_(name: string, kind: number, handler: Handler | undefined): number {
    if (!name || this.find_(name)) return Err.FAIL;
    this.eps_.push({ name: name, kind: kind, handler: handler });
    return Err.OK;
  }

  /** Adds a request endpoint (mirrors protocomm_add_endpoint); a duplicate name fails. */
  addEndpoint(name: string, handler: Handler): number {
    return this.add_(name, EpKind.REQ, handler);
  }

  /** Removes an endpoint of any kind (mirrors protocomm_remove_endpoint). */
  removeEndpoint(name: string): number {
    for (let i = 0; i < this.eps_.length; i++) {
      if ((this.eps_[i] as Endpoint).name === name) {
        this.eps_.splice(i, 1);
        return Err.OK;
      }
    }
    return Err.NOT_FOUND;
  }

  /** True when name is a registered endpoint (the HTTP transport answers 404 otherwise). */
  hasEndpoint(name: string): boolean {
    return this.find_(name) !== undefined;
  }

  /** Requests waiting behind the running one (bounded by MAX_QUEUED_REQUESTS). */
  pending(): number {
    return this.queue_.length;
  }

  /** Names of all endpoints, in registration order. */
  endpointNames(): string[] {
    return this.eps_.map((ep) => ep.name);
  }

  /** Installs the security scheme behind endpoint name (mirrors protocomm_set_security). */
  setSecurity(name: string, sec: Security): number {
    if (this.sec_) return Err.INVALID_STATE;
    const r = this.add_(name, EpKind.SEC, undefined);
    if (r === Err.OK) this.sec_ = sec;
    return r;
  }

  /** Removes the security endpoint and wipes its sessions (mirrors protocomm_unset_security). */
  unsetSecurity(name: string): number {
    if (!this.sec_) return Err.INVALID_STATE;
    this.sec_.cleanup();
    this.sec_ = undefined;
    return this.removeEndpoint(name);
  }

  /** The installed security scheme, if any. */
  security(): Security | undefined {
    return this.sec_;
  }

  /** Serves ver on endpoint name, plaintext (mirrors protocomm_set_version). */
  setVersion(name: string, ver: string): number {
    if (this.ver_ !== undefined) return Err.INVALID_STATE;
    const r = this.add_(name, EpKind.VER, undefined);
    if (r === Err.OK) this.ver_ = ver;
    return r;
  }

  /** Whether name is the version endpoint (plaintext, no session). */
  isVersion(name: string): boolean {
    const ep = this.find_(name);
    return !!ep && ep.kind === EpKind.VER;
  }

  /** Removes the version endpoint (mirrors protocomm_unset_version). */
  unsetVersion(name: string): number {
    if (this.ver_ === undefined) return Err.INVALID_STATE;
    this.ver_ = undefined;
    return this.removeEndpoint(name);
  }

  /** A transport session opened (new_transport_session). */
  openSession(id: number): number {
    return this.sec_ ? this.sec_.newSession(id) : Err.OK;
  }

  /** A transport session closed (close_transport_session). */
  closeSession(id: number): number {
    return this.sec_ ? this.sec_.closeSession(id) : Err.OK;
  }

  /**
   * Handles one request (mirrors protocomm_req_handle). done gets the response, or a non-zero
   * Err when the transport must fail the request (no response). Never completes synchronously.
   * Security and request endpoints run one at a time in arrival order, because sec1's CTR
   * stream advances in processing order (docs/spec/protocol.md §3.2); proto-ver needs no session and is answered
   * at once, even while a slow handshake runs.
   */
  handle(name: string, sessionId: number, data: Uint8Array, done: Done<Uint8Array>): void {
    const ep = this.find_(name);
    const clock = this.clock_;
    if (!ep) {
      clock.setTimer(0, () => done(Err.NOT_FOUND));
      return;
    }
    if (ep.kind === EpKind.VER) {
      const ver = strBytes(this.ver_ || "");
      clock.setTimer(0, () => done(Err.OK, ver));
      return;
    }
    if (this.queue_.length >= MAX_QUEUED_REQUESTS) {
      clock.setTimer(0, () => done(Err.NO_MEM));
      return;
    }
    this.queue_.push({ ep: ep, sec: this.sec_, sessionId: sessionId, data: data, done: done });
    if (!this.busy_) this.next_();
  }

  private next_(): void {
    const job = this.queue_.shift();
    if (!job) {
      this.busy_ = false;
      return;
    }
    this.busy_ = true;
    let completed = false;
    // `self` in the arrows: Espruino asserts on an arrow using `this` that it parses without
    // running it (`completed||(…)` after minification): firmware/README.md §8.
    const self = this;
    const finish = (err: number, out?: Uint8Array) => {
      if (completed) return;
      completed = true;
      // Deferred: the transport's callback never runs inside handle(), and the next queued
      // request starts only after this one's response is out.
      self.clock_.setTimer(0, () => {
        job.done(err, err === Err.OK ? out : undefined);
        self.next_();
      });
    };
    this.run_(job, finish);
  }

  private run_(job: Pending, finish: Done<Uint8Array>): void {
    const sec = this.sec_;
    const ep = job.ep;
    // Teardown while it waited (unsetSecurity, removeEndpoint): fail it, never run it in the
    // clear or on a removed endpoint.
    if (sec !== job.sec) return finish(Err.INVALID_STATE);
    if (this.eps_.indexOf(ep) < 0) return finish(Err.NOT_FOUND);
    if (ep.kind === EpKind.SEC) {
      if (!sec) return finish(Err.INVALID_STATE);
      return sec.handshake(job.sessionId, job.data, finish);
    }
    const handler = ep.handler as Handler;
    const plain = sec ? sec.decrypt(job.sessionId, job.data) : job.data;
    if (!plain) return finish(Err.INVALID_STATE);
    handler(job.sessionId, plain, (err, out) => {
      if (err !== Err.OK || !out) return finish(err !== Err.OK ? err : Err.FAIL);
      const enc = sec ? sec.encrypt(job.sessionId, out) : out;
      finish(enc ? Err.OK : Err.INVALID_STATE, enc);
    });
  }
}
