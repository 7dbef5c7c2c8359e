import { expect, it } from 'vitest';
import { coalesced } from './coalesce';

function source(chunks: number[], onCancel?: (reason: unknown) => void): ReadableStream<Uint8Array> {
  let n = 0;
  let i = 0;
  // Pull-based, one chunk at a time, as fetch's body is.
  return new ReadableStream<Uint8Array>({
    pull(c) {
      const len = chunks[i++];
      if (len === undefined) return c.close();
      c.enqueue(Uint8Array.from({ length: len }, () => n++ % 256));
    },
    cancel: onCancel,
  }, { highWaterMark: 0 });
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<number[][]> {
  const out: number[][] = [];
  const reader = stream.getReader();
  for (let r = await reader.read(); !r.done; r = await reader.read()) out.push([...r.value]);
  return out;
}

it('gathers small chunks up to the target and keeps every byte in order', async () => {
  const out = await readAll(coalesced(source([3, 3, 3, 3, 1]), 8));
  expect(out.map((c) => c.length)).toEqual([9, 4]);
  expect(out.flat()).toEqual(Array.from({ length: 13 }, (_, i) => i));
});

it('passes a large chunk through as it is, ends on a short last chunk, and an empty body stays empty', async () => {
  expect((await readAll(coalesced(source([20]), 8))).map((c) => c.length)).toEqual([20]);
  expect((await readAll(coalesced(source([5, 20, 2]), 8))).map((c) => c.length)).toEqual([25, 2]);
  expect((await readAll(coalesced(source([8, 8]), 8))).map((c) => c.length)).toEqual([8, 8]);
  expect(await readAll(coalesced(source([]), 8))).toEqual([]);
});

it('reads the source only as the consumer pulls, and cancels it when the consumer goes away', async () => {
  let pulled = 0;
  let cancelled: unknown = null;
  const counted = new ReadableStream<Uint8Array>({
    pull(c) {
      pulled++;
      c.enqueue(new Uint8Array(4));
    },
    cancel(reason) {
      cancelled = reason;
    },
  }, { highWaterMark: 0 });
  const reader = coalesced(counted, 8).getReader();
  expect((await reader.read()).value).toHaveLength(8);
  // One gathered chunk ahead at most: the next 8 bytes, two source reads.
  await new Promise((r) => setTimeout(r, 10));
  expect(pulled).toBeLessThanOrEqual(4);
  await reader.cancel('browser left');
  expect(cancelled).toBe('browser left');
});

it('fails when the source fails', async () => {
  const failing = new ReadableStream<Uint8Array>({
    start(c) {
      c.enqueue(new Uint8Array(3));
      c.error(new Error('upstream reset'));
    },
  });
  await expect(readAll(coalesced(failing, 8))).rejects.toThrow('upstream reset');
});
