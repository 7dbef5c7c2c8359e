// Larger chunks for a streamed download: fetch hands the body over in ~64 KiB pieces, and
// Next.js writes (and flushes) each piece to the socket on its own; gathering them into
// ~1 MiB chunks cuts that per-chunk cost. Memory stays bounded by one chunk.

export const COALESCE_BYTES = 1024 * 1024;

export function coalesceChunks(target = COALESCE_BYTES): TransformStream<Uint8Array, Uint8Array> {
  let parts: Uint8Array[] = [];
  let size = 0;
  const flush = (controller: TransformStreamDefaultController<Uint8Array>) => {
    if (size === 0) return;
    const out = new Uint8Array(size);
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.byteLength;
    }
    parts = [];
    size = 0;
    controller.enqueue(out);
  };
  return new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      if (size === 0 && chunk.byteLength >= target) {
        controller.enqueue(chunk);
        return;
      }
      parts.push(chunk);
      size += chunk.byteLength;
      if (size >= target) flush(controller);
    },
    flush,
  });
}
