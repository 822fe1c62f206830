import assert from "node:assert/strict";
import { Protocomm } from "../../../src/protocomm/protocomm.ts";
import { sec0 } from "../../../src/protocomm/sec0.ts";
import { FakeClock } from "../../fakes/fake-clock.ts";

function call(clock: FakeClock, pc: Protocomm, ep: string, data: Uint8Array, id = 1) {
  const out: { err?: number; data?: Uint8Array; sync: boolean } = { sync: true };
  let inside = true;
  pc.handle(ep, id, data, (err, d) => {
    out.err = err;
    out.data = d;
    out.sync = inside;
  });
  inside = false;
  clock.runAll();
  return out;
}

describe("protocomm core", () => {
  it("refuses a second endpoint with the same name", () => {
    const pc = new Protocomm(new FakeClock());
    assert.equal(pc.addEndpoint("a", (_i, _d, done) => done(0, new Uint8Array(1))), 0);
    assert.equal(pc.addEndpoint("a", (_i, _d, done) => done(0, new Uint8Array(1))), -1);
  });

  it("answers an unknown endpoint with NOT_FOUND, asynchronously", () => {
    const clock = new FakeClock();
    const r = call(clock, new Protocomm(clock), "nope", new Uint8Array([1]));
    assert.equal(r.err, 0x105);
    assert.equal(r.sync, false);
  });

  it("serves the version string in plaintext and ignores the request", () => {
    const clock = new FakeClock();
    const pc = new Protocomm(clock);
    pc.setSecurity("prov-session", sec0(clock));
    assert.equal(pc.setVersion("proto-ver", "{\"prov\":1}"), 0);
    assert.equal(pc.setVersion("proto-ver", "x"), 0x103);
    const r = call(clock, pc, "proto-ver", Buffer.from("---"));
    assert.equal(Buffer.from(r.data!).toString(), "{\"prov\":1}");
  });

  it("refuses a second security scheme with INVALID_STATE", () => {
    const clock = new FakeClock();
    const pc = new Protocomm(clock);
    assert.equal(pc.setSecurity("prov-session", sec0(clock)), 0);
    assert.equal(pc.setSecurity("s2", sec0(clock)), 0x103);
  });

  it("passes a handler's error to the transport with no payload", () => {
    const clock = new FakeClock();
    const pc = new Protocomm(clock);
    pc.setSecurity("prov-session", sec0(clock));
    pc.addEndpoint("ep", (_i, _d, done) => done(0x102));
    const r = call(clock, pc, "ep", new Uint8Array([1]));
    assert.equal(r.err, 0x102);
    assert.equal(r.data, undefined);
  });

  it("runs request endpoints one at a time in arrival order", () => {
    const clock = new FakeClock();
    const pc = new Protocomm(clock);
    pc.setSecurity("prov-session", sec0(clock));
    const log: string[] = [];
    pc.addEndpoint("slow", (_i, _d, done) => {
      log.push("slow start");
      clock.setTimer(100, () => {
        log.push("slow end");
        done(0, new Uint8Array([1]));
      });
    });
    pc.addEndpoint("fast", (_i, _d, done) => {
      log.push("fast");
      done(0, new Uint8Array([2]));
    });
    pc.handle("slow", 1, new Uint8Array([0]), () => log.push("slow done"));
    pc.handle("fast", 1, new Uint8Array([0]), () => log.push("fast done"));
    clock.runAll();
    assert.deepEqual(log, ["slow start", "slow end", "slow done", "fast", "fast done"]);
  });

  it("answers proto-ver while a slow request is still running", () => {
    const clock = new FakeClock();
    const pc = new Protocomm(clock);
    pc.setVersion("proto-ver", "v");
    const log: string[] = [];
    pc.addEndpoint("slow", (_i, _d, done) => clock.setTimer(1000, () => done(0, new Uint8Array([1]))));
    pc.handle("slow", 1, new Uint8Array([0]), () => log.push("slow"));
    pc.handle("proto-ver", 1, new Uint8Array([0]), () => log.push("ver"));
    clock.advance(10);
    assert.deepEqual(log, ["ver"]);
    clock.runAll();
    assert.deepEqual(log, ["ver", "slow"]);
  });

  it("removes endpoints and reports NOT_FOUND for absent ones", () => {
    const pc = new Protocomm(new FakeClock());
    pc.addEndpoint("a", (_i, _d, done) => done(0, new Uint8Array(1)));
    assert.equal(pc.removeEndpoint("a"), 0);
    assert.equal(pc.hasEndpoint("a"), false);
    assert.equal(pc.removeEndpoint("a"), 0x105);
  });

  it("fails requests still queued when the security scheme is removed, and runs later ones", () => {
    const clock = new FakeClock();
    const pc = new Protocomm(clock);
    pc.setSecurity("prov-session", sec0(clock));
    const ran: string[] = [];
    pc.addEndpoint("slow", (_i, _d, done) => clock.setTimer(100, () => done(0, new Uint8Array([1]))));
    pc.addEndpoint("a", (_i, _d, done) => (ran.push("a"), done(0, new Uint8Array([2]))));
    const errs: number[] = [];
    pc.handle("slow", 1, new Uint8Array([0]), (e) => errs.push(e));
    pc.handle("a", 1, new Uint8Array([0]), (e) => errs.push(e));
    clock.advance(10);
    pc.unsetSecurity("prov-session");
    pc.handle("a", 1, new Uint8Array([0]), (e) => errs.push(e)); // arrives after: no security now
    clock.runAll();
    assert.deepEqual(errs, [0, 0x103, 0]);
    assert.deepEqual(ran, ["a"]);
  });

  it("fails a queued request whose endpoint was removed with NOT_FOUND", () => {
    const clock = new FakeClock();
    const pc = new Protocomm(clock);
    pc.addEndpoint("slow", (_i, _d, done) => clock.setTimer(100, () => done(0, new Uint8Array([1]))));
    pc.addEndpoint("b", (_i, _d, done) => done(0, new Uint8Array([3])));
    const errs: number[] = [];
    pc.handle("slow", 1, new Uint8Array([0]), (e) => errs.push(e));
    pc.handle("b", 1, new Uint8Array([0]), (e) => errs.push(e));
    clock.advance(10);
    pc.removeEndpoint("b");
    clock.runAll();
    assert.deepEqual(errs, [0, 0x105]);
  });
});
