// The page's transport: POST /<endpoint> with fetch on the page's own origin (the device that
// served it). The browser keeps protocomm's `session=<id>` cookie, as esp_prov echoes Set-Cookie.
// A fetch waits minutes, unlike the apps' 30 s: a security 1 step costs an ESP32 tens of seconds.
// Past timeoutMs (default 3 min) a request is given up: a phone that left the SoftAP mid-request.
import { provError } from "../prov-client/errors.ts";
import type { Transport } from "../prov-client/transport/transport.ts";

interface FetchInit {
  method: string;
  body: Uint8Array;
  headers: { [k: string]: string };
  credentials: "same-origin";
  signal?: AbortSignal;
}

type FetchFn = (url: string, init: FetchInit) => Promise<{
  ok: boolean;
  status: number;
  arrayBuffer(): Promise<ArrayBuffer>;
}>;

export const FETCH_TIMEOUT_MS = 180_000;

/** fetch-based Transport; base is the device's origin ("" = the page's own). */
export class FetchTransport implements Transport {
  constructor(
    private readonly base = "",
    private readonly fetchFn: FetchFn = (u, i) => fetch(u, i as unknown as RequestInit),
    private readonly timeoutMs = FETCH_TIMEOUT_MS
  ) {}

  async send(endpoint: string, body: Uint8Array): Promise<Uint8Array> {
    const ctl = typeof AbortController === "function" ? new AbortController() : undefined;
    let timedOut = false;
    const t = setTimeout(() => {
      timedOut = true;
      if (ctl) ctl.abort();
    }, this.timeoutMs);
    try {
      let res;
      try {
        res = await this.fetchFn(`${this.base}/${endpoint}`, {
          method: "POST",
          body,
          headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "text/plain" },
          credentials: "same-origin",
          signal: ctl ? ctl.signal : undefined,
        });
      } catch (e) {
        if (timedOut) throw provError("timeout", `no answer from the device within ${Math.round(this.timeoutMs / 1000)} s (POST /${endpoint})`, e);
        // The device closing the connection without a response and an unreachable device look
        // the same to fetch: "closed" is what protocomm's failure is (see the handshake wording).
        throw provError("closed", `the device closed the connection without a response (POST /${endpoint})`, e);
      }
      if (!res.ok) throw provError("http-status", `the device answered HTTP ${res.status} on /${endpoint}`);
      return new Uint8Array(await res.arrayBuffer());
    } finally {
      clearTimeout(t);
    }
  }

  close(): void {}
}
