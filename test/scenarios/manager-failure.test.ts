import assert from "node:assert/strict";
import {
  APPLY_INTERNAL, APPLY_OK, GET_STATUS, SET_OK, ST_AUTH_FAIL, ST_CONNECTING, ST_NOT_FOUND, hex, provision, started,
} from "../unit/prov/harness";

describe("manager scenario: failed credentials", () => {
  it("(b) wrong password: CRED_FAIL(AUTH_ERROR), later applies refused, service keeps running", () => {
    const r = started();
    provision(r, "home", "wrong-pass");
    r.clock.advance(1500);
    assert.deepEqual(r.events.slice(-1), ["CRED_FAIL:0"]);
    assert.equal(hex(r.req("prov-config", GET_STATUS).out), ST_AUTH_FAIL);
    assert.deepEqual(provision(r, "home", "password1"), [SET_OK, APPLY_INTERNAL]);
    r.clock.advance(120000);
    assert.equal(r.wifi.connects.length, 1);
    assert.ok(!r.events.includes("END"));
    assert.ok(r.transport.pc);
    assert.equal(hex(r.req("prov-config", GET_STATUS).out), ST_AUTH_FAIL);
  });

  it("(b) also maps reason 202 (AUTH_FAIL) to AuthError", () => {
    const r = started();
    r.wifi.wrongPasswordReason = 202;
    provision(r, "home", "nope");
    r.clock.advance(1500);
    assert.equal(hex(r.req("prov-config", GET_STATUS).out), ST_AUTH_FAIL);
  });

  it("(c) absent SSID: CRED_FAIL(AP_NOT_FOUND) and NetworkNotFound in get_status", () => {
    const r = started();
    provision(r, "nowhere", "whatever1");
    r.clock.advance(1500);
    assert.equal(r.events.at(-1), "CRED_FAIL:1");
    assert.equal(hex(r.req("prov-config", GET_STATUS).out), ST_NOT_FOUND);
  });

  it("(f) prov-ctrl reset after a failure lets new credentials succeed", () => {
    const r = started();
    // reset while not failed: InternalError in the outer status
    assert.equal(hex(r.req("prov-ctrl", "08015a00").out), "080210056200");
    provision(r, "home", "wrong-pass");
    r.clock.advance(1500);
    assert.equal(hex(r.req("prov-ctrl", "08015a00").out), "08026200");
    assert.equal(r.kv.has("prov.sta"), false);
    assert.deepEqual(provision(r, "home", "password1"), [SET_OK, APPLY_OK]);
    r.clock.advance(1800);
    assert.equal(r.events.at(-1), "CRED_SUCCESS");
    assert.equal(r.req("prov-config", GET_STATUS).out?.[3], 0x22);
  });

  it("keeps reporting Connecting and retrying on other reasons (legacy, wifiConnAttempts 0)", () => {
    const r = started();
    r.wifi.flakyConnects(3, 205);
    provision(r, "home", "password1");
    r.clock.advance(1000 + 3 * 500);
    assert.equal(r.wifi.connects.length, 4);
    assert.equal(hex(r.req("prov-config", GET_STATUS).out), ST_CONNECTING);
    r.clock.advance(800);
    assert.equal(r.events.at(-1), "CRED_SUCCESS");
    assert.ok(!r.events.some((e) => e.startsWith("CRED_FAIL")));
  });

  it("with wifiConnAttempts 3 reports attempt_failed with the attempts left, then fails", () => {
    const r = started({ wifiConnAttempts: 3 });
    provision(r, "home", "wrong-pass");
    r.clock.advance(1500);
    // sta_state Connecting + attempt_failed{attempts_remaining: 2}
    assert.equal(hex(r.req("prov-config", GET_STATUS).out), "08015a0610016202" + "0802");
    const out = { value: -1 };
    assert.equal(r.mgr.getWifiRemainingConnAttempts(out), 0);
    assert.equal(out.value, 2);
    r.clock.advance(500);
    assert.equal(hex(r.req("prov-config", GET_STATUS).out), "08015a0610016202" + "0801");
    r.clock.advance(500);
    assert.equal(hex(r.req("prov-config", GET_STATUS).out), ST_AUTH_FAIL);
    assert.deepEqual(r.events.filter((e) => e.startsWith("CRED_FAIL")), ["CRED_FAIL:0"]);
    assert.equal(r.wifi.connects.length, 3);
  });

  it("acceptNewCredsAfterFailure: a new apply after CRED_FAIL is accepted without a reset", () => {
    const r = started({ acceptNewCredsAfterFailure: true });
    provision(r, "home", "wrong-pass");
    r.clock.advance(1500);
    assert.deepEqual(provision(r, "home", "password1"), [SET_OK, APPLY_OK]);
    r.clock.advance(1800);
    assert.equal(r.events.at(-1), "CRED_SUCCESS");
  });

  it("refuses a second apply while connecting with InternalError (one-shot)", () => {
    const r = started();
    provision(r, "home", "password1");
    assert.deepEqual(provision(r, "cafe", ""), [SET_OK, APPLY_INTERNAL]);
    assert.equal(r.events.filter((e) => e === "SET_STA_CONFIG").length, 2);
  });
});
