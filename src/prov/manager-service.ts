// The provisioning service the manager starts and tears down: the security scheme, the
// protocomm instance with its built-in endpoints, and prov_stop_and_notify(). Mirrors ESP-IDF
// manager.c wifi_prov_mgr_start_service() / wifi_prov_mgr_stop_service() (docs/spec/protocol.md §2.5, §5.3).
import { Err } from "../core/err";
import { errHex, Level, log } from "../core/log";
import { Protocomm } from "../protocomm/protocomm";
import { ProofLimiter } from "../protocomm/proof-limiter";
import { sec0 } from "../protocomm/sec0";
import { Sec1 } from "../protocomm/sec1";
import type { Security } from "../protocomm/security";
import { Scanner } from "../wifi/scanner";
import * as EP from "./endpoints";
import { makeConfigHandler } from "./ep-config";
import { makeCtrlHandler } from "./ep-ctrl";
import { makeScanHandler } from "./ep-scan";
import type { ProvManager } from "./manager";
import type { SecParams } from "./manager-types";
import { ProvEvent, ProvState } from "./manager-types";
import { configHandlers } from "./manager-wifi";
import { provVersionJson } from "./version";

const TAG = "wifi_prov_mgr";

/**
 * The security scheme for start_provisioning, wrapped by the wrong-proof limiter (kept across
 * runs); an Err code for an unknown scheme (INVALID_ARG) or sec2 without a factory (NOT_SUPPORTED).
 */
export function makeSecurity(m: ProvManager, security: number, params: SecParams | undefined): Security | number {
  const p = m.p_;
  const o = m.o_;
  if (!m.limiter_) {
    m.limiter_ = new ProofLimiter(p.clock, { limit: o.proofFailLimit, windowMs: o.proofFailWindowMs, lockoutMs: o.proofLockoutMs });
  }
  const lim = m.limiter_;
  const onFail = failCounter(lim);
  const sp = params || {};
  let sec: Security | undefined;
  if (security === 0) return sec0(p.clock);
  if (security === 1) sec = new Sec1({ clock: p.clock, crypto: p.crypto, pop: sp.pop, onProofFailed: onFail });
  else if (security === 2) {
    if (!o.makeSec2) return Err.NOT_SUPPORTED;
    sec = o.makeSec2({ pop: sp.pop, salt: sp.salt, verifier: sp.verifier, onProofFailed: onFail });
    if (!sec) return Err.INVALID_ARG;
  } else return Err.INVALID_ARG;
  return lim.guard(sec);
}

/** A protocomm instance serving proto-ver, prov-session, prov-config, prov-scan and prov-ctrl. */
export function buildService(m: ProvManager, security: number, sec: Security, noPop: boolean): Protocomm {
  const p = m.p_;
  const o = m.o_;
  const json = provVersionJson(m.apps_, {
    secVer: security,
    secPatchVer: sec.patchVer,
    emitPatchVer: o.emitSecPatchVer === undefined ? sec.patchVer > 0 : o.emitSecPatchVer,
    noPop: noPop,
  });
  const pc = new Protocomm(p.clock);
  pc.setVersion(EP.EP_VER, json);
  pc.setSecurity(EP.EP_SESSION, sec);
  pc.addEndpoint(EP.EP_CONFIG, makeConfigHandler(configHandlers(m)));
  pc.addEndpoint(EP.EP_SCAN, scanEndpoint(m));
  pc.addEndpoint(EP.EP_CTRL, makeCtrlHandler(m));
  return pc;
}

/**
 * The prov-scan handler. The scanner is made at the first prov-scan request: an idle device holds
 * none (~30 JsVars on Espruino), and most clients never scan. Its own function (kept by the build's
 * HOT_FUNCTIONS): a closure keeps its maker's whole scope on Espruino, and buildService's holds the
 * version string and the security scheme.
 */
function scanEndpoint(m: ProvManager) {
  const p = m.p_;
  const o = m.o_;
  const scannerOf = () => m.scanner_ || (m.scanner_ = new Scanner(p.wifi, p.clock, { maxResults: o.scanMaxResults, bleCoex: o.scanBleCoex }));
  return makeScanHandler(scannerOf, () => m.state_ === ProvState.STARTED);
}

/** prov_stop_and_notify(): endpoints, security, version removed; scheme stopped; mode STA. */
export function teardown(m: ProvManager, notify: boolean, then: (() => void) | undefined): void {
  const p = m.p_;
  const pc = m.pc_ as Protocomm;
  pc.removeEndpoint(EP.EP_CTRL);
  pc.removeEndpoint(EP.EP_SCAN);
  pc.removeEndpoint(EP.EP_CONFIG);
  pc.unsetSecurity(EP.EP_SESSION);
  pc.unsetVersion(EP.EP_VER);
  // custom endpoints go with the protocomm instance (protocomm_delete)
  for (const name of pc.endpointNames()) pc.removeEndpoint(name);
  m.o_.scheme.stop(() => {
    m.pc_ = undefined;
    m.scanner_ = undefined;
    m.pending_ = undefined;
    p.wifi.setMode("sta", (err) => {
      if (err !== Err.OK) log(Level.W, TAG, "set mode STA failed " + errHex(err));
      log(Level.I, TAG, "Provisioning stopped");
      m.toIdle_();
      if (notify) {
        m.emit_(ProvEvent.END);
        if (m.o_.onEnd) m.o_.onEnd();
      }
      if (then) then();
    });
  });
}

/** The limiter's count of wrong proofs, made here: a closure keeps its whole scope on Espruino (makeSecurity's holds the PoP). */
function failCounter(lim: ProofLimiter): () => void {
  return () => lim.failed();
}
