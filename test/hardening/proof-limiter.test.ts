// The wrong-proof limiter (src/protocomm/proof-limiter.ts) alone and wired into the manager.
import assert from "node:assert/strict";
import { ProofLimiter } from "../../src/protocomm/proof-limiter.ts";
import { FakeClock } from "../fakes/fake-clock.ts";
import { client, handshake, NOT_ALLOWED, FAIL, provisionsHome, secRig, SID, hex, unhex } from "./rig.ts";

describe("proof limiter", () => {
  it("locks after 5 failures within 60 s, for 60 s, then counts afresh", () => {
    const clock = new FakeClock();
    const l = new ProofLimiter(clock, undefined);
    for (let i = 0; i < 4; i++) {
      l.failed();
      clock.advance(10_000);
    }
    assert.equal(l.locked(), false);
    l.failed();
    assert.equal(l.locked(), true);
    clock.advance(59_999);
    assert.equal(l.locked(), true);
    clock.advance(1);
    assert.equal(l.locked(), false);
    assert.equal(l.recentFailures(), 0);
  });

  it("forgets failures older than the window, and never keeps more than the limit", () => {
    const clock = new FakeClock();
    const l = new ProofLimiter(clock, { limit: 3, windowMs: 1000, lockoutMs: 500 });
    for (let i = 0; i < 20; i++) {
      l.failed();
      clock.advance(600);
      assert.equal(l.locked(), false);
      assert.ok(l.recentFailures() <= 2);
    }
  });

  it("leaves an established session's requests alone while handshakes are refused", async () => {
    const d = secRig(1, { proofFailLimit: 0 });
    const pc = d.transport.pc!;
    const c = client(1);
    assert.equal(await handshake(d, c), 0);
    const l = new ProofLimiter(d.clock, { limit: 1 });
    const sec = l.guard(pc.security()!);
    l.failed();
    let err = -2;
    sec.handshake(SID, new Uint8Array([0x10, 0x01]), (e) => (err = e));
    d.clock.advance(0);
    assert.equal(err, NOT_ALLOWED);
    assert.equal(hex(sec.decrypt(SID, c.encrypt(unhex("5200")))), "5200", "decrypt passes through");
    assert.equal(hex(c.decrypt(sec.encrypt(SID, unhex("abcd"))!)), "abcd", "encrypt passes through");
  });

  it("never locks with limit 0", () => {
    const l = new ProofLimiter(new FakeClock(), { limit: 0 });
    for (let i = 0; i < 100; i++) l.failed();
    assert.equal(l.locked(), false);
  });
});

describe("proof limiter in the manager", function () {
  this.timeout(30_000);

  for (const sec of [1, 2] as const) {
    it(`sec${sec}: 5 wrong ${sec === 1 ? "PoPs" : "passwords"} lock prov-session for 60 s; other endpoints keep working`, async () => {
      const d = secRig(sec);
      for (let i = 0; i < 5; i++) assert.equal(await handshake(d, client(sec, "wrong" + i), 2 + i), FAIL);
      assert.equal(await handshake(d, client(sec), 10), NOT_ALLOWED, "right password refused while locked");
      assert.equal(d.call("proto-ver", new Uint8Array([1])).err, 0, "proto-ver still served");
      d.clock.advance(60_000);
      assert.ok(await provisionsHome(d, 4), "provisions after the lockout");
    });
  }

  it("refuses a Cmd1 guess on a session already in CMD1 while locked (sec1 keeps CMD1 after a wrong proof)", async () => {
    const d = secRig(1, { proofFailLimit: 1 });
    const c = client(1, "wrong");
    const r0 = d.call("prov-session", await c.start());
    const cmd1 = (await c.next(r0.out!))!;
    assert.equal(d.call("prov-session", cmd1).err, FAIL);
    assert.equal(d.call("prov-session", cmd1).err, NOT_ALLOWED);
  });

  it("honours proofFailLimit 0 (off) and a custom window and lockout", async () => {
    const off = secRig(1, { proofFailLimit: 0 });
    for (let i = 0; i < 8; i++) assert.equal(await handshake(off, client(1, "bad")), FAIL);
    assert.equal(await handshake(off, client(1)), 0);
    const d = secRig(1, { proofFailLimit: 2, proofFailWindowMs: 1000, proofLockoutMs: 5000 });
    assert.equal(await handshake(d, client(1, "bad")), FAIL);
    d.clock.advance(1000);
    assert.equal(await handshake(d, client(1, "bad")), FAIL);
    assert.equal(await handshake(d, client(1)), 0, "first failure fell out of the window");
    assert.equal(await handshake(d, client(1, "bad")), FAIL);
    assert.equal(await handshake(d, client(1)), NOT_ALLOWED);
    d.clock.advance(5000);
    assert.equal(await handshake(d, client(1)), 0);
  });

  it("keeps the count across a stop and a new start (no reset by restarting provisioning)", async () => {
    const d = secRig(1, { proofFailLimit: 2 });
    assert.equal(await handshake(d, client(1, "bad")), FAIL);
    d.mgr.stopProvisioning();
    d.clock.advance(2000);
    assert.equal(d.mgr.startProvisioning(1, { pop: Buffer.from("abcd1234") }, "PROV_test", undefined), 0);
    d.clock.advance(0);
    d.transport.pc!.openSession(7);
    assert.equal(await handshake(d, client(1, "bad")), FAIL);
    assert.equal(await handshake(d, client(1)), NOT_ALLOWED);
  });
});
