// Security 2 session life cycle: restart on a new Cmd0, proto-ver answered while the SRP math
// runs in slices, and a transport close in the middle of the computation.
import assert from "node:assert/strict";
import { decodeSessionData } from "../../../src/pb/session_pb.ts";
import { FakeClock } from "../../fakes/fake-clock.ts";
import { Dev, V, clientProof, cmd0, cmd1, hex, publicA, toHex } from "./sec2-harness.ts";

const a = hex("9111111111111111111111111111111111111111111111111111111111111111");
const A = publicA(a);

describe("security 2 session life cycle", function () {
  this.timeout(20_000);

  it("restarts on a new Cmd0 after Resp0: fresh B, and the handshake completes on the new one", () => {
    const dev = new Dev();
    dev.pc.openSession(42);
    const first = dev.call("prov-session", cmd0(A));
    const second = dev.call("prov-session", cmd0(A));
    assert.equal(second.err, 0);
    const c1 = clientProof(a, A, first.data as Uint8Array);
    const c2 = clientProof(a, A, second.data as Uint8Array);
    assert.notEqual(toHex(c1.B), toHex(c2.B));
    const r1 = dev.call("prov-session", cmd1(c2.M));
    assert.equal(r1.err, 0);
    assert.equal(toHex(decodeSessionData(r1.data as Uint8Array)?.sec2?.sr1?.deviceProof), toHex(c2.HAMK));
  });

  it("restarts on a new Cmd0 after the session is established (old keys dropped)", () => {
    const dev = new Dev({ queue: [hex(V.device_private_b!), new Uint8Array(32).fill(3), hex("a1a2a3a4a5a6a7a8")] });
    dev.pc.openSession(42);
    dev.call("prov-session", hex(V.session_cmd0!));
    assert.equal(dev.call("prov-session", hex(V.session_cmd1!)).err, 0);
    assert.equal(dev.call("prov-session", cmd0(A)).err, 0);
    assert.equal(dev.call("prov-config", hex(V.get_status_request_encrypted!)).err, 0x103);
  });

  it("answers proto-ver while the SRP computation of Cmd0 is still running in slices", () => {
    const clock = new FakeClock(1); // every now() costs 1 virtual ms, so slices end
    const dev = new Dev({ clock, sliceMs: 5 });
    clock.runAll(); // the prepared b and g^b
    dev.pc.openSession(42);
    const r0 = dev.send("prov-session", cmd0(A));
    const ver = dev.send("proto-ver", hex("2d2d2d"));
    let rounds = 0;
    while (ver.length === 0 && rounds < 10) {
      clock.advance(0);
      rounds++;
    }
    assert.equal(ver.length, 1);
    assert.match(new TextDecoder().decode(ver[0]!.data), /"sec_patch_ver":1/);
    assert.equal(r0.length, 0, "Resp0 came before the SRP computation could have finished");
    clock.runAll();
    assert.equal(r0[0]?.err, 0);
  });

  it("completes an interrupted Cmd0 with INVALID_STATE when the transport closes the session", () => {
    const clock = new FakeClock(1);
    const dev = new Dev({ clock, sliceMs: 5 });
    clock.runAll();
    dev.pc.openSession(42);
    const r0 = dev.send("prov-session", cmd0(A));
    clock.advance(0);
    clock.advance(0);
    assert.equal(r0.length, 0);
    dev.pc.closeSession(42);
    clock.runAll();
    assert.deepEqual(r0, [{ err: 0x103, data: undefined }]);
    dev.pc.openSession(43);
    assert.equal(dev.call("prov-session", cmd0(A), 43).err, 0, "the next session works");
  });
});
