// Security 1: X25519 key exchange + PoP + one continuous AES-256-CTR stream. Mirrors ESP-IDF
// components/protocomm/src/security/security1.c (v5.x, docs/spec/protocol.md §3.2), made non-blocking: the
// device key pair is prepared ahead and the shared secret is computed in slices.
import type { ClockPort } from "../platform/clock";
import type { CryptoPort } from "../platform/crypto";
import type { Done } from "../platform/done";
import { Err } from "../core/err";
import { equalCt, wipe } from "../core/bytes";
import { log } from "../core/log";
import { ctrStream, type CtrStream } from "../crypto/aes-ctr";
import { X25519_SLICE_MS, x25519Sliced } from "../crypto/x25519";
import { decodeSessionData, encodeSessionData } from "../pb/session_pb";
import type { Sec1Payload } from "../pb/sec1_pb";
import type { Security } from "./security";

const TAG = "sec1";
const NO_SESSION = -1;

/** Session states (security1.c SESSION_STATE_CMD0/CMD1/DONE). */
const enum St {
  CMD0 = 0,
  CMD1 = 1,
  DONE = 2,
}

/** Sec1 options. */
export interface Sec1Options {
  clock: ClockPort;
  crypto: CryptoPort;
  /** Proof of possession bytes; undefined or empty = no PoP (the no_pop capability). */
  pop?: Uint8Array;
  /** Longest uninterrupted X25519 slice, ms (default X25519_SLICE_MS). */
  sliceMs?: number;
  /** Called after each wrong client verify data (wrong PoP); the hardening limiter counts these. */
  onProofFailed?: () => void;
}

/** The security-1 scheme with one session at a time. */
export class Sec1 implements Security {
  readonly ver = 1;
  readonly patchVer = 0;
  private o_: Sec1Options;
  private popHash_: Uint8Array | undefined;
  private id_: number;
  private st_: number;
  /** Bumped whenever the session is reset, so late slice results of an old session are dropped. */
  private gen_: number;
  private priv_: Uint8Array | undefined;
  private pub_: Uint8Array | undefined;
  private kpBusy_: boolean;
  private kpWait_: (() => void) | undefined;
  private devPub_: Uint8Array | undefined;
  private cliPub_: Uint8Array | undefined;
  private random_: Uint8Array | undefined;
  private key_: Uint8Array | undefined;
  private ctr_: CtrStream | undefined;

  constructor(opts: Sec1Options) {
    this.o_ = opts;
    this.popHash_ = opts.pop && opts.pop.length ? opts.crypto.sha256(opts.pop) : undefined;
    this.id_ = NO_SESSION;
    this.st_ = St.CMD0;
    this.gen_ = 0;
    this.kpBusy_ = false;
    this.prepareKeyPair_();
  }

  /** Generates the next device key pair in the background (never on a request path). */
  private prepareKeyPair_(): void {
    if (this.priv_ || this.kpBusy_) return;
    this.kpBusy_ = true;
    const priv = this.o_.crypto.random(32);
    const base = new Uint8Array(32); // u = 9 (RFC 7748 §4.1)
    base[0] = 9;
    x25519Sliced(priv, base, this.o_.clock, this.o_.sliceMs || X25519_SLICE_MS, (pub) => {
      this.kpBusy_ = false;
      this.priv_ = priv;
      this.pub_ = pub;
      const w = this.kpWait_;
      this.kpWait_ = undefined;
      if (w) w();
    });
  }

  private reset_(): void {
    this.gen_++;
    // A Cmd0 waiting for the key pair completes (INVALID_STATE: its generation is gone) rather
    // than hanging protocomm's request queue; one waiting for its shared key does so itself.
    const w = this.kpWait_;
    this.kpWait_ = undefined;
    if (w) this.o_.clock.setTimer(0, w);
    this.st_ = St.CMD0;
    wipe(this.key_);
    this.key_ = undefined;
    if (this.ctr_) this.ctr_.wipe();
    this.ctr_ = undefined;
    this.cliPub_ = undefined;
    this.devPub_ = undefined;
    this.random_ = undefined;
  }

  newSession(id: number): number {
    this.reset_();
    this.id_ = id;
    this.prepareKeyPair_();
    return Err.OK;
  }

  closeSession(id: number): number {
    if (id !== this.id_) return Err.INVALID_STATE;
    this.reset_();
    this.id_ = NO_SESSION;
    this.prepareKeyPair_(); // for the next client, while nobody is connected
    return Err.OK;
  }

  cleanup(): void {
    this.reset_();
    this.id_ = NO_SESSION;
    wipe(this.priv_);
    this.priv_ = undefined;
  }

  handshake(id: number, input: Uint8Array, done: Done<Uint8Array>): void {
    const clock = this.o_.clock;
    const fail = (err: number) => {
      clock.setTimer(0, () => done(err));
    };
    if (id !== this.id_) return fail(Err.INVALID_STATE);
    const req = decodeSessionData(input);
    if (!req || req.secVer !== 1 || !req.sec1) return fail(Err.INVALID_ARG);
    const p = req.sec1;
    if (p.msg === 0) return this.cmd0_(p, done, fail);
    if (p.msg === 2) return this.cmd1_(p, done, fail);
    fail(Err.INVALID_ARG);
  }

  private cmd0_(p: Sec1Payload, done: Done<Uint8Array>, fail: (err: number) => void): void {
    const cliPub = p.sc0 ? p.sc0.clientPubkey : undefined;
    if (!cliPub || cliPub.length !== 32) return fail(Err.INVALID_ARG);
    // security1.c v5: a Cmd0 in any other state restarts the session.
    if (this.st_ !== St.CMD0) {
      log(3, TAG, "restarting session");
      this.reset_();
    }
    const gen = this.gen_;
    const go = () => {
      if (gen !== this.gen_) return done(Err.INVALID_STATE);
      this.startSession_(new Uint8Array(cliPub), done);
    };
    if (this.priv_) go();
    else {
      this.kpWait_ = go;
      this.prepareKeyPair_();
    }
  }

  /**
   * Computes the shared key in slices, then sends SessionResp0 (security1.c answers Cmd0 after
   * its ECDH too). Answering first would let Cmd1 arrive and wait in memory beside the ladder
   * (~170 JsVars more at the peak on Espruino, npm run memory).
   */
  private startSession_(cliPub: Uint8Array, done: Done<Uint8Array>): void {
    const o = this.o_;
    const priv = this.priv_ as Uint8Array;
    const devPub = this.pub_ as Uint8Array;
    this.priv_ = undefined;
    this.pub_ = undefined;
    this.cliPub_ = cliPub;
    this.devPub_ = devPub;
    this.random_ = o.crypto.random(16);
    const gen = this.gen_;
    x25519Sliced(priv, cliPub, o.clock, o.sliceMs || X25519_SLICE_MS, (shared) => {
      wipe(priv);
      if (gen !== this.gen_) {
        wipe(shared);
        return done(Err.INVALID_STATE);
      }
      const h = this.popHash_;
      if (h) for (let i = 0; i < 32; i++) shared[i] = (shared[i] as number) ^ (h[i] as number);
      this.key_ = shared;
      this.st_ = St.CMD1;
      // The next key pair waits for the session to end (closeSession): computing it now would
      // put a second ladder's memory beside this session's requests.
      done(Err.OK, encodeSessionData({
        secVer: 1,
        sec1: { msg: 1, sr0: { status: 0, devicePubkey: devPub, deviceRandom: this.random_ as Uint8Array } },
      }));
    });
  }

  private cmd1_(p: Sec1Payload, done: Done<Uint8Array>, fail: (err: number) => void): void {
    if (this.st_ !== St.CMD1) return fail(Err.INVALID_STATE);
    const verify = p.sc1 ? p.sc1.clientVerifyData : undefined;
    if (!verify || verify.length !== 32) return fail(Err.INVALID_ARG);
    const gen = this.gen_;
    const go = () => {
      if (gen !== this.gen_) return done(Err.INVALID_STATE);
      // security1.c: the AES context is (re)initialised at Cmd1; verify data uses blocks 0-1.
      const ctr = ctrStream(this.o_.crypto, this.key_ as Uint8Array, this.random_ as Uint8Array);
      const check = ctr.apply(verify);
      if (!equalCt(check, this.devPub_ as Uint8Array)) {
        ctr.wipe();
        log(2, TAG, "client verify data mismatch (wrong PoP?)");
        if (this.o_.onProofFailed) this.o_.onProofFailed();
        return done(Err.FAIL);
      }
      const devVerify = ctr.apply(this.cliPub_ as Uint8Array);
      this.ctr_ = ctr;
      this.st_ = St.DONE;
      done(
        Err.OK,
        encodeSessionData({ secVer: 1, sec1: { msg: 3, sr1: { status: 0, deviceVerifyData: devVerify } } })
      );
    };
    this.o_.clock.setTimer(0, go);
  }

  decrypt(id: number, data: Uint8Array): Uint8Array | undefined {
    if (id !== this.id_ || this.st_ !== St.DONE || !this.ctr_) return undefined;
    return this.ctr_.apply(data);
  }

  encrypt(id: number, data: Uint8Array): Uint8Array | undefined {
    return this.decrypt(id, data);
  }
}
