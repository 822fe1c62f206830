// Table-driven protobuf codec shared by the generated src/pb/*_pb.ts: one encoder and one decoder
// read per-message descriptors (each Espruino function costs ~7 JsVars, a descriptor string ~2-4).
// Output matches protobuf-c / esp_prov (docs/spec/protocol.md §1): defaults omitted, oneof members
// always written, negative int32 as a 10-byte varint. Decoding never throws: errors give undefined.
import { bytesStr, strBytes } from "../core/bytes";

/** Value of absent `bytes` fields: shared, and harmless because it has no elements. */
export const EMPTY = new Uint8Array(0);

/**
 * A message: "name kN name kN …" (field name, kind letter, field number), or that string followed
 * by the descriptors of its `m`/`r` fields in order. Kinds: i int32/enum, u uint32, o bool,
 * b bytes, s string, m sub-message, r repeated sub-message; I/U a scalar oneof member.
 */
export type Desc = string | Desc[];

/** Output buffer (short keys pack into one JsVar each). */
interface W {
  b: Uint8Array;
  n: number;
}

/** Appends a varint (negative int32 sign-extended to 64 bits) or, with `u`, length + bytes. */
function put(w: W, v: number, u?: Uint8Array): void {
  const k = u ? u.length : 0;
  if (w.n + 10 + k > w.b.length) {
    const nb = new Uint8Array(2 * w.b.length + 10 + k);
    nb.set(w.b.subarray(0, w.n), 0);
    w.b = nb;
  }
  if (u) {
    put(w, v);
    put(w, k);
    w.b.set(u, w.n);
    w.n += k;
    return;
  }
  const b = w.b;
  let n = w.n;
  if (v < 0) {
    let lo = v >>> 0;
    for (let i = 0; i < 4; i++) {
      b[n++] = (lo & 0x7f) | 0x80;
      lo = lo >>> 7;
    }
    b[n++] = lo | 0xf0;
    for (let i = 0; i < 4; i++) b[n++] = 0xff;
    b[n++] = 1;
  } else {
    while (v > 127) {
      b[n++] = (v & 0x7f) | 0x80;
      v = v >>> 7;
    }
    b[n++] = v;
  }
  w.n = n;
}

function fields(d: Desc): string[] {
  const s = typeof d === "string" ? d : (d[0] as string);
  return s ? s.split(" ") : [];
}

/** Encodes `m` as message `d`. */
export function enc(d: Desc, m: object): Uint8Array {
  const w: W = { b: new Uint8Array(64), n: 0 };
  const o = m as Record<string, unknown>;
  const t = fields(d);
  let sub = 1;
  for (let i = 0; i < t.length; i += 2) {
    const v = o[t[i] as string];
    const k = (t[i + 1] as string).charAt(0);
    const f = parseInt((t[i + 1] as string).substring(1), 10);
    if (k === "m" || k === "r") {
      // Sub-messages: written when defined, as tag + length 0 when empty (`52 00`).
      const sd = (d as Desc[])[sub++] as Desc;
      if (v !== undefined) {
        const vs = (k === "r" ? v : [v]) as object[];
        for (const x of vs) put(w, (f << 3) | 2, enc(sd, x));
      }
    } else if (k === "b" || k === "s") {
      const x = k === "s" ? strBytes(v as string) : (v as Uint8Array);
      if (x.length > 0) put(w, (f << 3) | 2, x);
    } else if (k === "I" || k === "U" ? v !== undefined : v) {
      // Oneof scalars are written whenever selected, even when 0 (`fail_reason = 0` → `50 00`).
      put(w, f << 3);
      put(w, v === true ? 1 : (v as number));
    }
  }
  return w.b.subarray(0, w.n);
}

/** Input cursor; `ok` cleared by any malformation. */
interface R {
  b: Uint8Array;
  p: number;
  ok: boolean;
}

/** A varint of up to 10 bytes as its low 32 bits, signed; with `len`, a view of that many bytes. */
function get(r: R, len?: boolean): number | Uint8Array {
  const b = r.b;
  let p = r.p;
  let v = 0;
  for (let i = 0; i < 10 && p < b.length; i++) {
    const c = b[p++] as number;
    if (i < 5) v |= (c & 0x7f) << (7 * i);
    if (c < 0x80) {
      r.p = p;
      if (!len) return v;
      const n = v >>> 0;
      if (n <= b.length - p) {
        r.p = p + n;
        return b.subarray(p, p + n);
      }
      break;
    }
  }
  r.ok = false;
  return 0;
}

/** Decodes message `d` from `b`; undefined if anything is malformed. */
export function dec(d: Desc, b: Uint8Array): object | undefined {
  const r: R = { b, p: 0, ok: true };
  const t = fields(d);
  const m: Record<string, unknown> = {};
  // proto3 defaults; sub-messages and oneof members stay undefined when absent.
  for (let i = 0; i < t.length; i += 2) {
    const k = (t[i + 1] as string).charAt(0);
    const def = k === "r" ? [] : k === "b" ? EMPTY : k === "s" ? "" : k === "o" ? false : k === "i" || k === "u" ? 0 : undefined;
    if (def !== undefined) m[t[i] as string] = def;
  }
  while (r.ok && r.p < b.length) {
    const tag = (get(r) as number) >>> 0;
    const f = tag >>> 3;
    const wt = tag & 7;
    if (!r.ok || f === 0) return undefined;
    let k = "";
    let name = "";
    let sub = 0;
    for (let i = 0; i < t.length; i += 2) {
      const c = (t[i + 1] as string).charAt(0);
      if (c === "m" || c === "r") sub++;
      if (parseInt((t[i + 1] as string).substring(1), 10) === f) {
        k = c;
        name = t[i] as string;
        break;
      }
    }
    if (wt !== (k === "" ? wt : k === "b" || k === "s" || k === "m" || k === "r" ? 2 : 0)) return undefined;
    if (wt === 2) {
      const x = get(r, true);
      if (!r.ok || k === "") continue;
      const v = x as Uint8Array;
      if (k === "b") m[name] = new Uint8Array(v);
      else if (k === "s") m[name] = bytesStr(v);
      else {
        const s = dec((d as Desc[])[sub] as Desc, v);
        if (s === undefined) return undefined;
        if (k === "r") (m[name] as object[]).push(s);
        else m[name] = s;
      }
    } else if (wt === 0) {
      const v = get(r) as number;
      if (k === "o") m[name] = v !== 0;
      else if (k === "u" || k === "U") m[name] = v >>> 0;
      else if (k !== "") m[name] = v;
    } else if (wt === 1 || wt === 5) {
      // Unknown fixed64/fixed32: skipped (groups and wire types 6/7 are errors).
      r.p += wt === 1 ? 8 : 4;
      if (r.p > b.length) return undefined;
    } else return undefined;
  }
  return r.ok ? m : undefined;
}
