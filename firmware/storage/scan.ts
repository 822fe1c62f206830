// Storage file "wifiprov-scan" (a module): the scanner and the prov-scan endpoint, loaded by the
// core only when a client scans (scan-api.ts).
import { makeScanHandler } from "../../src/prov/ep-scan";
import { Scanner } from "../../src/wifi/scanner";
import type { SharedScan } from "./scan-api";

const api: SharedScan = { Scanner: Scanner, makeScanHandler: makeScanHandler };
module.exports = api;
