// A wifi-prov Transport over the harness NRF: write the request to the characteristic named
// after the endpoint, then read once the device has stored its response (a careful central;
// esp_prov's immediate read races on Espruino, docs/ble.md).
import type { Transport } from "../../tools/prov-client/index.ts";
import type { EspNrf } from "./harness-nrf.ts";

export class GattClient implements Transport {
  constructor(private nrf: EspNrf, private timeoutMs = 20000) {}

  async send(endpoint: string, body: Uint8Array): Promise<Uint8Array> {
    const before = this.nrf.updates;
    const ch = this.nrf.write(endpoint, Buffer.from(body));
    const end = Date.now() + this.timeoutMs;
    while (this.nrf.updates === before) {
      if (Date.now() > end) throw Object.assign(new Error("timeout on " + endpoint), { kind: "timeout" });
      await new Promise((r) => setTimeout(r, 5));
    }
    return new Uint8Array(Buffer.from(ch.value, "latin1"));
  }

  close(): void {}
}
