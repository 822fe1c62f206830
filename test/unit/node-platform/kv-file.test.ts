import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { FileKv } from "../../../tools/node-platform/kv-file.ts";

describe("FileKv (the virtual device's storage)", () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "kv-"))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("reads back what it wrote, across instances", () => {
    assert.equal(new FileKv(dir).write("wifi.sta", new Uint8Array([1, 2, 3])), 0);
    assert.deepEqual(new FileKv(dir).read("wifi.sta"), new Uint8Array([1, 2, 3]));
  });

  it("reads an absent key as undefined and erases idempotently", () => {
    const kv = new FileKv(dir);
    assert.equal(kv.read("nope"), undefined);
    kv.write("k", new Uint8Array([1]));
    assert.equal(kv.erase("k"), 0);
    assert.equal(kv.erase("k"), 0);
    assert.equal(kv.read("k"), undefined);
  });

  it("fails a write that cannot be renamed into place and leaves no temporary file", () => {
    const kv = new FileKv(dir);
    fs.mkdirSync(path.join(dir, "k")); // a directory where the value file should go
    assert.equal(kv.write("k", new Uint8Array([9])), -1);
    assert.deepEqual(fs.readdirSync(dir), ["k"]);
  });

  it("fails cleanly when the directory cannot be created", () => {
    const file = path.join(dir, "plain-file");
    fs.writeFileSync(file, "x");
    assert.equal(new FileKv(path.join(file, "sub")).write("k", new Uint8Array([1])), -1);
  });
});
