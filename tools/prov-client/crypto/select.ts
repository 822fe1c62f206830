// Which crypto the wifi-prov CLI uses: node:crypto, or the page's pure-JS port when
// WIFI_PROV_CRYPTO=pure (a cross-check that the page's primitives provision a real device).
import type { CryptoPort } from "../../../src/platform/crypto.ts";
import { nodeCrypto } from "../../node-platform/crypto.ts";
import { provError } from "../errors.ts";
import { createPureCrypto } from "./pure.ts";

/** The CryptoPort named by env WIFI_PROV_CRYPTO ("node", the default, or "pure"). */
export function clientCrypto(env: NodeJS.ProcessEnv = process.env): CryptoPort {
  const v = env.WIFI_PROV_CRYPTO ?? "";
  if (v === "" || v === "node") return nodeCrypto;
  if (v === "pure") return createPureCrypto();
  throw provError("usage", `WIFI_PROV_CRYPTO=${v}: expected "node" or "pure"`);
}
