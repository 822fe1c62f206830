import assert from "node:assert/strict";
import { errHex, log, setLogSink } from "../../../src/core/log.ts";

describe("logging", () => {
  afterEach(() => setLogSink(undefined, 3));

  it("prints Err codes as ESP-IDF does, ESP_FAIL as 0xffffffff", () => {
    assert.equal(errHex(0x103), "0x103");
    assert.equal(errHex(-1), "0xffffffff");
  });

  it("passes lines at or below the configured level to the sink, and drops the rest", () => {
    const got: string[] = [];
    setLogSink((level, tag, msg) => got.push(`${level} ${tag} ${msg}`), 2);
    log(1, "t", "error");
    log(2, "t", "warn");
    log(3, "t", "info");
    assert.deepEqual(got, ["1 t error", "2 t warn"]);
  });
});
