#!/usr/bin/env node
// wifi-prov entry (package.json "bin"): registers tsx's ESM loader, then runs the TypeScript CLI.
import { register } from "tsx/esm/api";

register();
const { main } = await import("./cli.ts");
const code = await main(process.argv.slice(2));
// Exit once stdout/stderr are flushed (keep-alive sockets or stdin must not hold the process).
process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
