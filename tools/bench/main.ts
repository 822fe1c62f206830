// `npm run bench [-- --json FILE]`: X25519 (ours vs tweetnacl's minified build), the device side
// of a sec1 handshake and encrypted request round trips, in Node and — with ESPRUINO=/path/to/
// espruino — in the Espruino interpreter; bundle size; resident/peak JsVars.
import { createCipheriv, createHash } from "node:crypto";
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { performance } from "node:perf_hooks";
import { x25519 } from "../../src/crypto/x25519";
import { bundle, runFile, runFromStorage, text } from "./espruino";
import { FLOOR_PRODUCTS, floorFunctions } from "./x25519-floor";
import { HOW, probe, tool, type Tool } from "../ext-tools";
import { bigBench, gcmBench, powMults, protoBench, rfcCheck, sec2Bench, timeMs } from "./suite";
import type { BenchHost, Sec2Script } from "./suite";
import { srpGroup3072 } from "../../src/crypto/srp6a";
import { srpClientA, srpClientSession, srpVerifier } from "../../src/crypto/srp6a-client";
import { decodeSessionData, encodeSessionData } from "../../src/pb/session_pb";

type Nacl = { scalarMult: (n: Uint8Array, p: Uint8Array) => Uint8Array };
interface Figure {
  name: string;
  unit: string;
  node: number | null;
  espruino: number | null;
  tweetnacl?: { node: number | null; espruino: number | null };
  note?: string;
}

const POW_MULTS = powMults(32);
const NACL = "node_modules/tweetnacl/nacl-fast.min.js";
const NACL_SMALL = "node_modules/tweetnacl/nacl.min.js";
const K = "a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4";
const U = "e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c";

const nodeHost: BenchHost = {
  nowMs: () => performance.now(),
  sha256: (d) => new Uint8Array(createHash("sha256").update(d).digest()),
  aesEcb: (k, d) => {
    const c = createCipheriv("aes-" + k.length * 8 + "-ecb", k, null);
    c.setAutoPadding(false);
    return new Uint8Array(Buffer.concat([c.update(d), c.final()]));
  },
  mem: () => undefined,
  sha512: (d) => new Uint8Array(createHash("sha512").update(d).digest()),
};

/** The sec2 client (src/crypto/srp6a-client.ts) for wifiprov/abcd1234, run on the host, untimed. */
function sec2Script(): Sec2Script & { cmd1Hex: () => string } {
  const G = srpGroup3072({ random: (n) => new Uint8Array(n), sha256: nodeHost.sha256, sha512: nodeHost.sha512!, aesEcb: nodeHost.aesEcb });
  const te = new TextEncoder();
  const I = te.encode("wifiprov");
  const p = te.encode("abcd1234");
  const salt = hex("0123456789abcdef0123456789abcdef");
  const verifier = srpVerifier(G, I, p, salt);
  const a = hex("5e".repeat(32));
  const A = srpClientA(G, a);
  const cmd0 = encodeSessionData({ secVer: 2, sec2: { msg: 0, sc0: { clientUsername: I, clientPubkey: A } } });
  let last = "";
  return {
    salt: salt,
    verifier: verifier,
    cmd0: cmd0,
    cmd1: (resp0) => {
      const r = decodeSessionData(resp0);
      const sr0 = r && r.sec2 ? r.sec2.sr0 : undefined;
      if (!sr0) return undefined;
      const s = srpClientSession(G, { I: I, p: p, s: sr0.deviceSalt, B: sr0.devicePubkey, a: a, A: A });
      if (!s) return undefined;
      const c = encodeSessionData({ secVer: 2, sec2: { msg: 2, sc1: { clientProof: s.M } } });
      last = Buffer.from(c).toString("hex");
      return c;
    },
    cmd1Hex: () => last,
  };
}

function hex(s: string): Uint8Array {
  return new Uint8Array(Buffer.from(s, "hex"));
}

interface NodeSec2 {
  script: Sec2Script;
  cmd1: string;
  resp1: string;
  powHex: string;
}

function nodeFigures(): { fig: Record<string, number>; errors: string[]; sec2: NodeSec2 } {
  const req = createRequire(import.meta.url);
  const nacl = req("../../" + NACL) as Nacl;
  const naclSmall = req("../../" + NACL_SMALL) as Nacl;
  const k = hex(K);
  const u = hex(U);
  const errors = rfcCheck();
  timeMs(nodeHost, 20, () => x25519(k, u)); // warm-up
  const p = protoBench(nodeHost, 20);
  const script = sec2Script();
  sec2Bench(nodeHost, script); // warm-up
  const s2 = sec2Bench(nodeHost, script);
  bigBench(nodeHost, 5, true); // warm-up
  const big = bigBench(nodeHost, 50, true);
  return {
    sec2: { script: script, cmd1: script.cmd1Hex(), resp1: s2.resp1, powHex: big.hex },
    fig: {
      x25519: timeMs(nodeHost, 50, () => x25519(k, u)),
      nacl: timeMs(nodeHost, 50, () => nacl.scalarMult(k, u)),
      naclSmall: timeMs(nodeHost, 50, () => naclSmall.scalarMult(k, u)),
      keypair: p.keypairMs,
      handshake: p.handshakeMs,
      getStatus: p.getStatusMs,
      scanResult: p.scanResultMs,
      s2prep: s2.prepMs,
      s2cmd0: s2.cmd0Ms,
      s2cmd1: s2.cmd1Ms,
      s2hs: s2.cmd0Ms + s2.cmd1Ms,
      montMul: big.montMulMs,
      modPow: big.modPowMs as number,
      gcm: gcmBench(nodeHost, 200),
    },
    errors: errors.concat(p.errors, s2.errors),
  };
}

/** Parses "BENCH name value" lines. */
function parse(out: string): Record<string, number> {
  const r: Record<string, number> = {};
  for (const m of out.matchAll(/^(?:>?\x1b\[J)?BENCH (\S+) (\S+)/gm)) r[m[1] as string] = Number(m[2]);
  return r;
}

const HELPERS = `function hx(s){var u=new Uint8Array(s.length/2);for(var i=0;i<u.length;i++)u[i]=parseInt(s.substr(2*i,2),16);return u}
function th(u){var s="";for(var i=0;i<u.length;i++)s+=(u[i]<16?"0":"")+u[i].toString(16);return s}
function out(n,v){print("BENCH "+n+" "+v)}
var k=hx("${K}"),u=hx("${U}");`;

const th = (b: Uint8Array): string => Buffer.from(b).toString("hex");

/** Alternations of ours (firmware path) and tweetnacl in the timing run; the figures are their medians. */
const ALTERNATIONS = 7;

/**
 * The x25519 comparison, last in the timing run (it is asynchronous): X25519 on the firmware's
 * path (XS: x25519Sliced, EspruinoClock, Sec1's default slice; the time runs from the call to
 * done(), event-loop turns between slices included) alternating with tweetnacl's scalarMult in
 * the same process, ours first in even rounds and tweetnacl first in odd ones. Each round first
 * times the field products alone (x25519-floor.ts): what bounds the ratio.
 */
const ALTERNATION = `${floorFunctions()}var OA=[],NA=[],FC=[],FP=[],bad=0;
function nacl1(){var t=getTime();self.nacl.scalarMult(k,u);NA.push((getTime()-t)*1000);}
function ours1(next){var t=getTime();XS.x25519Sliced(k,u,XS.clock,XS.sliceMs,function(o){OA.push((getTime()-t)*1000);if(th(o)!==W)bad++;setTimeout(next,0);});}
function round(i){if(i>=${ALTERNATIONS}){fin();return;}FC.push(PFt(PFc));FP.push(PFt(PFp));if(i%2){nacl1();ours1(function(){round(i+1)});}else ours1(function(){nacl1();setTimeout(function(){round(i+1)},0);});}
function fin(){print("");print("RUNS x25519 "+OA.join(","));print("RUNS nacl "+NA.join(","));print("RUNS floorCalls "+FC.join(","));print("RUNS floorProducts "+FP.join(","));out("x25519-sliced-bad",bad);out("longestX25519",XS.clock.longest);out("sliceMs",XS.sliceMs);print("ALT-DONE");}
setTimeout(function(){round(0)},0);
`;

/** "RUNS name v1,v2,…" lines. */
function parseRuns(out: string): Record<string, number[]> {
  const r: Record<string, number[]> = {};
  for (const m of out.matchAll(/^(?:>?\x1b\[J)?RUNS (\S+) (\S+)/gm)) r[m[1] as string] = (m[2] as string).split(",").map(Number);
  return r;
}

/** min, median, max of xs (sorted copy). */
export function spread(xs: number[]): { min: number; median: number; max: number } {
  const a = xs.slice().sort((p, q) => p - q);
  const n = a.length;
  const med = n % 2 ? (a[(n - 1) / 2] as number) : ((a[n / 2 - 1] as number) + (a[n / 2] as number)) / 2;
  return { min: a[0] as number, median: med, max: a[n - 1] as number };
}

/** Run 3 (RAM): 3072-bit modPow and the sec2 device handshake replaying the host's client. */
function espruinoSec2(bin: Tool, b: string, s: NodeSec2): { fig: Record<string, number>; errors: string[]; raw: string } {
  const sc = s.script;
  const drv = `${HELPERS}
var H=B.host;var g=B.gcmBench(H,20);out("gcm",g);
var q=B.bigBench(H,3,true);out("montMulFios",q.montMulMs);out("modPow",q.modPowMs);out("powSetup",q.setupMs);out("pow-ok",q.hex==="${s.powHex}"?1:0);
var S={salt:hx("${th(sc.salt)}"),verifier:hx("${th(sc.verifier)}"),cmd0:hx("${th(sc.cmd0)}"),cmd1:function(){return hx("${s.cmd1}")},resp1:"${s.resp1}"};
var r=B.sec2Bench(H,S);out("s2prep",r.prepMs);out("s2cmd0",r.cmd0Ms);out("s2cmd1",r.cmd1Ms);out("s2hs",r.cmd0Ms+r.cmd1Ms);out("sec2-errors",r.errors.length);if(r.errors.length)print("SEC2 FAIL "+r.errors.join(","));
`;
  const raw = runFile(bin, `${b}
${drv}`, SEC2_TIMEOUT_MS);
  const fig = parse(raw);
  const errors: string[] = [];
  for (const l of raw.split("\n")) if (/FAIL|Uncaught|ERROR|ASSERT|Execution Interrupted/.test(l)) errors.push("espruino sec2: " + l.trim());
  if (fig["pow-ok"] !== 1) errors.push("espruino: 3072-bit modPow differs from node's (or did not finish)");
  return { fig, errors, raw };
}

/** Budget of the Espruino sec2 run (-O2 takes ~25 s; the stock -O0 build ~4-5x that). */
const SEC2_TIMEOUT_MS = 360_000;

async function espruinoFigures(bin: Tool, sec2: NodeSec2 | undefined): Promise<{ fig: Record<string, number>; runs: Record<string, number[]>; errors: string[]; raw: string }> {
  const x = await bundle("tools/bench/entry-x25519.ts", "X");
  const xs = await bundle("tools/bench/entry-x25519-sliced.ts", "XS");
  const b = await bundle("tools/bench/entry-suite.ts", "B");
  const nacl = text(NACL);
  const naclSmall = text(NACL_SMALL);
  // Run 1, from RAM (timings): suite (RFC checks, protocomm), ours vs both tweetnacl builds.
  const drv = `${HELPERS}
var bad=B.rfcCheck();out("rfc-failures",bad.length);if(bad.length)print("RFC FAIL "+bad.join(","));
var H=B.host;var W=th(X.x25519(k,u));out("x25519-ok",W===th(self.nacl.scalarMult(k,u))?1:0);
var c=B.timeMs(H,1,function(){self.naclSmall.scalarMult(k,u)});out("naclSmall",c);
H.log=function(m){print("STAGE "+m)};var p=B.protoBench(H,5);out("keypair",p.keypairMs);out("handshake",p.handshakeMs);out("getStatus",p.getStatusMs);out("scanResult",p.scanResultMs);out("peakSec1",p.peakSec1);out("longestSec1",p.longestSliceMs);out("proto-errors",p.errors.length);if(p.errors.length)print("PROTO FAIL "+p.errors.join(","));
${ALTERNATION}`;
  const ram = `${x}\n${xs}\n${b}\nvar self={};\n${naclSmall}\nself.naclSmall=self.nacl;self.nacl=undefined;\n${nacl}\n${drv}`;
  const out1 = runFile(bin, ram, 900_000);
  // Run 2, from Storage (memory as on the ESP32): resident JsVars of each X25519 module.
  const memDrv = `var S=require("Storage");var self={};function m(){return process.memory().usage}
var m0=m();eval(S.read("x.js"));var m1=m();print("BENCH xResident "+(m1-m0));
eval(S.read("n.js"));var m2=m();print("BENCH naclResident "+(m2-m1));`;
  const out2 = runFromStorage(bin, { "x.js": x, "n.js": nacl }, memDrv, 300_000);
  const s3 = sec2 ? espruinoSec2(bin, b, sec2) : { fig: {}, errors: [], raw: "" };
  const fig = { ...parse(out1), ...parse(out2), ...s3.fig };
  const errors: string[] = s3.errors.slice();
  for (const l of (out1 + out2).split("\n")) if (/FAIL|Uncaught|ERROR|ASSERT|Execution Interrupted/.test(l)) errors.push("espruino: " + l.trim());
  if (fig["x25519-ok"] !== 1) errors.push("espruino: x25519 differs from tweetnacl");
  const runs = parseRuns(out1);
  if (!out1.includes("ALT-DONE") || !runs.x25519 || runs.x25519.length !== ALTERNATIONS) errors.push("espruino: the x25519 alternation did not finish");
  if (fig["x25519-sliced-bad"] !== 0) errors.push("espruino: x25519 on the sliced path gave a wrong result");
  if (runs.x25519 && runs.x25519.length) {
    const o = spread(runs.x25519);
    const t = spread(runs.nacl || []);
    fig.x25519 = o.median;
    fig.nacl = t.median;
  }
  return { fig, runs, errors, raw: out1 + out2 + s3.raw };
}

function fmt(v: number | null | undefined, unit: string): string {
  if (v === null || v === undefined || Number.isNaN(v)) return "—";
  return unit === "ms" ? (v < 1 ? v.toFixed(3) : v < 100 ? v.toFixed(2) : v.toFixed(0)) : String(Math.round(v));
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const ji = args.indexOf("--json");
  const jsonPath = ji >= 0 ? args[ji + 1] : undefined;
  const bin = tool("ESPRUINO");
  const broken = bin && probe(bin);
  if (broken) {
    console.error(broken);
    return 2;
  }
  // The Espruino sec2 run (~25 s at -O2) is on by default; BENCH_SEC2=0 or --no-sec2 skips it.
  const sec2On = !args.includes("--no-sec2") && process.env.BENCH_SEC2 !== "0";
  const n = nodeFigures();
  let e: Record<string, number> = {};
  let runs: Record<string, number[]> = {};
  let errors = n.errors;
  let why = "ESPRUINO not set";
  if (bin) {
    const r = await espruinoFigures(bin, sec2On ? n.sec2 : undefined);
    e = r.fig;
    runs = r.runs;
    if (process.env.BENCH_RAW) writeFileSync(process.env.BENCH_RAW, r.raw); // the interpreter's output, for debugging
    errors = errors.concat(r.errors);
    why = "";
  }
  const es = (key: string): number | null => (bin && e[key] !== undefined && !Number.isNaN(e[key]) ? (e[key] as number) : null);
  const s2 = (key: string): number | null => (bin && !sec2On ? null : es(key));
  if (bin && !sec2On) why = "sec2 part skipped (BENCH_SEC2=0)";
  const lx = es("longestX25519");
  const ls = es("longestSec1");
  const longest = lx === null && ls === null ? null : Math.max(lx || 0, ls || 0);
  const fw = "dist/storage/wifi-prov";
  const bundleBytes = existsSync(fw) ? statSync(fw).size : null;
  const figures: Figure[] = [
    { name: "x25519", unit: "ms", node: n.fig.x25519 as number, espruino: es("x25519"), tweetnacl: { node: n.fig.nacl as number, espruino: es("nacl") }, note: "one scalar multiplication, RFC 7748 §5.2 vector 1; Espruino: median of " + ALTERNATIONS + " alternations, ours on the firmware path (x25519Sliced, EspruinoClock, default slice); tweetnacl = nacl-fast.min.js" },
    { name: "x25519-tweetnacl-small", unit: "ms", node: n.fig.naclSmall as number, espruino: es("naclSmall"), note: "tweetnacl nacl.min.js, for reference" },
    { name: "sec1-keypair-device", unit: "ms", node: n.fig.keypair as number, espruino: es("keypair"), note: "ahead of any client (Sec1 constructor), sliced" },
    { name: "sec1-handshake-device", unit: "ms", node: n.fig.handshake as number, espruino: es("handshake"), note: "Cmd0→Resp0 + Cmd1→Resp1 through Protocomm, incl. the background shared secret; client work excluded" },
    { name: "get-status-roundtrip", unit: "ms", node: n.fig.getStatus as number, espruino: es("getStatus"), note: "decrypt → prov-config handler → encrypt" },
    { name: "scan-result-roundtrip", unit: "ms", node: n.fig.scanResult as number, espruino: es("scanResult"), note: "4 of 16 entries, prov-scan handler" },
    { name: "sec2-gb-precompute-device", unit: "ms", node: n.fig.s2prep as number, espruino: s2("s2prep"), note: "b and g^b mod N (256-bit b), ahead of any client (Sec2 constructor), sliced" },
    { name: "sec2-cmd0-device", unit: "ms", node: n.fig.s2cmd0 as number, espruino: s2("s2cmd0"), note: "Cmd0→Resp0: B, u, v^u (512-bit u), ·A, ^b (256-bit), K, proofs; Resp0 waits for all of it" },
    { name: "sec2-cmd1-device", unit: "ms", node: n.fig.s2cmd1 as number, espruino: s2("s2cmd1"), note: "Cmd1→Resp1: proof check, GCM key, nonce" },
    { name: "sec2-handshake-device", unit: "ms", node: n.fig.s2hs as number, espruino: s2("s2hs"), note: "Cmd0 + Cmd1 through Protocomm (patch 1); client work (srp6a-client.ts, on the host) excluded" },
    { name: "modpow-3072", unit: "ms", node: n.fig.modPow as number, espruino: s2("modPow"), note: "g^b mod N, 256-bit b (" + POW_MULTS + " Montgomery multiplications); Espruino: E.convolve path, checked against node's result" },
    { name: "modpow-3072-setup", unit: "ms", node: null, espruino: s2("powSetup"), note: "one-time E.convolve context per modulus (-N^-1 mod 2^3080 by Newton, R'^2)" },
    { name: "modpow-3072-fios", unit: "ms", node: n.fig.montMul! * POW_MULTS, espruino: e.montMulFios !== undefined ? e.montMulFios * POW_MULTS : null, note: "without E.convolve: " + POW_MULTS + " × one FIOS Montgomery multiplication (Espruino: mean of 3, extrapolated)" },
    { name: "gcm-roundtrip", unit: "ms", node: n.fig.gcm as number, espruino: s2("gcm"), note: "AES-256-GCM encrypt + decrypt of 64 bytes (GHASH in JS, AES native)" },
    { name: "bundle-bytes", unit: "B", node: bundleBytes, espruino: null, note: bundleBytes === null ? "dist/storage/wifi-prov not built (./build.sh)" : "the module dist/storage/wifi-prov" },
    { name: "jsvars-resident", unit: "JsVars", node: null, espruino: es("xResident"), tweetnacl: { node: null, espruino: es("naclResident") }, note: "X25519 module evaluated from Storage (GC'd usage delta)" },
    { name: "jsvars-peak-sec1", unit: "JsVars", node: null, espruino: es("peakSec1"), note: "peak usage above baseline during the device's handshake (process.memory(false))" },
    { name: "longest-crypto-slice", unit: "ms", node: null, espruino: longest, note: "longest uninterrupted piece of work: x25519Sliced's timer callbacks in the alternation, and every timer callback or synchronous request part of the sec1 key pair + handshake (budget <= 20 ms)" },
  ];
  const rows: string[][] = [["figure", "unit", "node", "espruino", "tweetnacl node", "tweetnacl espruino", "ratio (espruino)", "note"]];
  for (const f of figures) {
    const t = f.tweetnacl;
    const ratio = t && t.espruino !== null && f.espruino ? (f.unit === "ms" ? (t.espruino / f.espruino).toFixed(2) + "× faster" : (t.espruino / f.espruino).toFixed(2) + "× fewer") : "";
    rows.push([f.name, f.unit, fmt(f.node, f.unit), f.espruino === null && f.name !== "bundle-bytes" ? "— (" + (why || "n/a") + ")" : fmt(f.espruino, f.unit), t ? fmt(t.node, f.unit) : "", t ? fmt(t.espruino, f.unit) : "", ratio, f.note || ""]);
  }
  const w = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows) console.log(r.map((c, i) => (i >= 2 && i <= 5 ? c.padStart(w[i]!) : c.padEnd(w[i]!))).join("  ").trimEnd());
  console.log("espruino: " + (bin ? bin.value : "(not run: " + HOW.ESPRUINO + ")"));
  if (runs.x25519 && runs.nacl && runs.x25519.length && runs.nacl.length) {
    const o = spread(runs.x25519);
    const t = spread(runs.nacl);
    const f = (v: number) => v.toFixed(1);
    // Each round's own ratio: robust to load on the host drifting between rounds.
    const pr = spread(runs.x25519.map((v, i) => (runs.nacl![i] as number) / v));
    console.log(`x25519 espruino, ${runs.x25519.length} alternations in one process: ours (firmware sliced path, ${es("sliceMs")} ms slices) min/median/max ${f(o.min)}/${f(o.median)}/${f(o.max)} ms; tweetnacl ${f(t.min)}/${f(t.median)}/${f(t.max)} ms; ratio of medians ${(t.median / o.median).toFixed(2)}x (per-round ratios min/median/max ${pr.min.toFixed(2)}/${pr.median.toFixed(2)}/${pr.max.toFixed(2)})`);
    if (runs.floorProducts && runs.floorCalls) {
      // The products alone against tweetnacl in the same rounds: 10x leaves them 10 % of its time.
      const ms = (us: number) => (us * FLOOR_PRODUCTS) / 1000;
      const p = spread(runs.floorProducts).median;
      const c = spread(runs.floorCalls).median;
      const pct = (v: number) => ((100 * v) / t.median).toFixed(1) + " %";
      console.log(`x25519 bound: its ${FLOOR_PRODUCTS} field products alone (${p.toFixed(1)} µs each: 13 E.convolve + 13 carries, the ladder step's statements) take ${f(ms(p))} ms, ${pct(ms(p))} of tweetnacl's median (their E.convolve calls alone ${c.toFixed(1)} µs, ${pct(ms(c))}); 10x allows 10 % for everything, so at most ${(t.median / ms(p)).toFixed(1)}x with the sums, forms and bookkeeping free`);
    }
    console.log(`longest crypto slice: ${fmt(longest, "ms")} ms (x25519 sliced ${fmt(lx, "ms")} ms, sec1 key pair + handshake ${fmt(ls, "ms")} ms; budget 20 ms)`);
  }
  if (errors.length) {
    console.error("ERRORS:\n  " + errors.join("\n  "));
  } else console.log("RFC 7748 vectors: pass (node" + (bin ? ", espruino" : "") + "); protocomm transcripts verified");
  if (jsonPath) {
    const json = { figures: figures.map((f) => ({ name: f.name, unit: f.unit, node: f.node, espruino: f.espruino, ...(f.tweetnacl ? { tweetnacl: f.tweetnacl } : {}), note: f.note })), runs: runs };
    writeFileSync(jsonPath, JSON.stringify(json, null, 1) + "\n");
  }
  void readFileSync;
  return errors.length ? 1 : 0;
}

main().then((c) => process.exit(c), (err) => {
  console.error(err);
  process.exit(1);
});
