// Security 2: SRP6a-3072/SHA-512 + AES-256-GCM, nonce schemes of sec_patch_ver 0 and 1. Mirrors
// ESP-IDF components/protocomm/src/security/security2.c (docs/spec/protocol.md §3.3), made non-blocking: the
// device's b and g^b are prepared ahead, and the rest of the SRP math runs in slices.
import type { ClockPort } from "../platform/clock";
import type { CryptoPort } from "../platform/crypto";
import type { Done } from "../platform/done";
import { Err } from "../core/err";
import { wipe } from "../core/bytes";
import { log } from "../core/log";
import type { Limbs } from "../crypto/bignum";
import { Gcm } from "../crypto/gcm";
import { srpGroup3072, srpPowSliced, srpServerStartSliced, srpVerify } from "../crypto/srp6a";
import type { SrpGroup, SrpServerSession } from "../crypto/srp6a";
import { decodeSessionData, encodeSessionData } from "../pb/session_pb";
import type { S2SessionCmd0 } from "../pb/sec2_pb";
import type { Security } from "./security";

const TAG = "sec2";
const NO_SESSION = -1;
/** len(N) of the 3072-bit group: the longest A accepted (exactly this when strictA). */
const A_LEN = 384;

/** Session states (security2.c SESSION_STATE_CMD0/CMD1/DONE). */
const enum St {
  CMD0 = 0,
  CMD1 = 1,
  DONE = 2,
}

/** Sec2 options. */
export interface Sec2Options {
  clock: ClockPort;
  crypto: CryptoPort;
  /** Salt and verifier as provisioned (`wifi-prov sec2-credentials`); never the password. */
  salt: Uint8Array;
  verifier: Uint8Array;
  /** 0: one fixed 16-byte IV per session; 1 (default): 8 random bytes ‖ 32-bit BE counter. */
  patchVer?: number;
  /** Longest uninterrupted bignum slice, ms (default 50). */
  sliceMs?: number;
  /**
   * Refuse A shorter than 384 bytes like upstream (default false: [impl] accept 1..384 bytes,
   * since esp_prov sends minimal A and fails ~1 time in 256 against a strict device; docs/spec/protocol.md §3.3).
   */
  strictA?: boolean;
  /** Called after each wrong client proof (wrong password/username); the limiter counts these. */
  onProofFailed?: () => void;
}

/** The security-2 scheme with one session at a time. */
export class Sec2 implements Security {
  readonly ver = 2;
  readonly patchVer: number;
  private o_: Sec2Options;
  private G_: SrpGroup;
  private id_: number;
  private st_: number;
  /** Bumped whenever the session is reset, so late results of an old session are dropped. */
  private gen_: number;
  /** Prepared device secret b and g^b mod N (B = k·v + g^b needs no A). */
  private b_: Uint8Array | undefined;
  private gb_: Limbs | undefined;
  private prepCancel_: (() => void) | undefined;
  private prepWait_: (() => void) | undefined;
  /** The SRP computation of the current Cmd0 and its pending response. */
  private srpCancel_: (() => void) | undefined;
  private pending_: Done<Uint8Array> | undefined;
  private srp_: SrpServerSession | undefined;
  private gcm_: Gcm | undefined;
  /** Patch 0: the 16-byte IV; patch 1: the 12-byte nonce whose last 4 bytes are the counter. */
  private iv_: Uint8Array | undefined;

  constructor(opts: Sec2Options) {
    this.o_ = opts;
    this.patchVer = opts.patchVer === 0 ? 0 : 1;
    this.G_ = srpGroup3072(opts.crypto);
    this.id_ = NO_SESSION;
    this.st_ = St.CMD0;
    this.gen_ = 0;
    this.prepare_();
  }

  /** Draws the next b and computes g^b in the background (never on a request path). */
  private prepare_(): void {
    if (this.b_ || this.prepCancel_) return;
    const b = this.o_.crypto.random(32);
    this.prepCancel_ = srpPowSliced(this.G_, this.G_.gL, b, this.o_.clock, this.o_.sliceMs || 50, (err, gb) => {
      this.prepCancel_ = undefined;
      this.b_ = b;
      this.gb_ = gb;
      const w = this.prepWait_;
      this.prepWait_ = undefined;
      if (w) w();
    });
  }

  private reset_(): void {
    this.gen_++;
    this.st_ = St.CMD0;
    this.prepWait_ = undefined;
    if (this.srpCancel_) {
      // The b of a cancelled computation was never disclosed; it is dropped anyway.
      this.srpCancel_();
      this.srpCancel_ = undefined;
      this.prepare_();
    }
    const p = this.pending_;
    this.pending_ = undefined;
    // Protocomm waits for every handshake to complete: end an interrupted Cmd0.
    if (p) this.o_.clock.setTimer(0, () => p(Err.INVALID_STATE));
    if (this.srp_) {
      wipe(this.srp_.K);
      wipe(this.srp_.S);
      wipe(this.srp_.M);
    }
    this.srp_ = undefined;
    if (this.gcm_) this.gcm_.wipe();
    this.gcm_ = undefined;
    this.iv_ = undefined;
  }

  newSession(id: number): number {
    this.reset_();
    this.id_ = id;
    return Err.OK;
  }

  closeSession(id: number): number {
    if (id !== this.id_) return Err.INVALID_STATE;
    this.reset_();
    this.id_ = NO_SESSION;
    return Err.OK;
  }

  cleanup(): void {
    this.reset_();
    this.id_ = NO_SESSION;
    if (this.prepCancel_) this.prepCancel_();
    this.prepCancel_ = undefined;
    wipe(this.b_);
    this.b_ = undefined;
    this.gb_ = undefined;
  }

  handshake(id: number, input: Uint8Array, done: Done<Uint8Array>): void {
    const clock = this.o_.clock;
    const fail = (err: number) => {
      clock.setTimer(0, () => done(err));
    };
    if (id !== this.id_) return fail(Err.INVALID_STATE);
    const req = decodeSessionData(input);
    if (!req || req.secVer !== 2 || !req.sec2) return fail(Err.INVALID_ARG);
    const p = req.sec2;
    if (p.msg === 0 && p.sc0) return this.cmd0_(p.sc0, done, fail);
    if (p.msg === 2 && p.sc1) {
      const proof = p.sc1.clientProof;
      clock.setTimer(0, () => this.cmd1_(proof, done));
      return;
    }
    fail(Err.INVALID_ARG);
  }

  private cmd0_(c: S2SessionCmd0, done: Done<Uint8Array>, fail: (err: number) => void): void {
    // security2.c (v5.x): a Cmd0 in any other state restarts the session.
    if (this.st_ !== St.CMD0) {
      log(3, TAG, "restarting session");
      this.reset_();
    }
    const A = c.clientPubkey;
    const I = c.clientUsername;
    if (A.length === 0 || A.length > A_LEN || (this.o_.strictA && A.length !== A_LEN)) return fail(Err.INVALID_ARG);
    if (I.length === 0 || I.length > 65535) return fail(Err.INVALID_ARG);
    const gen = this.gen_;
    this.pending_ = done;
    const go = () => {
      if (gen !== this.gen_) return;
      this.startSrp_(new Uint8Array(I), new Uint8Array(A));
    };
    if (this.b_) go();
    else {
      this.prepWait_ = go;
      this.prepare_();
    }
  }

  /** Computes B, u, S, K and the proofs in slices, then answers S2SessionResp0. */
  private startSrp_(I: Uint8Array, A: Uint8Array): void {
    const o = this.o_;
    const b = this.b_ as Uint8Array;
    const gb = this.gb_;
    this.b_ = undefined;
    this.gb_ = undefined;
    const gen = this.gen_;
    const params = { I: I, s: o.salt, v: o.verifier, A: A, b: b, gb: gb, strictA: o.strictA, sliceMs: o.sliceMs };
    this.srpCancel_ = srpServerStartSliced(this.G_, params, o.clock, (err, sess) => {
      wipe(b);
      if (gen !== this.gen_) return;
      this.srpCancel_ = undefined;
      const done = this.pending_ as Done<Uint8Array>;
      this.pending_ = undefined;
      this.prepare_();
      if (err !== Err.OK || !sess) {
        log(2, TAG, "invalid client public key");
        return done(Err.INVALID_ARG);
      }
      this.srp_ = sess;
      this.st_ = St.CMD1;
      done(
        Err.OK,
        encodeSessionData({ secVer: 2, sec2: { msg: 1, sr0: { status: 0, devicePubkey: sess.B, deviceSalt: o.salt } } })
      );
    });
  }

  private cmd1_(proof: Uint8Array, done: Done<Uint8Array>): void {
    const sess = this.srp_;
    if (this.st_ !== St.CMD1 || !sess) return done(Err.INVALID_STATE);
    if (proof.length !== 64) return done(Err.FAIL);
    const devProof = srpVerify(sess, proof);
    if (!devProof) {
      log(2, TAG, "client proof mismatch (wrong username or password?)");
      // [impl] hardening: the session goes back to CMD0 (security2.c keeps CMD1 and would take
      // another proof for the same B, making online guesses free for the device to check).
      this.reset_();
      if (this.o_.onProofFailed) this.o_.onProofFailed();
      return done(Err.FAIL);
    }
    const o = this.o_;
    this.gcm_ = new Gcm(o.crypto, sess.K.subarray(0, 32));
    if (this.patchVer === 0) this.iv_ = o.crypto.random(16);
    else {
      // security2.c @23d648df: 8 random bytes (session id) ‖ counter 1, big-endian.
      const iv = new Uint8Array(12);
      iv.set(o.crypto.random(8));
      iv[11] = 1;
      this.iv_ = iv;
    }
    const nonce = new Uint8Array(this.iv_);
    wipe(sess.S);
    wipe(sess.K);
    this.st_ = St.DONE;
    done(Err.OK, encodeSessionData({ secVer: 2, sec2: { msg: 3, sr1: { status: 0, deviceProof: devProof, deviceNonce: nonce } } }));
  }

  /** The IV for the next operation, or undefined (no session / patch-1 counter 0 after wrap). */
  private ivFor_(id: number): Uint8Array | undefined {
    const iv = this.iv_;
    if (id !== this.id_ || this.st_ !== St.DONE || !this.gcm_ || !iv) return undefined;
    if (this.patchVer === 1 && (iv[8] as number) === 0 && (iv[9] as number) === 0 && (iv[10] as number) === 0 && (iv[11] as number) === 0) {
      return undefined;
    }
    return iv;
  }

  /** Patch 1: counter + 1 after each successful encrypt or decrypt (one counter, both ways). */
  private bump_(): void {
    const iv = this.iv_ as Uint8Array;
    if (this.patchVer !== 1) return;
    for (let i = 11; i >= 8; i--) {
      iv[i] = ((iv[i] as number) + 1) & 255;
      if (iv[i] !== 0) break;
    }
  }

  decrypt(id: number, data: Uint8Array): Uint8Array | undefined {
    const iv = this.ivFor_(id);
    if (!iv || data.length < 16) return undefined;
    const out = (this.gcm_ as Gcm).decrypt(iv, data);
    if (!out) {
      log(2, TAG, "decrypt failed (tag mismatch)");
      return undefined;
    }
    this.bump_();
    return out;
  }

  encrypt(id: number, data: Uint8Array): Uint8Array | undefined {
    const iv = this.ivFor_(id);
    if (!iv) return undefined;
    const out = (this.gcm_ as Gcm).encrypt(iv, data);
    this.bump_();
    return out;
  }
}
