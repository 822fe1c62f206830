// NRF on ESP32 as docs/platform/espruino.md §8 describes it: characteristics keyed by their 16-bit form,
// onWrite({data}) cut to 61 bytes with the whole value in global["\xFF"].BLE_CHAR_V<pos>, the
// written bytes readable until JS calls updateServices, no empty values, one 31-byte advert.
export interface NrfChar {
  uuid: string;
  description?: string;
  value: string;
  onWrite?: (ev: { data: ArrayBuffer }) => void;
}

export class EspNrf {
  uart: boolean | undefined;
  slept = false;
  advertising: number[] | undefined;
  chars: NrfChar[] = [];
  service = "";
  updates = 0;
  private handlers: Record<string, ((x: unknown) => void)[]> = {};
  /** The context's global["\xFF"] (hidden root), set by the harness. */
  hidden: Record<string, unknown> = {};

  setServices(svcs: Record<string, Record<string, Omit<NrfChar, "uuid" | "value"> & { value?: string }>>, opts: { uart?: boolean }): void {
    this.uart = opts && opts.uart;
    this.chars = [];
    this.service = "";
    for (const s of Object.keys(svcs)) {
      this.service = s;
      for (const c of Object.keys(svcs[s]!)) {
        const d = svcs[s]![c]!;
        if (d.description !== undefined && d.description.length > 15) throw new Error("description too long for ESP32 (15 bytes)");
        this.chars.push({ uuid: c.toLowerCase(), description: d.description, value: d.value ?? "", onWrite: d.onWrite });
      }
    }
  }

  updateServices(upd: Record<string, Record<string, { value: string }>>): void {
    for (const s of Object.keys(upd)) {
      for (const c of Object.keys(upd[s]!)) {
        const ch = s === this.service ? this.chars.find((x) => x.uuid === c.toLowerCase()) : undefined;
        if (!ch) throw new Error("Unable to find service");
        const v = upd[s]![c]!.value;
        if (v.length) ch.value = v; // `if (vPtr && vLen)`
        this.updates++;
      }
    }
  }

  setAdvertising(data: number[], _opts: unknown): void {
    if (Array.isArray(data) && data.length > 31) throw new Error("advertising data too long");
    this.advertising = Array.isArray(data) ? [...data] : undefined;
  }

  sleep(): void {
    this.slept = true;
  }

  disconnect(): void {
    this.emit("disconnect", 22);
  }

  on(ev: string, fn: (x: unknown) => void): void {
    (this.handlers[ev] ??= []).push(fn);
  }

  emit(ev: string, x: unknown): void {
    for (const fn of this.handlers[ev] ?? []) fn(x);
  }

  /** A central writes value to the characteristic named name (ATT write: acked at once). */
  write(name: string, value: Buffer): NrfChar {
    const pos = this.chars.findIndex((c) => c.description === name);
    const ch = this.chars[pos];
    if (!ch) throw new Error("no characteristic " + name);
    ch.value = value.toString("latin1");
    this.hidden["BLE_CHAR_V" + pos.toString(16)] = ch.value;
    const cut = value.subarray(0, 61);
    const data = cut.buffer.slice(cut.byteOffset, cut.byteOffset + cut.length) as ArrayBuffer;
    setImmediate(() => ch.onWrite && ch.onWrite({ data }));
    return ch;
  }
}
