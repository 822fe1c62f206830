// Test harness for the provisioning manager: fake platform, loopback transport, event log.
import { FakeClock } from "../../fakes/fake-clock";
import { FakeWifi } from "../../fakes/fake-wifi";
import { MemKv } from "../../fakes/mem-kv";
import { DetCrypto } from "../../fakes/det-crypto";
import type { Platform } from "../../../src/platform/index";
import type { Done } from "../../../src/platform/done";
import type { Protocomm } from "../../../src/protocomm/protocomm";
import type { Transport } from "../../../src/protocomm/transport";
import { ProvManager } from "../../../src/prov/manager";
import type { ProvManagerOptions } from "../../../src/prov/manager-types";
import { SchemeSoftAp } from "../../../src/prov/scheme-softap";

export const hex = (b: Uint8Array | undefined) => (b ? Buffer.from(b).toString("hex") : "undefined");
export const unhex = (h: string) => new Uint8Array(Buffer.from(h.replace(/\s+/g, ""), "hex"));
export const bytes = (s: string) => new Uint8Array(Buffer.from(s, "utf8"));

/** Transport that hands the Protocomm to the test (requests go straight to pc.handle). */
export class LoopTransport implements Transport {
  pc: Protocomm | undefined;
  starts = 0;
  stops = 0;
  constructor(private clock: FakeClock) {}
  start(pc: Protocomm, done: Done): void {
    this.pc = pc;
    this.starts++;
    this.clock.setTimer(0, () => done(0));
  }
  stop(done: Done): void {
    this.pc = undefined;
    this.stops++;
    this.clock.setTimer(0, () => done(0));
  }
}

export interface Rig {
  clock: FakeClock;
  wifi: FakeWifi;
  kv: MemKv;
  platform: Platform;
  transport: LoopTransport;
  events: string[];
  mgr: ProvManager;
  /** Sends one request on the loopback; runs due timers; returns err and response. */
  req(ep: string, data: Uint8Array | string): { err: number; out: Uint8Array | undefined };
}

/** A manager on a SoftAP scheme with a loopback transport; APs "home" (pw "password1") and "cafe" (open). */
export function rig(opts: Partial<ProvManagerOptions> = {}, kv = new MemKv()): Rig {
  const clock = new FakeClock();
  const wifi = new FakeWifi(clock);
  wifi.aps = [
    { ssid: "home", channel: 6, rssi: -50, passphrase: "password1", bssid: unhex("112233445566") },
    { ssid: "cafe", channel: 1, rssi: -40 },
  ];
  const platform: Platform = { clock, wifi, kv, crypto: new DetCrypto() };
  const transport = new LoopTransport(clock);
  const events: string[] = [];
  const mgr = new ProvManager(platform, {
    scheme: new SchemeSoftAp(wifi, clock, transport),
    onInit: () => events.push("INIT"),
    onStart: () => events.push("START"),
    onSetStaConfig: () => events.push("SET_STA_CONFIG"),
    onCredRecv: (s) => events.push("CRED_RECV:" + Buffer.from(s).toString()),
    onCredFail: (r) => events.push("CRED_FAIL:" + r),
    onCredSuccess: () => events.push("CRED_SUCCESS"),
    onEnd: () => events.push("END"),
    onDeinit: () => events.push("DEINIT"),
    ...opts,
  });
  const req = (ep: string, data: Uint8Array | string) => {
    const pc = transport.pc;
    if (!pc) return { err: -999, out: undefined };
    let res: { err: number; out: Uint8Array | undefined } | undefined;
    pc.handle(ep, 1, typeof data === "string" ? unhex(data) : data, (err, out) => (res = { err, out }));
    clock.advance(0);
    if (!res) throw new Error("request did not complete");
    return res;
  };
  return { clock, wifi, kv, platform, transport, events, mgr, req };
}

/** init + start (sec0, "PROV_test", open) and run until STARTED. */
export function started(opts: Partial<ProvManagerOptions> = {}, kv?: MemKv): Rig {
  const r = rig(opts, kv);
  if (r.mgr.init() !== 0) throw new Error("init failed");
  if (r.mgr.startProvisioning(0, undefined, "PROV_test", undefined) !== 0) throw new Error("start failed");
  r.clock.advance(0);
  return r;
}

/** set_config(ssid, pass) then apply_config over prov-config; returns the two responses as hex. */
export function provision(r: Rig, ssid: string, pass: string): [string, string] {
  const s = bytes(ssid);
  const p = bytes(pass);
  const body = Buffer.concat([Buffer.from([0x0a, s.length]), s, Buffer.from([0x12, p.length]), p]);
  const set = Buffer.concat([Buffer.from([0x08, 0x02, 0x62, body.length]), body]);
  const a = r.req("prov-config", new Uint8Array(set));
  const b = r.req("prov-config", "08047200");
  return [hex(a.out), hex(b.out)];
}

export const GET_STATUS = "5200";
export const ST_CONNECTING = "08015a021001";
export const ST_AUTH_FAIL = "08015a0410035000";
export const ST_NOT_FOUND = "08015a0410035001";
export const SET_OK = "08036a00";
export const APPLY_OK = "08057a00";
export const APPLY_INTERNAL = "08057a020805";
