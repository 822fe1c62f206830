// Console scheme: STA mode, no service name or key, a console transport. Mirrors ESP-IDF
// components/wifi_provisioning/src/scheme_console.c (wifi_prov_scheme_console; docs/spec/protocol.md §4.3).
import type { Done } from "../platform/done";
import type { WifiMode } from "../platform/wifi";
import type { Protocomm } from "../protocomm/protocomm";
import type { Transport } from "../protocomm/transport";
import { Err } from "../core/err";
import type { Scheme } from "./scheme";

/** Console scheme over a transport (normally TransportConsole). */
export class SchemeConsole implements Scheme {
  readonly wifiMode: WifiMode = "sta";
  private transport_: Transport;

  constructor(transport: Transport) {
    this.transport_ = transport;
  }

  /** scheme_console.c set_config_endpoint: nothing to reserve. */
  setEndpoint(name: string, id16: number): number {
    return Err.OK;
  }

  /** prov_start: the service name and key mean nothing on a console (set_config_service ignores them). */
  start(pc: Protocomm, serviceName: string, serviceKey: string | undefined, done: Done): void {
    this.transport_.start(pc, done);
  }

  /** prov_stop = protocomm_console_stop. Idempotent. */
  stop(done: Done): void {
    this.transport_.stop(done);
  }
}
