// Saved station credentials in the key-value port: the equivalent of esp_wifi's STA config in
// NVS that wifi_prov_mgr_is_provisioned() reads (docs/spec/protocol.md §5.7). One record, one atomic write.
import type { KvPort } from "../platform/kv";
import type { StaConfig } from "../platform/wifi";
import { Err } from "../core/err";

/** KV key (≤ 15 chars, an NVS key limit). */
export const CREDS_KEY = "prov.sta";
/** Record format version (first byte). */
const FORMAT = 1;
/** wifi_sta_config_t ssid[32] / password[64] (passphrase ≤ 63 plus a 64-char hex PSK). */
const SSID_MAX = 32;
const PASSWORD_MAX = 64;

/** Saves cfg as [1, ssidLen, ssid…, pwLen, pw…]; INVALID_ARG if a field is too long. */
export function saveCreds(kv: KvPort, cfg: StaConfig): number {
  const s = cfg.ssid;
  const p = cfg.password;
  if (s.length > SSID_MAX || p.length > PASSWORD_MAX) return Err.INVALID_ARG;
  const rec = new Uint8Array(3 + s.length + p.length);
  rec[0] = FORMAT;
  rec[1] = s.length;
  rec.set(s, 2);
  rec[2 + s.length] = p.length;
  rec.set(p, 3 + s.length);
  return kv.write(CREDS_KEY, rec);
}

/** The saved credentials, or undefined when none (or the record is malformed). */
export function loadCreds(kv: KvPort): StaConfig | undefined {
  const rec = kv.read(CREDS_KEY);
  if (!rec || rec.length < 3 || rec[0] !== FORMAT) return undefined;
  const sl = rec[1] as number;
  if (sl > SSID_MAX || rec.length < 3 + sl) return undefined;
  const pl = rec[2 + sl] as number;
  if (pl > PASSWORD_MAX || rec.length !== 3 + sl + pl) return undefined;
  return {
    ssid: new Uint8Array(rec.subarray(2, 2 + sl)),
    password: new Uint8Array(rec.subarray(3 + sl, 3 + sl + pl)),
  };
}

/** Removes the saved credentials (esp_wifi_restore's effect on the STA config). */
export function eraseCreds(kv: KvPort): number {
  return kv.erase(CREDS_KEY);
}
