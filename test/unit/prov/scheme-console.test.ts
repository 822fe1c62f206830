import assert from "node:assert/strict";
import { FakeClock } from "../../fakes/fake-clock";
import { Protocomm } from "../../../src/protocomm/protocomm";
import { SchemeConsole } from "../../../src/prov/scheme-console";
import { LoopTransport } from "./harness";

describe("Console scheme (scheme_console.c)", () => {
  it("is STA mode, reserves nothing per endpoint, and starts/stops only its transport whatever the service name and key", () => {
    const clock = new FakeClock();
    const t = new LoopTransport(clock);
    const s = new SchemeConsole(t);
    assert.equal(s.wifiMode, "sta");
    assert.equal(s.setEndpoint("prov-session", 0xff51), 0);
    const errs: number[] = [];
    s.start(new Protocomm(clock), "", "short", (e) => errs.push(e));
    clock.flush();
    s.stop((e) => errs.push(e));
    clock.flush();
    assert.deepEqual(errs, [0, 0]);
    assert.deepEqual([t.starts, t.stops], [1, 1]);
  });
});
