import assert from "node:assert/strict";
import { MemKv } from "../fakes/mem-kv";
import { APPLY_INTERNAL, APPLY_OK, GET_STATUS, SET_OK, provision, rig, started } from "../unit/prov/harness";
import { loadCreds } from "../../src/wifi/creds";

describe("manager scenario: persistence", () => {
  it("(h) a restart with saved credentials reports isProvisioned", () => {
    const kv = new MemKv();
    const r = started({}, kv);
    provision(r, "home", "password1");
    r.clock.advance(1800);
    r.req("prov-config", GET_STATUS);
    r.clock.advance(1000);
    // "reboot": a new stack on the same store
    const r2 = rig({}, kv);
    assert.equal(r2.mgr.isProvisioned(), true);
    assert.equal(Buffer.from(loadCreds(kv)?.ssid ?? []).toString(), "home");
    assert.equal(r2.mgr.resetProvisioning(), 0);
    assert.equal(r2.mgr.isProvisioned(), false);
    assert.equal(rig({}, kv).mgr.isProvisioned(), false);
  });

  it("saves the credentials at apply, before the connection is validated (ESP-IDF default)", () => {
    const r = started();
    provision(r, "home", "wrong-pass");
    assert.equal(Buffer.from(loadCreds(r.kv)?.password ?? []).toString(), "wrong-pass");
    r.clock.advance(1500);
    assert.equal(r.events.at(-1), "CRED_FAIL:0");
    assert.equal(r.kv.has("prov.sta"), true);
  });

  it("saveOnlyOnSuccess: nothing saved on failure; saved once the IP arrives", () => {
    const r = started({ saveOnlyOnSuccess: true });
    provision(r, "home", "wrong-pass");
    r.clock.advance(1500);
    assert.equal(r.kv.has("prov.sta"), false);
    assert.equal(r.mgr.resetSmStateOnFailure(), 0);
    provision(r, "home", "password1");
    assert.equal(r.kv.has("prov.sta"), false);
    r.clock.advance(1800);
    assert.equal(Buffer.from(loadCreds(r.kv)?.password ?? []).toString(), "password1");
  });

  it("saveOnlyOnSuccess: a reset after failure keeps earlier good credentials", () => {
    const kv = new MemKv();
    const r = started({ saveOnlyOnSuccess: true }, kv);
    provision(r, "home", "password1");
    r.clock.advance(1800);
    r.req("prov-config", GET_STATUS);
    r.clock.advance(1000);
    const r2 = started({ saveOnlyOnSuccess: true }, kv);
    provision(r2, "home", "bad-pass!");
    r2.clock.advance(1500);
    assert.equal(r2.mgr.resetSmStateOnFailure(), 0);
    assert.equal(Buffer.from(loadCreds(kv)?.password ?? []).toString(), "password1");
  });

  it("answers apply with InternalError and stays STARTED when the store refuses the write", () => {
    const r = started();
    r.kv.failNextWrite();
    assert.deepEqual(provision(r, "home", "password1"), [SET_OK, APPLY_INTERNAL]);
    assert.equal(r.mgr.state(), 2);
    assert.deepEqual(provision(r, "home", "password1"), [SET_OK, APPLY_OK]);
  });

  it("reports not provisioned while provisioning runs (RAM config emptied at start)", () => {
    const kv = new MemKv();
    const r = started({}, kv);
    provision(r, "home", "password1");
    r.clock.advance(1800);
    const r2 = rig({}, kv);
    assert.equal(r2.mgr.isProvisioned(), true);
    r2.mgr.init();
    r2.mgr.startProvisioning(0, undefined, "P", undefined);
    assert.equal(r2.mgr.isProvisioned(), false);
  });
});
