// A provisioning scheme: the transport side of the manager. Mirrors ESP-IDF
// wifi_prov_scheme_t (wifi_provisioning/manager.h; scheme_softap.c, scheme_ble.c).
import type { Done } from "../platform/done";
import type { WifiMode } from "../platform/wifi";
import type { Protocomm } from "../protocomm/protocomm";

/** SoftAP (HTTP) or BLE. One instance per manager. */
export interface Scheme {
  /** Wi-Fi mode while credentials are applied (APSTA for SoftAP, STA for BLE). */
  readonly wifiMode: WifiMode;
  /** Gives endpoint name the BLE 16-bit id (set_config_endpoint); SoftAP ignores it. */
  setEndpoint(name: string, id16: number): number;
  /**
   * Starts the transport on pc (prov_start with set_config_service's name and key).
   * serviceKey undefined/empty = open. Completes through done, never synchronously.
   */
  start(pc: Protocomm, serviceName: string, serviceKey: string | undefined, done: Done): void;
  /** Stops the transport (prov_stop). Idempotent. */
  stop(done: Done): void;
  /** Optional scheme event handler (wifi_prov_event_handler_t of the scheme), called first. */
  onEvent?(ev: number): void;
}
