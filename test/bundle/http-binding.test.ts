// The http binding inside the built bundle, against the Espruino-shaped server: header names in
// any case, binary bodies both ways (res.end(u8) would send "65,66,…"), closing without a
// response on a bad request.
import assert from "node:assert/strict";
import * as net from "node:net";
import { encodeSessionData } from "../../src/pb/session_pb.ts";
import { rawRequest } from "../helpers/raw-http.ts";
import { Device } from "./harness.ts";

/** Resolves once cond() holds (checked every 10 ms); fails after 10 s. */
async function until(cond: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const t0 = Date.now();
  while (!(await cond())) {
    if (Date.now() - t0 > 10000) throw new Error("timed out: " + what);
    await new Promise((r) => setTimeout(r, 10));
  }
}

// SessionData{sec_ver:0, sec0:{msg:0}} (docs/spec/protocol.md §13) and the fixed S0 response.
const S0_CMD = Buffer.from("10005200", "hex");

describe("bundle: http binding", function () {
  this.timeout(20000);
  let dev: Device;
  beforeEach(async () => {
    dev = new Device({ config: { security: 0, serviceKey: "k3y-for-ap" } });
    dev.boot();
    await dev.waitConsole(/^\{"ver"/);
    for (let i = 0; i < 100 && !dev.http.port; i++) await new Promise((r) => setTimeout(r, 10));
  });
  afterEach(() => dev.powerOff());

  it("answers proto-ver with the JSON bytes and a Content-Length, not a number list", async () => {
    const r = await rawRequest(dev.http.port, { path: "/proto-ver", body: Buffer.from("---") });
    assert.equal(r?.status, 200);
    assert.equal(Number(r?.headers["content-length"]), r?.body.length);
    assert.match(r!.body.toString("latin1"), /"sec_ver":\t0/);
  });

  it("opens a session with Set-Cookie and finds it again from a lower-case cookie header", async () => {
    const a = await rawRequest(dev.http.port, { path: "/prov-session", body: S0_CMD });
    assert.equal(a?.status, 200);
    const cookie = a!.headers["set-cookie"]!;
    assert.match(cookie, /^session=\d+$/);
    assert.deepEqual(new Uint8Array(a!.body), encodeSessionData({ secVer: 0, sec0: { msg: 1, sr: { status: 0 } } }));
    const b = await rawRequest(dev.http.port, { path: "/prov-session", headers: { cookie }, body: S0_CMD });
    assert.equal(b?.status, 200);
    assert.equal(b?.headers["set-cookie"], undefined, "same session: no new cookie");
    assert.ok(dev.http.seen.some((s) => "cookie" in s.headers), "header name kept in the client's case");
  });

  it("answers 404 for an unknown endpoint", async () => {
    const r = await rawRequest(dev.http.port, { path: "/nope", body: Buffer.from("x") });
    assert.equal(r?.status, 404);
  });

  it("closes the connection without a response when Content-Length is missing", async () => {
    const r = await rawRequest(dev.http.port, { path: "/prov-session", headers: { "Content-Length": "abc" }, body: S0_CMD });
    assert.equal(r, undefined);
  });

  it("collects at most two largest bodies' bytes at once: a third upload is closed, and the device serves afterwards", async () => {
    const port = dev.http.port;
    const open = () =>
      new Promise<net.Socket>((resolve) => {
        const s = net.connect(port, "127.0.0.1", () => resolve(s));
      });
    const partial = "POST /proto-ver HTTP/1.1\r\nHost: x\r\nContent-Length: 4096\r\n\r\nabc";
    const a = await open();
    const b = await open();
    a.write(partial);
    b.write(partial);
    await until(() => dev.http.seen.length >= 2, "both partial requests reached the binding");
    const third = await rawRequest(port, { path: "/proto-ver", body: Buffer.from("---") });
    assert.equal(third, undefined, "closed without a response");
    a.destroy();
    b.destroy();
    // the slots come back once the binding has seen both connections close
    let status: number | undefined;
    await until(async () => (status = (await rawRequest(port, { path: "/proto-ver", body: Buffer.from("---") }))?.status) === 200, "proto-ver served again");
    assert.equal(status, 200);
  });
});
