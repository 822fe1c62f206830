// Pure-JS AES block encryption (FIPS 197), ECB over whole blocks: the CryptoPort.aesEcb the page
// needs (src/crypto/aes-ctr.ts builds the CTR stream on it). Encryption only: CTR never decrypts
// a block. Table-free S-box built once; checked against NIST SP 800-38A and node:crypto.

const SBOX = new Uint8Array(256);
(function buildSbox() {
  // Multiplicative inverse in GF(2^8) via log/antilog tables over generator 3, then the affine map.
  const exp = new Uint8Array(256);
  const log = new Uint8Array(256);
  let x = 1;
  for (let i = 0; i < 255; i++) {
    exp[i] = x;
    log[x] = i;
    x ^= (x << 1) ^ (x & 0x80 ? 0x11b : 0); // x *= 3
    x &= 255;
  }
  for (let i = 0; i < 256; i++) {
    const inv = i === 0 ? 0 : exp[(255 - log[i]!) % 255]!;
    let s = inv;
    let r = inv;
    for (let j = 0; j < 4; j++) {
      r = ((r << 1) | (r >>> 7)) & 255;
      s ^= r;
    }
    SBOX[i] = s ^ 0x63;
  }
})();

const xtime = (b: number) => ((b << 1) ^ (b & 0x80 ? 0x1b : 0)) & 255;

/** The expanded key (FIPS 197 §5.2): 4*(rounds+1) words as bytes. */
function expandKey(key: Uint8Array): { w: Uint8Array; rounds: number } {
  const nk = key.length / 4;
  if (key.length !== 16 && key.length !== 24 && key.length !== 32) {
    throw new Error(`AES key must be 16, 24 or 32 bytes, got ${key.length}`);
  }
  const rounds = nk + 6;
  const w = new Uint8Array(16 * (rounds + 1));
  w.set(key);
  let rcon = 1;
  for (let i = nk; i < 4 * (rounds + 1); i++) {
    let t0 = w[4 * i - 4]!, t1 = w[4 * i - 3]!, t2 = w[4 * i - 2]!, t3 = w[4 * i - 1]!;
    if (i % nk === 0) {
      const s = t0;
      t0 = SBOX[t1]! ^ rcon;
      t1 = SBOX[t2]!;
      t2 = SBOX[t3]!;
      t3 = SBOX[s]!;
      rcon = xtime(rcon);
    } else if (nk > 6 && i % nk === 4) {
      t0 = SBOX[t0]!;
      t1 = SBOX[t1]!;
      t2 = SBOX[t2]!;
      t3 = SBOX[t3]!;
    }
    const j = 4 * (i - nk);
    w[4 * i] = w[j]! ^ t0;
    w[4 * i + 1] = w[j + 1]! ^ t1;
    w[4 * i + 2] = w[j + 2]! ^ t2;
    w[4 * i + 3] = w[j + 3]! ^ t3;
  }
  return { w, rounds };
}

/** Encrypts the 16 bytes at s[o..o+16) in place. */
function encryptBlock(w: Uint8Array, rounds: number, s: Uint8Array, o: number): void {
  for (let i = 0; i < 16; i++) s[o + i] = s[o + i]! ^ w[i]!;
  const t = new Uint8Array(16);
  for (let r = 1; r <= rounds; r++) {
    // SubBytes + ShiftRows: state byte (row i, column c) sits at 4c + i.
    for (let c = 0; c < 4; c++) for (let i = 0; i < 4; i++) t[4 * c + i] = SBOX[s[o + 4 * ((c + i) & 3) + i]!]!;
    if (r !== rounds) {
      for (let c = 0; c < 4; c++) {
        const a0 = t[4 * c]!, a1 = t[4 * c + 1]!, a2 = t[4 * c + 2]!, a3 = t[4 * c + 3]!;
        const all = a0 ^ a1 ^ a2 ^ a3;
        t[4 * c] = a0 ^ all ^ xtime(a0 ^ a1);
        t[4 * c + 1] = a1 ^ all ^ xtime(a1 ^ a2);
        t[4 * c + 2] = a2 ^ all ^ xtime(a2 ^ a3);
        t[4 * c + 3] = a3 ^ all ^ xtime(a3 ^ a0);
      }
    }
    for (let i = 0; i < 16; i++) s[o + i] = t[i]! ^ w[16 * r + i]!;
  }
  t.fill(0);
}

/** AES-ECB encryption of data (a multiple of 16 bytes) under a 16/24/32-byte key; a new array. */
export function aesEcb(key: Uint8Array, data: Uint8Array): Uint8Array {
  if (data.length % 16 !== 0) throw new Error(`AES-ECB data must be a multiple of 16 bytes, got ${data.length}`);
  const k = expandKey(key);
  const out = new Uint8Array(data);
  for (let o = 0; o < out.length; o += 16) encryptBlock(k.w, k.rounds, out, o);
  k.w.fill(0);
  return out;
}
