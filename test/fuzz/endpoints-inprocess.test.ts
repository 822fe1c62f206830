// Random and mutated requests on every endpoint of a running manager (sec0, sec1), in process:
// no exception escapes, every request completes, memory stays bounded, and a valid client
// provisions afterwards.
import assert from "node:assert/strict";
import fc from "fast-check";
import { MAX_QUEUED_REQUESTS } from "../../src/protocomm/protocomm.ts";
import { SCAN_MAX_RESULTS_DEFAULT } from "../../src/wifi/scanner.ts";
import { client, handshake, provisionsHome, secRig, secureCall, type SecRig } from "../hardening/rig.ts";
import { ENDPOINTS, payload, runs } from "./fuzz-helpers.ts";

function device(sec: 0 | 1): SecRig {
  const d = secRig(sec);
  d.mgr.endpointRegister("custom-data", (_id, data, done) => done(0, new Uint8Array(data.subarray(0, 8))));
  return d;
}

/** Sends one request and runs the clock until it completes (blocking scans take virtual seconds). */
function send(d: SecRig, ep: string, data: Uint8Array, sid: number): void {
  let completed = 0;
  d.transport.pc!.handle(ep, sid, data, () => completed++);
  for (let i = 0; i < 100 && !completed; i++) d.clock.advance(i === 0 ? 0 : 100);
  assert.equal(completed, 1, `${ep} completed once`);
}

function checkBounded(d: SecRig): void {
  const pc = d.transport.pc!;
  assert.ok(pc.pending() <= MAX_QUEUED_REQUESTS);
  const scanner = (d.mgr as unknown as { scanner_?: { count(): number } }).scanner_;
  if (scanner) assert.ok(scanner.count() <= SCAN_MAX_RESULTS_DEFAULT);
  assert.ok(d.clock.pending() < 40, `timers bounded (${d.clock.pending()})`);
}

/** prov-ctrl reset when a fuzzed apply left the manager in FAIL, then a full provisioning. */
async function stillProvisions(d: SecRig): Promise<boolean> {
  if (d.mgr.state() === 4) {
    const c = client(d.sec);
    await handshake(d, c, 99);
    secureCall(d, c, "prov-ctrl", "08015a00", 99);
  }
  d.clock.advance(3000);
  return provisionsHome(d, 100);
}

describe("fuzz: every endpoint in process", function () {
  this.timeout(120_000);

  for (const sec of [0, 1] as const) {
    it(`sec${sec}: raw random and mutated requests leave the device serving`, async () => {
      const d = device(sec);
      fc.assert(
        fc.property(fc.constantFrom(...ENDPOINTS), payload, fc.integer({ min: 1, max: 3 }), (ep, data, sid) => {
          send(d, ep, data, sid);
          checkBounded(d);
        }),
        { numRuns: runs(1000) },
      );
      assert.ok(await stillProvisions(d), "a valid client provisions afterwards");
    });
  }

  it("sec1: mutated requests encrypted inside an established session leave the device serving", async () => {
    const d = device(1);
    const c = client(1);
    assert.equal(await handshake(d, c, 5), 0);
    fc.assert(
      fc.property(fc.constantFrom(...ENDPOINTS), payload, (ep, data) => {
        send(d, ep, c.encrypt(data), 5);
        checkBounded(d);
      }),
      { numRuns: runs(600) },
    );
    assert.ok(await stillProvisions(d), "a valid client provisions afterwards");
  });

  it("a flood of unanswered requests is capped, then everything completes", () => {
    const d = device(0);
    const pc = d.transport.pc!;
    let completed = 0;
    for (let i = 0; i < 200; i++) pc.handle("prov-scan", 1, new Uint8Array([0x08, 0x02]), () => completed++);
    assert.ok(pc.pending() <= MAX_QUEUED_REQUESTS);
    d.clock.advance(0);
    assert.equal(completed, 200);
  });
});
