import assert from "node:assert/strict";
import { makeCtrlHandler } from "../../../src/prov/ep-ctrl";
import { hex, unhex } from "./harness";

function run(req: string, reset = 0, reprov = 0) {
  let res: [number, string] | undefined;
  makeCtrlHandler({ resetSmStateOnFailure: () => reset, resetSmStateForReprovision: () => reprov })(1, unhex(req), (e, o) => (res = [e, hex(o)]));
  return res!;
}

describe("prov-ctrl handler wire format (docs/spec/protocol.md §8, §13)", () => {
  it("answers reset 08 01 5a 00 with 08 02 62 00 on success", () => {
    assert.deepEqual(run("08015a00"), [0, "08026200"]);
  });

  it("puts InternalError in the outer status when the reset is refused", () => {
    assert.deepEqual(run("08015a00", 0x103), [0, "080210056200"]);
  });

  it("answers reprov with msg 4 and Success or InternalError", () => {
    assert.deepEqual(run("08036a00"), [0, "08047200"]);
    assert.deepEqual(run("08036a00", 0, 0x103), [0, "080410057200"]);
  });

  it("fails the request for TypeCtrlReserved, an unknown msg or garbage", () => {
    assert.notEqual(run("5a00")[0], 0);
    assert.notEqual(run("0809")[0], 0);
    assert.notEqual(run("ff")[0], 0);
  });
});
