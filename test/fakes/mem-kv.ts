// In-memory KvPort (NVS stand-in) that can fail on demand; survives a simulated reboot when
// the same instance is handed to a new stack.
import { Err } from "../../src/core/err";
import type { KvPort } from "../../src/platform/kv";

/** Map-backed key-value store. Failures are all-or-nothing, like the real port promises. */
export class MemKv implements KvPort {
  private store = new Map<string, Uint8Array>();
  private writeFailures: number[] = [];
  private eraseFailures: number[] = [];
  /** Every operation in order, e.g. "write wifi.sta", "erase wifi.sta" (for assertions). */
  readonly ops: string[] = [];

  read(key: string): Uint8Array | undefined {
    this.ops.push("read " + key);
    const v = this.store.get(key);
    return v ? new Uint8Array(v) : undefined;
  }

  write(key: string, value: Uint8Array): number {
    this.ops.push("write " + key);
    const fail = this.writeFailures.shift();
    if (fail !== undefined) return fail;
    this.store.set(key, new Uint8Array(value));
    return Err.OK;
  }

  erase(key: string): number {
    this.ops.push("erase " + key);
    const fail = this.eraseFailures.shift();
    if (fail !== undefined) return fail;
    this.store.delete(key);
    return Err.OK;
  }

  /** The next write returns err (default Err.FAIL) and stores nothing. Calls queue up. */
  failNextWrite(err: number = Err.FAIL): void {
    this.writeFailures.push(err);
  }

  /** The next erase returns err (default Err.FAIL) and removes nothing. Calls queue up. */
  failNextErase(err: number = Err.FAIL): void {
    this.eraseFailures.push(err);
  }

  /** True when key is stored (does not log an op). */
  has(key: string): boolean {
    return this.store.has(key);
  }

  /** Stored keys, sorted (does not log an op). */
  keys(): string[] {
    return [...this.store.keys()].sort();
  }

  /** Raw stored value without copying or logging (test inspection only). */
  peek(key: string): Uint8Array | undefined {
    return this.store.get(key);
  }
}
