// Sends the stored page in chunks, one per 'drain', so serving it never holds more than a chunk
// in RAM: on a board read(offset, len) is require("Storage").read(PAGE_STORAGE_NAME, offset, len)
// (a memory-mapped flash string) and the sink is Espruino's http response, after
// res.writeHead(reply.status, headers + Content-Length). Platform-free; Espruino-safe.

/** The Storage file the build's dist/web/index.html.gz is uploaded as (Storage names: <= 28 chars). */
export const PAGE_STORAGE_NAME = "wifiprov.html.gz";

/** Default chunk: one TCP segment's worth, under Espruino's 536-byte socket chunks x 2. */
export const PAGE_CHUNK = 1024;

/** What the pump writes to (Espruino's httpSRs, or a Node response adapter). */
export interface ChunkSink {
  write(data: string): unknown;
  end(): void;
  on(event: string, cb: () => void): unknown;
}

/**
 * Writes total bytes as read(offset, len) returns them, chunk bytes per write, the next one on
 * the sink's 'drain'; ends the sink after the last. A read that returns nothing or a short
 * string ends the response early (a file shorter than announced): the client sees a short body.
 * done (optional) gets the bytes written.
 */
export function streamChunks(read: (offset: number, len: number) => string | undefined, total: number, chunk: number, sink: ChunkSink, done?: (sent: number) => void): void {
  if (!(chunk > 0)) throw new Error("streamChunks: chunk must be > 0");
  let off = 0;
  let finished = false;
  function finish(): void {
    if (finished) return;
    finished = true;
    sink.end();
    if (done) done(off);
  }
  function next(): void {
    if (finished) return;
    if (off >= total) return finish();
    const n = total - off < chunk ? total - off : chunk;
    const s = read(off, n);
    if (s === undefined || s.length === 0) return finish();
    off += s.length;
    try {
      sink.write(s);
    } catch (e) {
      // The client went away ('drain' queued before 'close'; Espruino: "This socket is closed").
      finished = true;
      return;
    }
    if (s.length < n) finish();
  }
  sink.on("drain", next);
  sink.on("close", function () {
    finished = true;
  });
  next();
}
