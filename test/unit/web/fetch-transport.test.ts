// The page's fetch transport (tools/web/fetch-transport.ts) on a scripted fetch: what it sends,
// and each failure's kind: closed, HTTP status, timeout (the request aborted).
import assert from "node:assert/strict";
import { failKind } from "../../../tools/prov-client/errors.ts";
import { FetchTransport } from "../../../tools/web/fetch-transport.ts";

const ok = (b: number[]) => Promise.resolve({ ok: true, status: 200, arrayBuffer: () => Promise.resolve(new Uint8Array(b).buffer) });

describe("web: fetch transport", () => {
  it("POSTs the body to /<endpoint> on its origin with the device's content type and the cookie policy", async () => {
    const calls: { url: string; method: string; body: Uint8Array; headers: { [k: string]: string }; credentials: string }[] = [];
    const t = new FetchTransport("http://192.168.4.1", (url, init) => (calls.push({ url, ...init }), ok([1, 2])));
    assert.deepEqual([...(await t.send("prov-session", new Uint8Array([9])))], [1, 2]);
    assert.equal(calls[0]!.url, "http://192.168.4.1/prov-session");
    assert.equal(calls[0]!.method, "POST");
    assert.deepEqual([...calls[0]!.body], [9]);
    assert.equal(calls[0]!.headers["Content-Type"], "application/x-www-form-urlencoded");
    assert.equal(calls[0]!.credentials, "same-origin");
  });

  it("a rejected fetch is 'closed', a non-200 'http-status', no answer in time 'timeout' (and the fetch is aborted)", async () => {
    await assert.rejects(new FetchTransport("", () => Promise.reject(new TypeError("Failed to fetch"))).send("prov-config", new Uint8Array(1)), (e) => failKind(e) === "closed");
    await assert.rejects(new FetchTransport("", () => Promise.resolve({ ok: false, status: 404, arrayBuffer: () => Promise.resolve(new ArrayBuffer(0)) })).send("x", new Uint8Array(1)), (e: Error) => failKind(e) === "http-status" && /HTTP 404 on \/x/.test(e.message));
    let aborted = false;
    const hang = (_u: string, init: { signal?: AbortSignal }) =>
      new Promise<never>((_r, reject) => init.signal!.addEventListener("abort", () => ((aborted = true), reject(new Error("aborted")))));
    await assert.rejects(new FetchTransport("", hang, 50).send("prov-session", new Uint8Array(1)), (e: Error) => failKind(e) === "timeout" && /no answer from the device within 0 s \(POST \/prov-session\)/.test(e.message));
    assert.ok(aborted);
  });
});
