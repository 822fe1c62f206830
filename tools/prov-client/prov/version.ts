// proto-ver capability JSON (docs/spec/protocol.md §2.5, docs/platform/clients.md §3.3) and the security choice made from it.
import { provError } from "../errors.ts";
import type { Transport } from "../transport/transport.ts";

/** What a proto-ver answer says. */
export interface ProtoVer {
  /** The answer as text. */
  raw: string;
  /** True when the answer was a JSON object with a "prov" object. */
  json: boolean;
  /** prov.ver, e.g. "v1.1". */
  ver?: string;
  /** prov.sec_ver (v5.0+). */
  secVer?: number;
  /** prov.sec_patch_ver; 0 when absent (esp_prov get_sec_patch_ver). */
  secPatchVer: number;
  /** prov.cap; empty when absent. */
  caps: string[];
}

/** Parses a proto-ver answer; a non-JSON answer means "no capabilities" (esp_prov has_capability). */
export function parseProtoVer(body: Uint8Array): ProtoVer {
  const raw = new TextDecoder().decode(body);
  const out: ProtoVer = { raw, json: false, secPatchVer: 0, caps: [] };
  let j: unknown;
  try {
    j = JSON.parse(raw);
  } catch {
    return out;
  }
  const prov = j && typeof j === "object" ? (j as { prov?: unknown }).prov : undefined;
  if (!prov || typeof prov !== "object") return out;
  const p = prov as { ver?: unknown; sec_ver?: unknown; sec_patch_ver?: unknown; cap?: unknown };
  out.json = true;
  if (typeof p.ver === "string") out.ver = p.ver;
  if (typeof p.sec_ver === "number") out.secVer = p.sec_ver;
  if (typeof p.sec_patch_ver === "number") out.secPatchVer = p.sec_patch_ver;
  if (Array.isArray(p.cap)) out.caps = p.cap.filter((c): c is string => typeof c === "string");
  return out;
}

/** POSTs to proto-ver (plaintext in every mode); the body is ignored by IDF devices. */
export async function readProtoVer(tr: Transport, body = "---"): Promise<ProtoVer> {
  return parseProtoVer(await tr.send("proto-ver", Uint8Array.from(body, (c) => c.charCodeAt(0) & 255)));
}

/**
 * The scheme to use when --sec is not given: prov.sec_ver when present (what the apps do, and
 * unlike esp_prov, which never picks 2), else no_sec → 0, else 1 (esp_prov auto mode).
 */
export function chooseSecurity(pv: ProtoVer): number {
  if (pv.secVer === 0 || pv.secVer === 1 || pv.secVer === 2) return pv.secVer;
  if (pv.caps.includes("no_sec")) return 0;
  return 1;
}

/** Throws a "device" ProvError when the device lacks a capability (e.g. wifi_scan). */
export function requireCap(pv: ProtoVer, cap: string, what: string): void {
  if (!pv.caps.includes(cap)) throw provError("device", `the device does not support ${what} (no "${cap}" capability)`);
}
