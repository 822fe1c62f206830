// streamChunks (src/portal/page-stream.ts): the stored page goes out one chunk per 'drain', whole
// and in order, then the response ends; a short file ends early; a closed connection stops it.
import assert from "node:assert/strict";
import { EventEmitter } from "node:events";
import { PAGE_STORAGE_NAME, streamChunks } from "../../../src/portal/page-stream.ts";

class Sink extends EventEmitter {
  writes: string[] = [];
  ended = 0;
  write(d: string): boolean {
    this.writes.push(d);
    return true;
  }
  end(): void {
    this.ended++;
  }
}

const FILE = Array.from({ length: 2500 }, (_, i) => String.fromCharCode(i & 255)).join("");
const read = (o: number, l: number) => FILE.substring(o, o + l);

describe("portal: page streaming", () => {
  it("one chunk per drain, in order, then end once; the bytes are the file", () => {
    const sink = new Sink();
    let sent = -1;
    streamChunks(read, FILE.length, 1024, sink, (n) => (sent = n));
    assert.deepEqual(sink.writes.map((w) => w.length), [1024], "only the first chunk before a drain");
    sink.emit("drain");
    sink.emit("drain");
    assert.deepEqual(sink.writes.map((w) => w.length), [1024, 1024, 452]);
    assert.equal(sink.ended, 0);
    sink.emit("drain");
    sink.emit("drain");
    assert.equal(sink.ended, 1);
    assert.equal(sink.writes.join(""), FILE);
    assert.equal(sent, FILE.length);
  });

  it("a file shorter than announced ends after what there is; a missing one ends at once", () => {
    const sink = new Sink();
    streamChunks(read, 4000, 1024, sink);
    for (let i = 0; i < 5; i++) sink.emit("drain");
    assert.equal(sink.writes.join(""), FILE);
    assert.equal(sink.ended, 1);
    const none = new Sink();
    streamChunks(() => undefined, 100, 10, none);
    assert.deepEqual([none.writes.length, none.ended], [0, 1]);
  });

  it("a closed connection stops the pump; a bad chunk size is a clear error", () => {
    const sink = new Sink();
    streamChunks(read, FILE.length, 100, sink);
    sink.emit("close");
    sink.emit("drain");
    assert.equal(sink.writes.length, 1);
    assert.throws(() => streamChunks(read, 10, 0, new Sink()), /chunk must be > 0/);
    assert.ok(PAGE_STORAGE_NAME.length <= 28, "a valid Storage name");
  });
});
