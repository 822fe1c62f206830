// Tagged logging through one replaceable sink. Never pass keys, PoPs, passphrases or
// decrypted payloads here: log lengths and codes instead.

/** Log levels as ESP_LOG: 1 error, 2 warn, 3 info, 4 debug. */
export const enum Level {
  E = 1,
  W = 2,
  I = 3,
  D = 4,
}

/** Receives every log line at or below the configured level. */
export type LogSink = (level: number, tag: string, msg: string) => void;

let sink: LogSink | undefined;
let maxLevel = 3;

/** Installs the sink (undefined silences logging) and the highest level passed to it. */
export function setLogSink(fn: LogSink | undefined, level?: number): void {
  sink = fn;
  if (level !== undefined) maxLevel = level;
}

/** Logs msg under tag at level. */
export function log(level: number, tag: string, msg: string): void {
  if (sink && level <= maxLevel) sink(level, tag, msg);
}

/** An Err code as ESP-IDF prints it: "0x103", and ESP_FAIL as "0xffffffff". */
export function errHex(err: number): string {
  return "0x" + (err >>> 0).toString(16);
}
