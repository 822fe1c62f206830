// Benchmarks that run unchanged in Node and (bundled) in Espruino: X25519 with RFC 7748 checks, the
// device side of a security-1 handshake and encrypted prov-config / prov-scan round trips.
// Espruino-safe subset: it is bundled with tools/bundle's pipeline (tools/bench/espruino.ts).
import type { ClockPort } from "../../src/platform/clock";
import type { CryptoPort } from "../../src/platform/crypto";
import type { ApRecord, WifiPort } from "../../src/platform/wifi";
import { Err } from "../../src/core/err";
import { fromHex, toHex } from "../../src/core/bytes";
import { x25519, x25519Base } from "../../src/crypto/x25519";
import { ctrStream } from "../../src/crypto/aes-ctr";
import { Protocomm } from "../../src/protocomm/protocomm";
import { Sec1 } from "../../src/protocomm/sec1";
import { decodeSessionData, encodeSessionData } from "../../src/pb/session_pb";
import { WiFiConfigMsgType, decodeWiFiConfigPayload, encodeWiFiConfigPayload } from "../../src/pb/wifi_config_pb";
import { WiFiScanMsgType, decodeWiFiScanPayload, encodeWiFiScanPayload } from "../../src/pb/wifi_scan_pb";
import { makeConfigHandler } from "../../src/prov/ep-config";
import type { ConfigStatus } from "../../src/prov/ep-config";
import { makeScanHandler } from "../../src/prov/ep-scan";
import { Scanner } from "../../src/wifi/scanner";
import { Sec2 } from "../../src/protocomm/sec2";
import { Gcm } from "../../src/crypto/gcm";
import { fromBytesMod, modPow, montMul, toBytes } from "../../src/crypto/bignum";
import type { Limbs } from "../../src/crypto/bignum";
import { srpGroup3072 } from "../../src/crypto/srp6a";

/** What the host gives the suite: a millisecond clock, native SHA-256/AES-ECB, a memory probe. */
export interface BenchHost {
  nowMs: () => number;
  sha256: (d: Uint8Array) => Uint8Array;
  aesEcb: (k: Uint8Array, d: Uint8Array) => Uint8Array;
  /** JsVars in use without a GC (Espruino), or undefined where there is no such figure. */
  mem: () => number | undefined;
  /** Native SHA-512 (sec2); absent in older hosts: the suite's sec2 parts need it. */
  sha512?: (d: Uint8Array) => Uint8Array;
  /** Progress lines (Espruino: print), for locating a failure inside the interpreter. */
  log?: (s: string) => void;
}

function hex(s: string): Uint8Array {
  return fromHex(s) as Uint8Array;
}

/** RFC 7748 §5.2 (both single vectors, 1 iteration) and §6.1 (both public keys, shared secret). */
export function rfcCheck(): string[] {
  const bad: string[] = [];
  const v: string[][] = [
    ["a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4", "e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c", "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552"],
    ["4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d", "e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493", "95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957"],
    ["0900000000000000000000000000000000000000000000000000000000000000", "0900000000000000000000000000000000000000000000000000000000000000", "422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079"],
  ];
  for (let i = 0; i < v.length; i++) {
    const r = v[i] as string[];
    if (toHex(x25519(hex(r[0] as string), hex(r[1] as string))) !== r[2]) bad.push("rfc7748-5.2-" + i);
  }
  const a = hex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
  const b = hex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
  const ap = x25519Base(a);
  const bp = x25519Base(b);
  if (toHex(ap) !== "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a") bad.push("rfc7748-6.1-alice");
  if (toHex(bp) !== "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f") bad.push("rfc7748-6.1-bob");
  const k = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";
  if (toHex(x25519(a, bp)) !== k || toHex(x25519(b, ap)) !== k) bad.push("rfc7748-6.1-shared");
  return bad;
}

/** Milliseconds per call of fn, over n calls. */
export function timeMs(host: BenchHost, n: number, fn: () => void): number {
  const t0 = host.nowMs();
  for (let i = 0; i < n; i++) fn();
  return (host.nowMs() - t0) / n;
}

/** A synchronous event loop: timers run in order when run() is called, delays ignored. */
class SyncClock implements ClockPort {
  private q_: { id: number; fn: () => void }[];
  private id_: number;
  private host_: BenchHost;
  peak: number;
  /** Longest single timer callback (ms): one uninterrupted slice of work. */
  longest: number;

  constructor(host: BenchHost) {
    this.q_ = [];
    this.id_ = 0;
    this.host_ = host;
    this.peak = 0;
    this.longest = 0;
  }

  now(): number {
    return this.host_.nowMs();
  }

  setTimer(ms: number, fn: () => void): number {
    this.id_++;
    this.q_.push({ id: this.id_, fn: fn });
    return this.id_;
  }

  clearTimer(id: number): void {
    for (let i = 0; i < this.q_.length; i++) if ((this.q_[i] as { id: number }).id === id) this.q_.splice(i, 1);
  }

  /** Takes the queued timers out (work that must not be timed with the next request). */
  park(): { id: number; fn: () => void }[] {
    const q = this.q_;
    this.q_ = [];
    return q;
  }

  /** Runs timers until none are left (or until stop() is true), sampling memory after each. */
  run(stop?: () => boolean): void {
    for (;;) {
      if (stop && stop()) return;
      const t = this.q_.shift();
      if (!t) return;
      const t0 = this.host_.nowMs();
      t.fn();
      const d = this.host_.nowMs() - t0;
      if (d > this.longest) this.longest = d;
      const m = this.host_.mem();
      if (m !== undefined && m > this.peak) this.peak = m;
    }
  }
}

/** Deterministic "random" bytes: benchmarks need repeatable keys, never real ones. */
function detCrypto(host: BenchHost): CryptoPort {
  let n = 0;
  return {
    random: (len: number) => {
      const out = new Uint8Array(len);
      for (let i = 0; i < len; i++) out[i] = (n++ * 151 + 7) & 255;
      return out;
    },
    sha256: host.sha256,
    sha512: host.sha512 || (() => new Uint8Array(64)),
    aesEcb: host.aesEcb,
  };
}

/** A Wi-Fi port whose scan returns count access points; nothing else does anything. */
function stubWifi(clock: ClockPort, count: number): WifiPort {
  const aps: ApRecord[] = [];
  for (let i = 0; i < count; i++) {
    const ssid = new Uint8Array(12);
    for (let j = 0; j < 12; j++) ssid[j] = 97 + ((i + j) % 26);
    aps.push({ ssid: ssid, bssid: new Uint8Array([2, 0, 0, 0, 0, i]), channel: 1 + (i % 11), rssi: -40 - i, auth: 3 });
  }
  const ok = (done: (err: number) => void) => {
    clock.setTimer(0, () => done(Err.OK));
  };
  return {
    caps: { channelScan: false, passiveScan: false, dwellTime: false },
    setMode: (mode, done) => ok(done),
    scan: (opts, done) => {
      clock.setTimer(0, () => done(Err.OK, aps));
    },
    connect: (cfg, done) => ok(done),
    disconnect: (done) => ok(done),
    startAp: (cfg, done) => ok(done),
    stopAp: (done) => ok(done),
    listen: () => undefined,
  };
}

/** Results of the protocomm benchmark (ms, JsVars). */
export interface ProtoBench {
  keypairMs: number;
  handshakeMs: number;
  getStatusMs: number;
  scanResultMs: number;
  peakSec1: number | undefined;
  /** Longest uninterrupted piece of the device's work during the handshake (ms): a timer callback or the synchronous part of a request. */
  longestSliceMs: number;
  errors: string[];
}

/**
 * Device side of a security-1 session through Protocomm (client work untimed), then rounds of
 * encrypted get_status and scan_result (4 entries of 16) through the real handlers.
 */
export function protoBench(host: BenchHost, rounds: number): ProtoBench {
  const errors: string[] = [];
  const say = (m: string) => {
    if (host.log) host.log(m);
  };
  const clock = new SyncClock(host);
  const crypto = detCrypto(host);
  const pop = new Uint8Array([97, 98, 99, 100, 49, 50, 51, 52]);
  const pc = new Protocomm(clock);
  let t0 = host.nowMs();
  say("keypair");
  const sec = new Sec1({ clock: clock, crypto: crypto, pop: pop }); // the firmware's default slice
  clock.run(); // the device key pair, prepared ahead of any client
  const keypairMs = host.nowMs() - t0;
  pc.setSecurity("prov-session", sec);
  const status: ConfigStatus = { wifiState: 0, failReason: 0, attemptsRemaining: 0, ip: "", ap: undefined };
  pc.addEndpoint(
    "prov-config",
    makeConfigHandler({
      getStatus: (out: ConfigStatus) => {
        out.wifiState = status.wifiState;
        return Err.OK;
      },
      setConfig: () => Err.OK,
      applyConfig: () => Err.OK,
    })
  );
  say("handlers");
  const scanner = new Scanner(stubWifi(clock, 16), clock);
  pc.addEndpoint("prov-scan", makeScanHandler(() => scanner, () => true));
  scanner.start({ blocking: true, passive: false, groupChannels: 0, periodMs: 0 }, () => undefined);
  say("scan");
  clock.run();

  let resp: Uint8Array | undefined;
  let syncLongest = 0; // longest synchronous part of a request (before its first yield)
  const call = (ep: string, data: Uint8Array): number => {
    resp = undefined;
    const t = host.nowMs();
    let fin = false;
    pc.handle(ep, 7, data, (err, out) => {
      if (err !== Err.OK) errors.push(ep + " err " + err);
      resp = out;
      fin = true;
    });
    if (host.nowMs() - t > syncLongest) syncLongest = host.nowMs() - t;
    // Only until the response: work sec1 leaves in the background is timed with the request
    // that waits for it (the shared secret with Cmd1), or drained untimed (the next key pair).
    clock.run(() => fin);
    return host.nowMs() - t;
  };

  say("handshake");
  // Client key pair and Cmd0 (untimed).
  const cliPriv = crypto.random(32);
  const cliPub = x25519Base(cliPriv);
  pc.openSession(7);
  const base = host.mem();
  clock.peak = 0;
  let hs = call("prov-session", encodeSessionData({ secVer: 1, sec1: { msg: 0, sc0: { clientPubkey: cliPub } } }));
  const r0 = resp ? decodeSessionData(resp) : undefined;
  const sr0 = r0 && r0.sec1 ? r0.sec1.sr0 : undefined;
  if (!sr0) {
    errors.push("no SessionResp0");
    return { keypairMs: keypairMs, handshakeMs: hs, getStatusMs: 0, scanResultMs: 0, peakSec1: undefined, longestSliceMs: clock.longest, errors: errors };
  }
  const shared = x25519(cliPriv, sr0.devicePubkey);
  const h = host.sha256(pop);
  for (let i = 0; i < 32; i++) shared[i] = (shared[i] as number) ^ (h[i] as number);
  const ctr = ctrStream(crypto, shared, sr0.deviceRandom);
  const verify = ctr.apply(sr0.devicePubkey);
  hs += call("prov-session", encodeSessionData({ secVer: 1, sec1: { msg: 2, sc1: { clientVerifyData: verify } } }));
  const peak = base !== undefined ? clock.peak - base : undefined;
  const longest = Math.max(clock.longest, syncLongest); // key pair + handshake
  const r1 = resp ? decodeSessionData(resp) : undefined;
  const sr1 = r1 && r1.sec1 ? r1.sec1.sr1 : undefined;
  if (!sr1 || toHex(ctr.apply(sr1.deviceVerifyData)) !== toHex(cliPub)) errors.push("device verify data mismatch");

  say("requests");
  clock.run(); // the next session's key pair, in the background
  let gs = 0;
  let sr = 0;
  for (let i = 0; i < rounds; i++) {
    gs += call("prov-config", ctr.apply(encodeWiFiConfigPayload({ msg: WiFiConfigMsgType.TypeCmdGetStatus, cmdGetStatus: {} })));
    const g = resp ? decodeWiFiConfigPayload(ctr.apply(resp)) : undefined;
    if (!g || !g.respGetStatus) errors.push("get_status reply");
    sr += call("prov-scan", ctr.apply(encodeWiFiScanPayload({ msg: WiFiScanMsgType.TypeCmdScanResult, status: 0, cmdScanResult: { startIndex: 0, count: 4 } })));
    const s = resp ? decodeWiFiScanPayload(ctr.apply(resp)) : undefined;
    if (!s || !s.respScanResult || s.respScanResult.entries.length !== 4) errors.push("scan_result reply");
  }
  return { keypairMs: keypairMs, handshakeMs: hs, getStatusMs: gs / rounds, scanResultMs: sr / rounds, peakSec1: peak, longestSliceMs: longest, errors: errors };
}

/** 3072-bit figures (ms): one FIOS Montgomery multiplication (mean over count) and g^b with a 256-bit b. */
export interface BigBench {
  montMulMs: number;
  /** modPow as the device runs it (E.convolve on Espruino), context cached; undefined unless full. */
  modPowMs: number | undefined;
  /** One-time per-modulus setup of the E.convolve path (0 without it). */
  setupMs: number | undefined;
  /** The modPow result (hex), to compare across hosts. */
  hex: string;
}

/** Montgomery multiplications in one PowJob with an eLen-byte exponent (4-bit fixed window). */
export function powMults(eLen: number): number {
  // into Montgomery form 1, table 14, 4 squarings + 1 multiplication per nibble after the first, out 1
  return 1 + 14 + 5 * (2 * eLen - 1) + 1;
}

/** Times count 3072-bit FIOS Montgomery multiplications and (when full) two g^b with 256-bit b. */
export function bigBench(host: BenchHost, count: number, full: boolean): BigBench {
  const crypto = detCrypto(host);
  const G = srpGroup3072(crypto);
  const M = G.mod;
  const a = fromBytesMod(crypto.random(384), M) as Limbs;
  const b = fromBytesMod(crypto.random(384), M) as Limbs;
  const t0 = host.nowMs();
  for (let i = 0; i < count; i++) montMul(a, a, b, M);
  const montMulMs = (host.nowMs() - t0) / count;
  if (!full) return { montMulMs: montMulMs, modPowMs: undefined, setupMs: undefined, hex: "" };
  const t1 = host.nowMs();
  modPow(G.gL, crypto.random(32), M);
  const first = host.nowMs() - t1;
  const e = crypto.random(32);
  const t2 = host.nowMs();
  const r = modPow(G.gL, e, M);
  const modPowMs = host.nowMs() - t2;
  return { montMulMs: montMulMs, modPowMs: modPowMs, setupMs: first - modPowMs, hex: toHex(toBytes(r)) };
}

/** ms per GCM encrypt + decrypt of a 64-byte message (AES-256, sec2's session cipher). */
export function gcmBench(host: BenchHost, rounds: number): number {
  const crypto = detCrypto(host);
  const g = new Gcm(crypto, crypto.random(32));
  const iv = crypto.random(12);
  const msg = crypto.random(64);
  let bad = 0;
  const t0 = host.nowMs();
  for (let i = 0; i < rounds; i++) {
    const d = g.decrypt(iv, g.encrypt(iv, msg));
    if (!d || d[63] !== msg[63]) bad++;
  }
  const ms = (host.nowMs() - t0) / rounds;
  return bad ? -1 : ms;
}

/** The client's side of a sec2 handshake (run on the host, untimed): salt, verifier, Cmd0, and Cmd1 for a Resp0. */
export interface Sec2Script {
  salt: Uint8Array;
  verifier: Uint8Array;
  cmd0: Uint8Array;
  /** Cmd1 for the device's S2SessionResp0 (undefined: client refuses it). */
  cmd1: (resp0: Uint8Array) => Uint8Array | undefined;
  /** The S2SessionResp1 expected (hex), when known in advance (Espruino replays the host's run). */
  resp1?: string;
}

/** Results of the sec2 benchmark (ms); resp1 as hex, for replay checks. */
export interface Sec2Bench {
  prepMs: number;
  cmd0Ms: number;
  cmd1Ms: number;
  resp1: string;
  errors: string[];
}

/**
 * Device side of a security-2 handshake through Protocomm: g^b prepared by the Sec2 constructor
 * (before any client), then Cmd0 (B, u, v^u·A, (v^u·A)^b, K, proofs) and Cmd1 (proof check).
 * Deterministic device randomness, so a host run can script the client for an Espruino replay.
 */
export function sec2Bench(host: BenchHost, script: Sec2Script): Sec2Bench {
  const errors: string[] = [];
  const clock = new SyncClock(host);
  const crypto = detCrypto(host);
  const pc = new Protocomm(clock);
  const t0 = host.nowMs();
  const sec = new Sec2({ clock: clock, crypto: crypto, salt: script.salt, verifier: script.verifier, patchVer: 1, sliceMs: 50 });
  clock.run(); // b and g^b, ahead of any client
  const prepMs = host.nowMs() - t0;
  pc.setSecurity("prov-session", sec);
  pc.openSession(9);
  let resp: Uint8Array | undefined;
  let fin = false;
  const call = (data: Uint8Array): number => {
    resp = undefined;
    fin = false;
    const t = host.nowMs();
    pc.handle("prov-session", 9, data, (err, out) => {
      if (err !== Err.OK) errors.push("prov-session err " + err);
      resp = out;
      fin = true;
    });
    clock.run(() => fin);
    return host.nowMs() - t;
  };
  const cmd0Ms = call(script.cmd0);
  // Resp0 restarts the next session's g^b in the background: park it so Cmd1 times only its own work.
  clock.park();
  const resp0 = resp;
  const cmd1 = resp0 ? script.cmd1(resp0) : undefined;
  let cmd1Ms = 0;
  let resp1 = "";
  if (!cmd1) errors.push("sec2: no usable SessionResp0");
  else {
    cmd1Ms = call(cmd1);
    resp1 = resp ? toHex(resp) : "";
    if (script.resp1 !== undefined && resp1 !== script.resp1) errors.push("sec2: SessionResp1 differs from the host's");
  }
  sec.cleanup();
  return { prepMs: prepMs, cmd0Ms: cmd0Ms, cmd1Ms: cmd1Ms, resp1: resp1, errors: errors };
}
