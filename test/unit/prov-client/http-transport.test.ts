import assert from "node:assert/strict";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { HttpTransport, parseHostPort } from "../../../tools/prov-client/transport/http.ts";

type Seen = { url: string; headers: http.IncomingHttpHeaders; body: Buffer; sock: unknown };

/** A server that records requests and answers via reply(i) (undefined = drop the socket). */
async function server(reply: (i: number) => { status: number; headers?: Record<string, string>; body: string } | undefined) {
  const seen: Seen[] = [];
  const s = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      seen.push({ url: req.url!, headers: req.headers, body: Buffer.concat(chunks), sock: req.socket });
      const r = reply(seen.length - 1);
      if (!r) {
        req.socket.destroy();
        return;
      }
      res.writeHead(r.status, r.headers ?? {});
      res.end(r.body);
    });
  });
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  return { seen, host: `127.0.0.1:${(s.address() as AddressInfo).port}`, close: () => new Promise((r) => s.close(r)) };
}

describe("prov-client HTTP transport", () => {
  it("POSTs /<endpoint> with esp_prov's headers and a raw binary body", async () => {
    const srv = await server(() => ({ status: 200, body: "ok" }));
    const t = new HttpTransport({ host: srv.host });
    const out = await t.send("prov-session", new Uint8Array([0x52, 0x03, 0xa2, 0x01, 0x00]));
    t.close();
    await srv.close();
    const r = srv.seen[0]!;
    assert.equal(r.url, "/prov-session");
    assert.equal(r.headers["content-type"], "application/x-www-form-urlencoded");
    assert.equal(r.headers["accept"], "text/plain");
    assert.equal(r.headers["content-length"], "5");
    assert.equal(r.body.toString("hex"), "5203a20100");
    assert.equal(Buffer.from(out).toString(), "ok");
  });

  it("echoes Set-Cookie verbatim as Cookie and keeps one connection", async () => {
    const srv = await server((i) => ({ status: 200, headers: (i === 0 ? { "Set-Cookie": "session=42" } : {}) as Record<string, string>, body: "x" }));
    const t = new HttpTransport({ host: srv.host });
    await t.send("a", new Uint8Array([1]));
    await t.send("b", new Uint8Array([2]));
    await t.send("c", new Uint8Array([3]));
    t.close();
    await srv.close();
    assert.deepEqual(srv.seen.map((s) => s.headers.cookie), [undefined, "session=42", "session=42"]);
    assert.equal(srv.seen[1]!.sock, srv.seen[2]!.sock);
  });

  it("rejects a non-200 status as http-status", async () => {
    const srv = await server(() => ({ status: 404, body: "This URI does not exist" }));
    const t = new HttpTransport({ host: srv.host });
    await assert.rejects(t.send("nope", new Uint8Array([1])), (e: Error & { kind?: string }) => e.kind === "http-status" && /404/.test(e.message));
    t.close();
    await srv.close();
  });

  it("rejects a connection dropped without a response as closed", async () => {
    const srv = await server(() => undefined);
    const t = new HttpTransport({ host: srv.host });
    await assert.rejects(t.send("prov-session", new Uint8Array([1])), (e: Error & { kind?: string }) => e.kind === "closed");
    t.close();
    await srv.close();
  });

  it("parses HOST, HOST:PORT and [v6]:PORT, defaulting to port 80", () => {
    assert.deepEqual(parseHostPort("192.168.4.1"), { host: "192.168.4.1", port: 80 });
    assert.deepEqual(parseHostPort("127.0.0.1:8080"), { host: "127.0.0.1", port: 8080 });
    assert.deepEqual(parseHostPort("[::1]:81"), { host: "::1", port: 81 });
    assert.equal(parseHostPort("host:99999"), undefined);
  });
});
