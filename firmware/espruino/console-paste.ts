// esp_prov's request line pasted on the Espruino console as printed ("Client->Device msg : …",
// transport/transport_console.py) is not JavaScript, so it is taken before the REPL sees it.
// While the console scheme runs, the REPL's console is LoopbackA and this code stands between
// the real console device and LoopbackB: every byte passes on at once, except a line start that
// may still become esp_prov's prefix, held until it does (the line is then taken whole, up to its
// end) or does not (it passes on). The REPL's output comes back through LoopbackB. The move is
// not forced, so a Telnet client the maker opted in to still takes the console over (pastes there
// go inside prov.line). Ctrl-C reaches the REPL only when JavaScript is idle (docs/console.md,
// "Pasting esp_prov's line on a board").
import { ESP_PROV_PREFIX, MAX_LINE_CHARS } from "../../src/protocomm/console-line";

interface ConsoleDevice {
  write(data: string): void;
  on(ev: "data", fn: (data: string) => void): void;
  removeListener(ev: "data", fn: (data: string) => void): void;
}

declare const LoopbackB: ConsoleDevice;

/** Takes pasted request lines from the console device now active; returns what puts it back. */
export function takePastedLines(take: (line: string) => void): () => void {
  const name = E.getConsole();
  const dev = name ? ((globalThis as unknown as { [k: string]: ConsoleDevice | undefined })[name]) : undefined;
  // Already behind a loopback (a second start, or a maker's own), or a console without a device
  // object (Telnet): the line is pasted inside prov.line("…") there.
  if (!dev || typeof dev.write !== "function" || name.substring(0, 8) === "Loopback") return () => undefined;
  const back = (d: string) => dev.write(d);
  // The taken line is echoed as the REPL would have: the person sees what they pasted.
  const held = heldLines((l) => {
    dev.write(l + "\r\n");
    take(l);
  });
  const input = (d: string) => {
    const pass = held(d);
    if (pass) LoopbackB.write(pass);
  };
  LoopbackB.on("data", back);
  dev.on("data", input);
  E.setConsole("LoopbackA");
  return () => {
    if (E.getConsole() === "LoopbackA") E.setConsole(name);
    dev.removeListener("data", input);
    LoopbackB.removeListener("data", back);
  };
}

/** Index of the first "\r" or "\n" from i, or -1. */
function lineEnd(data: string, i: number): number {
  const r = data.indexOf("\r", i);
  const n = data.indexOf("\n", i);
  return r < 0 ? n : n < 0 || r < n ? r : n;
}

/**
 * The filter: given console input, returns what passes on to the REPL; a complete line that
 * starts with esp_prov's prefix goes to take() instead (without its line end). It looks at bytes
 * one by one only at a line start; the rest of a line is copied whole (on a board every
 * statement costs, and wifi-prov --port types lines of thousands of characters).
 */
export function heldLines(take: (line: string) => void): (data: string) => string {
  let atStart = true;
  let held = "";
  let line: string | undefined;
  let afterLine = false;
  return (data) => {
    let pass = "";
    let i = 0;
    while (i < data.length) {
      if (afterLine) {
        afterLine = false;
        if (data.charAt(i) === "\n") {
          i++; // the "\n" of a taken line's "\r\n"
          continue;
        }
      }
      const e = lineEnd(data, i);
      const stop = e < 0 ? data.length : e;
      if (line !== undefined) {
        // Kept up to one character past the limit: the parser refuses the line whole.
        line += data.substring(i, Math.min(stop, i + MAX_LINE_CHARS + 1 - line.length));
        if (e < 0) break;
        take(line);
        line = undefined;
        atStart = true;
        afterLine = data.charAt(e) === "\r";
        i = e + 1;
        continue;
      }
      if (atStart) {
        while (i < stop && held.length < ESP_PROV_PREFIX.length && ESP_PROV_PREFIX.charAt(held.length) === data.charAt(i)) held += data.charAt(i++);
        if (held.length === ESP_PROV_PREFIX.length) {
          line = held;
          held = "";
          continue;
        }
        if (i === data.length) break; // may still become the prefix: held
      }
      pass += held + data.substring(i, stop < data.length ? stop + 1 : stop);
      held = "";
      atStart = e >= 0;
      i = stop + 1;
    }
    return pass;
  };
}
