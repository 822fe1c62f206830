// Benchmarks that run unchanged in Node and (bundled) in Espruino: X25519 with RFC 7748 checks, the
// device side of a security-1 handshake and encrypted prov-config / prov-scan round trips.
// Espruino-safe subset: it is bundled with tools/bundle's pipeline (tools/bench/espruino.ts).
import type { ClockPort } from "../../src/platform/clock";
import type { CryptoPort } from "../../src/platform/crypto";
import type { ApRecord, WifiPort } from "../../src/platform/wifi";
import { Err } from "../../src/core/err";
import { fromHex, toHex } from "../../src/core/bytes";
import { x25519, x25519Base } from "../../src/crypto/x25519";
import { CtrStream } from "../../src/crypto/aes-ctr";
import { Protocomm } from "../../src/protocomm/protocomm";
import { Sec1 } from "../../src/protocomm/sec1";
import { decodeSessionData, encodeSessionData } from "../../src/pb/session_pb";
import { WiFiConfigMsgType, decodeWiFiConfigPayload, encodeWiFiConfigPayload } from "../../src/pb/wifi_config_pb";
import { WiFiScanMsgType, decodeWiFiScanPayload, encodeWiFiScanPayload } from "../../src/pb/wifi_scan_pb";
import { makeConfigHandler } from "../../src/prov/ep-config";
import type { ConfigStatus } from "../../src/prov/ep-config";
import { makeScanHandler } from "../../src/prov/ep-scan";
import { Scanner } from "../../src/wifi/scanner";

/** What the host gives the suite: a millisecond clock, native SHA-256/AES-ECB, a memory probe. */
export interface BenchHost {
  nowMs: () => number;
  sha256: (d: Uint8Array) => Uint8Array;
  aesEcb: (k: Uint8Array, d: Uint8Array) => Uint8Array;
  /** JsVars in use without a GC (Espruino), or undefined where there is no such figure. */
  mem: () => number | undefined;
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

  constructor(host: BenchHost) {
    this.q_ = [];
    this.id_ = 0;
    this.host_ = host;
    this.peak = 0;
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

  /** Runs timers until none are left (or until stop() is true), sampling memory after each. */
  run(stop?: () => boolean): void {
    for (;;) {
      if (stop && stop()) return;
      const t = this.q_.shift();
      if (!t) return;
      t.fn();
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
    sha512: () => new Uint8Array(64),
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
  const sec = new Sec1({ clock: clock, crypto: crypto, pop: pop, sliceMs: 50 });
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
  pc.addEndpoint("prov-scan", makeScanHandler(scanner, () => true));
  scanner.start({ blocking: true, passive: false, groupChannels: 0, periodMs: 0 }, () => undefined);
  say("scan");
  clock.run();

  let resp: Uint8Array | undefined;
  const call = (ep: string, data: Uint8Array): number => {
    resp = undefined;
    const t = host.nowMs();
    let fin = false;
    pc.handle(ep, 7, data, (err, out) => {
      if (err !== Err.OK) errors.push(ep + " err " + err);
      resp = out;
      fin = true;
    });
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
    return { keypairMs: keypairMs, handshakeMs: hs, getStatusMs: 0, scanResultMs: 0, peakSec1: undefined, errors: errors };
  }
  const shared = x25519(cliPriv, sr0.devicePubkey);
  const h = host.sha256(pop);
  for (let i = 0; i < 32; i++) shared[i] = (shared[i] as number) ^ (h[i] as number);
  const ctr = new CtrStream(crypto, shared, sr0.deviceRandom);
  const verify = ctr.apply(sr0.devicePubkey);
  hs += call("prov-session", encodeSessionData({ secVer: 1, sec1: { msg: 2, sc1: { clientVerifyData: verify } } }));
  const peak = base !== undefined ? clock.peak - base : undefined;
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
  return { keypairMs: keypairMs, handshakeMs: hs, getStatusMs: gs / rounds, scanResultMs: sr / rounds, peakSec1: peak, errors: errors };
}
