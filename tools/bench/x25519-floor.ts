// What bounds X25519 here (docs/performance.md, "The bound"): the field products alone, timed in
// the bench's own interpreter process beside tweetnacl. A product is 13 native E.convolve dot
// products and 13 carries; an X25519 needs FLOOR_PRODUCTS of them whatever else it does.
import { readFileSync } from "node:fs";

/** Dot-product field products in one X25519: 9 per ladder step (255), 254 + 11 in the inversion. */
export const FLOOR_PRODUCTS = 255 * 9 + 254 + 11;
/** Products per timed call of a floor function. */
const PER_CALL = 10;

/**
 * The ladder step's plain product into X (x3's new value), as src/crypto/x25519.ts runs it: the
 * same statements, taken from the generated code so the floor follows any change to it.
 */
function plainProduct(): string {
  const src = readFileSync("src/crypto/x25519.ts", "utf8");
  const m = /A=s\[7\];B=s\[8\];(c=0;.*?X\[0\]=u;X\[1\]=w;)/.exec(src);
  if (!m) throw new Error("x25519-floor: the ladder step's product into X was not found in src/crypto/x25519.ts");
  return m[1] as string;
}

/**
 * Interpreter code defining PFc() (PER_CALL products' 13 E.convolve calls each, nothing else) and
 * PFp() (PER_CALL carried products, the ladder step's own statements), over fixed limbs below
 * 2^19 (any values of that size take the same time), with the ladder step's locals in its order.
 */
export function floorFunctions(): string {
  const head = "let v=0,c=0;const S=PFS,M=1048576,K=6755399441055744,C=E.convolve;let A=PFA,B=PFB,l=0,t=0,u=0,w=0;const X=PFX;";
  let calls = "";
  for (let k = 0; k < 13; k++) calls += `v=C(A,B,${k});`;
  return `var PFA=new Int32Array(13),PFB=new Int32Array(25),PFX=new Int32Array(13),PFS=new Int32Array(1);
for(var i=0;i<13;i++){PFA[i]=(i*7919)%524288;var l=(i*104729)%524288;PFB[12+i]=l;if(i)PFB[i-1]=608*l;}
function PFc(){${head}${calls.repeat(PER_CALL)}}
function PFp(){${head}${plainProduct().repeat(PER_CALL)}}
function PFt(f){var t=getTime();for(var i=0;i<20;i++)f();return (getTime()-t)*1e6/(20*${PER_CALL});}
`;
}
