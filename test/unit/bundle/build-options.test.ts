// build.sh variant plumbing: env vars and flags select the entry, defines and budget key.
import assert from "node:assert/strict";
import { esbuildOptions, parseOptions, variantName } from "../../../tools/bundle/build";

describe("build options", function () {
  it("defaults to SoftAP with sec0/sec1, release defines and mangling", function () {
    const o = parseOptions([], {});
    assert.deepEqual(o, { entry: "firmware/storage/module.ts", out: "", storage: "dist/storage", ble: false, sec2: false, debug: false, mangle: true });
    assert.equal(variantName(o), "softap-sec01");
    assert.deepEqual(esbuildOptions(o, true).define, { DEBUG: "false", LOG_LEVEL: "1", BUILD_BLE: "false", BUILD_SEC2: "false", CORE_NAMES: "0" });
    assert.equal(esbuildOptions(o, true, [], undefined, 41).define?.CORE_NAMES, "41");
  });

  it("takes BUILD_BLE/BUILD_SEC2 from the environment and lets flags override them", function () {
    const o = parseOptions(["--no-sec2", "--debug"], { BUILD_BLE: "1", BUILD_SEC2: "1" });
    assert.deepEqual([o.ble, o.sec2, o.debug], [true, false, true]);
    assert.equal(variantName(o), "ble-sec01-debug");
    assert.equal(esbuildOptions(o, false).define?.LOG_LEVEL, "4");
  });

  it("refuses an unknown flag", function () {
    assert.throws(() => parseOptions(["--bogus"], {}), /unknown build option: --bogus/);
  });

  it("turns off the features Espruino lacks and keeps for-of", function () {
    const s = esbuildOptions(parseOptions([], {}), true).supported ?? {};
    for (const f of ["destructuring", "default-argument", "rest-argument", "async-await", "generator", "optional-chain", "class-field", "bigint"])
      assert.equal(s[f], false, f);
    assert.equal(s["for-of"], undefined);
  });
});
