// BLE UUID derivation and advertising data of the provisioning service. Mirrors ESP-IDF
// protocomm_ble.c (per-endpoint UUID: bytes 12-13 of the LSB-first service UUID, docs/spec/protocol.md §4.2).
import { strBytes } from "../core/bytes";

/** scheme_ble.c default service UUID (LSB-first 07 ed 9b 2d … 4d 24 75 17). */
export const DEFAULT_SERVICE_UUID = "1775244d-6b43-439b-877c-060f2d9bed07";
/** Legacy AD packet size: everything must fit here (no scan response on Espruino ESP32). */
export const ADV_MAX_BYTES = 31;
/** 31 - flags (3) - complete 128-bit UUID list (2 + 16) - name AD header (2). */
export const ADV_MAX_NAME_BYTES = 8;

/** True when s is non-empty lowercase hex (Espruino's regex lacks {n} quantifiers). */
function isHex(s: string): boolean {
  if (!s.length) return false;
  for (let i = 0; i < s.length; i++) if ("0123456789abcdef".indexOf(s.charAt(i)) < 0) return false;
  return true;
}

/** The 16 bytes of a canonical UUID string, LSB-first as ESP-IDF stores it; undefined if malformed. */
export function uuidToLsb(uuid: string): Uint8Array | undefined {
  const s = uuid.toLowerCase();
  const g = s.split("-");
  if (s.length !== 36 || g.length !== 5 || (g[0] as string).length !== 8 || (g[4] as string).length !== 12) return undefined;
  const h = g.join("");
  if (h.length !== 32 || !isHex(h)) return undefined;
  const out = new Uint8Array(16);
  for (let i = 0; i < 16; i++) out[15 - i] = parseInt(h.substring(2 * i, 2 * i + 2), 16);
  return out;
}

/** Canonical lowercase string of a 16-byte LSB-first UUID. */
export function lsbToUuid(b: Uint8Array): string {
  let h = "";
  for (let i = 15; i >= 0; i--) h += ((b[i] as number) + 0x100).toString(16).substring(1);
  return h.substring(0, 8) + "-" + h.substring(8, 12) + "-" + h.substring(12, 16) + "-" + h.substring(16, 20) + "-" + h.substring(20);
}

/**
 * The characteristic UUID of the endpoint with 16-bit id16 (protocomm_ble.c: uuid128[12] =
 * id & 0xFF, uuid128[13] = id >> 8); undefined if serviceUuid is malformed.
 */
export function charUuid(serviceUuid: string, id16: number): string | undefined {
  const b = uuidToLsb(serviceUuid);
  if (!b) return undefined;
  b[12] = id16 & 0xff;
  b[13] = (id16 >> 8) & 0xff;
  return lsbToUuid(b);
}

/**
 * The 16-bit id inside a characteristic UUID as a port may report it: "ff51", "0xFF51", or a
 * 128-bit string (its first group's low half). Routing compares only this (docs/spec/protocol.md §4.2). -1 if
 * unparseable.
 */
export function uuid16Of(uuid: string): number {
  let s = uuid.toLowerCase();
  if (s.length === 36) s = s.substring(4, 8);
  else if (s.substring(0, 2) === "0x") s = s.substring(2);
  if (s.length > 4 || !isHex(s)) return -1;
  return parseInt(s, 16);
}

/** The name that fits the advertisement: the first ADV_MAX_NAME_BYTES bytes. */
export function advertisedName(name: string): string {
  return name.length > ADV_MAX_NAME_BYTES ? name.substring(0, ADV_MAX_NAME_BYTES) : name;
}

/**
 * One 31-byte advertising packet: Flags 0x06, Complete List of 128-bit Service UUIDs, then the
 * name as Complete Local Name (0x09), or Shortened Local Name (0x08) when cut to 8 bytes.
 * IDF puts the name in the scan response, which Espruino ESP32 cannot send (docs/ble.md).
 */
export function buildAdvertising(name: string, serviceUuid: string): Uint8Array | undefined {
  const u = uuidToLsb(serviceUuid);
  if (!u) return undefined;
  const full = strBytes(name);
  const n = full.length > ADV_MAX_NAME_BYTES ? full.subarray(0, ADV_MAX_NAME_BYTES) : full;
  const out = new Uint8Array(3 + 18 + (n.length ? 2 + n.length : 0));
  out[0] = 0x02;
  out[1] = 0x01; // Flags
  out[2] = 0x06; // LE General Discoverable, BR/EDR not supported
  out[3] = 0x11;
  out[4] = 0x07; // Complete List of 128-bit Service UUIDs
  out.set(u, 5);
  if (n.length) {
    out[21] = n.length + 1;
    out[22] = n.length < full.length ? 0x08 : 0x09;
    out.set(n, 23);
  }
  return out;
}
