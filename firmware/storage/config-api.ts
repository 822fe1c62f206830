// What the Storage file "wifiprov-cfg" exports: the configuration parser, loaded by the module
// only while provisioning starts (it runs once; its code need not stay in RAM).
import type { BuildCaps, DeviceConfig, ParsedConfig } from "../../src/prov/device-config";

export interface SharedConfig {
  parse(text: string | undefined, mac: Uint8Array, caps: BuildCaps): ParsedConfig;
  qr(c: DeviceConfig): string;
}

/** Its Storage name. */
export const CONFIG_PARSER_FILE = "wifiprov-cfg";
