// The security 2 build passes the Espruino subset check too (npm test builds only the default
// bundle; the BLE one is built by provision-ble.test.ts): a construct Espruino lacks in code only
// that build includes (src/crypto/bignum.ts, srp6a.ts) must fail here, not on a board.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { ROOT } from "./harness.ts";

describe("bundle: the security 2 build", function () {
  this.timeout(120000);

  it("builds and passes the subset check", () => {
    const r = spawnSync("npx", ["tsx", "tools/bundle/build.ts", "--sec2", "--storage=dist/storage-sec2"], { cwd: ROOT, encoding: "utf8" });
    assert.equal(r.status, 0, r.stdout + r.stderr);
  });
});
