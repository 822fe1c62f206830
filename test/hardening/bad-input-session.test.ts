// Bad input on prov-session and the secured endpoints that the unit suites do not cover:
// unknown handshake messages, handshakes after DONE, replayed sec1 ciphertext, channel > 14.
import assert from "node:assert/strict";
import { encodeSessionData } from "../../src/pb/session_pb.ts";
import { MAX_QUEUED_REQUESTS, Protocomm } from "../../src/protocomm/protocomm.ts";
import { FakeClock } from "../fakes/fake-clock.ts";
import { client, handshake, hex, INVALID_ARG, INVALID_STATE, NO_MEM, provisionsHome, secRig, secureCall, unhex } from "./rig.ts";

describe("bad input: prov-session messages", function () {
  this.timeout(30_000);

  it("fails unknown sec1/sec2 message types and a sec_ver mismatch with INVALID_ARG, then serves a client", async () => {
    for (const sec of [1, 2] as const) {
      const d = secRig(sec);
      const bad = [
        encodeSessionData({ secVer: sec, sec1: { msg: 5 as never } }),
        encodeSessionData({ secVer: sec, sec2: { msg: 7 as never } }),
        encodeSessionData({ secVer: sec === 1 ? 2 : 1, sec1: { msg: 0, sc0: { clientPubkey: new Uint8Array(32) } } }),
        unhex("10"),
      ];
      for (const b of bad) assert.equal(d.call("prov-session", b).err, INVALID_ARG, `sec${sec} ${hex(b)}`);
      assert.ok(await provisionsHome(d), `sec${sec} still provisions`);
    }
  });

  it("sec1: refuses SessionCmd1 once the session is DONE; a new SessionCmd0 restarts it", async () => {
    const d = secRig(1);
    const c = client(1);
    const r0 = d.call("prov-session", c.start() as Uint8Array);
    const cmd1 = c.next(r0.out!) as Uint8Array;
    const r1 = d.call("prov-session", cmd1);
    assert.equal(r1.err, 0);
    c.next(r1.out!);
    assert.equal(d.call("prov-session", cmd1).err, INVALID_STATE, "Cmd1 after DONE");
    assert.equal(typeof secureCall(d, c, "prov-config", "5200"), "string", "session kept");
    const c2 = client(1);
    assert.equal(d.call("prov-session", c2.start() as Uint8Array).err, 0, "Cmd0 after DONE restarts");
    assert.equal(d.call("prov-config", c.encrypt(unhex("5200"))).err, INVALID_STATE, "old keys gone");
  });

  it("sec1: a replayed request desynchronises the CTR stream; the request fails and a new session works", async () => {
    const d = secRig(1);
    const c = client(1);
    assert.equal(await handshake(d, c), 0);
    const req = c.encrypt(unhex("5200"));
    const first = d.call("prov-config", req);
    assert.equal(first.err, 0);
    assert.equal(hex(c.decrypt(first.out!)).slice(0, 6), "08015a");
    // The replay is decrypted with later keystream: random bytes, which usually fail to decode
    // (no reply). A few percent of them decode (e.g. an unknown field, then msg 0 = get_status):
    // then the answer is under other keystream, never the first one again.
    const replay = d.call("prov-config", req);
    assert.ok(replay.err !== 0 || hex(replay.out!) !== hex(first.out!), "the replay is not answered as the original");
    // Device and client streams now differ (esp_prov would have to start over, as upstream).
    const after = d.call("prov-config", c.encrypt(unhex("5200")));
    assert.ok(after.err !== 0 || !hex(c.decrypt(after.out!)).startsWith("08015a"), "stream desynchronised");
    assert.ok(await provisionsHome(d, 9), "a new session provisions");
  });

  it("accepts set_config with channel 15 and a 6-byte BSSID, and ignores both (handlers.c)", async () => {
    const d = secRig(1);
    const c = client(1);
    assert.equal(await handshake(d, c), 0);
    // ssid "home", passphrase "password1", bssid 6 bytes, channel 200
    const body = "0a04686f6d65" + "1209" + Buffer.from("password1").toString("hex") + "1a06aabbccddeeff" + "20c801";
    const set = "0802" + "62" + (body.length / 2).toString(16).padStart(2, "0") + body;
    assert.equal(secureCall(d, c, "prov-config", set), "08036a00");
    assert.equal(secureCall(d, c, "prov-config", "08047200"), "08057a00");
    d.clock.advance(2000);
    assert.deepEqual(Buffer.from(d.wifi.connects[0]!.ssid).toString(), "home");
  });
});

describe("bad input: flooding the request queue", () => {
  it(`fails requests beyond ${MAX_QUEUED_REQUESTS} waiting ones with NO_MEM and answers the rest in order`, () => {
    const clock = new FakeClock();
    const pc = new Protocomm(clock);
    const held: (() => void)[] = [];
    pc.addEndpoint("slow", (_id, d, done) => held.push(() => done(0, d)));
    const results: number[] = [];
    for (let i = 0; i < MAX_QUEUED_REQUESTS + 10; i++) pc.handle("slow", 1, new Uint8Array([i]), (err, out) => results.push(err === 0 ? out![0]! : -err));
    assert.equal(pc.pending(), MAX_QUEUED_REQUESTS);
    clock.advance(0);
    assert.deepEqual(results, Array(9).fill(-NO_MEM), "one runs, 16 wait, 9 refused");
    while (held.length) {
      held.shift()!();
      clock.advance(0);
    }
    assert.deepEqual(results.slice(9), Array.from({ length: MAX_QUEUED_REQUESTS + 1 }, (_, i) => i));
    assert.equal(pc.pending(), 0);
  });
});
