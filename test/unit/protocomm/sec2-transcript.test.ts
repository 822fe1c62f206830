// Security 2 through Protocomm against the esp_prov transcript (test/vectors/esp-idf/
// sec2-transcript.json, docs/spec/protocol.md §3.3/§13): every device message byte for byte, patch 1.
import assert from "node:assert/strict";
import { Dev, V, hex, toHex } from "./sec2-harness.ts";

/** Randomness in the order Sec2 draws it: b (constructor), the next b (after Cmd0), the nonce prefix. */
function transcriptDevice(): Dev {
  const nonce = hex(V.session_resp1!).subarray(-12);
  return new Dev({ queue: [hex(V.device_private_b!), new Uint8Array(32).fill(0x5a), nonce.subarray(0, 8)] });
}

describe("security 2 against the esp_prov transcript", function () {
  this.timeout(20_000);

  it("answers S2SessionResp0 and S2SessionResp1 byte for byte", () => {
    const dev = transcriptDevice();
    dev.pc.openSession(42);
    const r0 = dev.call("prov-session", hex(V.session_cmd0!));
    assert.equal(r0.err, 0);
    assert.equal(toHex(r0.data), V.session_resp0);
    const r1 = dev.call("prov-session", hex(V.session_cmd1!));
    assert.equal(r1.err, 0);
    assert.equal(toHex(r1.data), V.session_resp1);
  });

  it("decrypts get_status with counter 1 and encrypts the reply with counter 2", () => {
    const dev = transcriptDevice();
    dev.pc.openSession(42);
    dev.call("prov-session", hex(V.session_cmd0!));
    dev.call("prov-session", hex(V.session_cmd1!));
    assert.equal(V.get_status_request_nonce_counter, 1);
    assert.equal(V.get_status_response_nonce_counter, 2);
    dev.answer = hex(V.get_status_response_plain!);
    const r = dev.call("prov-config", hex(V.get_status_request_encrypted!));
    assert.equal(r.err, 0);
    assert.equal(toHex(dev.seen[0]), V.get_status_request_plain);
    assert.equal(toHex(r.data), V.get_status_response_encrypted);
  });

  it("advertises security 2 with patch version 1 by default and 0 when configured", () => {
    assert.equal(transcriptDevice().sec.ver, 2);
    assert.equal(transcriptDevice().sec.patchVer, 1);
    assert.equal(new Dev({ patchVer: 0 }).sec.patchVer, 0);
  });
});
