import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { streamingFetch } from './stream-fetch';

let server: Server | null = null;

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  server = createServer(handler);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  const s = server;
  server = null;
  if (!s) return;
  s.closeAllConnections();
  await new Promise((r) => s.close(r));
});

/** A body of one write per size, of a running counter, the writes apart in time so that the
 * client reads them as separate pieces; `cut`: the connection closes after them, before the
 * announced length (one more byte). */
function pieces(res: ServerResponse, sizes: number[], opts: { cut?: boolean } = {}) {
  let n = 0;
  const length = sizes.reduce((a, b) => a + b, 0) + (opts.cut ? 1 : 0);
  res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': String(length) });
  const next = (i: number) => {
    if (i === sizes.length) {
      if (opts.cut) res.socket?.destroy();
      else res.end();
      return;
    }
    res.write(Buffer.from(Array.from({ length: sizes[i]! }, () => n++ % 256)));
    setTimeout(() => next(i + 1), 5);
  };
  next(0);
}

async function chunksOf(body: ReadableStream<Uint8Array>): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  const reader = body.getReader();
  for (let r = await reader.read(); !r.done; r = await reader.read()) out.push(r.value);
  return out;
}

describe('streamingFetch', () => {
  it('gathers the pieces into chunks of at least the target, every byte in order', async () => {
    const url = await serve((_req, res) => pieces(res, [3, 3, 3, 3, 1]));
    const res = await streamingFetch(url, {}, { chunkBytes: 8 });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBe('13');
    const chunks = await chunksOf(res.body!);
    expect(chunks.map((c) => c.length)).toEqual([9, 4]);
    expect(chunks.flatMap((c) => [...c])).toEqual(Array.from({ length: 13 }, (_, i) => i));
  });

  it('passes a large piece as it is, and ends on a short last chunk', async () => {
    const url = await serve((_req, res) => pieces(res, [20, 2]));
    expect((await chunksOf((await streamingFetch(url, {}, { chunkBytes: 8 })).body!)).map((c) => c.length)).toEqual([20, 2]);
  });

  it('sends the method and headers, and gives every header back, repeated ones too', async () => {
    let seen: IncomingMessage | null = null;
    const url = await serve((req, res) => {
      seen = req;
      res.setHeader('Set-Cookie', ['a=1', 'b=2']);
      res.setHeader('Content-Range', 'bytes 0-3/10');
      res.writeHead(206);
      res.end('abcd');
    });
    const res = await streamingFetch(`${url}/v2/images/x/file`, { headers: { 'X-Auth-Token': 'tok', Range: 'bytes=0-3' } });
    expect(seen!.method).toBe('GET');
    expect(seen!.url).toBe('/v2/images/x/file');
    expect(seen!.headers['x-auth-token']).toBe('tok');
    expect(seen!.headers.range).toBe('bytes=0-3');
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe('bytes 0-3/10');
    expect(res.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(await res.text()).toBe('abcd');
  });

  it('answers 204 without a body, and a redirect as it is', async () => {
    const url = await serve((req, res) => {
      if (req.url === '/empty') res.writeHead(204).end();
      else res.writeHead(302, { Location: 'http://elsewhere.invalid/' }).end('moved');
    });
    const empty = await streamingFetch(`${url}/empty`);
    expect(empty.status).toBe(204);
    expect(empty.body).toBeNull();
    const moved = await streamingFetch(`${url}/moved`, { redirect: 'manual' });
    expect(moved.status).toBe(302);
    expect(moved.headers.get('location')).toBe('http://elsewhere.invalid/');
  });

  it('reads only as the consumer pulls, and closes the connection when the consumer cancels', async () => {
    let written = 0;
    let closed = false;
    const url = await serve((_req, res) => {
      res.writeHead(200);
      res.on('close', () => {
        closed = true;
      });
      const more = () => {
        while (!closed && res.write(Buffer.alloc(64 * 1024))) written += 64 * 1024;
        if (!closed) res.once('drain', more);
      };
      more();
    });
    const reader = (await streamingFetch(url, {}, { chunkBytes: 256 * 1024 })).body!.getReader();
    expect((await reader.read()).value!.length).toBeGreaterThanOrEqual(256 * 1024);
    await new Promise((r) => setTimeout(r, 100));
    // Socket buffers aside, the server is held back: nothing like the whole stream was sent.
    expect(written).toBeLessThan(64 * 1024 * 1024);
    await reader.cancel('browser left');
    await expect.poll(() => closed).toBe(true);
  });

  it('fails the body when the connection closes before the announced length', async () => {
    const url = await serve((_req, res) => pieces(res, [4, 4], { cut: true }));
    const res = await streamingFetch(url, {}, { chunkBytes: 1024 });
    await expect(chunksOf(res.body!)).rejects.toThrow();
  });

  it('rejects with the signal reason before the answer, and errors the body with it after', async () => {
    const url = await serve((req, res) => {
      if (req.url === '/silent') return;
      res.writeHead(200);
      res.write('x');
    });
    const done = new AbortController();
    done.abort(new Error('gone before'));
    await expect(streamingFetch(url, { signal: done.signal })).rejects.toThrow('gone before');

    const early = new AbortController();
    const waiting = streamingFetch(`${url}/silent`, { signal: early.signal });
    early.abort(new Error('too slow'));
    await expect(waiting).rejects.toThrow('too slow');

    const late = new AbortController();
    const res = await streamingFetch(url, { signal: late.signal }, { chunkBytes: 1024 });
    const reading = chunksOf(res.body!);
    late.abort(new Error('browser left'));
    await expect(reading).rejects.toThrow('browser left');
  });

  it('fails the body when the server goes silent while a read waits, not while the reader is slow', async () => {
    const url = await serve((req, res) => {
      res.writeHead(200);
      res.write(Buffer.alloc(8));
      if (req.url === '/whole') setTimeout(() => res.end(Buffer.alloc(8)), 5);
    });
    const silent = await streamingFetch(`${url}/silent`, {}, { chunkBytes: 1024, idleMs: 50 });
    await expect(chunksOf(silent.body!)).rejects.toThrow('sent nothing');

    const slow = (await streamingFetch(`${url}/whole`, {}, { chunkBytes: 8, idleMs: 50 })).body!.getReader();
    expect((await slow.read()).value).toHaveLength(8);
    // The reader takes its time; the server had sent everything meanwhile.
    await new Promise((r) => setTimeout(r, 150));
    expect((await slow.read()).value).toHaveLength(8);
    expect((await slow.read()).done).toBe(true);
  });

  it('rejects as fetch does when the server cannot be reached', async () => {
    const url = await serve(() => undefined);
    server!.close();
    server!.closeAllConnections();
    await new Promise((r) => setTimeout(r, 10));
    await expect(streamingFetch(url)).rejects.toThrow('fetch failed');
  });

  it('refuses what it does not do: a request body, following redirects', async () => {
    await expect(streamingFetch('http://127.0.0.1:1/', { method: 'PUT', body: 'x' })).rejects.toThrow(TypeError);
    await expect(streamingFetch('http://127.0.0.1:1/', { redirect: 'follow' })).rejects.toThrow(TypeError);
  });
});
