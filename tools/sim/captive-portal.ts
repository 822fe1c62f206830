// The virtual device's captive portal: src/portal/http-portal.ts in front of protocomm's HTTP
// transport (the page at GET /, the OS connectivity probes and any other GET redirected to it)
// and src/portal/dns-responder.ts on a Node UDP socket (every A query gets the device's address).
// The same src/ modules a board runs. Both end with provisioning: the HTTP side closes with the
// transport's server, the DNS responder on stopDns().
import type { HttpPort } from "../../src/platform/http.ts";
import { httpPortal } from "../../src/portal/http-portal.ts";
import { parseIp4 } from "../../src/portal/dns.ts";
import { startDnsResponder, type DnsResponder } from "../../src/portal/dns-responder.ts";
import { NodeUdp } from "../node-platform/udp.ts";
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
  private udp = new NodeUdp();
  private dns: DnsResponder | undefined;
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

  /** inner with the portal in front. */
  wrap(inner: HttpPort): HttpPort {
    const w = httpPortal(inner, {
      apHost: (port) => hostPort(reachableHost(this.o.host), port),
      isEndpoint: (n) => this.o.endpoints.includes(n),
      redirects: this.o.redirects,
      onAnswer: (a) => {
        if (a.kind === "page" || a.kind === "favicon" || this.seen[a.kind]) return;
        this.seen[a.kind] = true;
        this.o.log(`captive portal: ${a.kind === "other-host" || a.kind === "other-path" ? "a request for another site" : `the ${a.kind} connectivity probe`} is redirected to the page`);
      },
      servePage: (a, _req, res) =>
        void this.gzPage().then((gz) => {
          if (gz instanceof Error) return res.send(503, { "Content-Type": "text/plain" }, new Uint8Array(Buffer.from(`the page could not be built: ${gz.message}`)));
          res.send(a.status, a.headers, new Uint8Array(gz));
        }),
    });
    return {
      listen: (opts, done) =>
        w.listen(opts, (err, p) => {
          if (err === 0) this.port = p as number;
          done(err, p);
        }),
      close: (done) => w.close(done),
    };
  }

  /** Starts the DNS responder; resolves with its UDP port (undefined when disabled). */
  startDns(): Promise<number | undefined> {
    if (this.o.dnsPort === undefined) return Promise.resolve(undefined);
    // The answer: the device's IPv4 address (loopback when it listens on IPv6 only).
    const ip = parseIp4(reachableHost(this.o.host)) ?? new Uint8Array([127, 0, 0, 1]);
    return new Promise((resolve, reject) =>
      startDnsResponder(this.udp, this.o.host, this.o.dnsPort!, ip, (err, r) => {
        if (err !== 0) return reject(Object.assign(new Error(this.udp.lastError ?? `error ${err}`), { code: this.udp.lastError }));
        this.dns = r;
        resolve(r!.port);
      })
    );
  }

  /** Stops the DNS responder (idempotent). */
  stopDns(): Promise<void> {
    const d = this.dns;
    this.dns = undefined;
    return d ? new Promise((resolve) => d.stop(() => resolve())) : Promise.resolve();
  }
}
