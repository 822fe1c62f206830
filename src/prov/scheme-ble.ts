// BLE scheme: STA mode, the service name as the advertised name, a GATT transport. Mirrors
// ESP-IDF components/wifi_provisioning/src/scheme_ble.c (docs/spec/protocol.md §4.2; limits in docs/ble.md).
import type { ClockPort } from "../platform/clock";
import type { Done } from "../platform/done";
import type { WifiMode } from "../platform/wifi";
import type { Protocomm } from "../protocomm/protocomm";
import type { TransportBle } from "../protocomm/transport-ble";
import { Err } from "../core/err";
import { log } from "../core/log";
import { advertisedName } from "../protocomm/ble-uuid";
import type { Scheme } from "./scheme";

/** BLE scheme over a TransportBle (its service UUID is the transport's option). */
export class SchemeBle implements Scheme {
  readonly wifiMode: WifiMode = "sta";
  private transport_: TransportBle;
  private clock_: ClockPort;

  constructor(transport: TransportBle, clock: ClockPort) {
    this.transport_ = transport;
    this.clock_ = clock;
  }

  /** set_config_endpoint: reserves the characteristic (names > 15 bytes refused on Espruino). */
  setEndpoint(name: string, id16: number): number {
    return this.transport_.addEndpoint(name, id16);
  }

  /** prov_start: serviceName is the device name; BLE has no service key (ignored). */
  start(pc: Protocomm, serviceName: string, serviceKey: string | undefined, done: Done): void {
    if (!serviceName) {
      this.clock_.setTimer(0, () => done(Err.INVALID_ARG));
      return;
    }
    const adv = advertisedName(serviceName);
    // Only 8 name bytes fit the single advertising packet: clients must look for this name.
    if (adv !== serviceName) log(2, "scheme_ble", "advertising shortened name '" + adv + "' for '" + serviceName + "'");
    this.transport_.setDeviceName(serviceName);
    this.transport_.start(pc, done);
  }

  /** prov_stop: stops advertising and the GATT service. Idempotent. */
  stop(done: Done): void {
    this.transport_.stop(done);
  }
}
