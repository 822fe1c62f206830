// The board benchmark (./build.sh bench, tools/upload/bench.ts): evaluated from a temporary
// Storage file on the board, it times our crypto only — X25519 on the firmware's sliced path, the
// SHA-256 and AES-CTR steps of a security-1 session, one get_status round trip — and two
// calibration loops, reads process.memory() and ESP32.getState(), prints one line
// "WIFIPROV-BENCH {json}" and erases its Storage file. Espruino subset (bundled like the firmware).
import { X25519_SLICE_MS, x25519Sliced } from "../../src/crypto/x25519";
import { ctrStream } from "../../src/crypto/aes-ctr";
import { makeConfigHandler } from "../../src/prov/ep-config";
import { WiFiConfigMsgType, decodeWiFiConfigPayload, encodeWiFiConfigPayload } from "../../src/pb/wifi_config_pb";
import { Err } from "../../src/core/err";
import { EspruinoClock } from "../../firmware/espruino/clock";
import { espRequire } from "../../firmware/espruino/modules";
import type { CryptoPort } from "../../src/platform/crypto";

declare function getTime(): number;
declare function print(s: string): void;
declare const process: { memory(gc?: boolean): { usage: number; free: number; total: number }; version: string; env: { BOARD?: string } };
declare const ESP32: { getState(): unknown } | undefined;

/** The Storage file the host writes this code into; erased when the benchmark ends. */
const FILE = "wpbench.js";
/** RFC 7748 §5.2, first vector. */
const K = "a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4";
const U = "e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c";
const OUT = "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552";

function hex(s: string): Uint8Array {
  const u = new Uint8Array(s.length / 2);
  for (let i = 0; i < u.length; i++) u[i] = parseInt(s.substr(2 * i, 2), 16);
  return u;
}

function toHex(u: Uint8Array): string {
  let s = "";
  for (let i = 0; i < u.length; i++) s += ((u[i] as number) < 16 ? "0" : "") + (u[i] as number).toString(16);
  return s;
}

function ms(): number {
  return getTime() * 1000;
}

/** ms per run of fn, over n runs. */
function per(n: number, fn: () => void): number {
  const t0 = ms();
  for (let i = 0; i < n; i++) fn();
  return (ms() - t0) / n;
}

/** A plain counting loop: ms per 1,000 iterations (the host's figure is the calibration). */
function forLoop(n: number): number {
  const t0 = ms();
  for (let i = 0; i < n; i++) {
    /* empty */
  }
  return ((ms() - t0) * 1000) / n;
}

/** The Leibniz series of Espruino's forum benchmark: ms per 1,000 terms. */
function leibniz(n: number): number {
  const t0 = ms();
  let s = 0;
  let d = 1;
  for (let i = 0; i < n; i++) {
    s += 4 / d - 4 / (d + 2);
    d += 4;
  }
  return s > 3 ? ((ms() - t0) * 1000) / n : -1;
}

function run(): void {
  const c = espRequire("crypto") as unknown as {
    SHA256(d: Uint8Array): ArrayBuffer;
    AES: { encrypt(d: Uint8Array, k: Uint8Array, o: { mode: string }): ArrayBuffer };
  };
  const crypto: CryptoPort = {
    random: (n) => new Uint8Array(n),
    sha256: (d) => new Uint8Array(c.SHA256(d)),
    sha512: () => new Uint8Array(64),
    aesEcb: (k, d) => new Uint8Array(c.AES.encrypt(d, k, { mode: "ECB" })),
  };
  const r: { [k: string]: unknown } = {};
  const mem0 = process.memory();
  r.version = process.version;
  r.board = process.env.BOARD;
  r.jsvarsTotal = mem0.total;
  r.jsvarsUsedAtStart = mem0.usage; // this code loaded, after a GC
  r.forLoopMsPer1000 = forLoop(20000);
  r.leibnizMsPer1000 = leibniz(10000);
  const pop = new Uint8Array([97, 98, 99, 100, 49, 50, 51, 52]);
  r.sha256PopMs = per(10, () => crypto.sha256(pop));
  const key = crypto.sha256(pop);
  const iv = new Uint8Array(16);
  const pub = hex(U);
  // Sec1's Cmd1/Resp1: a fresh CTR stream, the 32-byte verify data both ways.
  r.aesCtrVerifyMs = per(10, () => {
    const s = ctrStream(crypto, key, iv);
    s.apply(s.apply(pub));
  });
  // get_status as the device does it: decrypt the request, prov-config's handler, encrypt the
  // response (the session's one CTR stream); the client's side (cl) is not timed.
  const dev = ctrStream(crypto, key, iv);
  const cl = ctrStream(crypto, key, iv);
  const handler = makeConfigHandler({ getStatus: () => Err.OK, setConfig: () => Err.OK, applyConfig: () => Err.OK });
  const plain = encodeWiFiConfigPayload({ msg: WiFiConfigMsgType.TypeCmdGetStatus, cmdGetStatus: {} });
  let bad = 0;
  let spent = 0;
  for (let i = 0; i < 5; i++) {
    const req = cl.apply(plain);
    const t = ms();
    handler(1, dev.apply(req), (err, out) => {
      const resp = out ? dev.apply(out) : undefined;
      spent += ms() - t;
      const back = resp ? decodeWiFiConfigPayload(cl.apply(resp)) : undefined;
      if (err !== Err.OK || !back || !back.respGetStatus) bad++;
    });
  }
  r.getStatusMs = spent / 5;
  r.getStatusOk = bad === 0;
  // X25519 as the firmware runs it: x25519Sliced, EspruinoClock, Sec1's default slice.
  const base = new EspruinoClock();
  let longest = 0;
  let peak = process.memory(false).usage;
  const clock = {
    now: () => base.now(),
    clearTimer: (id: number) => base.clearTimer(id),
    setTimer: (t: number, fn: () => void) =>
      base.setTimer(t, () => {
        const t0 = base.now();
        fn();
        const d = base.now() - t0;
        if (d > longest) longest = d;
        const m = process.memory(false).usage;
        if (m > peak) peak = m;
      }),
  };
  const t0 = ms();
  x25519Sliced(hex(K), pub, clock, X25519_SLICE_MS, (out) => {
    r.x25519Ms = ms() - t0;
    r.x25519Ok = toHex(out) === OUT;
    r.x25519SliceMs = X25519_SLICE_MS;
    r.x25519LongestSliceMs = longest;
    r.jsvarsPeak = peak; // the largest usage seen after a slice (no GC: garbage included)
    const m = process.memory();
    r.jsvarsUsedAtEnd = m.usage;
    if (typeof ESP32 !== "undefined" && ESP32) r.esp32 = ESP32.getState();
    print("WIFIPROV-BENCH " + JSON.stringify(r));
    // Last: this code runs from that file (nothing of it may run after the erase).
    (espRequire("Storage") as unknown as { erase(n: string): void }).erase(FILE);
  });
}

run();
