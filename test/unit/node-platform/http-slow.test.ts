// NodeHttp as a slow board (serviceMs): one request at a time, the transport's priority() ones
// first, and eviction that never takes a connection the transport keeps.
import assert from "node:assert/strict";
import * as net from "node:net";
import type { HttpListenOptions, HttpRequest, HttpResponse } from "../../../src/platform/http.ts";
import { NodeHttp } from "../../../tools/node-platform/http.ts";
import { rawRequest } from "../../helpers/raw-http.ts";

function listen(http: NodeHttp, o: Partial<HttpListenOptions> & { onRequest(req: HttpRequest, res: HttpResponse): void }): Promise<number> {
  return new Promise((resolve, reject) =>
    http.listen({ port: 0, host: "127.0.0.1", maxBodyBytes: 4096, onClose: () => undefined, ...o }, (err, port) => (err ? reject(new Error("listen " + err)) : resolve(port as number)))
  );
}
const close = (http: NodeHttp) => new Promise((r) => http.close(r));

describe("NodeHttp as a slow board (serviceMs)", () => {
  it("serves one request at a time, priority ones before those waiting longer", async () => {
    const http = new NodeHttp({ serviceMs: 60 });
    const order: string[] = [];
    const port = await listen(http, {
      priority: (req) => req.cookie === "session=1",
      onRequest: (req, res) => {
        order.push(req.path);
        res.send(200, {}, new Uint8Array(0));
      },
    });
    try {
      const asks = ["/a", "/b", "/c"].map((path) => rawRequest(port, { path, headers: { Connection: "close" }, body: Buffer.from("x") }));
      await new Promise((r) => setTimeout(r, 20)); // all three wait; /a is being served
      asks.push(rawRequest(port, { path: "/mine", headers: { Connection: "close", Cookie: "session=1" }, body: Buffer.from("x") }));
      const t0 = Date.now();
      await Promise.all(asks);
      assert.deepEqual(order, ["/a", "/mine", "/b", "/c"]);
      assert.ok(Date.now() - t0 >= 3 * 60 - 20, "one at a time, 60 ms each");
      assert.equal(http.waiting(), 0);
    } finally {
      await close(http);
    }
  });

  it("makes room by closing the oldest connection the transport does not keep", async () => {
    const http = new NodeHttp({ maxConnections: 2 });
    const kept = new Set<number>();
    const port = await listen(http, {
      keep: (sock) => kept.has(sock),
      onRequest: (req, res) => {
        kept.add(req.sock);
        res.send(200, {}, new Uint8Array(0));
      },
    });
    try {
      const mine = net.connect(port, "127.0.0.1");
      mine.on("error", () => undefined);
      assert.equal((await rawRequest(port, { path: "/x", body: Buffer.from("x"), sock: mine }))?.status, 200);
      const others = [0, 1, 2].map(() => net.connect(port, "127.0.0.1").on("error", () => undefined));
      await Promise.all(others.map((s) => new Promise((r) => s.once("connect", r))));
      await new Promise((r) => setTimeout(r, 100));
      assert.equal(mine.destroyed, false, "the kept connection stays");
      assert.equal((await rawRequest(port, { path: "/x", body: Buffer.from("x"), sock: mine }))?.status, 200, "and is served");
      assert.ok(others.slice(0, 2).every((s) => s.destroyed || s.readableEnded), "older others were closed");
      for (const s of [mine, ...others]) s.destroy();
    } finally {
      await close(http);
    }
  });
});
