// The scripted radio of the tests: the virtual device's SimWifi, driven by a FakeClock.
export { REASON, SimWifi as FakeWifi } from "../../tools/node-platform/sim-wifi.ts";
export type { FakeAp, ScanCall } from "../../tools/node-platform/sim-wifi.ts";
