// The virtual device's captive portal: the provisioning page at GET /, the OS connectivity probes
// and any other GET redirected to it (src/portal/captive.ts, wrapped around the HTTP port in front
// of protocomm's transport), and a DNS responder on UDP (src/portal/dns.ts) answering every A
// query with the device's address. Both end with provisioning: the HTTP side closes with the
// transport's server, the DNS socket on stopDns().
import * as dgram from "node:dgram";
import type { Done } from "../../src/platform/done.ts";
import type { HttpListenOptions, HttpPort } from "../../src/platform/http.ts";
import { portalAnswer } from "../../src/portal/captive.ts";
import { DNS_TTL, dnsReply, parseIp4 } from "../../src/portal/dns.ts";
import { buildPage } from "../web/build.ts";
import { hostPort } from "./args.ts";

export interface SimPortalOptions {
  /** The address the HTTP server binds (--host). */
  host: string;
  /** UDP port for DNS (0 = a free one); undefined = no DNS responder. */
  dnsPort: number | undefined;
  /** False: only the page is served; probes and other GETs go to protocomm (--no-captive-portal). */
  redirects: boolean;
  /** Protocomm endpoint names (their GETs stay with the transport). */
  endpoints: string[];
  /** Device log lines. */
  log(line: string): void;
}

/** The address clients reach the device at: --host, or loopback for a wildcard bind. */
export function reachableHost(host: string): string {
  return host === "0.0.0.0" || host === "" ? "127.0.0.1" : host === "::" ? "::1" : host;
}

export class SimPortal {
  private page: Promise<Buffer | Error> | undefined;
  private port = 0;
  private dns: dgram.Socket | undefined;
  private seen: { [kind: string]: boolean } = {};

  constructor(private readonly o: SimPortalOptions) {}

  /** The gzipped page, built in memory from the current tools/web sources at the first request. */
  private gzPage(): Promise<Buffer | Error> {
    this.page ??= buildPage().then(
      (p) => p.gz,
      (e: Error) => e
    );
    return this.page;
  }

  /** The page's URL once the HTTP server listens. */
  url(): string {
    return `http://${hostPort(reachableHost(this.o.host), this.port)}/`;
  }

  /** An HttpPort that answers the portal's GETs and hands everything else to opts.onRequest. */
  wrap(inner: HttpPort): HttpPort {
    return {
      listen: (opts: HttpListenOptions, done: Done<number>) =>
        inner.listen(
          {
            ...opts,
            onRequest: (req, res) => {
              const apHost = hostPort(reachableHost(this.o.host), this.port);
              let a = portalAnswer(req.method, req.host, req.path, apHost, (n) => this.o.endpoints.includes(n));
              if (a && !a.page && !this.o.redirects) a = undefined;
              if (!a) return opts.onRequest(req, res);
              if (a.kind !== "page" && !this.seen[a.kind]) {
                this.seen[a.kind] = true;
                this.o.log(`captive portal: ${a.kind === "other-host" || a.kind === "other-path" ? "a request for another site" : `the ${a.kind} connectivity probe`} is redirected to the page`);
              }
              if (!a.page) return res.send(a.status, a.headers, new Uint8Array(Buffer.from(a.body)));
              void this.gzPage().then((gz) => {
                if (gz instanceof Error) return res.send(503, { "Content-Type": "text/plain" }, new Uint8Array(Buffer.from(`the page could not be built: ${gz.message}`)));
                res.send(a.status, a.headers, new Uint8Array(gz));
              });
            },
          },
          (err, port) => {
            if (err === 0) this.port = port as number;
            done(err, port);
          }
        ),
      close: (done: Done) => inner.close(done),
    };
  }

  /** Starts the DNS responder; resolves with its UDP port (undefined when disabled). */
  startDns(): Promise<number | undefined> {
    if (this.o.dnsPort === undefined) return Promise.resolve(undefined);
    const host = reachableHost(this.o.host);
    // The answer: the device's IPv4 address (loopback when it listens on IPv6 only).
    const ip = parseIp4(host) ?? new Uint8Array([127, 0, 0, 1]);
    const sock = dgram.createSocket(host.includes(":") ? "udp6" : "udp4");
    this.dns = sock;
    sock.on("message", (msg, rinfo) => {
      const r = dnsReply(new Uint8Array(msg), ip, DNS_TTL);
      if (r) sock.send(r, rinfo.port, rinfo.address);
    });
    return new Promise((resolve, reject) => {
      sock.once("error", (e) => {
        this.dns = undefined;
        reject(e);
      });
      sock.bind(this.o.dnsPort, this.o.host, () => {
        sock.removeAllListeners("error");
        sock.on("error", () => undefined);
        resolve(sock.address().port);
      });
    });
  }

  /** Stops the DNS responder (idempotent). */
  stopDns(): Promise<void> {
    const s = this.dns;
    this.dns = undefined;
    if (!s) return Promise.resolve();
    return new Promise((resolve) => s.close(() => resolve()));
  }
}
