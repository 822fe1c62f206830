import assert from "node:assert/strict";
import { ProvManager } from "../../../src/prov/manager";
import type { Scheme } from "../../../src/prov/scheme";
import { LoopTransport, rig, started } from "./harness";
import { SchemeSoftAp } from "../../../src/prov/scheme-softap";

const INVALID_ARG = 0x102;
const INVALID_STATE = 0x103;

describe("ProvManager init/deinit", () => {
  it("emits INIT and gives the scheme the built-in BLE ids in ESP-IDF order", () => {
    const r = rig();
    const ids: string[] = [];
    const soft = new SchemeSoftAp(r.wifi, r.clock, new LoopTransport(r.clock));
    const scheme: Scheme = Object.assign(Object.create(soft), { setEndpoint: (n: string, id: number) => (ids.push(n + "=" + id.toString(16)), 0) });
    const m = new ProvManager(r.platform, { scheme, onInit: () => ids.push("INIT") });
    assert.equal(m.init(), 0);
    assert.deepEqual(ids, ["prov-ctrl=ff4f", "prov-scan=ff50", "prov-session=ff51", "prov-config=ff52", "proto-ver=ff53", "INIT"]);
    assert.equal(m.endpointCreate("custom-data"), 0);
    assert.equal(m.endpointCreate("more"), 0);
    assert.deepEqual(ids.slice(-2), ["custom-data=ff54", "more=ff55"]);
  });

  it("refuses a second init with INVALID_STATE and a missing scheme or bad counts with INVALID_ARG", () => {
    const r = rig();
    assert.equal(r.mgr.init(), 0);
    assert.equal(r.mgr.init(), INVALID_STATE);
    assert.equal(new ProvManager(r.platform, {} as any).init(), INVALID_ARG);
    const scheme = new SchemeSoftAp(r.wifi, r.clock, new LoopTransport(r.clock));
    assert.equal(new ProvManager(r.platform, { scheme, wifiConnAttempts: -1 }).init(), INVALID_ARG);
    assert.equal(new ProvManager(r.platform, { scheme, autoStopTimeoutMs: 1.5 }).init(), INVALID_ARG);
  });

  it("deinit when idle emits DEINIT inside the call and allows a new init", () => {
    const r = rig();
    r.mgr.deinit();
    assert.deepEqual(r.events, []);
    r.mgr.init();
    r.mgr.deinit();
    assert.deepEqual(r.events, ["INIT", "DEINIT"]);
    assert.equal(r.mgr.init(), 0);
  });

  it("deinit while running tears down after the cleanup delay, then emits END and DEINIT", () => {
    const r = started();
    let done = false;
    r.mgr.deinit(() => (done = true));
    r.clock.advance(999);
    assert.equal(r.events.at(-1), "START");
    r.clock.advance(1);
    assert.deepEqual(r.events.slice(-2), ["END", "DEINIT"]);
    assert.equal(done, true);
    assert.equal(r.transport.pc, undefined);
  });

  it("deinit during STARTING waits for the start, then stops", () => {
    const r = rig();
    r.mgr.init();
    r.mgr.startProvisioning(0, undefined, "P", undefined);
    r.mgr.deinit();
    r.clock.advance(2000);
    assert.deepEqual(r.events, ["INIT", "START", "END", "DEINIT"]);
  });
});

describe("ProvManager startProvisioning/stopProvisioning", () => {
  it("returns INVALID_STATE before init, after deinit and while running", () => {
    const r = rig();
    assert.equal(r.mgr.startProvisioning(0, undefined, "P", undefined), INVALID_STATE);
    r.mgr.init();
    r.mgr.deinit();
    assert.equal(r.mgr.startProvisioning(0, undefined, "P", undefined), INVALID_STATE);
    const s = started();
    assert.equal(s.mgr.startProvisioning(0, undefined, "P", undefined), INVALID_STATE);
  });

  it("returns INVALID_ARG for an unknown security and NOT_SUPPORTED for sec2 without a factory", () => {
    const r = rig();
    r.mgr.init();
    assert.equal(r.mgr.startProvisioning(3, undefined, "P", undefined), INVALID_ARG);
    assert.equal(r.mgr.startProvisioning(2, {}, "P", undefined), 0x106);
    assert.ok(r.mgr.isSmIdle());
  });

  it("registers the endpoints, serves proto-ver and emits START once the scheme runs", () => {
    const r = rig();
    r.mgr.init();
    r.mgr.setAppInfo("my_app", "1.0", ["x"]);
    let err: number | undefined;
    assert.equal(r.mgr.startProvisioning(1, undefined, "PROV_1", undefined, (e) => (err = e)), 0);
    assert.equal(err, undefined);
    r.clock.advance(0);
    assert.equal(err, 0);
    assert.deepEqual(r.events, ["INIT", "START"]);
    assert.deepEqual(r.wifi.modes, ["sta", "apsta"]);
    assert.deepEqual(r.transport.pc?.endpointNames(), ["proto-ver", "prov-session", "prov-config", "prov-scan", "prov-ctrl"]);
    const json = JSON.parse(Buffer.from(r.req("proto-ver", "2d2d2d").out!).toString());
    assert.deepEqual(json, { my_app: { ver: "1.0", cap: ["x"] }, prov: { ver: "v1.1", sec_ver: 1, cap: ["no_pop", "wifi_scan"] } });
  });

  it("reports the scheme's INVALID_ARG through done, back in IDLE with nothing emitted", () => {
    const r = rig();
    r.mgr.init();
    let err: number | undefined;
    r.mgr.startProvisioning(0, undefined, "P", "short", (e) => (err = e));
    r.clock.advance(0);
    assert.equal(err, INVALID_ARG);
    assert.ok(r.mgr.isSmIdle());
    assert.deepEqual(r.events, ["INIT"]);
    assert.equal(r.mgr.startProvisioning(0, undefined, "P", "longenough"), 0);
  });

  it("stopProvisioning is a no-op when idle; wait() calls back once idle again", () => {
    const r = started();
    let idle = false;
    r.mgr.wait(() => (idle = true));
    r.mgr.stopProvisioning();
    r.mgr.stopProvisioning();
    r.clock.advance(1000);
    assert.equal(idle, true);
    assert.deepEqual(r.events.filter((e) => e === "END"), ["END"]);
    r.mgr.stopProvisioning();
    r.clock.advance(5000);
    assert.deepEqual(r.events.filter((e) => e === "END"), ["END"]);
  });
});
