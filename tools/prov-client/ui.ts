// Terminal helpers for the CLI: a progress spinner on stderr and line prompts on stdin.
import * as readline from "node:readline";
import { Writable } from "node:stream";
import { provError } from "./errors.ts";

const INTERRUPT = Symbol("interrupt");

function interruptedError(): Error {
  return provError("interrupted", "interrupted (Ctrl-C); nothing was sent to the device");
}

/** stdout/stderr/stdin of one CLI run (tests pass their own streams). */
export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
}

const FRAMES = ["|", "/", "-", "\\"];

/** A spinner with elapsed seconds on a TTY; on pipes one line per step, plus dots every 5 s. */
export class Progress {
  private timer: NodeJS.Timeout | undefined;
  private label = "";
  private t0 = 0;
  private frame = 0;

  constructor(private readonly out: CliIo["stderr"]) {}

  begin(label: string): void {
    this.end();
    this.label = label;
    this.t0 = Date.now();
    if (this.out.isTTY) {
      this.draw();
      this.timer = setInterval(() => this.draw(), 100);
    } else {
      this.out.write(label + " ...");
      this.timer = setInterval(() => this.out.write("."), 5000);
    }
    this.timer.unref();
  }

  private draw(): void {
    const s = ((Date.now() - this.t0) / 1000).toFixed(0);
    this.out.write(`\r${FRAMES[this.frame++ % FRAMES.length]} ${this.label} (${s} s) \x1b[K`);
  }

  end(): void {
    if (!this.timer) return;
    clearInterval(this.timer);
    this.timer = undefined;
    const s = ((Date.now() - this.t0) / 1000).toFixed(1);
    this.out.write(this.out.isTTY ? `\r\x1b[K${this.label}: ${s} s\n` : ` ${s} s\n`);
  }
}

/** Reads answers line by line from one readline interface (piped stdin keeps its buffered lines). */
export class Prompter {
  private rl: readline.Interface | undefined;
  private lines: string[] = [];
  private waiting: ((l: string | undefined | typeof INTERRUPT) => void) | undefined;
  private closed = false;
  private interrupted = false;
  private muted = false;

  constructor(private readonly io: CliIo) {}

  private open(): readline.Interface {
    if (this.rl) return this.rl;
    // Echo goes through this sink so a passphrase typed on a TTY is not shown.
    const sink = new Writable({
      write: (chunk, _enc, cb) => {
        if (!this.muted) this.io.stderr.write(chunk);
        cb();
      },
    });
    const rl = readline.createInterface({ input: this.io.stdin, output: sink, terminal: !!this.io.stdin.isTTY });
    rl.on("line", (l) => {
      if (this.waiting) {
        const w = this.waiting;
        this.waiting = undefined;
        w(l);
      } else this.lines.push(l);
    });
    // Ctrl-C on a terminal in raw mode reaches readline, not the process: abort the prompt.
    rl.on("SIGINT", () => {
      this.interrupted = true;
      const w = this.waiting;
      this.waiting = undefined;
      w?.(INTERRUPT);
    });
    rl.on("close", () => {
      this.closed = true;
      this.waiting?.(undefined);
    });
    this.rl = rl;
    return rl;
  }

  /**
   * Writes question to stderr and resolves with the next line (undefined at end of input);
   * rejects with an "interrupted" error on Ctrl-C.
   */
  ask(question: string, secret = false): Promise<string | undefined> {
    this.open();
    this.io.stderr.write(question);
    if (this.interrupted) return Promise.reject(interruptedError());
    const l = this.lines.shift();
    if (l !== undefined) return Promise.resolve(l);
    if (this.closed) return Promise.resolve(undefined);
    this.muted = secret && !!this.io.stdin.isTTY;
    return new Promise((resolve, reject) => {
      this.waiting = (line) => {
        if (this.muted || line === INTERRUPT) this.io.stderr.write("\n");
        this.muted = false;
        if (line === INTERRUPT) reject(interruptedError());
        else resolve(line);
      };
    });
  }

  close(): void {
    this.rl?.close();
  }
}
