// Custom endpoints: raw bytes through the session cipher. Mirrors esp_prov prov/custom_prov.py
// (custom_data) and docs/spec/protocol.md §9; any reply counts as success, as in esp_prov.
import { EP, type Session } from "../session.ts";

/** Sends data to a custom endpoint (default "custom-data") and returns the decrypted reply. */
export function customData(s: Session, data: Uint8Array, endpoint: string = EP.customData): Promise<Uint8Array> {
  return s.request(endpoint, data);
}

/** A reply for printing: text when printable (a trailing NUL, as in "SUCCESS\0", dropped), else hex. */
export function showReply(b: Uint8Array): string {
  const t = b.length && b[b.length - 1] === 0 ? b.subarray(0, b.length - 1) : b;
  const s = Buffer.from(t).toString("utf8");
  return /^[\P{Cc}\t\n\r]*$/u.test(s) && !s.includes("\uFFFD") ? JSON.stringify(s) : "0x" + Buffer.from(b).toString("hex");
}
