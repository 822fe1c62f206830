// In the core's build, this module stands in for src/wifi/scanner.ts and src/prov/ep-scan.ts
// (tools/bundle/build.ts, LAZY_PARTS): the same exports, whose code comes from the Storage file
// "wifiprov-scan" at the first prov-scan request. An idle device holds neither (~110 JsVars).
import type { Handler } from "../../src/protocomm/protocomm";
import type { ClockPort } from "../../src/platform/clock";
import type { WifiPort } from "../../src/platform/wifi";
import type { Scanner as RealScanner, ScannerOpts } from "../../src/wifi/scanner";
import { espRequire } from "../espruino/modules";
import { SCAN_FILE, type SharedScan } from "./scan-api";

function part(): SharedScan {
  return espRequire(SCAN_FILE) as SharedScan;
}

/** The prov-scan handler: the real one, made at the first request. */
export function makeScanHandler(scannerOf: () => RealScanner, canScan: () => boolean): Handler {
  let h: Handler | undefined;
  return (sid, data, done) => {
    if (!h) h = part().makeScanHandler(scannerOf, canScan);
    h(sid, data, done);
  };
}

/** `new Scanner(…)` gives the part's scanner (a constructor that returns an object gives that object). */
export const Scanner = function (wifi: WifiPort, clock: ClockPort, opts?: ScannerOpts) {
  return new (part().Scanner)(wifi, clock, opts);
} as unknown as typeof RealScanner;
