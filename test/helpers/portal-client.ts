// Client side of the captive portal for the firmware tiers: a DNS query written by hand, sent over
// loopback UDP, the A records of the reply, a GET with a chosen Host header, and a free UDP port
// (the tests' DNS port: never 53).
import assert from "node:assert/strict";
import * as dgram from "node:dgram";
import * as http from "node:http";

/** A standard query (RD set) for name/qtype (RFC 1035 §4.1). */
export function dnsQuery(id: number, name: string, qtype = 1): Buffer {
  const labels = name.split(".").map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l, "ascii")]));
  return Buffer.concat([Buffer.from([id >> 8, id & 255, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0]), ...labels, Buffer.from([0, qtype >> 8, qtype & 255, 0, 1])]);
}

/** Sends q to 127.0.0.1:port; the reply, or undefined after ms. */
export function dnsAsk(port: number, q: Buffer, ms = 1500): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const s = dgram.createSocket("udp4");
    const t = setTimeout(() => (s.close(), resolve(undefined)), ms);
    s.on("message", (m) => (clearTimeout(t), s.close(), resolve(m)));
    s.on("error", () => (clearTimeout(t), s.close(), resolve(undefined)));
    s.send(q, port, "127.0.0.1");
  });
}

/** The A records' addresses in a reply (answers after one question; names as pointers). */
export function aRecords(r: Buffer): string[] {
  let i = 12;
  while (r[i] !== 0) i += r[i]! + 1;
  i += 5;
  const out: string[] = [];
  for (let n = r.readUInt16BE(6); n > 0; n--) {
    assert.equal(r.readUInt16BE(i), 0xc00c, "a pointer to the question's name");
    const type = r.readUInt16BE(i + 2);
    const len = r.readUInt16BE(i + 10);
    if (type === 1) out.push([...r.subarray(i + 12, i + 12 + len)].join("."));
    i += 12 + len;
  }
  return out;
}

export interface Got {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** GET (or HEAD) 127.0.0.1:port/path with an optional Host header; undefined on a connection error. */
export function httpGet(port: number, path: string, host?: string, method = "GET"): Promise<Got | undefined> {
  return new Promise((resolve) => {
    const req = http.request({ host: "127.0.0.1", port, path, method, headers: host ? { Host: host } : {}, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on("error", () => resolve(undefined));
    });
    req.on("error", () => resolve(undefined));
    req.end();
  });
}

/** A UDP port free on 127.0.0.1 right now. */
export function freeUdpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = dgram.createSocket("udp4");
    s.once("error", reject);
    s.bind(0, "127.0.0.1", () => {
      const p = s.address().port;
      s.close(() => resolve(p));
    });
  });
}
