import assert from "node:assert/strict";
import transcript from "../../vectors/esp-idf/sec1-transcript.json" with { type: "json" };
import type { CryptoPort } from "../../../src/platform/crypto.ts";
import { Protocomm } from "../../../src/protocomm/protocomm.ts";
import { Sec1 } from "../../../src/protocomm/sec1.ts";
import { nodeCrypto } from "../../../tools/node-platform/crypto.ts";
import { FakeClock } from "../../fakes/fake-clock.ts";

const hex = (s: string) => new Uint8Array(Buffer.from(s, "hex"));
const toHex = (b?: Uint8Array) => Buffer.from(b ?? []).toString("hex");

/** node:crypto primitives with random() served from a fixed queue, in call order. */
function queuedCrypto(queue: Uint8Array[]): CryptoPort {
  return {
    ...nodeCrypto,
    random: (n: number) => {
      const v = queue.shift();
      if (!v || v.length !== n) throw new Error(`unexpected random(${n})`);
      return v;
    },
  };
}

function call(clock: FakeClock, pc: Protocomm, ep: string, data: Uint8Array) {
  let out: { err: number; data?: Uint8Array } | undefined;
  pc.handle(ep, 42, data, (err, d) => (out = { err, data: d }));
  clock.runAll();
  return out!;
}

describe("security 1 against the esp_prov transcript (spec/vectors/sec1-transcript.json)", () => {
  it("reproduces every device message and the first encrypted exchange byte for byte", () => {
    const clock = new FakeClock();
    const next = new Uint8Array(32).fill(7); // the key pair prepared for the next session
    const crypto = queuedCrypto([hex(transcript.device_private_key), hex(transcript.device_random), next]);
    const pc = new Protocomm(clock);
    pc.setSecurity("prov-session", new Sec1({ clock, crypto, pop: Buffer.from(transcript.pop) }));
    let seen = "";
    pc.addEndpoint("prov-config", (_id, d, done) => {
      seen = toHex(d);
      done(0, hex(transcript.get_status_response_plain));
    });
    pc.openSession(42);
    const r0 = call(clock, pc, "prov-session", hex(transcript.session_cmd0));
    assert.equal(toHex(r0.data), transcript.session_resp0);
    const r1 = call(clock, pc, "prov-session", hex(transcript.session_cmd1));
    assert.equal(toHex(r1.data), transcript.session_resp1);
    const r2 = call(clock, pc, "prov-config", hex(transcript.get_status_request_encrypted));
    assert.equal(seen, transcript.get_status_request_plain);
    assert.equal(toHex(r2.data), transcript.get_status_response_encrypted);
  });
});
