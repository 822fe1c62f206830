import assert from "node:assert/strict";
import { failReasonOf } from "../../../src/prov/reasons";

describe("disconnect reason mapping (docs/spec/protocol.md §5.4)", () => {
  it("maps 14, 15, 202, 204 to AUTH_ERROR and 201 to AP_NOT_FOUND in the v5.1+ table", () => {
    assert.deepEqual([14, 15, 202, 204, 201].map((r) => failReasonOf(r)), [0, 0, 0, 0, 1]);
  });

  it("retries (-1) on 2, 4, 8, 205 and 210-212 in the v5.1+ table", () => {
    assert.deepEqual([2, 4, 8, 205, 210, 211, 212, 3].map((r) => failReasonOf(r)), [-1, -1, -1, -1, -1, -1, -1, -1]);
  });

  it("uses 2, 4, 15, 202, 204 as AUTH_ERROR in the v4.4 table, not 14", () => {
    assert.deepEqual([2, 4, 15, 202, 204, 201, 14].map((r) => failReasonOf(r, 1)), [0, 0, 0, 0, 0, 1, -1]);
  });
});
