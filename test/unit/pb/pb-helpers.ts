// Shared by the src/pb tests: every generated codec by message name, protobufjs's reflection of
// proto/ (the reference runtime), and fast-check arbitraries for each message shape.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import protobuf from "protobufjs";
import * as constants from "../../../src/pb/constants_pb";
import * as customConfig from "../../../src/pb/custom_config_pb";
import * as sec0 from "../../../src/pb/sec0_pb";
import * as sec1 from "../../../src/pb/sec1_pb";
import * as sec2 from "../../../src/pb/sec2_pb";
import * as session from "../../../src/pb/session_pb";
import * as wifiConfig from "../../../src/pb/wifi_config_pb";
import * as wifiConstants from "../../../src/pb/wifi_constants_pb";
import * as wifiCtrl from "../../../src/pb/wifi_ctrl_pb";
import * as wifiScan from "../../../src/pb/wifi_scan_pb";

export const PROTO_DIR = join(import.meta.dirname, "../../../proto");

type Obj = Record<string, unknown>;
export interface Codec {
  enc: (m: Obj) => Uint8Array;
  dec: (b: Uint8Array) => Obj | undefined;
}

const modules: Obj[] = [
  constants, customConfig, sec0, sec1, sec2, session, wifiConfig, wifiConstants, wifiCtrl, wifiScan,
];

/** protobufjs's view of all ten schemas (field names as in the .proto files). */
export const root = new protobuf.Root().loadSync(
  readdirSync(PROTO_DIR)
    .filter((f) => f.endsWith(".proto"))
    .sort()
    .map((f) => join(PROTO_DIR, f)),
  { keepCase: true }
);
root.resolveAll();

/** Every message type in the schemas. */
export const messageTypes: protobuf.Type[] = root.nestedArray.filter(
  (n): n is protobuf.Type => n instanceof protobuf.Type
);

/** Our generated encoder and decoder for a message name. */
export function codec(name: string): Codec {
  for (const m of modules) {
    const enc = m["encode" + name];
    const dec = m["decode" + name];
    if (typeof enc === "function" && typeof dec === "function") return { enc, dec } as Codec;
  }
  throw new Error(`no generated codec for ${name}`);
}

export const camel = (s: string): string => s.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

/** Random messages in our shape. `ascii` limits strings to what UTF-8 and 8-bit agree on. */
export function arb(t: protobuf.Type, ascii: boolean): fc.Arbitrary<Obj> {
  const scalar = (f: protobuf.Field): fc.Arbitrary<unknown> => {
    if (f.resolvedType instanceof protobuf.Type) return arb(f.resolvedType, ascii);
    if (f.resolvedType instanceof protobuf.Enum) {
      const known = Object.values(f.resolvedType.values);
      return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...known) }, fc.integer({ min: -3, max: 300 }));
    }
    switch (f.type) {
      case "int32":
        return fc.oneof(fc.integer({ min: -100, max: 100 }), fc.integer({ min: -0x80000000, max: 0x7fffffff }));
      case "uint32":
        return fc.oneof(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 0xffffffff }));
      case "bool":
        return fc.boolean();
      case "bytes":
        return fc.uint8Array({ maxLength: 40 });
      case "string":
        return fc.string({ unit: ascii ? "binary-ascii" : fc.integer({ min: 0, max: 255 }).map((c) => String.fromCharCode(c)), maxLength: 20 });
    }
    throw new Error(`unsupported ${f.type}`);
  };
  const plain: Record<string, fc.Arbitrary<unknown>> = {};
  for (const f of t.fieldsArray) {
    if (f.partOf) continue;
    const a = scalar(f);
    plain[camel(f.name)] = f.repeated ? fc.array(a, { maxLength: 3 }) : a;
  }
  const required = t.fieldsArray
    .filter((f) => !f.partOf && (f.repeated || !(f.resolvedType instanceof protobuf.Type)))
    .map((f) => camel(f.name));
  let out: fc.Arbitrary<Obj> = fc.record(plain, { requiredKeys: required, noNullPrototype: true }) as fc.Arbitrary<Obj>;
  for (const o of t.oneofsArray) {
    const choices = o.fieldsArray.map((f) => scalar(f).map((v) => ({ [camel(f.name)]: v })));
    const pick = fc.oneof(fc.constant({}), ...choices);
    out = fc.tuple(out, pick).map(([a, b]) => ({ ...a, ...b }));
  }
  return out;
}

/** A protobufjs-decoded message converted to our shape (defaults filled, absent optionals dropped). */
export function fromPbjs(t: protobuf.Type, msg: Obj): Obj {
  const out: Obj = {};
  const has = (k: string) => Object.prototype.hasOwnProperty.call(msg, k) && msg[k] != null;
  for (const f of t.fieldsArray) {
    const k = camel(f.name);
    const sub = f.resolvedType instanceof protobuf.Type ? f.resolvedType : undefined;
    const conv = (v: unknown): unknown =>
      sub ? fromPbjs(sub, v as Obj) : v instanceof Uint8Array ? new Uint8Array(v) : v;
    if (f.repeated) out[k] = ((msg[f.name] as unknown[] | undefined) ?? []).map(conv);
    else if (has(f.name)) out[k] = conv(msg[f.name]);
    else if (!f.partOf && !sub) {
      out[k] = f.type === "bytes" ? new Uint8Array(0) : f.type === "string" ? "" : f.type === "bool" ? false : 0;
    }
  }
  return out;
}

/** Our shape converted to a plain object protobufjs can encode (proto field names). */
export function toPbjs(t: protobuf.Type, m: Obj): Obj {
  const out: Obj = {};
  for (const f of t.fieldsArray) {
    const v = m[camel(f.name)];
    if (v === undefined) continue;
    const sub = f.resolvedType instanceof protobuf.Type ? f.resolvedType : undefined;
    const conv = (x: unknown): unknown => (sub ? toPbjs(sub, x as Obj) : x);
    out[f.name] = f.repeated ? (v as unknown[]).map(conv) : conv(v);
  }
  return out;
}
