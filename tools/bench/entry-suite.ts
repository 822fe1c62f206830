// Espruino bench bundle: the suite plus an Espruino BenchHost (global B). Run by tools/bench/main.ts.
import { bigBench, gcmBench, powMults, protoBench, rfcCheck, sec2Bench, timeMs } from "./suite";
import { fromHex } from "../../src/core/bytes";
import type { BenchHost } from "./suite";
import { espRequire } from "../../firmware/espruino/modules";

declare const global: { B?: unknown };
declare function getTime(): number;
declare const process: { memory(gc?: boolean): { usage: number } };

const c = espRequire("crypto") as unknown as {
  SHA256(d: Uint8Array): ArrayBuffer;
  SHA512(d: Uint8Array): ArrayBuffer;
  AES: { encrypt(d: Uint8Array, k: Uint8Array, o: { mode: string }): ArrayBuffer };
};
const host: BenchHost = {
  nowMs: () => getTime() * 1000,
  sha256: (d) => new Uint8Array(c.SHA256(d)),
  aesEcb: (k, d) => new Uint8Array(c.AES.encrypt(d, k, { mode: "ECB" })),
  mem: () => process.memory(false).usage,
  sha512: (d) => new Uint8Array(c.SHA512(d)),
};
global.B = {
  host: host,
  protoBench: protoBench,
  rfcCheck: rfcCheck,
  timeMs: timeMs,
  bigBench: bigBench,
  gcmBench: gcmBench,
  powMults: powMults,
  sec2Bench: sec2Bench,
  fromHex: fromHex,
};
