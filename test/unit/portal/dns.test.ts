// The captive portal's DNS codec (src/portal/dns.ts) on hand-written RFC 1035 messages: every A
// query gets the AP address, AAAA gets no data, malformed input gets FORMERR or nothing, never a throw.
import assert from "node:assert/strict";
import fc from "fast-check";
import { DNS_TTL, dnsReply, parseIp4, RCODE_FORMERR, RCODE_NOTIMP } from "../../../src/portal/dns.ts";
import { FC_PATH, FC_SEED, runs } from "../../helpers/props.ts";

const AP = new Uint8Array([192, 168, 4, 1]);
const h = (s: string) => new Uint8Array(Buffer.from(s.replace(/\s+/g, ""), "hex"));
const hex = (b: Uint8Array | undefined) => (b ? Buffer.from(b).toString("hex") : "none");
// id 0xbeef, flags 0x0100 (RD), QDCOUNT 1; "connectivitycheck.gstatic.com".
const NAME = "11 636f6e6e6563746976697479636865636b 07 67737461746963 03 636f6d 00";
const query = (qtype: string, qclass = "0001", flags = "0100", qd = "0001") => h(`beef ${flags} ${qd} 0000 0000 0000 ${NAME} ${qtype} ${qclass}`);

describe("portal: DNS codec", () => {
  it("answers an A query with one A record for the AP address (pointer to the question name, TTL, RDLENGTH 4)", () => {
    const r = dnsReply(query("0001"), AP, DNS_TTL);
    const ttl = DNS_TTL.toString(16).padStart(8, "0");
    // QR|AA|RD = 0x85, RA = 0x80, NOERROR; QD 1, AN 1; the question verbatim; the answer.
    assert.equal(hex(r), hex(h(`beef 8580 0001 0001 0000 0000 ${NAME} 0001 0001  c00c 0001 0001 ${ttl} 0004 c0a80401`)));
  });

  it("answers ANY (255) and class ANY too, and a query without RD without RD", () => {
    assert.equal(dnsReply(query("00ff"), AP, 30)![7], 1);
    assert.equal(dnsReply(query("0001", "00ff"), AP, 30)![7], 1);
    assert.equal(dnsReply(query("0001", "0001", "0000"), AP, 30)![2], 0x84);
  });

  it("answers AAAA, MX and class CH with no records (NOERROR, the question kept: clients fall back to A)", () => {
    for (const [t, c] of [["001c", "0001"], ["000f", "0001"], ["0001", "0003"]] as const) {
      const r = dnsReply(query(t, c), AP, 30)!;
      assert.equal(hex(r), hex(h(`beef 8580 0001 0000 0000 0000 ${NAME} ${t} ${c}`)));
    }
  });

  it("drops responses and runts (never answers an answer)", () => {
    assert.equal(dnsReply(query("0001", "0001", "8180"), AP, 30), undefined);
    assert.equal(dnsReply(h("beef0100000100000000"), AP, 30), undefined);
    assert.equal(dnsReply(new Uint8Array(0), AP, 30), undefined);
  });

  it("NOTIMP for other opcodes, FORMERR for 0 or 2 questions, a truncated name, a compression pointer, a missing type", () => {
    const rcode = (b: Uint8Array) => dnsReply(b, AP, 30)![3]! & 15;
    assert.equal(rcode(query("0001", "0001", "2800")), RCODE_NOTIMP); // opcode 5 (UPDATE)
    assert.equal(rcode(query("0001", "0001", "0100", "0000")), RCODE_FORMERR);
    assert.equal(rcode(query("0001", "0001", "0100", "0002")), RCODE_FORMERR);
    assert.equal(rcode(h("beef 0100 0001 0000 0000 0000 11 636f6e6e")), RCODE_FORMERR);
    assert.equal(rcode(h("beef 0100 0001 0000 0000 0000 c00c 0001 0001")), RCODE_FORMERR);
    assert.equal(rcode(h("beef 0100 0001 0000 0000 0000 03 636f6d 00 0001")), RCODE_FORMERR);
    // The error reply is the header alone, with the query's id.
    assert.equal(hex(dnsReply(query("0001", "0001", "0100", "0000"), AP, 30)), "beef8581000000000000000000".slice(0, 24));
  });

  it("answers the root name and a 63-byte label; refuses a name over 255 bytes", () => {
    assert.equal(dnsReply(h("0001 0100 0001 0000 0000 0000 00 0001 0001"), AP, 30)![7], 1);
    const l63 = "3f" + "61".repeat(63);
    assert.equal(dnsReply(h(`0001 0100 0001 0000 0000 0000 ${l63} 00 0001 0001`), AP, 30)![7], 1);
    const long = (l63 + l63 + l63 + l63) + "00";
    assert.equal(dnsReply(h(`0001 0100 0001 0000 0000 0000 ${long} 0001 0001`), AP, 30)![3]! & 15, RCODE_FORMERR);
  });

  it("never throws on arbitrary bytes; every reply keeps the id and is a response", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), fc.boolean(), (b, asQuery) => {
        if (asQuery && b.length > 5) {
          b[2] = b[2]! & 0x7f;
          b[4] = 0;
          b[5] = 1;
        }
        const r = dnsReply(b, AP, 30);
        if (r === undefined) return;
        assert.equal(r[0], b[0]);
        assert.equal(r[1], b[1]);
        assert.ok(r[2]! & 0x80);
      }),
      { numRuns: runs(500), seed: FC_SEED, path: FC_PATH }
    );
  });

  it("parseIp4 takes dotted quads only; a wrong-sized address is a clear error", () => {
    assert.equal(hex(parseIp4("192.168.4.1")), "c0a80401");
    for (const bad of ["192.168.4", "192.168.4.256", "a.b.c.d", "1.2.3.4.5", "", "1..2.3"]) assert.equal(parseIp4(bad), undefined, bad);
    assert.throws(() => dnsReply(query("0001"), new Uint8Array(16), 30), /the address must be 4 bytes/);
  });
});
