// What the Storage file "wifiprov-portal" exports: the web page and the captive portal (its HTTP
// answers and DNS responder), loaded by the module only while SoftAP provisioning runs and
// dropped from the module cache with the rest of it (firmware/README.md "Storage layout").
import type { HttpPort } from "../../src/platform/http";

export interface SharedPortal {
  /**
   * http with the portal in front: GET / answers with the stored page; with redirects (the
   * captive portal) the OS connectivity probes and other sites' GETs get a redirect to it too.
   * eps: the maker's custom endpoints (their GETs stay with protocomm, as the standard ones').
   */
  wrap(http: HttpPort, redirects: boolean, eps: { [name: string]: unknown }): HttpPort;
  /** Starts the DNS responder on port (53 on a board): every A query gets the AP's address. cb(err). */
  dns(port: number, cb: (err: number) => void): void;
  /** Stops the DNS responder (idempotent). */
  stop(): void;
}

/** Its Storage name. */
export const PORTAL_FILE = "wifiprov-portal";
