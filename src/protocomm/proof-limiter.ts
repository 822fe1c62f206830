// Failed-proof limiter for prov-session ([impl] hardening). ESP-IDF has none (an
// attacker in radio range may guess PoPs forever); ESP RainMaker stops after 5 failures.
import type { ClockPort } from "../platform/clock";
import type { Done } from "../platform/done";
import { Err } from "../core/err";
import { log } from "../core/log";
import type { Security } from "./security";

const TAG = "proof_limiter";
/** Defaults: 5 wrong proofs within 60 s lock prov-session for 60 s. */
export const PROOF_FAIL_LIMIT_DEFAULT = 5;
export const PROOF_FAIL_WINDOW_MS_DEFAULT = 60000;
export const PROOF_LOCKOUT_MS_DEFAULT = 60000;

/** Limiter settings; limit 0 disables it. */
export interface ProofLimiterOptions {
  limit?: number;
  windowMs?: number;
  lockoutMs?: number;
}

function orDefault(v: number | undefined, d: number): number {
  return typeof v === "number" && v >= 0 ? v : d;
}

/** Counts wrong proofs (Sec1/Sec2 onProofFailed) and decides when handshakes are refused. */
export class ProofLimiter {
  private clock_: ClockPort;
  private limit_: number;
  private window_: number;
  private lockout_: number;
  /** Times of the recent failures (never more than limit_ entries). */
  private fails_: number[];
  private locked_: boolean;
  private until_: number;

  constructor(clock: ClockPort, opts: ProofLimiterOptions | undefined) {
    const o = opts || {};
    this.clock_ = clock;
    this.limit_ = Math.floor(orDefault(o.limit, PROOF_FAIL_LIMIT_DEFAULT));
    this.window_ = orDefault(o.windowMs, PROOF_FAIL_WINDOW_MS_DEFAULT);
    this.lockout_ = orDefault(o.lockoutMs, PROOF_LOCKOUT_MS_DEFAULT);
    this.fails_ = [];
    this.locked_ = false;
    this.until_ = 0;
  }

  /** One wrong PoP / password. The limit-th failure within the window starts a lockout. */
  failed(): void {
    if (this.limit_ <= 0) return;
    const now = this.clock_.now();
    const keep: number[] = [];
    for (const t of this.fails_) if (now - t < this.window_) keep.push(t);
    keep.push(now);
    this.fails_ = keep;
    if (keep.length >= this.limit_) {
      this.fails_ = [];
      this.locked_ = true;
      this.until_ = now + this.lockout_;
      log(2, TAG, keep.length + " failed proofs: new handshakes refused for " + this.lockout_ + " ms");
    }
  }

  /** True while handshakes are refused. */
  locked(): boolean {
    if (!this.locked_) return false;
    if (this.clock_.now() < this.until_) return true;
    this.locked_ = false;
    return false;
  }

  /** Failures counted in the current window (bounded by the limit). */
  recentFailures(): number {
    return this.fails_.length;
  }

  /**
   * sec, its handshake refused with NOT_ALLOWED while locked: every prov-session message, since
   * sec1 keeps CMD1 after a wrong proof and would take another Cmd1 guess. Established sessions
   * (decrypt/encrypt) are unaffected. Patched in place rather than wrapped in a delegating class:
   * one closure instead of 8 functions (~7 Espruino JsVars each); callers pass a fresh Security.
   */
  guard(sec: Security): Security {
    const hs = sec.handshake;
    const clock = this.clock_;
    const lim = this;
    sec.handshake = function (id: number, input: Uint8Array, done: Done<Uint8Array>): void {
      if (!lim.locked()) return hs.call(sec, id, input, done);
      log(2, TAG, "handshake refused (locked out)");
      clock.setTimer(0, function () {
        done(Err.NOT_ALLOWED);
      });
    };
    return sec;
  }
}
