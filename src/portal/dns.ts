// The captive portal's DNS answers (RFC 1035 §4.1): every A query gets the SoftAP's address, so a
// phone's connectivity probe reaches our HTTP server. Pure bytes in, bytes out; the UDP socket is
// the binding's (Node dgram in the virtual device; on Espruino require("dgram"), whose messages
// are strings: dnsReply(E.toUint8Array(msg), ip, ttl), then sock.send(E.toString(reply), rinfo.port,
// rinfo.address)). Espruino-safe: no Map/Set, no default parameters, Error only.

/** DNS header flags and codes used here. */
const QR = 0x80;
const AA = 0x04;
const RD = 0x01;
const RA = 0x80;
export const RCODE_FORMERR = 1;
export const RCODE_NOTIMP = 4;
/** TTL of our answers (s): short, so names resolve normally soon after provisioning ends. */
export const DNS_TTL = 30;

/** "a.b.c.d" as 4 bytes, or undefined. */
export function parseIp4(s: string): Uint8Array | undefined {
  const p = s.split(".");
  if (p.length !== 4) return undefined;
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const t = p[i] as string;
    if (t.length < 1 || t.length > 3 || !/^[0-9]+$/.test(t) || +t > 255) return undefined;
    out[i] = +t;
  }
  return out;
}

function header(q: Uint8Array, rcode: number, qd: number, an: number, len: number): Uint8Array {
  const r = new Uint8Array(len);
  r[0] = q[0] as number;
  r[1] = q[1] as number;
  // QR, the query's opcode, AA, the query's RD; RA; rcode.
  r[2] = QR | ((q[2] as number) & 0x78) | AA | ((q[2] as number) & RD);
  r[3] = RA | rcode;
  r[5] = qd;
  r[7] = an;
  return r;
}

/**
 * The reply to one DNS message, or undefined to send nothing (shorter than a header, or itself a
 * response: never answer answers). A standard query with one question gets NOERROR with one A
 * record (ip) when it asks for A or ANY in class IN/ANY, else no records (AAAA and the rest:
 * "no data", so clients fall back to A); other opcodes NOTIMP; malformed questions FORMERR.
 */
export function dnsReply(q: Uint8Array, ip: Uint8Array, ttl: number): Uint8Array | undefined {
  if (q.length < 12 || ((q[2] as number) & QR) !== 0) return undefined;
  if (ip.length !== 4) throw new Error("dnsReply: the address must be 4 bytes");
  if ((((q[2] as number) >> 3) & 15) !== 0) return header(q, RCODE_NOTIMP, 0, 0, 12);
  if (q[4] !== 0 || q[5] !== 1) return header(q, RCODE_FORMERR, 0, 0, 12);
  // The question name: length-prefixed labels up to a zero byte; no compression in a question.
  let i = 12;
  for (;;) {
    if (i >= q.length) return header(q, RCODE_FORMERR, 0, 0, 12);
    const n = q[i] as number;
    if (n === 0) break;
    if ((n & 0xc0) !== 0 || i + 1 + n > q.length || i - 12 + n + 1 > 254) return header(q, RCODE_FORMERR, 0, 0, 12);
    i += 1 + n;
  }
  const qend = i + 5; // the zero byte, QTYPE, QCLASS
  if (qend > q.length) return header(q, RCODE_FORMERR, 0, 0, 12);
  const qtype = ((q[i + 1] as number) << 8) | (q[i + 2] as number);
  const qclass = ((q[i + 3] as number) << 8) | (q[i + 4] as number);
  const answer = (qtype === 1 || qtype === 255) && (qclass === 1 || qclass === 255);
  const qlen = qend - 12;
  const r = header(q, 0, 1, answer ? 1 : 0, 12 + qlen + (answer ? 16 : 0));
  r.set(q.subarray(12, qend), 12);
  if (answer) {
    const a = 12 + qlen;
    // A pointer to the question's name, TYPE A, CLASS IN, TTL, RDLENGTH 4, the address.
    r[a] = 0xc0;
    r[a + 1] = 12;
    r[a + 3] = 1;
    r[a + 5] = 1;
    r[a + 6] = (ttl >>> 24) & 255;
    r[a + 7] = (ttl >>> 16) & 255;
    r[a + 8] = (ttl >>> 8) & 255;
    r[a + 9] = ttl & 255;
    r[a + 11] = 4;
    r.set(ip, a + 12);
  }
  return r;
}
