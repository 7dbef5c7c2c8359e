import { expect, it } from 'vitest';
import { coalesceChunks } from './coalesce';

async function through(chunks: number[], target: number): Promise<number[][]> {
  const source = new ReadableStream<Uint8Array>({
    start(c) {
      let n = 0;
      for (const len of chunks) c.enqueue(Uint8Array.from({ length: len }, () => n++ % 256));
      c.close();
    },
  });
  const out: number[][] = [];
  const reader = source.pipeThrough(coalesceChunks(target)).getReader();
  for (let r = await reader.read(); !r.done; r = await reader.read()) out.push([...r.value]);
  return out;
}

it('gathers small chunks up to the target and keeps every byte in order', async () => {
  const out = await through([3, 3, 3, 3, 1], 8);
  expect(out.map((c) => c.length)).toEqual([9, 4]);
  expect(out.flat()).toEqual(Array.from({ length: 13 }, (_, i) => i));
});

it('passes a large chunk through as it is, and an empty body stays empty', async () => {
  expect((await through([20], 8)).map((c) => c.length)).toEqual([20]);
  expect(await through([], 8)).toEqual([]);
});
