import assert from "node:assert/strict";
import * as nc from "node:crypto";
import { Protocomm } from "../../../src/protocomm/protocomm.ts";
import { Sec1 } from "../../../src/protocomm/sec1.ts";
import { nodeCrypto } from "../../../tools/node-platform/crypto.ts";
import { FakeClock } from "../../fakes/fake-clock.ts";
import { NodeSec1Client } from "../../helpers/node-sec1-client.ts";

const SID = 5;

function setup(pop?: string, tickPerNow = 0) {
  const clock = new FakeClock(tickPerNow);
  const pc = new Protocomm(clock);
  const failures = { n: 0 };
  pc.setSecurity(
    "prov-session",
    new Sec1({ clock, crypto: nodeCrypto, pop: pop === undefined ? undefined : Buffer.from(pop), onProofFailed: () => failures.n++ })
  );
  pc.setVersion("proto-ver", "ver");
  const seen: Buffer[] = [];
  pc.addEndpoint("echo", (_id, d, done) => {
    seen.push(Buffer.from(d));
    done(0, new Uint8Array(Buffer.concat([Buffer.from(d), Buffer.from("!")])));
  });
  pc.openSession(SID);
  const call = (ep: string, data: Uint8Array, id = SID) => {
    let out: { err: number; data?: Uint8Array } | undefined;
    pc.handle(ep, id, data, (err, d) => (out = { err, data: d }));
    clock.runAll();
    return out!;
  };
  const handshake = (client: NodeSec1Client) => {
    const r0 = call("prov-session", client.cmd0());
    assert.equal(r0.err, 0);
    const r1 = call("prov-session", client.cmd1(r0.data!));
    return r1;
  };
  return { clock, pc, call, handshake, seen, failures };
}

describe("security 1", () => {
  it("completes a handshake that a node:crypto client verifies", () => {
    const s = setup("abcd1234");
    const c = new NodeSec1Client("abcd1234");
    const r1 = s.handshake(c);
    assert.equal(r1.err, 0);
    assert.ok(c.verify(r1.data!));
  });

  it("keeps one continuous CTR stream across messages, directions and odd lengths", () => {
    const s = setup("pop");
    const c = new NodeSec1Client("pop");
    assert.ok(c.verify(s.handshake(c).data!));
    for (const len of [1, 15, 16, 17, 33, 100, 3]) {
      const plain = nc.randomBytes(len);
      const r = s.call("echo", c.crypt(plain));
      assert.equal(r.err, 0);
      assert.deepEqual(s.seen.at(-1), plain);
      assert.deepEqual(c.crypt(r.data!), Buffer.concat([plain, Buffer.from("!")]));
    }
  });

  it("fails a wrong PoP with no response and lets a correct client in afterwards", () => {
    const s = setup("right");
    const bad = new NodeSec1Client("wrong");
    const r1 = s.handshake(bad);
    assert.equal(r1.err, -1);
    assert.equal(r1.data, undefined);
    assert.equal(s.failures.n, 1);
    assert.equal(s.call("echo", new Uint8Array([1])).err, 0x103);
    const good = new NodeSec1Client("right");
    assert.ok(good.verify(s.handshake(good).data!));
  });

  it("works without a PoP (no_pop): the key is the raw shared secret", () => {
    const s = setup(undefined);
    const c = new NodeSec1Client(undefined);
    assert.ok(c.verify(s.handshake(c).data!));
  });

  it("refuses a request before the handshake with INVALID_STATE", () => {
    const s = setup("p");
    assert.equal(s.call("echo", new Uint8Array([1, 2])).err, 0x103);
  });

  it("refuses SessionCmd1 before SessionCmd0 with INVALID_STATE", () => {
    const s = setup("p");
    const cmd1 = Buffer.concat([Buffer.from("10015a270802b201221220", "hex"), Buffer.alloc(32)]);
    assert.equal(s.call("prov-session", cmd1).err, 0x103);
  });

  it("restarts the session on a new SessionCmd0 (v5 behaviour)", () => {
    const s = setup("p");
    const first = new NodeSec1Client("p");
    assert.ok(first.verify(s.handshake(first).data!));
    const second = new NodeSec1Client("p");
    assert.ok(second.verify(s.handshake(second).data!));
    assert.equal(s.call("echo", second.crypt(Buffer.from([9]))).err, 0);
  });

  it("refuses a client key that is not 32 bytes with INVALID_ARG", () => {
    const s = setup("p");
    const cmd0 = Buffer.from("10015a24a201210a1f" + "11".repeat(31), "hex");
    assert.equal(s.call("prov-session", cmd0).err, 0x102);
  });

  it("refuses handshake messages of another transport session with INVALID_STATE", () => {
    const s = setup("p");
    assert.equal(s.call("prov-session", new NodeSec1Client("p").cmd0(), SID + 1).err, 0x103);
  });

  it("answers SessionCmd0 once the shared secret is ready (security1.c), and proto-ver while it is computed", () => {
    const s = setup("p", 1); // each clock read costs 1 ms: the ladder spans many 50 ms slices
    const c = new NodeSec1Client("p");
    s.clock.runAll(); // the device key pair is prepared ahead of any client
    const log: string[] = [];
    s.pc.handle("prov-session", SID, c.cmd0(), (err, d) => {
      log.push("resp0");
      s.pc.handle("prov-session", SID, c.cmd1(d!), (e, d1) => log.push(e === 0 && c.verify(d1!) ? "resp1 ok" : `resp1 err ${e}`));
    });
    s.pc.handle("proto-ver", SID, new Uint8Array([1]), () => log.push("ver"));
    s.clock.flush();
    s.clock.flush();
    assert.deepEqual(log, ["ver"]);
    s.clock.runAll();
    assert.deepEqual(log, ["ver", "resp0", "resp1 ok"]);
  });

  it("prepares the next key pair when the session ends, not beside the running session", () => {
    const s = setup("p", 1);
    s.clock.runAll();
    assert.ok(s.handshake(new NodeSec1Client("p")).data);
    s.clock.runAll();
    assert.equal(s.clock.pending(), 0, "no ladder runs while the session is open");
    s.pc.closeSession(SID);
    assert.ok(s.clock.pending() > 0, "closing the session starts the next key pair");
  });

  it("fails a handshake cut off by a session close while it waits, and serves the next request", () => {
    const s = setup("p", 1);
    const log: string[] = [];
    // The key pair is still being prepared: Cmd0 waits for it.
    s.pc.handle("prov-session", SID, new NodeSec1Client("p").cmd0(), (err) => log.push(`cmd0 ${err}`));
    s.pc.handle("proto-ver", SID, new Uint8Array([1]), () => log.push("ver"));
    s.clock.flush();
    s.pc.closeSession(SID);
    s.pc.openSession(SID + 1);
    const c = new NodeSec1Client("p");
    s.pc.handle("prov-session", SID + 1, c.cmd0(), (err, d) => {
      log.push(`next cmd0 ${err}`);
      s.pc.handle("prov-session", SID + 1, c.cmd1(d!), (e, d1) => log.push(e === 0 && c.verify(d1!) ? "next ok" : "next bad"));
    });
    s.clock.runAll();
    assert.deepEqual(log, ["ver", "cmd0 259", "next cmd0 0", "next ok"]);
  });
});
