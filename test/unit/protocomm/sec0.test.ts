import assert from "node:assert/strict";
import { Protocomm } from "../../../src/protocomm/protocomm.ts";
import { sec0 } from "../../../src/protocomm/sec0.ts";
import { FakeClock } from "../../fakes/fake-clock.ts";

const hex = (s: string) => new Uint8Array(Buffer.from(s.replace(/ /g, ""), "hex"));

function session(req: Uint8Array) {
  const clock = new FakeClock();
  const pc = new Protocomm(clock);
  pc.setSecurity("prov-session", sec0(clock));
  const out: { err?: number; data?: Uint8Array } = {};
  pc.handle("prov-session", 7, req, (err, d) => Object.assign(out, { err, data: d }));
  clock.runAll();
  return out;
}

describe("security 0", () => {
  for (const [name, req] of [
    ["esp_prov's request", "52 03 a2 01 00"],
    ["a request without the empty sub-message", "52 00"],
    ["a request with explicit zeros", "10 00 52 05 08 00 a2 01 00"],
  ]) {
    it(`answers ${name} with 52 05 08 01 aa 01 00 (docs/spec/protocol.md §3.1)`, () => {
      const r = session(hex(req as string));
      assert.equal(r.err, 0);
      assert.equal(Buffer.from(r.data!).toString("hex"), "52050801aa0100");
    });
  }

  it("fails a SessionData with sec_ver 1 with INVALID_ARG", () => {
    assert.equal(session(hex("10 01 5a 00")).err, 0x102);
  });

  it("fails undecodable bytes with INVALID_ARG", () => {
    assert.equal(session(hex("52 7f")).err, 0x102);
  });

  it("passes request endpoints through unencrypted", () => {
    const clock = new FakeClock();
    const pc = new Protocomm(clock);
    pc.setSecurity("prov-session", sec0(clock));
    pc.addEndpoint("echo", (_i, d, done) => done(0, d));
    let got: Uint8Array | undefined;
    pc.handle("echo", 1, hex("0102"), (_e, d) => (got = d));
    clock.runAll();
    assert.equal(Buffer.from(got!).toString("hex"), "0102");
  });
});
