// `npm run bench [-- --json FILE]`: X25519 (ours vs tweetnacl's minified build), the device side
// of a sec1 handshake and encrypted request round trips, in Node and — with ESPRUINO=/path/to/
// espruino — in the Espruino interpreter; bundle size; resident/peak JsVars. Issue 8.
import { createCipheriv, createHash } from "node:crypto";
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { performance } from "node:perf_hooks";
import { x25519 } from "../../src/crypto/x25519";
import { bundle, runFile, runFromStorage, text } from "./espruino";
import { protoBench, rfcCheck, timeMs } from "./suite";
import type { BenchHost } from "./suite";

type Nacl = { scalarMult: (n: Uint8Array, p: Uint8Array) => Uint8Array };
interface Figure {
  name: string;
  unit: string;
  node: number | null;
  espruino: number | null;
  tweetnacl?: { node: number | null; espruino: number | null };
  note?: string;
}

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
};

function hex(s: string): Uint8Array {
  return new Uint8Array(Buffer.from(s, "hex"));
}

function nodeFigures(): { fig: Record<string, number>; errors: string[] } {
  const req = createRequire(import.meta.url);
  const nacl = req("../../" + NACL) as Nacl;
  const naclSmall = req("../../" + NACL_SMALL) as Nacl;
  const k = hex(K);
  const u = hex(U);
  const errors = rfcCheck();
  timeMs(nodeHost, 20, () => x25519(k, u)); // warm-up
  const p = protoBench(nodeHost, 20);
  return {
    fig: {
      x25519: timeMs(nodeHost, 50, () => x25519(k, u)),
      nacl: timeMs(nodeHost, 50, () => nacl.scalarMult(k, u)),
      naclSmall: timeMs(nodeHost, 50, () => naclSmall.scalarMult(k, u)),
      keypair: p.keypairMs,
      handshake: p.handshakeMs,
      getStatus: p.getStatusMs,
      scanResult: p.scanResultMs,
    },
    errors: errors.concat(p.errors),
  };
}

/** Parses "BENCH name value" lines. */
function parse(out: string): Record<string, number> {
  const r: Record<string, number> = {};
  for (const m of out.matchAll(/^BENCH (\S+) (\S+)/gm)) r[m[1] as string] = Number(m[2]);
  return r;
}

const HELPERS = `function hx(s){var u=new Uint8Array(s.length/2);for(var i=0;i<u.length;i++)u[i]=parseInt(s.substr(2*i,2),16);return u}
function th(u){var s="";for(var i=0;i<u.length;i++)s+=(u[i]<16?"0":"")+u[i].toString(16);return s}
function out(n,v){print("BENCH "+n+" "+v)}
var k=hx("${K}"),u=hx("${U}");`;

async function espruinoFigures(bin: string): Promise<{ fig: Record<string, number>; errors: string[]; raw: string }> {
  const x = await bundle("tools/bench/entry-x25519.ts", "X");
  const b = await bundle("tools/bench/entry-suite.ts", "B");
  const nacl = text(NACL);
  const naclSmall = text(NACL_SMALL);
  // Run 1, from RAM (timings): suite (RFC checks, protocomm), ours vs both tweetnacl builds.
  const drv = `${HELPERS}
var bad=B.rfcCheck();out("rfc-failures",bad.length);if(bad.length)print("RFC FAIL "+bad.join(","));
var H=B.host;var W=th(X.x25519(k,u));out("x25519-ok",W===th(self.nacl.scalarMult(k,u))?1:0);
var a=1e9,b=1e9,c=1e9;for(var r=0;r<3;r++){a=Math.min(a,B.timeMs(H,1,function(){X.x25519(k,u)}));b=Math.min(b,B.timeMs(H,1,function(){self.nacl.scalarMult(k,u)}));}
c=B.timeMs(H,1,function(){self.naclSmall.scalarMult(k,u)});out("x25519",a);out("nacl",b);out("naclSmall",c);
H.log=function(m){print("STAGE "+m)};var p=B.protoBench(H,5);out("keypair",p.keypairMs);out("handshake",p.handshakeMs);out("getStatus",p.getStatusMs);out("scanResult",p.scanResultMs);out("peakSec1",p.peakSec1);out("proto-errors",p.errors.length);if(p.errors.length)print("PROTO FAIL "+p.errors.join(","));
`;
  const ram = `${x}\n${b}\nvar self={};\n${naclSmall}\nself.naclSmall=self.nacl;self.nacl=undefined;\n${nacl}\n${drv}`;
  const out1 = runFile(bin, ram, 900_000);
  // Run 2, from Storage (memory as on the ESP32): resident JsVars of each X25519 module.
  const memDrv = `var S=require("Storage");var self={};function m(){return process.memory().usage}
var m0=m();eval(S.read("x.js"));var m1=m();print("BENCH xResident "+(m1-m0));
eval(S.read("n.js"));var m2=m();print("BENCH naclResident "+(m2-m1));`;
  const out2 = runFromStorage(bin, { "x.js": x, "n.js": nacl }, memDrv, 300_000);
  const fig = { ...parse(out1), ...parse(out2) };
  const errors: string[] = [];
  for (const l of (out1 + out2).split("\n")) if (/FAIL|Uncaught|ERROR|ASSERT|Execution Interrupted/.test(l)) errors.push("espruino: " + l.trim());
  if (fig["x25519-ok"] !== 1) errors.push("espruino: x25519 differs from tweetnacl");
  return { fig, errors, raw: out1 + out2 };
}

function fmt(v: number | null | undefined, unit: string): string {
  if (v === null || v === undefined || Number.isNaN(v)) return "—";
  return unit === "ms" ? (v < 1 ? v.toFixed(3) : v < 100 ? v.toFixed(2) : v.toFixed(0)) : String(Math.round(v));
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const ji = args.indexOf("--json");
  const jsonPath = ji >= 0 ? args[ji + 1] : undefined;
  const bin = process.env.ESPRUINO;
  const n = nodeFigures();
  let e: Record<string, number> = {};
  let errors = n.errors;
  let why = "ESPRUINO not set";
  if (bin) {
    if (!existsSync(bin)) throw new Error("ESPRUINO=" + bin + " does not exist");
    const r = await espruinoFigures(bin);
    e = r.fig;
    errors = errors.concat(r.errors);
    why = "";
  }
  const es = (key: string): number | null => (bin && e[key] !== undefined && !Number.isNaN(e[key]) ? (e[key] as number) : null);
  const fw = "dist/firmware.js";
  const bundleBytes = existsSync(fw) ? statSync(fw).size : null;
  const figures: Figure[] = [
    { name: "x25519", unit: "ms", node: n.fig.x25519 as number, espruino: es("x25519"), tweetnacl: { node: n.fig.nacl as number, espruino: es("nacl") }, note: "one scalar multiplication, RFC 7748 §5.2 vector 1; Espruino: best of 3 alternating runs; tweetnacl = nacl-fast.min.js" },
    { name: "x25519-tweetnacl-small", unit: "ms", node: n.fig.naclSmall as number, espruino: es("naclSmall"), note: "tweetnacl nacl.min.js, for reference" },
    { name: "sec1-keypair-device", unit: "ms", node: n.fig.keypair as number, espruino: es("keypair"), note: "ahead of any client (Sec1 constructor), sliced" },
    { name: "sec1-handshake-device", unit: "ms", node: n.fig.handshake as number, espruino: es("handshake"), note: "Cmd0→Resp0 + Cmd1→Resp1 through Protocomm, incl. the background shared secret; client work excluded" },
    { name: "get-status-roundtrip", unit: "ms", node: n.fig.getStatus as number, espruino: es("getStatus"), note: "decrypt → prov-config handler → encrypt" },
    { name: "scan-result-roundtrip", unit: "ms", node: n.fig.scanResult as number, espruino: es("scanResult"), note: "4 of 16 entries, prov-scan handler" },
    { name: "bundle-bytes", unit: "B", node: bundleBytes, espruino: null, note: bundleBytes === null ? "dist/firmware.js not built (./build.sh)" : "dist/firmware.js" },
    { name: "jsvars-resident", unit: "JsVars", node: null, espruino: es("xResident"), tweetnacl: { node: null, espruino: es("naclResident") }, note: "X25519 module evaluated from Storage (GC'd usage delta)" },
    { name: "jsvars-peak-sec1", unit: "JsVars", node: null, espruino: es("peakSec1"), note: "peak usage above baseline during the device's handshake (process.memory(false))" },
  ];
  const rows: string[][] = [["figure", "unit", "node", "espruino", "tweetnacl node", "tweetnacl espruino", "ratio (espruino)", "note"]];
  for (const f of figures) {
    const t = f.tweetnacl;
    const ratio = t && t.espruino !== null && f.espruino ? (f.unit === "ms" ? (t.espruino / f.espruino).toFixed(2) + "× faster" : (t.espruino / f.espruino).toFixed(2) + "× fewer") : "";
    rows.push([f.name, f.unit, fmt(f.node, f.unit), f.espruino === null && f.name !== "bundle-bytes" ? "— (" + (why || "n/a") + ")" : fmt(f.espruino, f.unit), t ? fmt(t.node, f.unit) : "", t ? fmt(t.espruino, f.unit) : "", ratio, f.note || ""]);
  }
  const w = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows) console.log(r.map((c, i) => (i >= 2 && i <= 5 ? c.padStart(w[i]!) : c.padEnd(w[i]!))).join("  ").trimEnd());
  console.log("espruino: " + (bin || "(not run: set ESPRUINO=/path/to/espruino)"));
  if (errors.length) {
    console.error("ERRORS:\n  " + errors.join("\n  "));
  } else console.log("RFC 7748 vectors: pass (node" + (bin ? ", espruino" : "") + "); protocomm transcripts verified");
  if (jsonPath) {
    const json = { figures: figures.map((f) => ({ name: f.name, unit: f.unit, node: f.node, espruino: f.espruino, ...(f.tweetnacl ? { tweetnacl: f.tweetnacl } : {}), note: f.note })) };
    writeFileSync(jsonPath, JSON.stringify(json, null, 1) + "\n");
  }
  void readFileSync;
  return errors.length ? 1 : 0;
}

main().then((c) => process.exit(c), (err) => {
  console.error(err);
  process.exit(1);
});
