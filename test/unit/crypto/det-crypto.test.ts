// The deterministic CryptoPort fake: scripted random bytes, then the call-index filler.
import assert from "node:assert/strict";
import { DetCrypto } from "../../fakes/det-crypto";
import { toHex } from "./vectors";

describe("DetCrypto", () => {
  it("returns queued bytes in order, then fills with the call index once the queue is empty", () => {
    const c = new DetCrypto().queue(new Uint8Array([1, 2, 3]), new Uint8Array([4]));
    assert.equal(toHex(c.random(2)), "0102");
    assert.equal(toHex(c.random(4)), "03040202");
    assert.equal(toHex(c.random(3)), "030303");
    assert.equal(c.queued(), 0);
  });

  it("delegates SHA-256 to node:crypto", () => {
    assert.equal(toHex(new DetCrypto().sha256(new Uint8Array(0))), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  });
});
