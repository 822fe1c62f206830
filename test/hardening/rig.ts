// A provisioning manager (sec0/1/2) on a loopback transport with node:crypto, plus the host
// client's security schemes in process: the hardening tests' device and well-behaved client.
import { createSecurity, type ClientSecurity } from "../../tools/prov-client/security/index.ts";
import type { CryptoPort } from "../../src/platform/crypto.ts";
import { nodeCrypto } from "../../tools/node-platform/crypto.ts";
import { makeSec2Factory, sec2Credentials } from "../../tools/sim/sec2.ts";
import type { ProvManagerOptions, SecParams } from "../../src/prov/manager-types.ts";
import { rig, bytes, hex, unhex, type Rig } from "../unit/prov/harness.ts";

export const SID = 7;
export const POP = "abcd1234";
export const SEC2_USER = "wifiprov";
export const SEC2_PASSWORD = "s3cr3t-pass";
export { bytes, hex, unhex };

export interface Reply {
  err: number;
  out?: Uint8Array;
}

export interface SecRig extends Rig {
  sec: number;
  /** One request on transport session sid; runs every timer due now (slices included). */
  call(ep: string, data: Uint8Array, sid?: number): Reply;
}

/** init + startProvisioning(sec) on "PROV_test" with transport session SID open. */
export function secRig(sec: 0 | 1 | 2, opts: Partial<ProvManagerOptions> = {}, pop: string | undefined = POP, crypto: CryptoPort = nodeCrypto): SecRig {
  const r = rig(opts);
  r.platform.crypto = crypto;
  (r.mgr as unknown as { o_: ProvManagerOptions }).o_.makeSec2 = makeSec2Factory(r.platform, 1);
  if (r.mgr.init() !== 0) throw new Error("init failed");
  let params: SecParams | undefined = undefined;
  if (sec === 1) params = { pop: pop === undefined ? undefined : bytes(pop) };
  if (sec === 2) params = sec2Credentials(r.platform, SEC2_USER, SEC2_PASSWORD);
  if (r.mgr.startProvisioning(sec, params, "PROV_test", undefined) !== 0) throw new Error("start failed");
  r.clock.advance(0);
  r.transport.pc!.openSession(SID);
  const call = (ep: string, data: Uint8Array, sid = SID): Reply => {
    let res: Reply | undefined;
    r.transport.pc!.handle(ep, sid, data, (err, out) => (res = { err, out }));
    r.clock.advance(0);
    if (!res) throw new Error(`${ep} did not complete`);
    return res;
  };
  return { ...r, sec, call };
}

/** A host client of the rig's scheme; password is the PoP (sec1) or the sec2 password. */
export function client(sec: number, password?: string): ClientSecurity {
  return createSecurity(sec, {
    crypto: nodeCrypto,
    pop: sec === 1 ? (password ?? POP) : undefined,
    username: SEC2_USER,
    password: sec === 2 ? (password ?? SEC2_PASSWORD) : undefined,
    patchVer: 1,
  });
}

/** Opens transport session sid (as a new client would) and runs the handshake; 0 when established, else the device's error. */
export async function handshake(d: SecRig, c: ClientSecurity, sid = SID): Promise<number> {
  d.transport.pc!.openSession(sid);
  let req: Uint8Array | undefined = await c.start();
  while (req) {
    const r = d.call("prov-session", req, sid);
    if (r.err !== 0) return r.err;
    req = await c.next(r.out!);
  }
  return 0;
}

/** An encrypted request through client c; the decrypted reply (hex) or the device's error. */
export function secureCall(d: SecRig, c: ClientSecurity, ep: string, plainHex: string, sid = SID): string | number {
  const r = d.call(ep, c.encrypt(unhex(plainHex)), sid);
  return r.err !== 0 ? r.err : hex(c.decrypt(r.out!));
}

/** set_config(ssid, pass) + apply_config over the session; returns both replies (hex). */
export function sendCreds(d: SecRig, c: ClientSecurity, ssid: string, pass: string, sid = SID): (string | number)[] {
  const s = bytes(ssid);
  const p = bytes(pass);
  const body = Buffer.concat([Buffer.from([0x0a, s.length]), s, Buffer.from([0x12, p.length]), p]);
  const set = Buffer.concat([Buffer.from([0x08, 0x02, 0x62, body.length]), body]).toString("hex");
  return [secureCall(d, c, "prov-config", set, sid), secureCall(d, c, "prov-config", "08047200", sid)];
}

/** A full provisioning of "home"/"password1" by a fresh client; true when get_status says Connected. */
export async function provisionsHome(d: SecRig, sid = SID): Promise<boolean> {
  const c = client(d.sec);
  if ((await handshake(d, c, sid)) !== 0) return false;
  const [set, apply] = sendCreds(d, c, "home", "password1", sid);
  if (set !== "08036a00" || apply !== "08057a00") return false;
  d.clock.advance(2000);
  const st = secureCall(d, c, "prov-config", "5200", sid);
  return typeof st === "string" && st.startsWith("08015a") && !st.startsWith("08015a021001");
}

export const OK = 0;
export const FAIL = -1;
export const NO_MEM = 0x101;
export const INVALID_ARG = 0x102;
export const INVALID_STATE = 0x103;
export const NOT_FOUND = 0x105;
export const NOT_ALLOWED = 0x10d;
