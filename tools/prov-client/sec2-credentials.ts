// `wifi-prov sec2-credentials`: salt and SRP6a verifier for a security 2 device, like
// `esp_prov.py --sec_ver 2 --sec2_gen_cred` (docs/spec/protocol.md §3.3), printed in the wifiprov.json format.
import { parseArgs } from "node:util";
import { toHex, utf8 } from "../../src/core/bytes.ts";
import { srpGroup3072 } from "../../src/crypto/srp6a.ts";
import { srpVerifier } from "../../src/crypto/srp6a-client.ts";
import type { CryptoPort } from "../../src/platform/crypto.ts";
import type { Command } from "./cli.ts";
import { ExitCode } from "./errors.ts";
import type { CliIo } from "./ui.ts";

/** Inputs of sec2Credentials. */
export interface Sec2CredentialsOptions {
  username: string;
  password: string;
  /** Salt length in bytes (esp_prov --sec2_salt_len; default 16). */
  saltLen?: number;
}

/** Salt and verifier as lowercase hex, the form wifiprov.json's "sec2" object takes. */
export interface Sec2Credentials {
  salt: string;
  verifier: string;
}

/**
 * s = random salt, v = g^H(s ‖ H(I ‖ ":" ‖ p)) mod N (minimal bytes). A salt starting with 0x00
 * is drawn again: esp_prov's client turns the salt into an integer and back, losing leading
 * zeros, and then fails against a device that hashes the salt as provisioned (docs/spec/protocol.md §3.3).
 */
export function sec2Credentials(o: Sec2CredentialsOptions, crypto: CryptoPort): Sec2Credentials {
  const len = o.saltLen ?? 16;
  if (!o.username || !o.password) throw new Error("sec2Credentials: username and password are required");
  if (!Number.isInteger(len) || len < 1 || len > 64) throw new Error("sec2Credentials: saltLen must be 1..64");
  let salt = crypto.random(len);
  while (salt[0] === 0) salt = crypto.random(len);
  const v = srpVerifier(srpGroup3072(crypto), utf8(o.username), utf8(o.password), salt);
  return { salt: toHex(salt), verifier: toHex(v) };
}

/** What the subcommand prints: the "sec2" object for wifiprov.json and how to use it. */
export function sec2CredentialsText(username: string, c: Sec2Credentials): string {
  const obj = { username, salt: c.salt, verifier: c.verifier, patch: 1 };
  return (
    `Security 2 credentials for user ${JSON.stringify(username)} (the password itself is not stored on the device).\n` +
    `Put this in the device's wifiprov.json, with "security": 2:\n\n` +
    `"sec2": ${JSON.stringify(obj, null, 2)}\n\n` +
    `"patch": 1 is the counter nonce current clients expect; use 0 only for apps from before 2025.\n` +
    `Provision with: wifi-prov --sec 2 --sec2-user ${username} --sec2-password <password> ...\n`
  );
}

export const SEC2_CREDENTIALS_USAGE = `Usage: wifi-prov sec2-credentials [--sec2-user NAME] --sec2-password TEXT [--salt-len N]

Generates a random salt and the SRP6a verifier (3072-bit group, SHA-512) for a security 2 device,
like esp_prov.py --sec_ver 2 --sec2_gen_cred. Makes no network connection.

  --sec2-user NAME       the username clients send (default wifiprov; --username is an alias)
  --sec2-password TEXT   the password (the "PoP" in the apps' QR code; --password is an alias)
  --salt-len N           salt length in bytes (default 16)
  -h, --help             this text
`;

/** The subcommand; register it with registerCommand("sec2-credentials", sec2CredentialsCommand(crypto)). */
export function sec2CredentialsCommand(crypto: CryptoPort): Command {
  return {
    summary: "generate the salt and verifier of a security 2 device",
    usage: SEC2_CREDENTIALS_USAGE,
    run(argv: string[], io: CliIo): Promise<number> {
      let v: { username?: string; password?: string; "sec2-user"?: string; "sec2-password"?: string; "salt-len"?: string; help?: boolean };
      try {
        v = parseArgs({
          args: argv,
          options: {
            "sec2-user": { type: "string" },
            "sec2-password": { type: "string" },
            username: { type: "string" },
            password: { type: "string" },
            "salt-len": { type: "string" },
            help: { type: "boolean", short: "h" },
          },
        }).values;
      } catch (e) {
        io.stderr.write(`wifi-prov sec2-credentials: ${(e as Error).message}\n${SEC2_CREDENTIALS_USAGE}`);
        return Promise.resolve(ExitCode.Usage);
      }
      if (v.help) {
        io.stdout.write(SEC2_CREDENTIALS_USAGE);
        return Promise.resolve(0);
      }
      const saltLen = v["salt-len"] === undefined ? 16 : Number(v["salt-len"]);
      const username = v["sec2-user"] ?? v.username ?? "wifiprov";
      const password = v["sec2-password"] ?? v.password;
      if (!username || !password || !Number.isInteger(saltLen) || saltLen < 1 || saltLen > 64) {
        io.stderr.write(`wifi-prov sec2-credentials: needs --sec2-password (and --salt-len 1..64)\n${SEC2_CREDENTIALS_USAGE}`);
        return Promise.resolve(ExitCode.Usage);
      }
      const c = sec2Credentials({ username, password, saltLen }, crypto);
      io.stdout.write(sec2CredentialsText(username, c));
      return Promise.resolve(0);
    },
  };
}
