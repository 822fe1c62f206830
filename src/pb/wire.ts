// Protobuf wire-format Writer/Reader shared by the generated src/pb/*_pb.ts codecs.
// Output matches protobuf-c / esp_prov (spec protocol.md §1): defaults omitted, oneof members
// always written, negative int32 as a 10-byte varint. Reading never throws: errors clear `ok`.
import { bytesStr, strBytes } from "../core/bytes";

/** Value of absent `bytes` fields: shared, and harmless because it has no elements. */
export const EMPTY = new Uint8Array(0);

/** Appends fields to a buffer that doubles when full; `end()` returns the bytes written. */
export class Writer {
  private b_: Uint8Array;
  private n_: number;

  constructor() {
    this.b_ = new Uint8Array(64);
    this.n_ = 0;
  }

  private room_(k: number): void {
    const need = this.n_ + k;
    if (need <= this.b_.length) return;
    let size = this.b_.length * 2;
    if (size < need) size = need;
    const nb = new Uint8Array(size);
    nb.set(this.b_.subarray(0, this.n_), 0);
    this.b_ = nb;
  }

  /** A bare varint: uint32 as is, negative int32 sign-extended to 64 bits (10 bytes). */
  private raw_(v: number): void {
    this.room_(10);
    const b = this.b_;
    let n = this.n_;
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
    this.n_ = n;
  }

  /** Tag, length and bytes, always written (used for selected oneof messages, even empty). */
  private len_(f: number, v: Uint8Array): void {
    this.raw_((f << 3) | 2);
    this.raw_(v.length);
    this.room_(v.length);
    this.b_.set(v, this.n_);
    this.n_ += v.length;
  }

  /** int32 / uint32 / enum field; omitted when 0 (proto3 default). */
  varint(f: number, v: number): this {
    if (v !== 0) this.oneof(f, v);
    return this;
  }

  /** bool field; omitted when false. */
  bool(f: number, v: boolean): this {
    return this.varint(f, v ? 1 : 0);
  }

  /** Scalar oneof member: written whenever selected, even when 0 (`fail_reason = 0` → `50 00`). */
  oneof(f: number, v: number | undefined): this {
    if (v !== undefined) {
      this.raw_(f << 3);
      this.raw_(v);
    }
    return this;
  }

  /** bytes field; omitted when empty. */
  bytes(f: number, v: Uint8Array): this {
    if (v.length > 0) this.len_(f, v);
    return this;
  }

  /** string field, written as the 8-bit characters of `v`; omitted when "". */
  str(f: number, v: string): this {
    return this.bytes(f, strBytes(v));
  }

  /** Sub-message field: written when defined, as tag + length 0 when empty (`52 00`). */
  msg<T>(f: number, v: T | undefined, enc: (m: T) => Uint8Array): this {
    if (v !== undefined) this.len_(f, enc(v));
    return this;
  }

  /** Repeated sub-message field: one tag/length/value per element, in order. */
  list<T>(f: number, vs: T[], enc: (m: T) => Uint8Array): this {
    for (const v of vs) this.len_(f, enc(v));
    return this;
  }

  /** The encoded bytes (a view of the internal buffer; the Writer is not used afterwards). */
  end(): Uint8Array {
    return this.b_.subarray(0, this.n_);
  }
}

/**
 * Walks the fields of one message. `next()` reads a tag into `f` (field number) and `t` (wire
 * type); the caller then reads the value or calls `skip()`. Any malformation (truncated varint,
 * length past the end, wrong wire type, bad sub-message) clears `ok` and stops the walk.
 */
export class Reader {
  f: number;
  t: number;
  ok: boolean;
  private b_: Uint8Array;
  private p_: number;

  constructor(b: Uint8Array) {
    this.f = 0;
    this.t = 0;
    this.ok = true;
    this.b_ = b;
    this.p_ = 0;
  }

  /** A varint of up to 10 bytes; returns its low 32 bits as a signed number (0 on error). */
  private raw_(): number {
    const b = this.b_;
    let p = this.p_;
    let v = 0;
    for (let i = 0; i < 10 && p < b.length; i++) {
      const c = b[p++] as number;
      if (i < 5) v |= (c & 0x7f) << (7 * i);
      if (c < 0x80) {
        this.p_ = p;
        return v;
      }
    }
    this.ok = false;
    return 0;
  }

  /** Checks the wire type of the current field. */
  private want_(t: number): boolean {
    if (this.t !== t) this.ok = false;
    return this.ok;
  }

  /** Moves past `n` bytes and returns a view of them (undefined, ok cleared, if too few). */
  private take_(n: number): Uint8Array | undefined {
    const p = this.p_;
    if (n > this.b_.length - p) {
      this.ok = false;
      return undefined;
    }
    this.p_ = p + n;
    return this.b_.subarray(p, p + n);
  }

  /** A view of the current length-delimited value. */
  private view_(): Uint8Array | undefined {
    if (!this.want_(2)) return undefined;
    const n = this.raw_() >>> 0;
    return this.ok ? this.take_(n) : undefined;
  }

  /** Reads the next tag; false at the end of the input or after an error. */
  next(): boolean {
    if (!this.ok || this.p_ >= this.b_.length) return false;
    const tag = this.raw_() >>> 0;
    this.f = tag >>> 3;
    this.t = tag & 7;
    if (this.f === 0) this.ok = false;
    return this.ok;
  }

  /** int32 or enum value: the low 32 bits as signed (unknown enum values are kept). */
  int(): number {
    return this.want_(0) ? this.raw_() : 0;
  }

  /** uint32 value. */
  uint(): number {
    return this.int() >>> 0;
  }

  /** bool value. */
  bool(): boolean {
    return this.int() !== 0;
  }

  /** bytes value, copied so that it outlives the input buffer. */
  bytes(): Uint8Array {
    const v = this.view_();
    return v === undefined ? EMPTY : new Uint8Array(v);
  }

  /** string value as the 8-bit characters of its bytes (how Espruino holds strings). */
  str(): string {
    const v = this.view_();
    return v === undefined ? "" : bytesStr(v);
  }

  /** Sub-message value; a sub-message that fails to decode clears `ok`. */
  msg<T>(dec: (b: Uint8Array) => T | undefined): T | undefined {
    const v = this.view_();
    if (v === undefined) return undefined;
    const m = dec(v);
    if (m === undefined) this.ok = false;
    return m;
  }

  /** Appends one element of a repeated sub-message field. */
  list<T>(vs: T[], dec: (b: Uint8Array) => T | undefined): void {
    const m = this.msg(dec);
    if (m !== undefined) vs.push(m);
  }

  /** Skips an unknown field by wire type (groups and wire types 6/7 are errors). */
  skip(): void {
    const t = this.t;
    if (t === 0) this.raw_();
    else if (t === 1) this.take_(8);
    else if (t === 2) this.view_();
    else if (t === 5) this.take_(4);
    else this.ok = false;
  }

  /** The decoded message, or undefined if anything was malformed. */
  end<T>(m: T): T | undefined {
    return this.ok ? m : undefined;
  }
}

/** Decoder of every message without fields: checks the framing, skips all fields. */
export function decodeEmpty(b: Uint8Array): {} | undefined {
  const r = new Reader(b);
  while (r.next()) r.skip();
  return r.end({});
}
