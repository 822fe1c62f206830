import assert from "node:assert/strict";
import { bytes, provision, rig, started } from "./harness";

const FAIL = -1;
const INVALID_ARG = 0x102;
const INVALID_STATE = 0x103;
const NOT_FOUND = 0x105;

describe("ProvManager configuration calls (IDLE only)", () => {
  it("setAppInfo: OK when idle, INVALID_ARG for missing fields, INVALID_STATE uninitialised or running", () => {
    const r = rig();
    assert.equal(r.mgr.setAppInfo("a", "1", []), INVALID_STATE);
    r.mgr.init();
    assert.equal(r.mgr.setAppInfo(undefined as any, "1", []), INVALID_ARG);
    assert.equal(r.mgr.setAppInfo("a", "1", undefined as any), INVALID_ARG);
    assert.equal(r.mgr.setAppInfo("a", "1", ["c"]), 0);
    assert.equal(started().mgr.setAppInfo("a", "1", []), INVALID_STATE);
  });

  it("disableAutoStop: OK when idle, INVALID_ARG for a negative delay, INVALID_STATE otherwise", () => {
    const r = rig();
    assert.equal(r.mgr.disableAutoStop(100), INVALID_STATE);
    r.mgr.init();
    assert.equal(r.mgr.disableAutoStop(-5), INVALID_ARG);
    assert.equal(r.mgr.disableAutoStop(100), 0);
    assert.equal(started().mgr.disableAutoStop(100), INVALID_STATE);
  });

  it("endpointCreate: OK when idle, FAIL while running, INVALID_ARG for an empty name", () => {
    const r = rig();
    assert.equal(r.mgr.endpointCreate("x"), INVALID_STATE);
    r.mgr.init();
    assert.equal(r.mgr.endpointCreate(""), INVALID_ARG);
    assert.equal(r.mgr.endpointCreate("x"), 0);
    assert.equal(started().mgr.endpointCreate("x"), FAIL);
  });
});

describe("ProvManager endpoint registration (running only)", () => {
  const h = (s: number, d: Uint8Array, done: (e: number, o?: Uint8Array) => void) => done(0, d);

  it("endpointRegister: OK running, FAIL when idle or duplicate, INVALID_ARG without a handler", () => {
    const r = rig();
    assert.equal(r.mgr.endpointRegister("x", h), INVALID_STATE);
    r.mgr.init();
    assert.equal(r.mgr.endpointRegister("x", h), FAIL);
    const s = started();
    assert.equal(s.mgr.endpointRegister("x", undefined as any), INVALID_ARG);
    assert.equal(s.mgr.endpointRegister("x", h), 0);
    assert.equal(s.mgr.endpointRegister("x", h), FAIL);
    assert.equal(s.mgr.endpointRegister("prov-config", h), FAIL);
  });

  it("endpointUnregister: OK running, NOT_FOUND for an unknown name, FAIL when idle", () => {
    const r = rig();
    assert.equal(r.mgr.endpointUnregister("x"), INVALID_STATE);
    r.mgr.init();
    assert.equal(r.mgr.endpointUnregister("x"), FAIL);
    const s = started();
    s.mgr.endpointRegister("x", h);
    assert.equal(s.mgr.endpointUnregister("x"), 0);
    assert.equal(s.mgr.endpointUnregister("x"), NOT_FOUND);
  });
});

describe("ProvManager Wi-Fi state getters", () => {
  it("getWifiState: INVALID_STATE never initialised, FAIL after deinit, else the state", () => {
    const r = rig();
    const out = { value: -1 };
    assert.equal(r.mgr.getWifiState(out), INVALID_STATE);
    r.mgr.init();
    assert.equal(r.mgr.getWifiState(out), 0);
    assert.equal(out.value, 0);
    r.mgr.deinit();
    assert.equal(r.mgr.getWifiState(out), FAIL);
  });

  it("getWifiDisconnectReason: FAIL unless DISCONNECTED, then the fail reason", () => {
    const r = rig();
    const out = { value: -1 };
    assert.equal(r.mgr.getWifiDisconnectReason(out), INVALID_STATE);
    const s = started();
    assert.equal(s.mgr.getWifiDisconnectReason(out), FAIL);
    provision(s, "nowhere", "password1");
    s.clock.advance(1500);
    assert.equal(s.mgr.getWifiDisconnectReason(out), 0);
    assert.equal(out.value, 1);
    assert.equal(s.mgr.getWifiState(out), 0);
    assert.equal(out.value, 2);
  });

  it("getWifiRemainingConnAttempts: INVALID_STATE never initialised, 0 in legacy mode", () => {
    const r = rig();
    const out = { value: -1 };
    assert.equal(r.mgr.getWifiRemainingConnAttempts(out), INVALID_STATE);
    r.mgr.init();
    assert.equal(r.mgr.getWifiRemainingConnAttempts(out), 0);
    assert.equal(out.value, 0);
  });
});

describe("ProvManager configureSta and resets", () => {
  const cfg = () => ({ ssid: bytes("home"), password: bytes("password1") });

  it("configureSta: OK once when STARTED, FAIL when idle or already received, INVALID_STATE uninitialised", () => {
    const r = rig();
    assert.equal(r.mgr.configureSta(cfg()), INVALID_STATE);
    r.mgr.init();
    assert.equal(r.mgr.configureSta(cfg()), FAIL);
    const s = started();
    assert.equal(s.mgr.configureSta(cfg()), 0);
    assert.equal(s.mgr.configureSta(cfg()), FAIL);
    assert.deepEqual(s.events.slice(2), ["SET_STA_CONFIG", "CRED_RECV:home", "SET_STA_CONFIG"]);
  });

  it("configureSta applies what onSetStaConfig changed", () => {
    const s = started({ onSetStaConfig: (c) => (c.password = bytes("password1")) });
    s.mgr.configureSta({ ssid: bytes("home"), password: bytes("typo") });
    s.clock.advance(1800);
    assert.equal(s.mgr.state(), 5);
  });

  it("resetSmStateOnFailure: INVALID_STATE unless FAIL; FAIL when the erase fails", () => {
    assert.equal(rig().mgr.resetSmStateOnFailure(), INVALID_STATE);
    const s = started();
    assert.equal(s.mgr.resetSmStateOnFailure(), INVALID_STATE);
    provision(s, "home", "wrong-pass");
    s.clock.advance(1500);
    s.kv.failNextErase();
    assert.equal(s.mgr.resetSmStateOnFailure(), FAIL);
    assert.equal(s.mgr.resetSmStateOnFailure(), 0);
    assert.equal(s.mgr.state(), 2);
  });

  it("resetSmStateForReprovision: needs disableAutoStop; emits START and accepts new credentials", () => {
    const s = started();
    assert.equal(s.mgr.resetSmStateForReprovision(), INVALID_STATE);
    const r = rig();
    r.mgr.init();
    r.mgr.disableAutoStop(100);
    assert.equal(r.mgr.resetSmStateForReprovision(), INVALID_STATE);
    r.mgr.startProvisioning(0, undefined, "P", undefined);
    r.clock.advance(0);
    provision(r, "home", "password1");
    r.clock.advance(1800);
    assert.equal(r.mgr.resetSmStateForReprovision(), 0);
    assert.equal(r.events.at(-1), "START");
    assert.equal(r.mgr.isProvisioned(), false);
    assert.equal(r.kv.has("prov.sta"), true);
    assert.equal(r.mgr.configureSta({ ssid: bytes("cafe"), password: bytes("") }), 0);
  });

  it("resetProvisioning: erases saved credentials without init; FAIL when the store fails", () => {
    const s = started();
    provision(s, "home", "password1");
    const r = rig({}, s.kv);
    s.kv.failNextErase();
    assert.equal(r.mgr.resetProvisioning(), FAIL);
    assert.equal(r.mgr.isProvisioned(), true);
    assert.equal(r.mgr.resetProvisioning(), 0);
    assert.equal(r.mgr.isProvisioned(), false);
  });
});

describe("ProvManager onEvent (wifi_prov_mgr_config_t.app_event_handler)", () => {
  const name = ["INIT", "START", "SET_STA_CONFIG", "CRED_RECV", "CRED_FAIL", "CRED_SUCCESS", "END", "DEINIT"];
  const show = (d: unknown): string =>
    d === undefined ? "" : typeof d === "number" ? "(" + d + ")" : "(" + Buffer.from((d as { ssid: Uint8Array }).ssid).toString() + ")";
  /** A started rig whose onEvent writes into the rig's own event list, beside the per-event callbacks. */
  const startedLoggingEvents = () => {
    const r = rig({ onEvent: (ev, d) => r.events.push("ev " + name[ev] + show(d)) });
    r.mgr.init();
    r.mgr.startProvisioning(0, undefined, "P", undefined);
    r.clock.advance(0);
    return r;
  };

  it("gets every event with ESP-IDF's data, each just before the event's own callback", () => {
    const r = startedLoggingEvents();
    provision(r, "home", "password1");
    r.clock.advance(5000);
    r.mgr.deinit();
    r.clock.advance(60000);
    assert.deepEqual(r.events, [
      "ev INIT", "INIT", "ev START", "START",
      "ev SET_STA_CONFIG(home)", "SET_STA_CONFIG", "ev CRED_RECV(home)", "CRED_RECV:home",
      "ev CRED_SUCCESS", "CRED_SUCCESS", "ev END", "END", "ev DEINIT", "DEINIT",
    ]);
  });

  it("passes CRED_FAIL's reason (1: AP not found)", () => {
    const r = startedLoggingEvents();
    provision(r, "nowhere", "password1");
    r.clock.advance(1500);
    assert.deepEqual(r.events.slice(-2), ["ev CRED_FAIL(1)", "CRED_FAIL:1"]);
  });
});
