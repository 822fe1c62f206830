// SoftAP scheme: APSTA mode, the service name as AP SSID, an HTTP transport. Mirrors ESP-IDF
// components/wifi_provisioning/src/scheme_softap.c (docs/spec/protocol.md §4.1).
import type { ClockPort } from "../platform/clock";
import type { Done } from "../platform/done";
import type { WifiMode, WifiPort } from "../platform/wifi";
import type { Protocomm } from "../protocomm/protocomm";
import type { Transport } from "../protocomm/transport";
import { Err } from "../core/err";
import { strBytes } from "../core/bytes";
import type { Scheme } from "./scheme";

/** scheme_softap.c start_wifi_ap(): max_connection. */
export const SOFTAP_MAX_STATIONS = 5;
/** Key (passphrase) bounds: 8..64 characters (64 = hex PSK), else ESP_ERR_INVALID_ARG. */
export const SOFTAP_KEY_MIN = 8;
export const SOFTAP_KEY_MAX = 64;
/** AP SSID is at most 32 bytes (not NUL-terminated at 32). */
const SSID_MAX = 32;

/** SoftAP scheme over a transport (normally TransportHttpd). */
export class SchemeSoftAp implements Scheme {
  readonly wifiMode: WifiMode = "apsta";
  private wifi_: WifiPort;
  private clock_: ClockPort;
  private transport_: Transport;
  private running_: boolean;

  constructor(wifi: WifiPort, clock: ClockPort, transport: Transport) {
    this.wifi_ = wifi;
    this.clock_ = clock;
    this.transport_ = transport;
    this.running_ = false;
  }

  /** SoftAP has no per-endpoint ids (scheme_softap.c set_config_endpoint returns ESP_OK). */
  setEndpoint(name: string, id16: number): number {
    return Err.OK;
  }

  /** Mirrors prov_start(): transport first, then the AP (APSTA, OPEN or WPA_WPA2_PSK). */
  start(pc: Protocomm, serviceName: string, serviceKey: string | undefined, done: Done): void {
    const clock = this.clock_;
    const key = serviceKey || "";
    if (!serviceName || (key.length > 0 && (key.length < SOFTAP_KEY_MIN || key.length > SOFTAP_KEY_MAX))) {
      clock.setTimer(0, () => done(Err.INVALID_ARG));
      return;
    }
    if (this.running_) {
      clock.setTimer(0, () => done(Err.INVALID_STATE));
      return;
    }
    const ssid = strBytes(serviceName);
    const ap = {
      ssid: ssid.length > SSID_MAX ? ssid.subarray(0, SSID_MAX) : ssid,
      password: strBytes(key),
      maxConnections: SOFTAP_MAX_STATIONS,
    };
    const wifi = this.wifi_;
    const transport = this.transport_;
    transport.start(pc, (err) => {
      if (err !== Err.OK) return done(err);
      wifi.setMode("apsta", (err2) => {
        if (err2 !== Err.OK) return transport.stop(() => done(err2));
        wifi.startAp(ap, (err3) => {
          if (err3 !== Err.OK) return transport.stop(() => done(err3));
          this.running_ = true;
          done(Err.OK);
        });
      });
    });
  }

  /** Mirrors prov_stop(): stops the transport; the manager then sets mode STA (AP down). */
  stop(done: Done): void {
    this.running_ = false;
    this.transport_.stop(done);
  }
}
