// httpPortal (src/portal/http-portal.ts) and startDnsResponder (src/portal/dns-responder.ts) on
// fake ports: the portal answers its requests and passes the rest to the transport unchanged;
// the responder answers queries until stopped.
import assert from "node:assert/strict";
import type { Done } from "../../../src/platform/done.ts";
import type { HttpListenOptions, HttpPort, HttpRequest, HttpResponse } from "../../../src/platform/http.ts";
import type { UdpBindOptions, UdpPeer, UdpPort } from "../../../src/platform/udp.ts";
import { startDnsResponder } from "../../../src/portal/dns-responder.ts";
import { httpPortal } from "../../../src/portal/http-portal.ts";

class FakeHttp implements HttpPort {
  opts: HttpListenOptions | undefined;
  closed = false;
  listen(opts: HttpListenOptions, done: Done<number>): void {
    this.opts = opts;
    done(0, 8080);
  }
  close(done: Done): void {
    this.closed = true;
    done(0);
  }
}

function request(method: string, path: string, host?: string): HttpRequest {
  return { method, path, host, sock: 1, cookie: undefined, contentLength: -1, body: undefined };
}

function response(): HttpResponse & { sent: { status: number; headers: { [k: string]: string }; body: string }[] } {
  const sent: { status: number; headers: { [k: string]: string }; body: string }[] = [];
  return { sent, send: (status, headers, body) => sent.push({ status, headers, body: Buffer.from(body).toString() }), abort: () => assert.fail("aborted") };
}

describe("portal: httpPortal and the DNS responder on fake ports", () => {
  it("answers the page and probes itself, passes POSTs and endpoint GETs to the transport with its other options intact", () => {
    const inner = new FakeHttp();
    const passed: string[] = [];
    const pages: string[] = [];
    const answers: string[] = [];
    const p = httpPortal(inner, {
      apHost: (port) => `192.168.4.1${port === 80 ? "" : ":" + port}`,
      isEndpoint: (n) => n === "prov-session",
      servePage: (a, req, res) => (pages.push(req.path), res.send(a.status, a.headers, new Uint8Array([0x1f, 0x8b]))),
      redirects: true,
      onAnswer: (a) => answers.push(a.kind),
    });
    let bound = -1;
    const keep = (s: number) => s === 7;
    const transportOpts = { port: 80, maxBodyBytes: 4096, onRequest: (req: HttpRequest) => passed.push(req.method + " " + req.path), onClose: () => undefined, keep } as HttpListenOptions;
    p.listen(transportOpts, (err, port) => (assert.equal(err, 0), (bound = port as number)));
    assert.equal(bound, 8080);
    assert.equal((inner.opts as unknown as { keep: unknown }).keep, keep, "the transport's other options reach the server");
    const r1 = response();
    inner.opts!.onRequest(request("GET", "/"), r1);
    assert.deepEqual(pages, ["/"]);
    const r2 = response();
    inner.opts!.onRequest(request("GET", "/generate_204", "connectivitycheck.gstatic.com"), r2);
    assert.equal(r2.sent[0]!.status, 302);
    assert.equal(r2.sent[0]!.headers.Location, "http://192.168.4.1:8080/");
    inner.opts!.onRequest(request("POST", "/prov-session"), response());
    inner.opts!.onRequest(request("GET", "/prov-session"), response());
    assert.deepEqual(passed, ["POST /prov-session", "GET /prov-session"]);
    assert.deepEqual(answers, ["page", "android"]);
    p.close(() => undefined);
    assert.ok(inner.closed);
  });

  it("without redirects only the page is answered; probes go to the transport", () => {
    const inner = new FakeHttp();
    const passed: string[] = [];
    const p = httpPortal(inner, { apHost: () => "192.168.4.1", isEndpoint: () => false, servePage: (a, _q, res) => res.send(200, a.headers, new Uint8Array(1)), redirects: false });
    p.listen({ port: 80, maxBodyBytes: 1, onRequest: (req) => passed.push(req.path), onClose: () => undefined }, () => undefined);
    inner.opts!.onRequest(request("GET", "/generate_204", "connectivitycheck.gstatic.com"), response());
    const r = response();
    inner.opts!.onRequest(request("GET", "/"), r);
    assert.deepEqual(passed, ["/generate_204"]);
    assert.equal(r.sent[0]!.status, 200);
  });

  it("the DNS responder answers each query to its sender until stopped, then closes the socket", () => {
    let onMessage: UdpBindOptions["onMessage"] | undefined;
    const sent: [string, UdpPeer][] = [];
    let closed = 0;
    const udp: UdpPort = {
      bind: (o, done) => ((onMessage = o.onMessage), assert.equal(o.port, 53), done(0, 53)),
      send: (d, to) => sent.push([Buffer.from(d).toString("hex"), to]),
      close: (done) => (closed++, done(0)),
    };
    let stop: ((d: Done) => void) | undefined;
    startDnsResponder(udp, undefined, 53, new Uint8Array([192, 168, 4, 1]), (err, r) => {
      assert.equal(err, 0);
      assert.equal(r!.port, 53);
      stop = r!.stop;
      const q = Buffer.from("abcd01000001000000000000016100000100 01".replace(/ /g, ""), "hex");
      onMessage!(new Uint8Array(q), { address: "192.168.4.2", port: 5353 });
      onMessage!(new Uint8Array(3), { address: "192.168.4.2", port: 5353 });
      assert.equal(r!.answered(), 1);
    });
    assert.equal(sent.length, 1);
    assert.match(sent[0]![0], /c0a80401$/);
    assert.deepEqual(sent[0]![1], { address: "192.168.4.2", port: 5353 });
    stop!(() => undefined);
    stop!(() => undefined);
    assert.equal(closed, 1);
    onMessage!(new Uint8Array(Buffer.from("abcd01000001000000000000016100000100 01".replace(/ /g, ""), "hex")), { address: "x", port: 1 });
    assert.equal(sent.length, 1, "no answer after stop");
  });

  it("a bind failure is passed on; a wrong-sized address is a clear error", () => {
    const udp: UdpPort = { bind: (_o, done) => done(-98), send: () => assert.fail(), close: (d) => d(0) };
    let got = 0;
    startDnsResponder(udp, "127.0.0.1", 53, new Uint8Array(4), (err) => (got = err));
    assert.equal(got, -98);
    assert.throws(() => startDnsResponder(udp, undefined, 53, new Uint8Array(16), () => undefined), /the address must be 4 bytes/);
  });
});
