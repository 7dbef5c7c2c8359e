// Image bytes without holding them: a synthetic image is a 64 KiB block derived from a
// seed, repeated up to its size. Digests are computed once per (seed, size) and memoised,
// so seeding thousands of images of a few sizes costs one hash per size.
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { CloudState, ImageData } from './state';

const BLOCK = 64 * 1024;
const blocks = new Map<string, Buffer>();

function blockFor(seed: string): Buffer {
  let b = blocks.get(seed);
  if (!b) {
    const parts: Buffer[] = [];
    for (let i = 0; parts.length * 32 < BLOCK; i++) parts.push(createHash('sha256').update(`${seed}:${i}`).digest());
    b = Buffer.concat(parts).subarray(0, BLOCK);
    if (blocks.size > 256) blocks.clear();
    blocks.set(seed, b);
  }
  return b;
}

/** The bytes of a synthetic image between start (inclusive) and end (exclusive), as chunks. */
export function* syntheticChunks(seed: string, size: number, start = 0, end = size): Generator<Buffer> {
  const block = blockFor(seed);
  let pos = start;
  while (pos < end) {
    const off = pos % BLOCK;
    const n = Math.min(BLOCK - off, end - pos);
    yield block.subarray(off, off + n);
    pos += n;
  }
}

export interface Digests {
  md5: string;
  sha512: string;
}

const digestMemo = new Map<string, Digests>();

export function digestBuffer(buf: Buffer): Digests {
  return {
    md5: createHash('md5').update(buf).digest('hex'),
    sha512: createHash('sha512').update(buf).digest('hex'),
  };
}

export function syntheticDigests(seed: string, size: number): Digests {
  const key = `${seed}\u0000${size}`;
  let d = digestMemo.get(key);
  if (!d) {
    const md5 = createHash('md5');
    const sha = createHash('sha512');
    for (const chunk of syntheticChunks(seed, size)) {
      md5.update(chunk);
      sha.update(chunk);
    }
    d = { md5: md5.digest('hex'), sha512: sha.digest('hex') };
    digestMemo.set(key, d);
  }
  return d;
}

/** Size of an image's data, or null when it has none. */
export function dataSize(state: CloudState, data: ImageData): number | null {
  if (data.kind === 'synthetic') return data.size;
  if (data.kind === 'blob') return state.blobs.get(data.blobId)?.length ?? null;
  return null;
}

/** A readable stream of an image's bytes in [start, end). */
export function dataStream(state: CloudState, data: ImageData, start: number, end: number): Readable {
  if (data.kind === 'synthetic') return Readable.from(syntheticChunks(data.seed, data.size, start, end));
  if (data.kind === 'blob') {
    const buf = state.blobs.get(data.blobId) ?? Buffer.alloc(0);
    return Readable.from([buf.subarray(start, end)]);
  }
  return Readable.from([]);
}
