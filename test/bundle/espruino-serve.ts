// Manual runs: boots the firmware in the Linux interpreter like espruino-interpreter.test.ts and
// keeps it serving. usage: tsx test/bundle/espruino-serve.ts [layout-dir|bundle.js] '{"security":1,"pop":"abcd1234","httpPort":8080}'
import { boot, prepareFlash, STORAGE } from "./espruino-run.ts";

const args = process.argv.slice(2);
const bundle = args.length > 1 ? args[0]! : STORAGE;
const cfg = JSON.parse(args[args.length - 1] ?? "{}");
const dir = prepareFlash(bundle, cfg);
console.log("Storage in " + dir);
const dev = boot(dir);
dev.proc.stdout!.on("data", (b: Buffer) => process.stdout.write(b));
process.on("SIGTERM", () => (dev.stop(), process.exit(0)));
process.on("SIGINT", () => (dev.stop(), process.exit(0)));
