// Shared fast-check pieces of the endpoint fuzz suites: run counts, valid seed messages of every
// endpoint (docs/spec/protocol.md §13 bytes), mutations, and the endpoint list.
import fc from "fast-check";

export { runs } from "../helpers/props.ts";

export const ENDPOINTS = ["prov-session", "prov-config", "prov-scan", "prov-ctrl", "proto-ver", "custom-data", "unknown-ep"];

const h = (s: string) => new Uint8Array(Buffer.from(s.replace(/ /g, ""), "hex"));
/** Valid plaintext requests (docs/spec/protocol.md §13 and the clients' forms). */
export const SEEDS = [
  h("5200"), // get_status
  h("0802 6217 0a04686f6d65 1209 70617373776f726431 1a06aabbccddeeff 2006"), // set_config home/password1
  h("08047200"), // apply
  h("0800 5208 0801 1005 18 00 2078"), // scan_start blocking, group 5
  h("0802 5a00"), // scan_status
  h("0804 6204 0800 1004"), // scan_result 0..4
  h("08015a00"), // ctrl reset
  h("08036a00"), // ctrl reprov
  h("10015a25a201220a20" + "09".repeat(32)), // sec1 Cmd0
  h("10015a270802b201221220" + "00".repeat(32)), // sec1 Cmd1
  h("5203a20100"), // sec0
];

type Mut = { kind: string; at: number; v: number };
export const mutation: fc.Arbitrary<Mut> = fc.oneof(
  fc.record({ kind: fc.constant("flip"), at: fc.nat(), v: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant("cut"), at: fc.nat(), v: fc.constant(0) }),
  fc.record({ kind: fc.constant("insert"), at: fc.nat(), v: fc.integer({ min: 0, max: 255 }) }),
);

export function mutate(b: Uint8Array, ms: Mut[]): Uint8Array {
  let out = new Uint8Array(b);
  for (const m of ms) {
    const at = out.length === 0 ? 0 : m.at % (out.length + 1);
    if (m.kind === "flip" && at < out.length) out[at] = m.v;
    else if (m.kind === "cut") out = out.subarray(0, at);
    else {
      const n = new Uint8Array(out.length + 1);
      n.set(out.subarray(0, at), 0);
      n[at] = m.v;
      n.set(out.subarray(at), at + 1);
      out = n;
    }
  }
  return out;
}

/** Random bytes (up to 600), or a seed with 1..4 mutations. */
export const payload: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.uint8Array({ maxLength: 600, size: "large" }),
  fc.tuple(fc.constantFrom(...SEEDS), fc.array(mutation, { minLength: 1, maxLength: 4 })).map(([s, ms]) => mutate(s, ms)),
);
