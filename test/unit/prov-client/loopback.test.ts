import assert from "node:assert/strict";
import { HttpTransport } from "../../../tools/prov-client/transport/http.ts";
import { Sec1Client } from "../../../tools/prov-client/security/sec1.ts";
import { Session } from "../../../tools/prov-client/session.ts";
import { getStatus } from "../../../tools/prov-client/prov/config.ts";
import { nodeCrypto } from "../../../tools/node-platform/crypto.ts";
import { startLoopback, type Loopback } from "./loopback-device.ts";

describe("prov-client against the device stack on 127.0.0.1 (sec1)", () => {
  let dev: Loopback;
  let tr: HttpTransport;
  beforeEach(async () => {
    dev = await startLoopback({ sec: 1, pop: "abcd1234" });
    tr = new HttpTransport({ host: dev.host, timeoutMs: 10_000 });
  });
  afterEach(async () => {
    tr.close();
    await dev.stop();
  });

  it("completes the handshake and reads get_status through the CTR stream", async () => {
    const s = new Session(tr, new Sec1Client({ crypto: nodeCrypto, pop: "abcd1234" }));
    await s.establish();
    assert.match(tr.cookie ?? "", /^session=\d+$/);
    assert.equal((await getStatus(s)).state, "connecting");
    assert.equal((await getStatus(s)).state, "connecting");
    assert.deepEqual(dev.seen.map((x) => x.hex), ["5200", "5200"]);
  });

  it("sees the connection closed without a response on a wrong PoP", async () => {
    const s = new Session(tr, new Sec1Client({ crypto: nodeCrypto, pop: "wrong" }));
    await assert.rejects(s.establish(), (e: Error & { kind?: string }) => e.kind === "closed");
  });
});
