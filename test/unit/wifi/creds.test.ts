import assert from "node:assert/strict";
import { MemKv } from "../../fakes/mem-kv";
import { CREDS_KEY, eraseCreds, loadCreds, saveCreds } from "../../../src/wifi/creds";

const b = (s: string) => new Uint8Array(Buffer.from(s));

describe("saved Wi-Fi credentials", () => {
  it("loads back what was saved, including a 32-byte SSID and a 64-char hex PSK", () => {
    const kv = new MemKv();
    const ssid = b("s".repeat(32));
    const pw = b("a".repeat(64));
    assert.equal(saveCreds(kv, { ssid, password: pw }), 0);
    assert.deepEqual(loadCreds(kv), { ssid, password: pw });
  });

  it("saves with one write so a failed write keeps the previous credentials", () => {
    const kv = new MemKv();
    saveCreds(kv, { ssid: b("old"), password: b("oldpass1") });
    kv.failNextWrite();
    assert.notEqual(saveCreds(kv, { ssid: b("new"), password: b("newpass1") }), 0);
    assert.equal(Buffer.from(loadCreds(kv)!.ssid).toString(), "old");
    assert.deepEqual(kv.ops.filter((o) => o.startsWith("write")), ["write prov.sta", "write prov.sta"]);
  });

  it("refuses an SSID over 32 bytes or a password over 64 with INVALID_ARG", () => {
    const kv = new MemKv();
    assert.equal(saveCreds(kv, { ssid: b("s".repeat(33)), password: b("") }), 0x102);
    assert.equal(saveCreds(kv, { ssid: b("s"), password: b("p".repeat(65)) }), 0x102);
    assert.equal(kv.has(CREDS_KEY), false);
  });

  it("reports nothing saved for an absent or malformed record", () => {
    const kv = new MemKv();
    assert.equal(loadCreds(kv), undefined);
    kv.write(CREDS_KEY, new Uint8Array([1, 5, 0x61]));
    assert.equal(loadCreds(kv), undefined);
    kv.write(CREDS_KEY, new Uint8Array([2, 0, 0]));
    assert.equal(loadCreds(kv), undefined);
  });

  it("erases the record, and passes an erase failure through", () => {
    const kv = new MemKv();
    saveCreds(kv, { ssid: b("x"), password: b("") });
    kv.failNextErase();
    assert.equal(eraseCreds(kv), -1);
    assert.ok(loadCreds(kv));
    assert.equal(eraseCreds(kv), 0);
    assert.equal(loadCreds(kv), undefined);
  });
});
