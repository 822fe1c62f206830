// Loads transcribed vector files (test/vectors/<source>/*.json) and hex helpers for crypto tests.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "../../vectors");

export function loadVectors<T>(rel: string): T {
  return (JSON.parse(readFileSync(join(ROOT, rel), "utf8")) as { vectors: T }).vectors;
}

export function hex(s: string): Uint8Array {
  return new Uint8Array(Buffer.from(s, "hex"));
}

export function toHex(b: Uint8Array): string {
  return Buffer.from(b).toString("hex");
}
