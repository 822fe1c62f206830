// KvPort on a directory: one file per key, written to a temporary name and renamed into place,
// so a value is either saved whole or not at all (NVS-like atomicity for the virtual device).
import * as fs from "node:fs";
import * as path from "node:path";
import type { KvPort } from "../../src/platform/kv.ts";

const OK = 0;
const FAIL = -1;

/** Keys are mapped to file names; anything outside [A-Za-z0-9._-] is hex-escaped. */
function fileName(key: string): string {
  return key.replace(/[^A-Za-z0-9._-]/g, (c) => "%" + c.charCodeAt(0).toString(16).padStart(2, "0"));
}

/** Persistent key-value store in dir (created on first write). */
export class FileKv implements KvPort {
  constructor(private dir: string) {}

  read(key: string): Uint8Array | undefined {
    try {
      return new Uint8Array(fs.readFileSync(path.join(this.dir, fileName(key))));
    } catch {
      return undefined;
    }
  }

  write(key: string, value: Uint8Array): number {
    const file = path.join(this.dir, fileName(key));
    const tmp = `${file}.${process.pid}.tmp`;
    try {
      fs.mkdirSync(this.dir, { recursive: true });
      fs.writeFileSync(tmp, value, { mode: 0o600 });
      fs.renameSync(tmp, file);
      return OK;
    } catch {
      try {
        fs.rmSync(tmp, { force: true });
      } catch {
        /* nothing to clean */
      }
      return FAIL;
    }
  }

  erase(key: string): number {
    try {
      fs.rmSync(path.join(this.dir, fileName(key)), { force: true });
      return OK;
    } catch {
      return FAIL;
    }
  }
}
