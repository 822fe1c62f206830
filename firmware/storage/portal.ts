// Storage file "wifiprov-portal" (a module): the provisioning web page served from Storage and the
// captive portal's HTTP answers (src/portal/), an optional part of the layout (its DNS responder
// is the part "wifiprov-dns"). The core loads it only while SoftAP provisioning runs and drops
// it at the end (Modules.removeCached), so a provisioned board never holds its code. The page, wifiprov.html.gz (the build's dist/web/index.html.gz), is sent
// gzipped in PAGE_CHUNK pieces read from flash, one per 'drain': serving it holds one piece.
import { strBytes } from "../../src/core/bytes";
import type { HttpRequest, HttpResponse, HttpSink } from "../../src/platform/http";
import type { PortalReply } from "../../src/portal/captive";
import { httpPortal } from "../../src/portal/http-portal";
import { PAGE_CHUNK, PAGE_STORAGE_NAME, streamChunks } from "../../src/portal/page-stream";
import { espRequire } from "../espruino/modules";
import type { SharedPortal } from "./portal-api";

/** The SoftAP's address (Wifi.getAPIP: 192.168.4.1 by default). */
function apIp(): string {
  return espRequire("Wifi").getAPIP().ip;
}

/**
 * A Storage file's length by bisection on 1-byte reads (read() clips to the file): reading it whole
 * to learn it would copy it into RAM where flash is not memory-mapped (the Linux interpreter).
 */
function sizeOf(name: string): number {
  const s = espRequire("Storage");
  let hi = 1;
  while (s.read(name, hi - 1, 1)) hi *= 2;
  let lo = hi >> 1;
  while (hi - lo > 1) {
    const m = (lo + hi) >> 1;
    if (s.read(name, m - 1, 1)) lo = m;
    else hi = m;
  }
  return lo;
}

/**
 * The page from Storage with its Content-Length, in PAGE_CHUNK pieces. Not Transfer-Encoding
 * chunked: Espruino frames those writes with a printf that cuts a binary string at a 0 byte.
 */
function servePage(a: PortalReply, req: HttpRequest, res: HttpResponse): void {
  const n = sizeOf(PAGE_STORAGE_NAME);
  if (!res.stream || !n) {
    res.send(404, { "Content-Type": "text/plain" }, strBytes("no page: " + PAGE_STORAGE_NAME + " is not in Storage"));
    return;
  }
  a.headers["Content-Length"] = String(n);
  res.stream(a.status, a.headers, (sink: HttpSink) => {
    if (req.method === "HEAD") sink.end();
    else streamChunks((off, len) => espRequire("Storage").read(PAGE_STORAGE_NAME, off, len), n, PAGE_CHUNK, sink);
  });
}

const api: SharedPortal = {
  wrap: (http, redirects, eps) =>
    httpPortal(http, {
      apHost: (port) => (port === 80 ? apIp() : apIp() + ":" + port),
      isEndpoint: (n) => ["proto-ver", "prov-session", "prov-config", "prov-scan", "prov-ctrl"].indexOf(n) >= 0 || Object.prototype.hasOwnProperty.call(eps, n),
      servePage: servePage,
      redirects: redirects,
    }),
};
module.exports = api;
