// HTTP-level bad input the transport tests do not cover: garbage Content-Length, short bodies,
// chunked bodies, garbage/over-long Cookies, and the request-rate cap.
import assert from "node:assert/strict";
import * as net from "node:net";
import { Protocomm } from "../../src/protocomm/protocomm.ts";
import { sec0 } from "../../src/protocomm/sec0.ts";
import { MAX_REQUESTS_PER_SEC_DEFAULT, TransportHttpd } from "../../src/protocomm/transport-httpd.ts";
import { NodeClock } from "../../tools/node-platform/clock.ts";
import { nodeCrypto } from "../../tools/node-platform/crypto.ts";
import { NodeHttp } from "../../tools/node-platform/http.ts";
import { rawRequest } from "../helpers/raw-http.ts";

const body = new Uint8Array([1, 2, 3]);
const CLOSE = { Connection: "close" };

/** Writes raw bytes on a new connection; resolves with what came back before the close. */
function rawExchange(port: number, bytes: string): Promise<string> {
  return new Promise((resolve) => {
    const s = net.connect(port, "127.0.0.1");
    let got = "";
    s.on("data", (d) => (got += d.toString("latin1")));
    s.on("error", () => undefined);
    s.on("close", () => resolve(got));
    s.write(bytes);
    setTimeout(() => s.end(), 300);
  });
}

describe("bad input over HTTP (protocomm_httpd)", () => {
  let port = 0;
  let t: TransportHttpd;
  const start = (maxRequestsPerSec?: number) => (done: Mocha.Done) => {
    const clock = new NodeClock();
    const pc = new Protocomm(clock);
    pc.setSecurity("prov-session", sec0(clock));
    pc.addEndpoint("echo", (_id, d, cb) => cb(0, d));
    t = new TransportHttpd({ http: new NodeHttp(), crypto: nodeCrypto, clock, port: 0, host: "127.0.0.1", maxRequestsPerSec });
    t.start(pc, (err) => {
      port = t.boundPort();
      done(err ? new Error("start " + err) : undefined);
    });
  };
  const ok = async () => assert.equal((await rawRequest(port, { path: "/echo", headers: CLOSE, body }))?.status, 200, "still serving");

  describe("with the default rate cap", () => {
    beforeEach(start());
    afterEach((done) => t.stop(() => done()));

    it("answers a garbage, negative or fractional Content-Length with 400 and closes (parser error), never 200", async () => {
      for (const cl of ["abc", "-3", "1.5", "0x3", ""]) {
        const got = await rawExchange(port, `POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: ${cl}\r\n\r\nabc`);
        assert.ok(got === "" || got.startsWith("HTTP/1.1 400 "), `Content-Length: ${cl} → ${got}`);
      }
      await ok();
    });

    it("never answers a body shorter than its Content-Length, and serves the next client", async () => {
      const got = await rawExchange(port, "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc");
      assert.ok(got === "" || got.startsWith("HTTP/1.1 400 "), got);
      await ok();
    });

    it("closes the connection for a chunked body (unsupported, as esp_http_server)", async () => {
      const got = await rawExchange(port, "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n");
      assert.equal(got, "");
      await ok();
    });

    it("treats a garbage or over-long Cookie as no cookie: a new session with a fresh Set-Cookie", async () => {
      const first = await rawRequest(port, { path: "/echo", headers: CLOSE, body });
      const cookie = first!.headers["set-cookie"]!;
      for (const c of ["%%garbage%%", cookie + "; other=1", "session=", "session=-1", "session=" + "9".repeat(40)]) {
        const r = await rawRequest(port, { path: "/echo", headers: { ...CLOSE, Cookie: c }, body });
        assert.equal(r?.status, 200, c);
        assert.match(r!.headers["set-cookie"] ?? "", /^session=\d+$/, `new session for ${JSON.stringify(c)}`);
      }
    });

    it("keeps at most 8 connections: silent ones are evicted oldest first and a new client is served (LRU purge)", async () => {
      const socks: net.Socket[] = [];
      let closed = 0;
      for (let i = 0; i < 20; i++) {
        const s = net.connect(port, "127.0.0.1");
        s.on("error", () => undefined);
        s.on("close", () => closed++);
        socks.push(s);
        await new Promise((r) => s.once("connect", r));
      }
      await ok();
      for (const t0 = Date.now(); closed < 13 && Date.now() - t0 < 10000; ) await new Promise((r) => setTimeout(r, 10));
      assert.ok(closed >= 13, `${closed} evicted`);
      assert.ok(socks.slice(-7).every((s) => !s.destroyed), "the newest stay open");
      for (const s of socks) s.destroy();
    });

    it("never caps cheap answers: unknown paths and unusable bodies touch no session", async () => {
      const first = await rawRequest(port, { path: "/echo", headers: CLOSE, body });
      const cookie = first!.headers["set-cookie"]!;
      for (let i = 0; i < MAX_REQUESTS_PER_SEC_DEFAULT + 20; i++) {
        assert.equal((await rawRequest(port, { path: "/nothing-here", headers: CLOSE, body }))?.status, 404, `request ${i}`);
      }
      assert.equal(await rawExchange(port, "POST /echo HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"), "", "no Content-Length: closed");
      const again = await rawRequest(port, { path: "/echo", headers: { ...CLOSE, Cookie: cookie }, body });
      assert.equal(again?.status, 200);
      assert.equal(again!.headers["set-cookie"], undefined, "the session survived: no new cookie");
    });

    it(`caps session-opening requests at ${MAX_REQUESTS_PER_SEC_DEFAULT} per second: the excess is closed unanswered, the next second is served`, async () => {
      let served = 0;
      let closed = 0;
      const t0 = Date.now();
      for (let i = 0; i < MAX_REQUESTS_PER_SEC_DEFAULT + 5; i++) {
        const r = await rawRequest(port, { path: "/echo", headers: CLOSE, body });
        if (r) served++;
        else closed++;
      }
      if (Date.now() - t0 < 1000) {
        assert.equal(served, MAX_REQUESTS_PER_SEC_DEFAULT);
        assert.equal(closed, 5);
      } else assert.ok(served >= MAX_REQUESTS_PER_SEC_DEFAULT);
      await new Promise((r) => setTimeout(r, 1000));
      await ok();
    });
  });

  describe("with the rate cap off (maxRequestsPerSec 0)", () => {
    beforeEach(start(0));
    afterEach((done) => t.stop(() => done()));

    it("serves every request of a burst", async () => {
      for (let i = 0; i < MAX_REQUESTS_PER_SEC_DEFAULT + 20; i++) await ok();
    });
  });
});
