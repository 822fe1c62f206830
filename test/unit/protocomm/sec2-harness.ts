// Shared setup of the sec2 protocomm tests: the esp_prov transcript, a queued CryptoPort, and a
// Protocomm + Sec2 device driven by a FakeClock.
import { readFileSync } from "node:fs";
import type { CryptoPort } from "../../../src/platform/crypto.ts";
import { Protocomm } from "../../../src/protocomm/protocomm.ts";
import { Sec2 } from "../../../src/protocomm/sec2.ts";
import type { Sec2Options } from "../../../src/protocomm/sec2.ts";
import { srpGroup3072 } from "../../../src/crypto/srp6a.ts";
import { srpClientA, srpClientSession } from "../../../src/crypto/srp6a-client.ts";
import { decodeSessionData, encodeSessionData } from "../../../src/pb/session_pb.ts";
import { nodeCrypto } from "../../../tools/node-platform/crypto.ts";
import { FakeClock } from "../../fakes/fake-clock.ts";

const file = JSON.parse(readFileSync(new URL("../../vectors/esp-idf/sec2-transcript.json", import.meta.url), "utf8"));
/** test/vectors/esp-idf/sec2-transcript.json vectors[0] (wifiprov / abcd1234, patch 1). */
export const V = file.vectors[0] as Record<string, string>;
export const hex = (s: string) => new Uint8Array(Buffer.from(s, "hex"));
export const toHex = (b?: Uint8Array) => Buffer.from(b ?? []).toString("hex");

/** node:crypto primitives; random() serves the queue in call order (checking sizes), then real randomness. */
export function queuedCrypto(queue: Uint8Array[]): CryptoPort {
  return {
    ...nodeCrypto,
    random: (n: number) => {
      const v = queue.shift();
      if (!v) return nodeCrypto.random(n);
      if (v.length !== n) throw new Error(`unexpected random(${n}), queued ${v.length}`);
      return new Uint8Array(v);
    },
  };
}

export interface Reply {
  err: number;
  data?: Uint8Array;
}

/** A device: Protocomm with Sec2 on prov-session, proto-ver, and an echo-ish prov-config handler. */
export class Dev {
  readonly clock: FakeClock;
  readonly pc: Protocomm;
  readonly sec: Sec2;
  /** Plaintexts the prov-config handler saw. */
  readonly seen: Uint8Array[] = [];
  /** prov-config answers this, or (when undefined) its input reversed. */
  answer: Uint8Array | undefined;

  constructor(o: { queue?: Uint8Array[]; clock?: FakeClock } & Partial<Sec2Options> = {}) {
    this.clock = o.clock ?? new FakeClock();
    this.pc = new Protocomm(this.clock);
    this.sec = new Sec2({ salt: hex(V.salt!), verifier: hex(V.verifier!), ...o, clock: this.clock, crypto: queuedCrypto(o.queue ?? []) });
    this.pc.setSecurity("prov-session", this.sec);
    this.pc.setVersion("proto-ver", '{"prov":{"ver":"v1.1","sec_ver":2,"sec_patch_ver":1,"cap":["wifi_scan"]}}');
    this.pc.addEndpoint("prov-config", (_id, d, done) => {
      this.seen.push(d);
      done(0, this.answer ?? new Uint8Array(d).reverse());
    });
  }

  /** Sends a request without running the clock; the reply is pushed into the returned array. */
  send(ep: string, data: Uint8Array, id = 42): Reply[] {
    const box: Reply[] = [];
    this.pc.handle(ep, id, data, (err, d) => box.push({ err, data: d }));
    return box;
  }

  /** One request, run to completion. */
  call(ep: string, data: Uint8Array, id = 42): Reply {
    let out: Reply | undefined;
    this.pc.handle(ep, id, data, (err, d) => (out = { err, data: d }));
    this.clock.runAll();
    if (!out) throw new Error(`${ep}: no completion`);
    return out;
  }
}

/** S2SessionCmd0 with A exactly as given. */
export function cmd0(A: Uint8Array, user = V.username!): Uint8Array {
  return encodeSessionData({ secVer: 2, sec2: { msg: 0, sc0: { clientUsername: new TextEncoder().encode(user), clientPubkey: A } } });
}

/** S2SessionCmd1 with proof M. */
export function cmd1(M: Uint8Array): Uint8Array {
  return encodeSessionData({ secVer: 2, sec2: { msg: 2, sc1: { clientProof: M } } });
}

const G = srpGroup3072(nodeCrypto);

/** The client's proof and expected device proof for a's A as sent and the device's S2SessionResp0. */
export function clientProof(a: Uint8Array, A: Uint8Array, resp0: Uint8Array, password = V.password!) {
  const sr0 = decodeSessionData(resp0)?.sec2?.sr0;
  if (!sr0) throw new Error("no S2SessionResp0");
  const te = new TextEncoder();
  const s = srpClientSession(G, { I: te.encode(V.username), p: te.encode(password), s: sr0.deviceSalt, B: sr0.devicePubkey, a, A });
  if (!s) throw new Error("client SRP failed");
  return { M: s.M, HAMK: s.HAMK, B: sr0.devicePubkey };
}

/** g^a mod N as minimal bytes (what esp_prov sends). */
export const publicA = (a: Uint8Array) => srpClientA(G, a);
