// Node stand-in for Espruino's E.convolve, written from its documented definition
// (jswrap_espruino.c: v=0; for (i in arr1) v += arr1[i] * arr2[(i+offset) % arr2.length]).
export function emulatedConvolve(a: Int32Array, b: Int32Array, off: number): number {
  let v = 0;
  const n = b.length;
  for (let i = 0; i < a.length; i++) v += (a[i] as number) * (b[(i + off) % n] as number);
  return v;
}

/** The largest |partial sum| or |product| any checkedConvolve call has seen since the last reset. */
export const convStats = { max: 0 };

/** emulatedConvolve that records the largest intermediate magnitude (exactness needs < 2^53). */
export function checkedConvolve(a: Int32Array, b: Int32Array, off: number): number {
  let v = 0;
  const n = b.length;
  for (let i = 0; i < a.length; i++) {
    const p = (a[i] as number) * (b[(i + off) % n] as number);
    v += p;
    const m = Math.max(Math.abs(p), Math.abs(v));
    if (m > convStats.max) convStats.max = m;
  }
  return v;
}
