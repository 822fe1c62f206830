// What the Storage file "wifiprov-cfg" exports: the configuration parser, loaded by the module
// only while provisioning starts (it runs once; its code need not stay in RAM).
import type { BuildCaps, DeviceConfig } from "../../src/prov/device-config";

/** start()'s configuration: the config, or the maker's mistake in one line; messages to print. */
export interface Configured {
  config?: DeviceConfig;
  error?: string;
  messages: string[];
}

export interface SharedConfig {
  /** wifiprov.json with the maker's start() options over it (undefined: the file as it is). */
  configure(options: { [k: string]: unknown } | undefined, mac: Uint8Array, caps: BuildCaps): Configured;
  qr(c: DeviceConfig): string;
}

/** Its Storage name. */
export const CONFIG_PARSER_FILE = "wifiprov-cfg";
/** The configuration file in Storage. */
export const CONFIG_FILE = "wifiprov.json";
