// Shared setup for the BLE transport tests: Protocomm + security + a trivial prov-config
// handler, served by TransportBle/SchemeBle on a FakeBle central.
import { setLogSink } from "../../../src/core/log.ts";
import { decodeWiFiConfigPayload, encodeWiFiConfigPayload } from "../../../src/pb/wifi_config_pb.ts";
import type { Handler } from "../../../src/protocomm/protocomm.ts";
import { Protocomm } from "../../../src/protocomm/protocomm.ts";
import { sec0 } from "../../../src/protocomm/sec0.ts";
import { Sec1 } from "../../../src/protocomm/sec1.ts";
import type { Security } from "../../../src/protocomm/security.ts";
import { TransportBle } from "../../../src/protocomm/transport-ble.ts";
import { SchemeBle } from "../../../src/prov/scheme-ble.ts";
import { nodeCrypto } from "../../../tools/node-platform/crypto.ts";
import { FakeBle, type FakeBleOptions } from "../../fakes/fake-ble.ts";
import { FakeClock } from "../../fakes/fake-clock.ts";

/** manager.c order and ids (v5.1+). */
export const STD_EPS: [string, number][] = [
  ["prov-ctrl", 0xff4f],
  ["prov-scan", 0xff50],
  ["prov-session", 0xff51],
  ["prov-config", 0xff52],
  ["proto-ver", 0xff53],
];
export const VER = '{"prov":{"ver":"v1.1","cap":["wifi_scan"]},"test":1}';

export interface BleSetup {
  sec?: "sec0" | "sec1" | ((clock: FakeClock) => Security);
  pop?: string;
  fake?: Omit<FakeBleOptions, "clock">;
  serviceUuid?: string;
  name?: string;
  extra?: [string, number][];
  handlers?: Record<string, Handler>;
}

/** get_status → Connecting; set_config → Success (ssid/passphrase recorded); else decode error. */
export function configHandler(seen: { ssid?: string; passLen?: number; reqLens: number[] }): Handler {
  return (_sid, data, done) => {
    seen.reqLens.push(data.length);
    const m = decodeWiFiConfigPayload(data);
    if (!m) return done(0x102);
    if (m.msg === 0) return done(0, encodeWiFiConfigPayload({ msg: 1, respGetStatus: { status: 0, staState: 1 } }));
    if (m.msg === 2 && m.cmdSetConfig) {
      seen.ssid = Buffer.from(m.cmdSetConfig.ssid).toString();
      seen.passLen = m.cmdSetConfig.passphrase.length;
      return done(0, encodeWiFiConfigPayload({ msg: 3, respSetConfig: { status: 0 } }));
    }
    done(0x102);
  };
}

export function setup(o: BleSetup = {}) {
  const clock = new FakeClock();
  const ble = new FakeBle({ clock, ...o.fake });
  const pc = new Protocomm(clock);
  const logs: string[] = [];
  setLogSink((lvl, tag, msg) => logs.push(`${lvl} ${tag} ${msg}`), 4);
  const sec =
    o.sec === "sec1"
      ? new Sec1({ clock, crypto: nodeCrypto, pop: o.pop === undefined ? undefined : Buffer.from(o.pop) })
      : o.sec && o.sec !== "sec0"
        ? o.sec(clock)
        : sec0(clock);
  pc.setSecurity("prov-session", sec);
  pc.setVersion("proto-ver", VER);
  const seen = { reqLens: [] as number[] } as { ssid?: string; passLen?: number; reqLens: number[] };
  pc.addEndpoint("prov-config", configHandler(seen));
  for (const [n, h] of Object.entries(o.handlers ?? {})) pc.addEndpoint(n, h);
  const transport = new TransportBle({ ble, clock, serviceUuid: o.serviceUuid });
  const scheme = new SchemeBle(transport, clock);
  const setEp = [...STD_EPS, ...(o.extra ?? [])].map(([n, id]) => scheme.setEndpoint(n, id));
  /** Runs an operation to completion on the virtual clock and returns its callback arguments. */
  const run = <T extends unknown[]>(fn: (cb: (...a: T) => void) => void): T => {
    let out: T | undefined;
    fn((...a) => (out = a));
    clock.runAll();
    if (!out) throw new Error("operation never completed");
    return out;
  };
  const [startErr] = run<[number]>((cb) => scheme.start(pc, o.name ?? "PROV_1A2", undefined, cb));
  /** One client request (write, then read 30 ms after the ack); returns the bytes read. */
  const req = (ep: string, data: Uint8Array, gapMs?: number) => {
    const [err, d] = run<[number, Uint8Array?]>((cb) => ble.request(ep, data, cb, gapMs));
    if (err) throw new Error(`request failed 0x${err.toString(16)}`);
    return d!;
  };
  return { clock, ble, pc, transport, scheme, sec, seen, logs, run, req, startErr, setEp };
}

export const h = (s: string) => new Uint8Array(Buffer.from(s.replace(/\s/g, ""), "hex"));
export const hx = (b: Uint8Array) => Buffer.from(b).toString("hex");
