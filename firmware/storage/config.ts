// Storage file "wifiprov-cfg" (a module): wifiprov.json's parser and the QR payload, used once
// per start by the module and dropped from the module cache after.
import { parseDeviceConfig, qrPayload } from "../../src/prov/device-config";
import type { SharedConfig } from "./config-api";

const api: SharedConfig = { parse: parseDeviceConfig, qr: qrPayload };
module.exports = api;
