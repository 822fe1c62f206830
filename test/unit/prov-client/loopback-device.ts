// A minimal device on 127.0.0.1 for client tests: the real Protocomm + Sec0/Sec1 + TransportHttpd
// on NodeHttp, with scripted prov-config/prov-scan/prov-ctrl/custom-data handlers.
import { Protocomm } from "../../../src/protocomm/protocomm.ts";
import { sec0 } from "../../../src/protocomm/sec0.ts";
import { Sec1 } from "../../../src/protocomm/sec1.ts";
import { TransportHttpd } from "../../../src/protocomm/transport-httpd.ts";
import { decodeWiFiConfigPayload, encodeWiFiConfigPayload, type RespGetStatus } from "../../../src/pb/wifi_config_pb.ts";
import { decodeWiFiScanPayload, encodeWiFiScanPayload, type WiFiScanResult } from "../../../src/pb/wifi_scan_pb.ts";
import { decodeWiFiCtrlPayload, encodeWiFiCtrlPayload } from "../../../src/pb/wifi_ctrl_pb.ts";
import { NodeClock } from "../../../tools/node-platform/clock.ts";
import { nodeCrypto } from "../../../tools/node-platform/crypto.ts";
import { NodeHttp } from "../../../tools/node-platform/http.ts";

export interface LoopbackOptions {
  sec: 0 | 1;
  pop?: string;
  /** Access points: ssid → passphrase ("" = open). */
  aps?: { [ssid: string]: string };
  /** get_status answers "connecting" this many times before the outcome. */
  connectingPolls?: number;
}

export interface Loopback {
  host: string;
  /** Every request the device saw: endpoint and plaintext body (hex). */
  seen: { ep: string; hex: string }[];
  /** The last credentials received. */
  creds?: { ssid: string; passphrase: string };
  stop(): Promise<void>;
}

const ssids = (aps: { [s: string]: string }): WiFiScanResult[] =>
  Object.entries(aps).map(([s, p], i) => ({ ssid: new Uint8Array(Buffer.from(s)), channel: 1 + i, rssi: -40 - 5 * i, bssid: new Uint8Array(6).fill(i + 1), auth: p ? 3 : 0 }));

export async function startLoopback(o: LoopbackOptions): Promise<Loopback> {
  const clock = new NodeClock();
  const pc = new Protocomm(clock);
  const aps = o.aps ?? { HomeNet: "secret123", CafeOpen: "" };
  const lb: Loopback = { host: "", seen: [], stop: async () => undefined };
  const sec = o.sec === 0 ? sec0(clock) : new Sec1({ clock, crypto: nodeCrypto, pop: o.pop ? new Uint8Array(Buffer.from(o.pop)) : undefined });
  pc.setSecurity("prov-session", sec);
  const cap = o.sec === 0 ? ["no_sec", "wifi_scan"] : o.pop ? ["wifi_scan"] : ["no_pop", "wifi_scan"];
  pc.setVersion("proto-ver", JSON.stringify({ prov: { ver: "v1.1", sec_ver: o.sec, cap } }));
  let polls = 0;
  let applied = false;
  let failed = false;
  pc.addEndpoint("prov-config", (_id, d, done) => {
    lb.seen.push({ ep: "prov-config", hex: Buffer.from(d).toString("hex") });
    const m = decodeWiFiConfigPayload(d);
    if (!m) return done(-1);
    if (m.msg === 2) {
      const c = m.cmdSetConfig!;
      lb.creds = { ssid: Buffer.from(c.ssid).toString(), passphrase: Buffer.from(c.passphrase).toString() };
      return done(0, encodeWiFiConfigPayload({ msg: 3, respSetConfig: { status: 0 } }));
    }
    if (m.msg === 4) {
      applied = true;
      polls = 0;
      return done(0, encodeWiFiConfigPayload({ msg: 5, respApplyConfig: { status: 0 } }));
    }
    let r: RespGetStatus = { status: 0, staState: 1 };
    const c = lb.creds;
    if (applied && c && polls++ >= (o.connectingPolls ?? 1)) {
      const want = aps[c.ssid];
      if (want === undefined) r = { status: 0, staState: 3, failReason: 1 };
      else if (want !== c.passphrase) r = { status: 0, staState: 3, failReason: 0 };
      else r = { status: 0, staState: 0, connected: { ip4Addr: "192.168.1.77", authMode: 3, ssid: c ? Buffer.from(c.ssid) : new Uint8Array(), bssid: new Uint8Array(6), channel: 6 } };
      failed = r.staState === 3;
    }
    done(0, encodeWiFiConfigPayload({ msg: 1, respGetStatus: r }));
  });
  pc.addEndpoint("prov-scan", (_id, d, done) => {
    lb.seen.push({ ep: "prov-scan", hex: Buffer.from(d).toString("hex") });
    const m = decodeWiFiScanPayload(d);
    const list = ssids(aps);
    if (!m) return done(-1);
    if (m.msg === 0) return done(0, encodeWiFiScanPayload({ msg: 1, status: 0, respScanStart: {} }));
    if (m.msg === 2) return done(0, encodeWiFiScanPayload({ msg: 3, status: 0, respScanStatus: { scanFinished: true, resultCount: list.length } }));
    const q = m.cmdScanResult!;
    done(0, encodeWiFiScanPayload({ msg: 5, status: 0, respScanResult: { entries: list.slice(q.startIndex, q.startIndex + q.count) } }));
  });
  pc.addEndpoint("prov-ctrl", (_id, d, done) => {
    lb.seen.push({ ep: "prov-ctrl", hex: Buffer.from(d).toString("hex") });
    const m = decodeWiFiCtrlPayload(d);
    if (!m) return done(-1);
    const ok = m.msg === 1 ? failed : false;
    if (ok) applied = failed = false;
    done(0, encodeWiFiCtrlPayload({ msg: m.msg + 1, status: ok ? 0 : 5 }));
  });
  pc.addEndpoint("custom-data", (_id, d, done) => {
    lb.seen.push({ ep: "custom-data", hex: Buffer.from(d).toString("hex") });
    done(0, new Uint8Array(Buffer.from("SUCCESS\0", "latin1")));
  });
  const t = new TransportHttpd({ http: new NodeHttp(), crypto: nodeCrypto, clock, port: 0, host: "127.0.0.1" });
  await new Promise<void>((res, rej) => t.start(pc, (err) => (err ? rej(new Error("start " + err)) : res())));
  lb.host = `127.0.0.1:${t.boundPort()}`;
  lb.stop = () => new Promise<void>((res) => t.stop(() => (clock.clearAll(), res())));
  return lb;
}
