import { Transform, type TransformCallback } from "node:stream";

/**
 * A pass-through stream that joins the writes made in one turn of the event loop into one chunk.
 * React writes a rendered document as many small (≈2 KB) chunks in one synchronous flush; each
 * chunk then went separately through the web-stream adapter and the compressor, and compressing a
 * lesson page in 2 KB pieces cost about 2.5 ms of CPU against 1 ms for one piece. Content that
 * React streams later (Suspense) still goes out in the turn it is written.
 */
export class CoalescingStream extends Transform {
  private pending: Buffer[] = [];
  private scheduled = false;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
    this.pending.push(chunk);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.pushPending());
    }
    callback();
  }

  override _flush(callback: TransformCallback) {
    this.pushPending();
    callback();
  }

  private pushPending() {
    this.scheduled = false;
    if (this.pending.length === 0 || this.destroyed) return;
    const joined = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending);
    this.pending = [];
    this.push(joined);
  }
}
