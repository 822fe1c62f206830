import assert from "node:assert/strict";
import { GET_STATUS, bytes, hex, provision, rig } from "../unit/prov/harness";
import type { Done } from "../../src/platform/done";

const SUCCESS = new Uint8Array([0x53, 0x55, 0x43, 0x43, 0x45, 0x53, 0x53, 0]); // "SUCCESS\0"

describe("manager scenario: custom endpoint", () => {
  it("(g) is reachable while provisioning and gone after the stop", () => {
    const r = rig();
    r.mgr.init();
    assert.equal(r.mgr.endpointCreate("custom-data"), 0);
    r.mgr.startProvisioning(0, undefined, "PROV_c", undefined);
    r.clock.advance(0);
    const seen: string[] = [];
    const h = (sid: number, data: Uint8Array, done: Done<Uint8Array>) => {
      seen.push(Buffer.from(data).toString());
      done(0, SUCCESS);
    };
    assert.equal(r.mgr.endpointRegister("custom-data", h), 0);
    const res = r.req("custom-data", bytes("hello"));
    assert.equal(res.err, 0);
    assert.equal(hex(res.out), hex(SUCCESS));
    assert.deepEqual(seen, ["hello"]);
    provision(r, "home", "password1");
    r.clock.advance(1800);
    r.req("prov-config", GET_STATUS);
    const pc = r.transport.pc;
    assert.ok(pc?.hasEndpoint("custom-data"));
    r.clock.advance(1000);
    assert.equal(r.events.at(-1), "END");
    assert.equal(pc?.hasEndpoint("custom-data"), false);
    assert.deepEqual(pc?.endpointNames(), []);
    // after the stop registering is refused (not running)
    assert.equal(r.mgr.endpointRegister("custom-data", h), -1);
  });

  it("answers NOT_FOUND for a custom endpoint that was unregistered", () => {
    const r = rig();
    r.mgr.init();
    r.mgr.startProvisioning(0, undefined, "PROV_c", undefined);
    r.clock.advance(0);
    r.mgr.endpointRegister("x", (s, d, done) => done(0, d));
    assert.equal(r.mgr.endpointUnregister("x"), 0);
    assert.equal(r.req("x", "01").err, 0x105);
  });
});
