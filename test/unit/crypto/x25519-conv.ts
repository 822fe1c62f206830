// Node stand-in for Espruino's E.convolve, written from its documented definition
// (jswrap_espruino.c: v=0; for (i in arr1) v += arr1[i] * arr2[(i+offset) % arr2.length]).
export function emulatedConvolve(a: Float64Array, b: Float64Array, off: number): number {
  let v = 0;
  const n = b.length;
  for (let i = 0; i < a.length; i++) v += (a[i] as number) * (b[(i + off) % n] as number);
  return v;
}
