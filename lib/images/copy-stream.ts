// The data path of a copy between regions when the target Glance cannot pull it itself: the
// source's download piped into the target's upload, counted and hashed on the way. Web
// streams carry backpressure end to end (fetch's body ← TransformStream ← fetch's response),
// so memory stays at a few chunks whatever the size. Kept apart from copy.ts (server-only)
// so that the benchmark can run it from a script.
import { createHash } from 'node:crypto';
import type { Connection } from '@/lib/openstack/client';
import { downloadImage, uploadImageData } from '@/lib/openstack/image/images';

/** An upload as long as the data takes; the day is a backstop against a silent hang. */
export const STREAM_TIMEOUT_MS = 24 * 3600 * 1000;

export interface StreamResult {
  bytes: number;
  /** The data's hash in the source's algorithm (Glance's os_hash_algo, sha512 by default). */
  hash: string;
}

/** Streams image `sourceId` of `source` into the queued image `targetId` of `target`. */
export async function streamImageData(
  source: Connection,
  sourceId: string,
  target: Connection,
  targetId: string,
  opts: { hashAlgo: string; signal: AbortSignal; onBytes: (bytes: number) => void },
): Promise<StreamResult> {
  const dl = await downloadImage(source, sourceId, { signal: opts.signal });
  if (!dl.body) throw new Error('The source image has no data to copy.');
  const hash = createHash(opts.hashAlgo);
  let bytes = 0;
  const counted = dl.body.pipeThrough(new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      hash.update(chunk);
      bytes += chunk.byteLength;
      opts.onBytes(bytes);
      controller.enqueue(chunk);
    },
  }), { signal: opts.signal });
  await uploadImageData(target, targetId, counted, dl.contentLength ?? undefined, { signal: opts.signal, timeoutMs: STREAM_TIMEOUT_MS });
  return { bytes, hash: hash.digest('hex') };
}
