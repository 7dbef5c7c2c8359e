// Larger chunks for a streamed download: fetch hands the body over in ~64 KiB pieces, and
// Next.js writes (and flushes) each piece to the socket on its own; gathering them into
// ~1 MiB chunks cuts that per-chunk cost. Memory stays bounded by two chunks (the one being
// gathered and the one Next is writing).
//
// A pull-based ReadableStream over the source's reader rather than a TransformStream: each
// 64 KiB piece then costs one read(), not a trip through pipeThrough's pipe, a writable and
// a second queue; and the gathered chunk is Buffer.concat's unzeroed memory, not a zeroed
// Uint8Array. Measured (issue 12, 256 MiB through the app, warm): the app's CPU for the
// download fell from 1.1 s to 0.7-0.8 s, and its throughput from 55-65 % to 87-97 % of Glance's.

export const COALESCE_BYTES = 1024 * 1024;

/** `source` in chunks of at least `target` bytes (the last one may be smaller); a source
 * chunk that is already large enough passes as it is. Cancelling cancels the source. */
export function coalesced(source: ReadableStream<Uint8Array>, target = COALESCE_BYTES): ReadableStream<Uint8Array> {
  const reader = source.getReader();
  let done = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const parts: Uint8Array[] = [];
      let size = 0;
      while (size < target && !done) {
        const r = await reader.read();
        if (r.done) {
          done = true;
          break;
        }
        if (size === 0 && r.value.byteLength >= target) {
          controller.enqueue(r.value);
          return;
        }
        parts.push(r.value);
        size += r.value.byteLength;
      }
      if (size > 0) controller.enqueue(parts.length === 1 ? parts[0]! : Buffer.concat(parts, size));
      if (done) controller.close();
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
}
