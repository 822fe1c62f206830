// ./build.sh flash arguments: --example NAME (firmware/examples/NAME.js as .bootcde) and --yes.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { exampleNames, parseFlashArgs, uploadFiles } from "../../../tools/upload/flash.ts";

describe("./build.sh flash --example", () => {
  it("knows the three examples, and refuses another name listing them", () => {
    assert.deepEqual(exampleNames(), ["app", "custom-endpoint", "led"]);
    assert.throws(() => parseFlashArgs(["--port", "/dev/ttyUSB0", "--example", "blink"]), /--example blink: no such example \(app, custom-endpoint, led\)/);
  });

  it("--yes only with --example; --example not with --remove", () => {
    assert.throws(() => parseFlashArgs(["--port", "/dev/ttyUSB0", "--yes"]), /--yes goes with --example/);
    assert.throws(() => parseFlashArgs(["--port", "/dev/ttyUSB0", "--example", "led", "--remove"]), /one or the other/);
    assert.deepEqual(parseFlashArgs(["--port", "/dev/ttyUSB0", "--example", "led", "--yes"])?.yes, true);
  });

  it("uploads the layout, the config with autoStart false (the rest kept) and the example as .bootcde", () => {
    const o = parseFlashArgs(["--port", "/dev/ttyUSB0", "--example", "app", "--storage", "dist/storage", "--config", "test/unit/upload/fixtures/wifiprov.json"])!;
    const files = uploadFiles(o);
    assert.deepEqual(files.at(-1), [".bootcde", "firmware/examples/app.js"]);
    const cfg = JSON.parse(readFileSync(files.find(([n]) => n === "wifiprov.json")![1], "utf8"));
    assert.deepEqual(cfg, { serviceKey: "k3y-for-ap", pop: "abcd1234", autoStart: false });
    assert.ok(files.some(([n]) => n === "wifi-prov") && files.some(([n]) => n === ".boot1"));
    assert.equal(files.filter(([n]) => n === ".bootcde").length, 1);
    assert.ok(!parseFlashArgs(["--port", "/dev/ttyUSB0"])!.example);
    assert.ok(!uploadFiles(parseFlashArgs(["--port", "/dev/ttyUSB0", "--config", "test/unit/upload/fixtures/wifiprov.json"])!).some(([n]) => n === ".bootcde"));
  });
});
