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

/**
 * The filter: given console input, returns what passes on to the REPL; a complete line that
 * starts with esp_prov's prefix goes to take() instead (without its line end).
 */
export function heldLines(take: (line: string) => void): (data: string) => string {
  let atStart = true;
  let held = "";
  let line: string | undefined;
  let afterLine = false;
  return (data) => {
    let pass = "";
    for (let i = 0; i < data.length; i++) {
      const c = data.charAt(i);
      const end = c === "\r" || c === "\n";
      const crlf = afterLine && c === "\n";
      afterLine = false;
      if (crlf) continue; // the "\n" of a taken line's "\r\n"
      if (line !== undefined) {
        if (end) {
          take(line);
          line = undefined;
          atStart = true;
          afterLine = c === "\r";
        } else if (line.length <= MAX_LINE_CHARS) line += c; // longer: refused whole by the parser
        continue;
      }
      if (atStart && !end) {
        if (ESP_PROV_PREFIX.charAt(held.length) === c) {
          held += c;
          if (held.length === ESP_PROV_PREFIX.length) {
            line = held;
            held = "";
          }
          continue;
        }
        atStart = false;
      }
      pass += held + c;
      held = "";
      atStart = end;
    }
    return pass;
  };
}
