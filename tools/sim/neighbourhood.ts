// The default virtual neighbourhood: access points on several channels with realistic RSSI and
// auth modes. "HomeNet" is the joinable one (its passphrase is printed as a placeholder only).
import type { ApSpec } from "./args.ts";

/** wifi_auth_mode_t values used below. */
const OPEN = 0;
const WPA2_PSK = 3;
const WPA_WPA2_PSK = 4;
const WPA3_PSK = 6;

export interface SimAp extends ApSpec {
  auth: number;
  bssid: Uint8Array;
  /** Listed by scans with an empty name (scenario aps[].hidden). */
  hidden?: boolean;
}

/** The joinable network of the default neighbourhood. */
export const DEFAULT_SSID = "HomeNet";
export const DEFAULT_PASSPHRASE = "correct horse";

function bssid(n: number): Uint8Array {
  return new Uint8Array([0x24, 0x0a, 0xc4, 0x12, 0x34, n]);
}

export function defaultNeighbourhood(): SimAp[] {
  return [
    { ssid: DEFAULT_SSID, passphrase: DEFAULT_PASSPHRASE, channel: 6, rssi: -42, auth: WPA2_PSK, bssid: bssid(1) },
    { ssid: "Cafe Guest", channel: 1, rssi: -71, auth: OPEN, bssid: bssid(2) },
    { ssid: "Neighbour-5G-ext", passphrase: "not-your-network", channel: 11, rssi: -80, auth: WPA_WPA2_PSK, bssid: bssid(3) },
    { ssid: "IoT-Lab", passphrase: "labpassword1", channel: 3, rssi: -63, auth: WPA3_PSK, bssid: bssid(4) },
    { ssid: "Printer-Direct", passphrase: "printer123", channel: 9, rssi: -77, auth: WPA2_PSK, bssid: bssid(5) },
    { ssid: DEFAULT_SSID, passphrase: DEFAULT_PASSPHRASE, channel: 13, rssi: -68, auth: WPA2_PSK, bssid: bssid(6) },
  ];
}

/** Access points from --ap flags: WPA2 with a passphrase, open without. */
export function apsFromSpecs(specs: ApSpec[]): SimAp[] {
  return specs.map((s, i) => ({ ...s, auth: s.passphrase ? WPA2_PSK : OPEN, bssid: bssid(0x40 + i) }));
}
