// KvPort on require("Storage"). Storage.write() erases the old file before writing the new one
// (jsflash.c jsfWriteFile), so a reset mid-write loses the key. Atomic per key instead: two
// slot files "<key>~0"/"<key>~1", each [seq, crc32 LE (4), value]; a write goes to the slot not
// holding the newest valid record and is read back; read returns the newest slot whose CRC holds.
import type { KvPort } from "../../src/platform/kv";
import { Err } from "../../src/core/err";
import { equalCt } from "../../src/core/bytes";
import { espRequire } from "./modules";

const HDR = 5;

interface Slot {
  seq: number;
  value: Uint8Array;
}

/**
 * Storage-backed key-value store (keys ≤ 26 characters: Storage names are ≤ 28). Each key has
 * two slots, key~0 and key~1: a write goes to the older one and is read back before the other
 * is erased, so a power cut mid-write keeps the previous value.
 */
export class EspruinoKv implements KvPort {
  private st_: EspruinoStorage;

  constructor() {
    this.st_ = espRequire("Storage");
  }

  private slot_(name: string): Slot | undefined {
    const s = this.st_.read(name);
    if (s === undefined || s.length < HDR) return undefined;
    const rec = E.toUint8Array(s);
    const value = rec.subarray(HDR);
    const crc = ((rec[1] as number) | ((rec[2] as number) << 8) | ((rec[3] as number) << 16) | ((rec[4] as number) << 24)) >>> 0;
    if ((E.CRC32(value) >>> 0) !== crc) return undefined;
    return { seq: rec[0] as number, value: value };
  }

  /** Index (0/1) of the newest valid slot, or -1. Sequence numbers compare mod 256. */
  private newest_(a: Slot | undefined, b: Slot | undefined): number {
    if (!a) return b ? 1 : -1;
    if (!b) return 0;
    const d = (b.seq - a.seq) & 255;
    return d > 0 && d < 128 ? 1 : 0;
  }

  read(key: string): Uint8Array | undefined {
    const a = this.slot_(key + "~0");
    const b = this.slot_(key + "~1");
    const i = this.newest_(a, b);
    if (i < 0) return undefined;
    return new Uint8Array((i ? (b as Slot) : (a as Slot)).value);
  }

  write(key: string, value: Uint8Array): number {
    const a = this.slot_(key + "~0");
    const b = this.slot_(key + "~1");
    const i = this.newest_(a, b);
    const cur = i < 0 ? undefined : i ? (b as Slot) : (a as Slot);
    const target = key + (i === 0 ? "~1" : "~0");
    const rec = new Uint8Array(HDR + value.length);
    const crc = E.CRC32(value) >>> 0;
    rec[0] = cur ? (cur.seq + 1) & 255 : 0;
    rec[1] = crc & 255;
    rec[2] = (crc >>> 8) & 255;
    rec[3] = (crc >>> 16) & 255;
    rec[4] = (crc >>> 24) & 255;
    rec.set(value, HDR);
    try {
      if (!this.st_.write(target, rec)) return Err.FAIL;
    } catch (e) {
      return Err.NO_MEM; // Storage full ("Unable to find or create file")
    }
    const back = this.slot_(target);
    if (!back || !equalCt(back.value, value)) return Err.FAIL;
    // Verified: the previous value goes, so a replaced secret (e.g. the old network's passphrase)
    // does not stay in flash.
    try {
      this.st_.erase(key + (i === 0 ? "~0" : "~1"));
    } catch (e) {
      // the new value is in place and newer: the old slot is only garbage
    }
    return Err.OK;
  }

  erase(key: string): number {
    try {
      this.st_.erase(key + "~0");
      this.st_.erase(key + "~1");
    } catch (e) {
      return Err.FAIL;
    }
    return Err.OK;
  }
}
