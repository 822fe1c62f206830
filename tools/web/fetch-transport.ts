// The page's transport: POST /<endpoint> with fetch on the page's own origin (the device that
// served it). The browser keeps protocomm's `session=<id>` cookie, as esp_prov echoes Set-Cookie.
// A fetch waits minutes, unlike the apps' 30 s: a security 1 step costs an ESP32 tens of seconds.
import { provError } from "../prov-client/errors.ts";
import type { Transport } from "../prov-client/transport/transport.ts";

type FetchFn = (url: string, init: { method: string; body: Uint8Array; headers: { [k: string]: string }; credentials: "same-origin" }) => Promise<{
  ok: boolean;
  status: number;
  arrayBuffer(): Promise<ArrayBuffer>;
}>;

/** fetch-based Transport; base is the device's origin ("" = the page's own). */
export class FetchTransport implements Transport {
  constructor(private readonly base = "", private readonly fetchFn: FetchFn = (u, i) => fetch(u, i as unknown as RequestInit)) {}

  async send(endpoint: string, body: Uint8Array): Promise<Uint8Array> {
    let res;
    try {
      res = await this.fetchFn(`${this.base}/${endpoint}`, {
        method: "POST",
        body,
        headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "text/plain" },
        credentials: "same-origin",
      });
    } catch (e) {
      // The device closing the connection without a response and an unreachable device look
      // the same to fetch: "closed" is what protocomm's failure is (see the handshake wording).
      throw provError("closed", `the device closed the connection without a response (POST /${endpoint})`, e);
    }
    if (!res.ok) throw provError("http-status", `the device answered HTTP ${res.status} on /${endpoint}`);
    return new Uint8Array(await res.arrayBuffer());
  }

  close(): void {}
}
