// Storage file "wifiprov-kv" (a module): the key-value store and the saved network's reader,
// shared by the boot file (which never loads the provisioning module) and the module.
import { eraseCreds, loadCreds } from "../../src/wifi/creds";
import { EspruinoKv } from "../espruino/kv";
import type { SharedKv } from "./kv-api";

const kv = new EspruinoKv();
const api: SharedKv = {
  kv: kv,
  creds: () => loadCreds(kv),
  forget: () => eraseCreds(kv),
};
module.exports = api;
