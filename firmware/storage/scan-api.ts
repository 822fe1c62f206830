// What the Storage file "wifiprov-scan" exports: the Wi-Fi scanner and the prov-scan endpoint
// (src/wifi/scanner.ts, src/prov/ep-scan.ts), loaded by the core at the first prov-scan request
// (most clients never scan) and dropped when provisioning ends. The core's build puts
// firmware/storage/scan-lazy.ts in their place (tools/bundle/build.ts, LAZY_PARTS).
import type { makeScanHandler } from "../../src/prov/ep-scan";
import type { Scanner } from "../../src/wifi/scanner";

export interface SharedScan {
  Scanner: typeof Scanner;
  makeScanHandler: typeof makeScanHandler;
}

/** Its Storage name. */
export const SCAN_FILE = "wifiprov-scan";
