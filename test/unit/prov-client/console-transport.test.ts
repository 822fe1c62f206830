import assert from "node:assert/strict";
import { failKind } from "../../../tools/prov-client/errors.ts";
import { ConsoleTransport, type ConsoleLink } from "../../../tools/prov-client/transport/console.ts";

/** A link that records what is written and lets the test play the console's output. */
function fakeLink() {
  const written: string[] = [];
  let data: (t: string) => void = () => undefined;
  let closed: () => void = () => undefined;
  const link: ConsoleLink = {
    write: (t) => (written.push(t), Promise.resolve()),
    onData: (cb) => (data = cb),
    onClose: (cb) => (closed = cb),
    close: () => undefined,
  };
  return { link, written, print: (t: string) => data(t), drop: () => closed() };
}

const tick = () => new Promise((r) => setImmediate(r));

describe("wifi-prov console transport (client side)", () => {
  it("types the REPL call with echo off and takes the answer of its endpoint and session from the console's noise", async () => {
    const f = fakeLink();
    const t = new ConsoleTransport({ link: f.link, where: "tcp://x", session: 7 });
    const p = t.send("prov-session", new Uint8Array([0x52, 0x03, 0xa2, 0x01, 0x00]));
    await tick();
    assert.deepEqual(f.written, ['\x10prov.console("prov-session","5203a20100",7)\n']);
    // A prompt, a log line, another session's and another endpoint's answers are not ours.
    f.print(">\r\n[httpd] hello\r\nWIFIPROV-RESP prov-session 8 00\r\nWIFIPROV-RESP proto-ver 7 00\r\n");
    f.print("\r>WIFIPROV-RESP prov-session 7 52050801");
    f.print("aa0100\r\n");
    assert.deepEqual([...(await p)], [0x52, 0x05, 0x08, 0x01, 0xaa, 0x01, 0x00]);
  });

  it("maps WIFIPROV-ERR to an error (no such endpoint apart), a closed console and a timeout to theirs", async () => {
    const f = fakeLink();
    const t = new ConsoleTransport({ link: f.link, where: "tcp://x", session: 3, timeoutMs: 50 });
    const a = t.send("prov-session", new Uint8Array([1]));
    await tick();
    f.print("WIFIPROV-ERR prov-session 3 0xffffffff request failed\n");
    await assert.rejects(a, (e) => failKind(e) === "closed" && /answered an error to prov-session: 0xffffffff request failed/.test((e as Error).message));
    const b = t.send("nope", new Uint8Array([1]));
    await tick();
    f.print("WIFIPROV-ERR nope 3 0x105 no such endpoint\n");
    await assert.rejects(b, (e) => failKind(e) === "http-status");
    await assert.rejects(t.send("prov-config", new Uint8Array([1])), (e) => failKind(e) === "timeout" && /no answer from tcp:\/\/x to prov-config within 0 s/.test((e as Error).message));
    const c = t.send("prov-config", new Uint8Array([1]));
    await tick();
    f.drop();
    await assert.rejects(c, (e) => failKind(e) === "closed");
    await assert.rejects(t.send("prov-config", new Uint8Array([1])), (e) => failKind(e) === "closed");
  });

  it("fails at once when Espruino's REPL refuses the call (no prov.console), not at the timeout", async () => {
    for (const line of ['>Uncaught ReferenceError: "prov" is not defined\r\n', '>Uncaught Error: Function "console" not found!\r\n']) {
      const f = fakeLink();
      const t = new ConsoleTransport({ link: f.link, where: "/dev/ttyUSB0", session: 1, timeoutMs: 60000 });
      const p = t.send("proto-ver", new Uint8Array([0x2d]));
      await tick();
      f.print(line);
      await assert.rejects(p, (e) => failKind(e) === "unreachable" && (e as Error).message === `the console /dev/ttyUSB0 does not take provisioning requests (is the device provisioning over its console?): ${line.slice(1, -2)}`);
    }
  });

  it("refuses an endpoint name that cannot be typed safely, sending nothing", async () => {
    const f = fakeLink();
    const t = new ConsoleTransport({ link: f.link, where: "x", session: 1 });
    await assert.rejects(t.send('a"),reset(),("', new Uint8Array([1])), (e) => failKind(e) === "usage");
    assert.deepEqual(f.written, []);
  });
});
