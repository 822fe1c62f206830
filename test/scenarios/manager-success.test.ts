import assert from "node:assert/strict";
import { APPLY_OK, GET_STATUS, SET_OK, ST_CONNECTING, hex, provision, rig, started } from "../unit/prov/harness";

// RespGetStatus connected{ip4 "192.168.1.42", auth WPA2(3), ssid "home", bssid 11..66, channel 6}
const ST_CONNECTED =
  "08015a225a20" + "0a0c" + Buffer.from("192.168.1.42").toString("hex") + "1003" + "1a04686f6d65" + "2206112233445566" + "2806";

describe("manager scenario: good credentials", () => {
  it("(a) emits CRED_RECV and CRED_SUCCESS, answers Connected, and ends 1 s after that answer", () => {
    const r = started();
    assert.deepEqual(provision(r, "home", "password1"), [SET_OK, APPLY_OK]);
    assert.deepEqual(r.events, ["INIT", "START", "SET_STA_CONFIG", "CRED_RECV:home"]);
    assert.equal(hex(r.req("prov-config", GET_STATUS).out), ST_CONNECTING);
    // connect 1 s after apply, associated 500 ms later, IP 300 ms after that
    assert.equal(r.wifi.connects.length, 0);
    r.clock.advance(1000);
    assert.equal(r.wifi.connects.length, 1);
    r.clock.advance(800);
    assert.equal(r.events.at(-1), "CRED_SUCCESS");
    assert.equal(hex(r.req("prov-config", GET_STATUS).out), ST_CONNECTED);
    // requests still work during the cleanup delay
    r.clock.advance(999);
    assert.equal(hex(r.req("prov-config", GET_STATUS).out), ST_CONNECTED);
    assert.ok(!r.events.includes("END"));
    r.clock.advance(1);
    assert.equal(r.events.at(-1), "END");
    assert.equal(r.transport.pc, undefined);
    assert.equal(r.wifi.mode, "sta");
    assert.equal(r.wifi.apRunning, false);
    assert.ok(r.mgr.isSmIdle());
    assert.ok(r.mgr.isProvisioned());
  });

  it("(d) ends 30 s after the IP when nobody asks for the status", () => {
    const r = started();
    provision(r, "home", "password1");
    r.clock.advance(1800);
    assert.equal(r.events.at(-1), "CRED_SUCCESS");
    r.clock.advance(30000 - 1);
    assert.ok(!r.events.includes("END"));
    // auto-stop timer fires at 30 s, teardown after the 1 s cleanup delay
    r.clock.advance(1 + 1000);
    assert.equal(r.events.at(-1), "END");
  });

  it("uses autoStopTimeoutMs instead of 30 s when given", () => {
    const r = started({ autoStopTimeoutMs: 5000 });
    provision(r, "home", "password1");
    r.clock.advance(1800 + 5000 + 999);
    assert.ok(!r.events.includes("END"));
    r.clock.advance(1);
    assert.equal(r.events.at(-1), "END");
  });

  it("(e) with disableAutoStop never ends by itself, and stopProvisioning ends it after its delay", () => {
    const q = rig();
    q.mgr.init();
    assert.equal(q.mgr.disableAutoStop(250), 0);
    q.mgr.startProvisioning(0, undefined, "PROV_x", undefined);
    q.clock.advance(0);
    provision(q, "home", "password1");
    q.clock.advance(1800);
    assert.equal(q.req("prov-config", GET_STATUS).out?.[3], 0x22);
    q.clock.advance(120000);
    assert.ok(!q.events.includes("END"));
    q.mgr.stopProvisioning();
    q.clock.advance(249);
    assert.ok(!q.events.includes("END"));
    q.clock.advance(1);
    assert.equal(q.events.at(-1), "END");
  });
});
