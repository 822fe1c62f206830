// What the Storage files of the web page and the captive portal export: "wifiprov-portal" (the
// page at / and the probe redirects, in front of protocomm's HTTP server) and "wifiprov-dns" (the
// captive portal's DNS responder, loaded only with "captivePortal"). The core loads them only
// while SoftAP provisioning runs and drops them at its end (firmware/README.md "Storage layout").
import type { HttpPort } from "../../src/platform/http";

export interface SharedPortal {
  /**
   * http with the portal in front: GET / answers with the stored page; with redirects (the
   * captive portal) the OS connectivity probes and other sites' GETs get a redirect to it too.
   * eps: the maker's custom endpoints (their GETs stay with protocomm, as the standard ones').
   */
  wrap(http: HttpPort, redirects: boolean, eps: { [name: string]: unknown }): HttpPort;
}

export interface SharedDns {
  /** Starts the DNS responder on port (53 on a board): every A query gets the AP's address. cb(err). */
  start(port: number, cb: (err: number) => void): void;
  /** Stops the DNS responder (idempotent; also before start's socket is bound). */
  stop(): void;
}

/** Their Storage names. */
export const PORTAL_FILE = "wifiprov-portal";
export const DNS_FILE = "wifiprov-dns";
