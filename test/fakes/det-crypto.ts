// Deterministic CryptoPort for tests: scripted random bytes; real primitives from node:crypto.
import type { CryptoPort } from "../../src/platform/crypto";
import { nodeCrypto } from "../../tools/node-platform/crypto";

/**
 * random(n) takes bytes from a FIFO the test preloads with queue(); once the FIFO runs dry, the
 * remaining bytes of that call all equal the call's index (1, 2, 3, … mod 256).
 */
export class DetCrypto implements CryptoPort {
  private fifo: number[] = [];
  /** Number of random() calls so far. */
  calls = 0;

  /** Appends bytes that later random() calls return, in order. */
  queue(...chunks: Uint8Array[]): this {
    for (const c of chunks) for (const b of c) this.fifo.push(b);
    return this;
  }

  /** Bytes still queued. */
  queued(): number {
    return this.fifo.length;
  }

  random(n: number): Uint8Array {
    this.calls++;
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.fifo.length > 0 ? (this.fifo.shift() as number) : this.calls & 0xff;
    return out;
  }

  sha256(d: Uint8Array): Uint8Array {
    return nodeCrypto.sha256(d);
  }

  sha512(d: Uint8Array): Uint8Array {
    return nodeCrypto.sha512(d);
  }

  aesEcb(key: Uint8Array, data: Uint8Array): Uint8Array {
    return nodeCrypto.aesEcb(key, data);
  }
}
