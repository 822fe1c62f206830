// The captive portal in front of protocomm's HTTP transport: an HttpPort wrapper that answers
// portalAnswer()'s requests (the page, probe redirects) and hands every other request to the
// transport unchanged. servePage sends the page: the virtual device from memory, a board from
// Storage (gzipped, in chunks). Closing the server (provisioning ends) ends the portal with it.
import type { Done } from "../platform/done";
import type { HttpListenOptions, HttpPort, HttpRequest, HttpResponse } from "../platform/http";
import { strBytes } from "../core/bytes";
import { portalAnswer, type PortalReply } from "./captive";

/** What the wrapper needs to know. */
export interface HttpPortalOptions {
  /** The AP's address as a URL host once the server listens ("192.168.4.1"; gets the bound port). */
  apHost(port: number): string;
  /** Whether a protocomm endpoint has this name (its GETs stay with the transport). */
  isEndpoint(name: string): boolean;
  /** Sends the page (status, headers from the reply; the body is the gzipped page). */
  servePage(reply: PortalReply, req: HttpRequest, res: HttpResponse): void;
  /** False: serve only the page, every other request goes to protocomm (no captive redirects). */
  redirects: boolean;
  /** Each answer given (logs, counters); optional. */
  onAnswer?(reply: PortalReply): void;
}

/** inner with the portal in front. */
export function httpPortal(inner: HttpPort, o: HttpPortalOptions): HttpPort {
  const at = { port: 0 };
  return {
    listen: function (opts: HttpListenOptions, done: Done<number>) {
      inner.listen(portalOptions(opts, o, at), function (err, p) {
        if (err === 0) at.port = p as number;
        done(err, p);
      });
    },
    close: function (done: Done) {
      inner.close(done);
    },
  };
}

/**
 * A copy of the transport's options (whatever fields the binding reads) with our onRequest. Made
 * outside listen(): an Espruino closure keeps its whole scope, and listen's `done` (the start
 * chain) would stay for as long as the server runs.
 */
function portalOptions(opts: HttpListenOptions, o: HttpPortalOptions, at: { port: number }): HttpListenOptions {
  const mine = {} as HttpListenOptions;
  const src = opts as unknown as { [k: string]: unknown };
  const dst = mine as unknown as { [k: string]: unknown };
  for (const k in src) dst[k] = src[k];
  mine.onRequest = function (req, res) {
    let a = portalAnswer(req.method, req.host, req.path, o.apHost(at.port), o.isEndpoint);
    if (a && !a.page && !o.redirects) a = undefined;
    if (!a) return opts.onRequest(req, res);
    if (o.onAnswer) o.onAnswer(a);
    if (a.page) o.servePage(a, req, res);
    else res.send(a.status, a.headers, strBytes(a.body));
  };
  return mine;
}
