// The platform contract (types only): one object carrying every capability, passed in explicitly.
import type { BlePort } from "./ble";
import type { ClockPort } from "./clock";
import type { CryptoPort } from "./crypto";
import type { HttpPort } from "./http";
import type { KvPort } from "./kv";
import type { WifiPort } from "./wifi";

export type { BlePort, GattCharacteristic, GattConfig, GattListener } from "./ble";
export type { ClockPort } from "./clock";
export type { CryptoPort } from "./crypto";
export type { Done } from "./done";
export type { HttpListenOptions, HttpPort, HttpRequest, HttpResponse } from "./http";
export type { KvPort } from "./kv";
export type { ApConfig, ApRecord, ScanOpts, StaConfig, WifiCaps, WifiEvent, WifiMode, WifiPort } from "./wifi";

/** Every capability the stack uses. ble/http are present per scheme. */
export interface Platform {
  clock: ClockPort;
  crypto: CryptoPort;
  kv: KvPort;
  wifi: WifiPort;
  http?: HttpPort;
  ble?: BlePort;
}
