// A flash-accurate fake of Espruino's require("Storage") for the Node tier.
//
// It keeps the storage area as bytes and runs a TypeScript port of Espruino 2v29's own storage
// code over them: src/jsflash.c (jsfWriteFile, jsfCreateFile, jsfFindFile, jsfEraseFile,
// jsfListFiles, jsfGetStorageStats, jsfCompact with its circular swap buffer,
// jsfIsStorageValid), src/jswrap_storage.c (the JS API) and src/jshardware_common.c
// (jshFlashWriteAligned, jshFlashErasePages). One bank, no filename table, no cache (the ESP32
// and Linux builds have neither).
//
// What the flash does (NOR): an erase sets a whole page to 0xFF; a write can only clear bits
// (new = old AND data). A file is a 32-byte header {size | flags << 24 (LE), name[28]} followed
// by its data, 4-byte aligned; replacing a file first writes 0 over the first 4 name bytes of
// the old header ("replaced"), then writes the new header, then the data.
//
// Power cuts: every flash operation counts as steps. An erase of one page is one step; a write
// is split into `unit`-byte steps (default 4: one word, the smallest unit jsflash.c writes), so
// a cut can land inside a header or inside the data, in address order. `cutAt = k` lets k steps
// complete and throws PowerCut instead of the next one, as if power failed there; `image()` is
// what the flash holds afterwards. `powerOn()` then does what Espruino does on the first boot
// after power-on (src/jsinteractive.c jsiSemiInit): if jsfIsStorageValid(JSFSTT_NORMAL) fails
// it prints "Storage is corrupt." and erases the whole area (jsfResetStorage).
//
// Geometries: ESP32 (boards/ESP32.py: 224 pages of 4096 bytes at 0x320000) and the Linux build
// (boards/LINUX.py: a 256 KB file ./espruino.flash of 1024-byte pages at 0x10000000), whose
// file this fake can read and produce byte for byte.

export const HEADER = 32;
const ALIGN = 4;
const UNSET = 0xffffffff;
const NAME_LEN = 28;

/** Thrown by a flash operation when the configured cut point is reached. */
export class PowerCut extends Error {
  constructor(readonly step: number) {
    super("power cut at flash step " + step);
  }
}

export interface Geometry {
  /** Address of the storage area (never 0: jsflash.c uses 0 for "no address"). */
  base: number;
  pageSize: number;
  pages: number;
}

export const ESP32: Geometry = { base: 0x320000, pageSize: 4096, pages: 224 };
export const LINUX: Geometry = { base: 0x10000000, pageSize: 1024, pages: 256 };

export interface FlashOptions {
  geometry?: Geometry;
  /** Bytes per write step (default 4). */
  unit?: number;
  /** Complete this many steps, then throw PowerCut at the next one. */
  cutAt?: number;
  /** Console output of the storage code ("Compacting...", "Storage is corrupt."). */
  log?: (s: string) => void;
  /** Starting contents (a copy is taken); default all 0xFF. */
  image?: Uint8Array;
}

/** One recorded flash step: a write of bytes at addr, or a page erase. */
export interface Step {
  kind: "write" | "erase";
  addr: number;
  len: number;
  /** The bytes programmed (write steps). */
  data?: Uint8Array;
}

interface Header {
  size: number; // size | flags << 24
  name: Uint8Array; // 28 bytes
}

const fileSize = (h: Header) => h.size & 0x00ffffff;
const fileFlags = (h: Header) => h.size >>> 24;
const firstChars = (h: Header) => (h.name[0]! | (h.name[1]! << 8) | (h.name[2]! << 16) | (h.name[3]! << 24)) >>> 0;
const alignUp = (a: number) => (a + ALIGN - 1) & ~(ALIGN - 1);
const JSFF_NONE = 0;
const JSFF_STORAGEFILE = 64;
const JSFF_COMPRESSED = 128;

const latin1 = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("latin1");

/** Espruino's data → bytes: strings as 8-bit, arrays/typed arrays/ArrayBuffers as bytes. */
function dataBytes(d: unknown): Uint8Array {
  if (typeof d === "string") return new Uint8Array(Buffer.from(d, "latin1"));
  if (Object.prototype.toString.call(d) === "[object ArrayBuffer]") return new Uint8Array((d as ArrayBuffer).slice(0));
  if (ArrayBuffer.isView(d)) return new Uint8Array(d.buffer.slice(d.byteOffset, d.byteOffset + d.byteLength));
  if (Array.isArray(d)) return Uint8Array.from(d as number[], (x) => x & 255);
  if (typeof d === "number" || typeof d === "boolean") return new Uint8Array(Buffer.from(String(d), "latin1"));
  throw new Error("flash-storage: unsupported data " + typeof d);
}

function nameBytes(name: string): Uint8Array {
  const b = new Uint8Array(NAME_LEN);
  const s = Buffer.from(String(name), "latin1");
  b.set(s.subarray(0, NAME_LEN)); // jsfNameFromVar: jsvGetString into 28+1 bytes, truncated
  return b;
}

function nameString(n: Uint8Array): string {
  let l = 0;
  while (l < NAME_LEN && n[l] !== 0) l++;
  return latin1(n.subarray(0, l));
}

const nameEqual = (a: Uint8Array, b: Uint8Array) => {
  for (let i = 0; i < NAME_LEN; i++) if (a[i] !== b[i]) return false;
  return true;
};

/** The flash chip: bytes, step counting, cut points. */
export class Flash {
  readonly geo: Geometry;
  readonly bytes: Uint8Array;
  readonly unit: number;
  cutAt: number | undefined;
  steps = 0;
  /** Set once the cut point is reached: every later step throws PowerCut again (the power is
   * off; code that catches the first one, like EspruinoKv's try/catch, changes nothing). */
  dead = false;
  /** Every completed step, when recording is on. */
  trace: Step[] | undefined;

  constructor(opts: FlashOptions = {}) {
    this.geo = opts.geometry ?? ESP32;
    this.unit = opts.unit ?? 4;
    this.cutAt = opts.cutAt;
    this.bytes = new Uint8Array(this.geo.pageSize * this.geo.pages).fill(0xff);
    if (opts.image) this.bytes.set(opts.image.subarray(0, this.bytes.length));
  }

  get end(): number {
    return this.geo.base + this.bytes.length;
  }

  private step(kind: Step["kind"], addr: number, len: number): void {
    if (this.dead || (this.cutAt !== undefined && this.steps >= this.cutAt)) {
      this.dead = true;
      throw new PowerCut(this.steps);
    }
    this.steps++;
    if (this.trace) this.trace.push(kind === "write" ? { kind, addr, len, data: new Uint8Array(len) } : { kind, addr, len });
  }

  /** Replays a recorded step (the state after k steps = the first k steps applied). */
  apply(s: Step): void {
    const o = this.off(s.addr, s.len);
    if (s.kind === "erase") this.bytes.fill(0xff, o, o + s.len);
    else for (let j = 0; j < s.len; j++) this.bytes[o + j]! &= s.data![j]!;
  }

  private off(addr: number, len: number): number {
    const o = addr - this.geo.base;
    if (o < 0 || o + len > this.bytes.length) throw new Error("flash-storage: access outside the storage area at 0x" + addr.toString(16));
    return o;
  }

  read(addr: number, len: number): Uint8Array {
    const o = this.off(addr, len);
    return this.bytes.slice(o, o + len);
  }

  /** jshFlashWrite: NOR programming (AND), split into unit-byte steps. */
  write(addr: number, data: Uint8Array): void {
    const o = this.off(addr, data.length);
    for (let i = 0; i < data.length; i += this.unit) {
      const n = Math.min(this.unit, data.length - i);
      this.step("write", addr + i, n);
      const t = this.trace?.[this.trace.length - 1];
      if (t) t.data!.set(data.subarray(i, i + n));
      for (let j = 0; j < n; j++) this.bytes[o + i + j]! &= data[i + j]!;
    }
  }

  /** jshFlashGetPage. */
  page(addr: number): { start: number; len: number } | undefined {
    if (addr < this.geo.base || addr >= this.end) return undefined;
    const ps = this.geo.pageSize;
    return { start: this.geo.base + Math.floor((addr - this.geo.base) / ps) * ps, len: ps };
  }

  /** jshFlashErasePage: one step. */
  erasePage(addr: number): void {
    const p = this.page(addr);
    if (!p) return;
    this.step("erase", p.start, p.len);
    const o = p.start - this.geo.base;
    this.bytes.fill(0xff, o, o + p.len);
  }

  /** jshFlashErasePages (src/jshardware_common.c). */
  erasePages(start: number, len: number): boolean {
    const endAddr = start + len;
    let p = this.page(start);
    if (!p) return false;
    while (p.start < endAddr) {
      this.erasePage(p.start);
      p = this.page(p.start + p.len);
      if (!p) return true;
    }
    return true;
  }
}

interface Stats {
  fileBytes: number;
  fileCount: number;
  trashBytes: number;
  trashCount: number;
  total: number;
  free: number;
  firstPageWithErasedFiles: number;
}

/**
 * require("Storage") over a Flash: the API the firmware uses (read, write with offset/size,
 * erase, list, readArrayBuffer, readJSON, writeJSON, getFree, getStats, compact, eraseAll).
 */
export class FlashStorage {
  readonly flash: Flash;
  private log: (s: string) => void;

  constructor(opts: FlashOptions = {}) {
    this.flash = new Flash(opts);
    this.log = opts.log ?? (() => {});
  }

  /** A copy of the flash contents. */
  image(): Uint8Array {
    return this.flash.bytes.slice();
  }

  /** A new storage on a copy of this one's flash (new options, e.g. a cut point). */
  fork(opts: Omit<FlashOptions, "image" | "geometry"> = {}): FlashStorage {
    return new FlashStorage({ unit: this.flash.unit, ...opts, geometry: this.flash.geo, image: this.flash.bytes });
  }

  /**
   * The first boot after power-on (jsiSemiInit): a storage area that fails
   * jsfIsStorageValid(JSFSTT_NORMAL) is reported and erased entirely. Returns true then.
   */
  powerOn(): boolean {
    this.flash.cutAt = undefined;
    if (this.isValid()) return false;
    this.log("Storage is corrupt.");
    this.flash.erasePages(this.flash.geo.base, this.flash.bytes.length);
    return true;
  }

  // ---------------------------------------------------------------- jsflash.c, ported

  private get start(): number {
    return this.flash.geo.base;
  }

  /** jsfGetFileHeader: the header at addr and whether it is valid. */
  private header(addr: number): { h: Header; valid: boolean } {
    if (!addr) return { h: { size: UNSET, name: new Uint8Array(NAME_LEN).fill(0xff) }, valid: false };
    const b = this.flash.read(addr, HEADER);
    const h = { size: (b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24)) >>> 0, name: b.subarray(4) };
    const end = addr + HEADER + fileSize(h);
    return { h, valid: h.size !== UNSET && h.size !== 0 && end <= this.flash.end };
  }

  /** jsfGetAddressOfNextPage: 0 when none. */
  private nextPage(addr: number): number {
    const p = this.flash.page(addr);
    if (!p) return 0;
    const a = p.start + p.len;
    return a >= this.flash.end ? 0 : a;
  }

  /** jsfGetSpaceLeftInPage. */
  private spaceLeftInPage(addr: number): number {
    const p = this.flash.page(addr);
    if (!p) return 0;
    let next = p.start + p.len;
    if (next < this.flash.end && !this.header(next).valid) next = this.flash.end;
    return next - addr;
  }

  /**
   * jsfGetNextFileHeader: cur = {addr, h} is moved on; returns validity. getAll: if there is no
   * header after this file, try the start of the next page.
   */
  private next(cur: { addr: number; h: Header }, getAll: boolean): boolean {
    const old = cur.addr;
    cur.addr = 0;
    let a = alignUp(old + fileSize(cur.h) + HEADER);
    if (a < old) return false;
    if (a + HEADER > this.flash.end) return false;
    cur.addr = a;
    let r = this.header(a);
    cur.h = r.h;
    if (getAll && !r.valid) {
      a = this.nextPage(a);
      cur.addr = a;
      if (!a) return false;
      r = this.header(a);
      cur.h = r.h;
    }
    return r.valid;
  }

  /** jsfIsRealFile. */
  private isReal(h: Header): boolean {
    const f = fileFlags(h);
    return firstChars(h) !== 0 && (f === JSFF_NONE || f === JSFF_STORAGEFILE || f === JSFF_COMPRESSED);
  }

  /** jsfGetStorageStats. */
  private stats(startAddr: number, allPages: boolean): Stats {
    const s: Stats = { fileBytes: 0, fileCount: 0, trashBytes: 0, trashCount: 0, total: 0, free: 0, firstPageWithErasedFiles: 0 };
    const first = this.header(startAddr);
    const cur = { addr: startAddr, h: first.h };
    let lastAddr = startAddr;
    let lastUnbroken = startAddr;
    if (first.valid)
      do {
        const p = this.flash.page(cur.addr);
        if (p && p.start === cur.addr) lastUnbroken = p.start;
        const size = alignUp(fileSize(cur.h)) + HEADER;
        lastAddr = cur.addr + size;
        if (firstChars(cur.h) !== 0) {
          s.fileBytes += size;
          s.fileCount++;
        } else {
          s.trashBytes += size;
          s.trashCount++;
          if (!s.firstPageWithErasedFiles) s.firstPageWithErasedFiles = lastUnbroken;
        }
      } while (this.next(cur, allPages));
    const pageEnd = allPages ? this.flash.end : this.nextPage(startAddr);
    s.total = pageEnd - startAddr;
    s.free = pageEnd - lastAddr;
    return s;
  }

  /** jsfFindFile: {addr of data, header} or undefined. */
  private find(name: Uint8Array): { addr: number; h: Header } | undefined {
    const first = this.header(this.start);
    if (!first.valid) return undefined;
    const cur = { addr: this.start, h: first.h };
    const fc = (name[0]! | (name[1]! << 8) | (name[2]! << 16) | (name[3]! << 24)) >>> 0;
    do {
      if (firstChars(cur.h) === fc) {
        const full = this.header(cur.addr);
        if (full.valid && nameEqual(full.h.name, name)) return { addr: cur.addr + HEADER, h: full.h };
      }
    } while (this.next(cur, true));
    return undefined;
  }

  /** jsfEraseFileInternal: zero the first 4 name bytes. addr = data address. */
  private eraseInternal(addr: number): void {
    this.flash.write(addr - HEADER + 4, new Uint8Array(4));
  }

  private isErased(addr: number, len: number): boolean {
    const b = this.flash.read(addr, len);
    for (const x of b) if (x !== 0xff) return false;
    return true;
  }

  /** jsfCompactWriteBuffer. */
  private compactWrite(st: { write: number; buf: Uint8Array; used: number; tail: number }, readAddr: number): void {
    const size = st.buf.length;
    let nextPage = this.nextPage(st.write) || this.flash.end;
    while (st.used) {
      let s = st.used;
      if (s + st.tail > size) s = size - st.tail;
      if (s + st.write > nextPage) s = nextPage - st.write;
      if (readAddr < nextPage) return; // still reading from that page
      const p = this.flash.page(st.write);
      if (p && p.start === st.write) this.flash.erasePage(st.write);
      this.flash.write(st.write, st.buf.slice(st.tail, st.tail + s));
      st.write += s;
      nextPage = this.nextPage(st.write) || this.flash.end;
      st.tail = (st.tail + s) % size;
      st.used -= s;
    }
  }

  /** jsfCompactInternal. */
  private compactInternal(startAddress: number, bufSize: number): boolean {
    this.log("Compacting...");
    const st = { write: startAddress, buf: new Uint8Array(bufSize), used: 0, tail: 0 };
    let head = 0;
    const push = (b: Uint8Array) => {
      for (const x of b) {
        st.buf[head] = x;
        head = (head + 1) % bufSize;
      }
    };
    const first = this.header(startAddress);
    const cur = { addr: startAddress, h: first.h };
    if (first.valid)
      do {
        if (this.isReal(cur.h)) {
          const hb = new Uint8Array(HEADER);
          new DataView(hb.buffer).setUint32(0, cur.h.size, true);
          hb.set(cur.h.name, 4);
          push(hb);
          st.used += HEADER;
          let aligned = alignUp(fileSize(cur.h));
          let ptr = cur.addr + HEADER;
          this.compactWrite(st, ptr);
          while (aligned) {
            let s = bufSize - st.used;
            if (s > bufSize - head) s = bufSize - head;
            if (st.tail > head && s > st.tail - head) s = st.tail - head;
            if (s === 0) return false;
            if (s > aligned) s = aligned;
            st.buf.set(this.flash.read(ptr, s), head);
            aligned -= s;
            ptr += s;
            st.used += s;
            head = (head + s) % bufSize;
            this.compactWrite(st, ptr);
          }
        }
      } while (this.next(cur, true));
    this.compactWrite(st, this.flash.end);
    let w = st.write;
    if (w !== startAddress) w = this.nextPage(w - 1);
    if (w) {
      let a = cur.addr;
      if (!a) a = this.flash.end;
      this.flash.erasePages(w, a - w);
    }
    return true;
  }

  /** jsfCompact / jsfBankCompact: true if space was freed. */
  private compactBank(): boolean {
    const ps = this.flash.geo.pageSize;
    const stats = this.stats(this.start, true);
    if (!stats.trashBytes) return false;
    let bufSize = stats.fileBytes;
    if (bufSize > ps + HEADER) bufSize = ps + HEADER;
    return this.compactInternal(stats.firstPageWithErasedFiles, bufSize);
  }

  /** jsfCreateFile: writes the header; returns the data address or 0. */
  private create(name: Uint8Array, size: number, flags: number): { addr: number; h: Header } | undefined {
    const required = alignUp(size) + HEADER;
    let compacted = false;
    let freeAddr = 0;
    while (!freeAddr) {
      let addr = this.start;
      let freeSpace = 0;
      let trash = 0;
      do {
        const r = this.header(addr);
        const cur = { addr, h: r.h };
        if (r.valid)
          do {
            if (firstChars(cur.h) === 0) trash += fileSize(cur.h);
          } while (this.next(cur, false));
        addr = cur.addr;
        const space = this.spaceLeftInPage(addr);
        freeSpace += space;
        if (space < required) addr = this.nextPage(addr);
        else freeAddr = addr;
      } while (addr && !freeAddr);
      if (!freeAddr) {
        if (!compacted && required < freeSpace + trash) {
          compacted = true;
          if (!this.compactBank()) return undefined;
        } else return undefined;
      }
    }
    const h: Header = { size: (size | (flags << 24)) >>> 0, name };
    const hb = new Uint8Array(HEADER);
    new DataView(hb.buffer).setUint32(0, h.size, true);
    hb.set(name, 4);
    this.flash.write(freeAddr, hb);
    return { addr: freeAddr + HEADER, h };
  }

  /** jshFlashWriteAligned (ESP32/Linux storage path: read-modify-write of unaligned words). */
  private writeAligned(data: Uint8Array, addr: number): void {
    let p = 0;
    let len = data.length;
    let off = addr & (ALIGN - 1);
    if (off) {
      const w = this.flash.read(addr - off, ALIGN);
      let rem = ALIGN - off;
      if (rem > len) rem = len;
      w.set(data.subarray(0, rem), off);
      p += rem;
      this.flash.write(addr - off, w);
      addr += rem;
      if (rem >= len) return;
      len -= rem;
    }
    off = len & (ALIGN - 1);
    len -= off;
    if (len) this.flash.write(addr, data.subarray(p, p + len));
    addr += len;
    p += len;
    if (off) {
      const w = this.flash.read(addr, ALIGN);
      w.set(data.subarray(p, p + off), 0);
      this.flash.write(addr, w);
    }
  }

  /** jsfWriteFile. Throws like Espruino's exceptions; returns false on other failures. */
  private writeFile(name: Uint8Array, d: Uint8Array, flags: number, offset: number, size: number): boolean {
    if (offset < 0 || size < 0) return false;
    if (size === 0) size = d.length;
    if (!size) throw new Error("Can't create zero length file");
    let f = this.find(name);
    if (
      (!f && offset === 0) ||
      (f && offset === 0 && (flags !== fileFlags(f.h) || size !== fileSize(f.h) || !this.isErased(f.addr, size)))
    ) {
      if (f && offset === 0 && size === fileSize(f.h) && flags === fileFlags(f.h) && d.length === size) {
        const cur = this.flash.read(f.addr, size);
        if (cur.every((x, i) => x === d[i])) return true; // "files Equal": no flash write
      }
      if (f) this.eraseInternal(f.addr);
      f = this.create(name, size, flags);
    }
    if (!f) throw new Error("Unable to find or create file");
    if (offset + d.length > fileSize(f.h)) throw new Error("Too much data for file size");
    const a = f.addr + offset;
    if (!this.isErased(a, d.length)) throw new Error("File already written with different data");
    this.writeAligned(d, a);
    return true;
  }

  /** jsfIsStorageValid(JSFSTT_NORMAL) for one bank. */
  isValid(): boolean {
    const start = this.start;
    const end = this.flash.end;
    const first = this.header(start);
    const cur = { addr: start, h: first.h };
    let old = start;
    if (first.valid) {
      while (this.next(cur, true)) old = cur.addr;
      if (!cur.addr) {
        const a = alignUp(old + fileSize(cur.h) + HEADER);
        if (a < old) return false;
        if (a <= end && a + HEADER > end) return true;
      }
    }
    let allFF = (cur.h.size >>> 0) === UNSET;
    for (const x of cur.h.name) if (x !== 0xff) allFF = false;
    if (allFF && cur.addr === start) return this.isErased(cur.addr, end - cur.addr);
    return allFF;
  }

  // ---------------------------------------------------------------- jswrap_storage.c

  read(name: string, offset?: number, length?: number): string | undefined {
    const f = this.find(nameBytes(name));
    if (!f) return undefined;
    const len = fileSize(f.h);
    let o = offset ?? 0;
    let l = length ?? 0;
    if (o < 0) o = 0;
    if (l <= 0) l = len;
    if (o > len) o = len;
    if (o + l > len) l = len - o;
    if (l <= 0) return "";
    return latin1(this.flash.read(f.addr + o, l));
  }

  readArrayBuffer(name: string): ArrayBuffer | undefined {
    const s = this.read(name);
    if (s === undefined) return undefined;
    const b = Buffer.from(s, "latin1");
    return b.buffer.slice(b.byteOffset, b.byteOffset + b.length) as ArrayBuffer;
  }

  readJSON(name: string, noExceptions?: boolean): unknown {
    const s = this.read(name);
    if (s === undefined) return undefined;
    try {
      return JSON.parse(s);
    } catch (e) {
      if (noExceptions) return undefined;
      throw e;
    }
  }

  write(name: string, data: unknown, offset?: number, size?: number): boolean {
    let d: Uint8Array;
    if (data !== null && typeof data === "object" && !ArrayBuffer.isView(data) && !Array.isArray(data) && Object.prototype.toString.call(data) !== "[object ArrayBuffer]") {
      d = dataBytes(JSON.stringify(data));
      offset = 0;
      size = 0;
    } else d = dataBytes(data);
    return this.writeFile(nameBytes(name), d, JSFF_NONE, offset ?? 0, size ?? 0);
  }

  writeJSON(name: string, data: unknown): boolean {
    return this.writeFile(nameBytes(name), dataBytes(JSON.stringify(data)), JSFF_NONE, 0, 0);
  }

  erase(name: string): void {
    const f = this.find(nameBytes(name));
    if (f) this.eraseInternal(f.addr);
  }

  list(regex?: RegExp): string[] {
    const out: string[] = [];
    const first = this.header(this.start);
    if (!first.valid) return out;
    const cur = { addr: this.start, h: first.h };
    do {
      if (this.isReal(cur.h) && !(fileFlags(cur.h) & JSFF_STORAGEFILE)) {
        const n = nameString(cur.h.name);
        if (!regex || n.match(regex)) out.push(n);
      }
    } while (this.next(cur, true));
    return out;
  }

  getFree(): number {
    return this.stats(this.start, true).free;
  }

  getStats(): { totalBytes: number; freeBytes: number; fileBytes: number; fileCount: number; trashBytes: number; trashCount: number } {
    const s = this.stats(this.start, true);
    return { totalBytes: s.total, freeBytes: s.free, fileBytes: s.fileBytes, fileCount: s.fileCount, trashBytes: s.trashBytes, trashCount: s.trashCount };
  }

  compact(): void {
    this.compactBank();
  }

  eraseAll(): void {
    this.flash.erasePages(this.start, this.flash.bytes.length);
  }
}
