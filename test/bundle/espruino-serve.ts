// Manual runs: boots a bundle in the Linux interpreter like espruino-interpreter.test.ts and
// keeps it serving. usage: tsx test/bundle/espruino-serve.ts [bundle.js] '{"security":1,"pop":"abcd1234","httpPort":8080}'
import { boot, prepareFlash, ROOT } from "./espruino-run.ts";
import { join } from "node:path";

const args = process.argv.slice(2);
const bundle = args.length > 1 ? args[0]! : join(ROOT, "dist", "firmware.js");
const cfg = JSON.parse(args[args.length - 1] ?? "{}");
const dir = prepareFlash(bundle, cfg);
console.log("Storage in " + dir);
const dev = boot(dir);
dev.proc.stdout!.on("data", (b: Buffer) => process.stdout.write(b));
process.on("SIGTERM", () => (dev.stop(), process.exit(0)));
process.on("SIGINT", () => (dev.stop(), process.exit(0)));
