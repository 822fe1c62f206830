// Generates the unrolled field arithmetic of src/crypto/x25519.ts (between the GENERATED markers):
// 13 limbs of 20 bits, products as 13 E.convolve dot products, carries and operand forms inlined.
// Run: npx tsx tools/bench/gen-x25519.ts (rewrites the block in place).
import { readFileSync, writeFileSync } from "node:fs";

const N = 13;
const W = 608; // 2^260 mod p = 19·2^5
/** The ladder's scratch arrays, in SCR order (sizes as SIZES in x25519.ts: R = 13 entries, T = 25). */
const SCRATCH = ["AR", "AT", "BR", "BT", "CR", "DR", "DA", "SR", "ST", "QR", "QT", "GR", "AAR", "AA", "BBT", "ER", "EF", "FT"];
const SIZES = "RTRTRRRRTRTRRRTRRT";

/** Where a limb goes: plain (F), reversed (R) or table (T) form of arr; pre computes the value into y first. */
type Out = { arr: string; form: "F" | "R" | "T"; pre?: (l: string, k: number) => string };

/** Stores for one limb value held in variable l; an Out with pre switches the value to y. */
function store(outs: Out[], l: string, k: number): string {
  let s = "";
  let x = l;
  let head = ""; // plain stores chained into one statement: fewer statements to interpret
  let tail: string[] = [];
  const flush = () => {
    // One T-form: its 608·value store takes the chain as its operand, T[k-1]=608*(R[..]=T[..]=x),
    // so the value needs no variable (an assignment's value costs less than a store and a load).
    if (head && tail.length === 1) s += `${tail[0]}=${W}*(${head}${x});`;
    else if (head) s += head + x + ";" + tail.map((t) => `${t}=${W}*${x};`).join("");
    head = "";
    tail = [];
  };
  for (const o of outs) {
    if (o.pre) {
      flush();
      x = o.pre(l, k); // used once, inside the chain
    }
    if (o.form === "F") head += `${o.arr}[${k}]=`;
    else if (o.form === "R") head += `${o.arr}[${N - 1 - k}]=`;
    else {
      head += `${o.arr}[${N - 1 + k}]=`;
      if (k) tail.push(`${o.arr}[${k - 1}]`);
    }
  }
  flush();
  return s;
}

/** The plain stores of the leading outs (up to the first with pre) chained onto l=expr, then the rest. */
function chained(outs: Out[], expr: string, k: number): string {
  let head = "";
  let i = 0;
  const tail: string[] = [];
  for (; i < outs.length; i++) {
    const o = outs[i]!;
    if (o.pre) break;
    if (o.form === "F") head += `${o.arr}[${k}]=`;
    else if (o.form === "R") head += `${o.arr}[${N - 1 - k}]=`;
    else {
      head += `${o.arr}[${N - 1 + k}]=`;
      tail.push(`${o.arr}[${k - 1}]=${W}*l;`);
    }
  }
  const rest = outs.slice(i);
  if (!rest.length && tail.length === 1) return tail[0]!.replace(/\*l;$/, "*(") + head + expr + ");"; // as in store()
  const needL = tail.length > 0 || rest.length > 0;
  return head + (needL ? "l=" : "") + expr + ";" + tail.join("") + store(rest, "l", k);
}

/**
 * Carried product of R-form a and T-form b (or, with src, a carried per-limb expression) into outs.
 * Limbs 0 and 1 are stored after the top carry is folded back (2^260 ≡ 608).
 */
function carried(val: (k: number) => string, outs: Out[]): string {
  let s = "c=0;";
  for (let k = 0; k < N; k++) {
    const dst = k === 0 ? "u" : k === 1 ? "w" : "l";
    const e = `(v=${val(k)}+c)-(c=v/M+K-K)*M`;
    if (k > 1) s += chained(outs, e, k); // one statement per limb where possible: cheaper to interpret
    else s += `${dst}=${e};`;
  }
  s += `u+=${W}*c;c=u/M+K-K;u-=c*M;w+=c;`;
  s += store(outs, "u", 0) + store(outs, "w", 1);
  return s;
}

const conv = (a: string, b: string) => (k: number) => `C(${a},${b},${k})`;

function ladderStep(): string {
  let s = "";
  for (let k = 0; k < N; k++) {
    s += `v=x[${k}];w=z[${k}];` + store([{ arr: "AR", form: "R" }, { arr: "AT", form: "T" }], "v+w", k);
    s += store([{ arr: "BR", form: "R" }, { arr: "BT", form: "T" }], "v-w", k);
    s += `v=X[${k}];w=Z[${k}];CR[${N - 1 - k}]=v+w;DR[${N - 1 - k}]=v-w;`;
  }
  s += carried(conv("DR", "AT"), [{ arr: "DA", form: "F" }]);
  s += carried(conv("CR", "BT"), [
    { arr: "SR", form: "R", pre: (l, k) => `(t=DA[${k}])+${l}` },
    { arr: "ST", form: "T" },
    { arr: "QR", form: "R", pre: (l) => `t-${l}` },
    { arr: "QT", form: "T" },
  ]);
  s += carried(conv("SR", "ST"), [{ arr: "X", form: "F" }]);
  s += carried(conv("QR", "QT"), [{ arr: "GR", form: "R" }]);
  s += carried(conv("GR", "X1"), [{ arr: "Z", form: "F" }]);
  s += carried(conv("AR", "AT"), [{ arr: "AAR", form: "R" }, { arr: "AA", form: "F" }]);
  s += carried(conv("BR", "BT"), [
    { arr: "BBT", form: "T" },
    { arr: "ER", form: "R", pre: (l, k) => `AA[${k}]-${l}` },
    { arr: "EF", form: "F" },
  ]);
  s += carried(conv("AAR", "BBT"), [{ arr: "x", form: "F" }]);
  // F = AA + a24·E carried in one pass (AA inside the carried value: F's limbs come out fully carried).
  s += carried((k) => `121665*EF[${k}]+AA[${k}]`, [{ arr: "FT", form: "T" }]);
  s += carried(conv("ER", "FT"), [{ arr: "z", form: "F" }]);
  return s;
}

/**
 * The step as Espruino runs it fastest (measured, docs/performance.md): every scratch access as
 * S[offset] into the one buffer behind the 18 views (one early local instead of 18 late ones), and
 * each product's operands put in the early locals A and B first (C(A,B,k)).
 */
function toBuffer(body: string): string {
  const off: Record<string, number> = {};
  let o = 0;
  SCRATCH.forEach((n, i) => {
    off[n] = o;
    o += SIZES[i] === "T" ? 25 : 13;
  });
  const idx = (n: string) => (n === "X1" ? "X1" : "s[" + SCRATCH.indexOf(n) + "]");
  let b = body.replace(/c=0;u=\(v=C\((\w+),(\w+),0\)/g, (m, a: string, t: string) => `A=${idx(a)};B=${idx(t)};` + m);
  b = b.replace(/C\((\w+),(\w+),(\d+)\)/g, "C(A,B,$3)");
  return b.replace(new RegExp(`\\b(${SCRATCH.join("|")})\\[(\\d+)\\]`, "g"), (m, n: string, k: string) => `S[${(off[n] as number) + Number(k)}]`);
}

function block(): string {
  return [
    "// BEGIN GENERATED by tools/bench/gen-x25519.ts: do not edit by hand.",
    "/** One RFC 7748 ladder step on IO = [x2, z2, x3, z3 (plain), x1 (T-form)]: no parameters, so the hot locals come first in Espruino's linear name lookup. */",
    "function ladderStep(): void {",
    "  // Espruino looks names up linearly in declaration order: the hot ones first. S is the buffer",
    "  // behind the scratch views SCR (S[i] = scratch entry i); A and B are the operands of C().",
    "  let v = 0, c = 0;",
    "  const S: Fx = SBUF, M = RADIX, K = RND, C = conv;",
    "  let A: Fx = 0, B: Fx = 0, l = 0, t = 0, u = 0, w = 0;",
    "  const s: Fx[] = SCR, io: Fx[] = IO;",
    "  const x = io[0], z = io[1], X = io[2], Z = io[3], X1 = io[4];",
    "  " + toBuffer(ladderStep()),
    "}",
    "",
    "/** Carried product of a (R-form) and b (T-form) into oR (R-form) and oT (T-form); o must not alias a or b. */",
    "function mulW(oR: Fx, oT: Fx, a: Fx, b: Fx): void {",
    "  let v = 0, c = 0, u = 0, w = 0;",
    "  const M = RADIX, K = RND, C = conv;",
    "  " + carried(conv("a", "b"), [{ arr: "oR", form: "R" }, { arr: "oT", form: "T" }]),
    "}",
    "// END GENERATED",
  ].join("\n");
}

const path = "src/crypto/x25519.ts";
const src = readFileSync(path, "utf8");
const a = src.indexOf("// BEGIN GENERATED");
const b = src.indexOf("// END GENERATED");
if (a < 0 || b < 0) throw new Error("markers not found in " + path);
writeFileSync(path, src.slice(0, a) + block() + src.slice(b + "// END GENERATED".length));
console.log("wrote " + path);
