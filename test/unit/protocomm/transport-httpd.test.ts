import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import type { CryptoPort } from "../../../src/platform/crypto.ts";
import { Protocomm } from "../../../src/protocomm/protocomm.ts";
import type { Security } from "../../../src/protocomm/security.ts";
import { TransportHttpd } from "../../../src/protocomm/transport-httpd.ts";
import { NodeClock } from "../../../tools/node-platform/clock.ts";
import { NodeHttp } from "../../../tools/node-platform/http.ts";
import { openSocket, rawRequest } from "../../helpers/raw-http.ts";

const crypto = { random: (n: number) => new Uint8Array(randomBytes(n)) } as CryptoPort;

/** A security scheme that records session opens/closes and needs no handshake. */
function recordingSecurity(log: string[]): Security {
  let current = -1;
  return {
    ver: 0,
    patchVer: 0,
    newSession: (id) => (log.push(`open ${id}`), (current = id), 0),
    closeSession: (id) => (log.push(`close ${id}`), 0),
    handshake: (_id, d, done) => setImmediate(() => done(0, d)),
    decrypt: (id, d) => (id === current ? d : undefined),
    encrypt: (_id, d) => d,
    cleanup: () => undefined,
  };
}

describe("HTTP transport (protocomm_httpd)", () => {
  let port = 0;
  let t: TransportHttpd;
  let log: string[];
  beforeEach((done) => {
    log = [];
    const clock = new NodeClock();
    const pc = new Protocomm(clock);
    pc.setSecurity("prov-session", recordingSecurity(log));
    pc.addEndpoint("echo", (_id, d, cb) => cb(0, d));
    pc.addEndpoint("fail", (_id, _d, cb) => cb(-1));
    t = new TransportHttpd({ http: new NodeHttp(), crypto, clock, port: 0, host: "127.0.0.1" });
    t.start(pc, (err) => {
      port = t.boundPort();
      done(err ? new Error("start " + err) : undefined);
    });
  });
  afterEach((done) => t.stop(() => done()));

  const body = new Uint8Array([1, 2, 3]);

  it("sets a session cookie on a new session's first response only", async () => {
    const r1 = await rawRequest(port, { path: "/echo", body });
    assert.equal(r1?.status, 200);
    assert.match(r1!.headers["set-cookie"]!, /^session=\d+$/);
    assert.deepEqual([...r1!.body], [1, 2, 3]);
    const r2 = await rawRequest(port, { path: "/echo", body, headers: { Cookie: r1!.headers["set-cookie"]! } });
    assert.equal(r2?.status, 200);
    assert.equal(r2!.headers["set-cookie"], undefined);
    assert.equal(log.length, 1);
  });

  it("keeps a cookie-less session on the same socket (v4.x clients)", async () => {
    const s = await openSocket(port);
    await rawRequest(port, { path: "/echo", body, sock: s });
    const r2 = await rawRequest(port, { path: "/echo", body, sock: s });
    assert.equal(r2!.headers["set-cookie"], undefined);
    assert.equal(log.length, 1);
    s.destroy();
  });

  it("matches the Cookie header case-insensitively by name and exactly by value", async () => {
    const r1 = await rawRequest(port, { path: "/echo", body });
    const c = r1!.headers["set-cookie"]!;
    const r2 = await rawRequest(port, { path: "/echo", body, headers: { cOOKIE: c } });
    assert.equal(r2!.headers["set-cookie"], undefined);
    const r3 = await rawRequest(port, { path: "/echo", body, headers: { Cookie: c + "; x=1" } });
    assert.match(r3!.headers["set-cookie"]!, /^session=/);
  });

  it("judges a Cookie too long for the 20-byte buffer by its socket, as protocomm_httpd.c does", async () => {
    const s = await openSocket(port);
    await rawRequest(port, { path: "/echo", body, sock: s });
    const long = "session=1; theme=dark; lang=en";
    const r2 = await rawRequest(port, { path: "/echo", body, sock: s, headers: { Cookie: long } });
    assert.equal(r2!.headers["set-cookie"], undefined);
    const r3 = await rawRequest(port, { path: "/echo", body, headers: { Cookie: long } });
    assert.match(r3!.headers["set-cookie"]!, /^session=/);
    s.destroy();
  });

  it("closes the first session when a second client arrives, and the evicted client fails cleanly", async () => {
    const a = await rawRequest(port, { path: "/echo", body });
    const b = await rawRequest(port, { path: "/echo", body });
    const idA = a!.headers["set-cookie"]!.split("=")[1];
    const idB = b!.headers["set-cookie"]!.split("=")[1];
    assert.deepEqual(log, [`open ${idA}`, `close ${idA}`, `open ${idB}`]);
    // The evicted client's cookie no longer matches: a new session, whose data it cannot use.
    const again = await rawRequest(port, { path: "/echo", body, headers: { Cookie: `session=${idA}` } });
    assert.equal(again?.status, 200);
    assert.notEqual(again!.headers["set-cookie"], `session=${idA}`);
  });

  it("answers 404 for unknown paths and 405 for other methods", async () => {
    assert.equal((await rawRequest(port, { path: "/nope", body }))?.status, 404);
    assert.equal((await rawRequest(port, { method: "GET", path: "/echo" }))?.status, 405);
  });

  it("closes the connection without a response for a missing, zero or oversized body", async () => {
    assert.equal(await rawRequest(port, { path: "/echo" }), undefined);
    assert.equal(await rawRequest(port, { path: "/echo", body: new Uint8Array(0) }), undefined);
    assert.equal(await rawRequest(port, { path: "/echo", body: new Uint8Array(4097) }), undefined);
    assert.equal((await rawRequest(port, { path: "/echo", body: new Uint8Array(4096) }))?.status, 200);
  });

  it("closes the connection without a response when the handler fails, then serves the next client", async () => {
    assert.equal(await rawRequest(port, { path: "/fail", body }), undefined);
    assert.equal((await rawRequest(port, { path: "/echo", body }))?.status, 200);
  });
});
