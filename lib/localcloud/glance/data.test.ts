import { createHash, randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { describe, expect, it } from 'vitest';
import { upload, readHashed } from './data';
import { GlanceError } from './errors';
import { makeGlanceCloud } from './test-helpers';
import { syntheticDigests } from '../state/image-data';
import { SEED } from '../state/seed';

const I = SEED.images;

async function newQueuedImage(cloud: ReturnType<typeof makeGlanceCloud>, token: string, formats = { disk_format: 'qcow2', container_format: 'bare' }) {
  const res = await cloud.request('POST', '/image/v2/images', { token, json: { name: 'upload-me', ...formats } });
  expect(res.status).toBe(201);
  return (await res.json()).id as string;
}

const put = (cloud: ReturnType<typeof makeGlanceCloud>, token: string, id: string, body: BodyInit, type = 'application/octet-stream') =>
  cloud.request('PUT', `/image/v2/images/${id}/file`, { token, body, headers: { 'Content-Type': type } });

describe('PUT then GET /v2/images/{id}/file', () => {
  it('uploads (204, image active with md5 and sha512) and downloads the same bytes with Content-MD5', async () => {
    const cloud = makeGlanceCloud();
    const t = await cloud.token();
    const id = await newQueuedImage(cloud, t);
    const bytes = randomBytes(300_000);
    const res = await put(cloud, t, id, bytes);
    expect(res.status).toBe(204);
    expect(res.headers.get('content-type')).toBe('text/html; charset=UTF-8');
    expect(await res.text()).toBe('');
    const md5 = createHash('md5').update(bytes).digest('hex');
    const shown = await (await cloud.request('GET', `/image/v2/images/${id}`, { token: t })).json();
    expect(shown).toMatchObject({
      status: 'active', size: bytes.length, checksum: md5, os_hash_algo: 'sha512',
      os_hash_value: createHash('sha512').update(bytes).digest('hex'),
    });
    const down = await cloud.request('GET', `/image/v2/images/${id}/file`, { token: t });
    expect(down.status).toBe(200);
    expect(down.headers.get('content-type')).toBe('application/octet-stream');
    expect(down.headers.get('content-md5')).toBe(md5);
    expect(down.headers.get('content-length')).toBe(String(bytes.length));
    expect(Buffer.from(await down.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('serves byte ranges with 206 and Content-Range, 416 when the start is past the end', async () => {
    const cloud = makeGlanceCloud();
    const t = await cloud.token();
    const id = await newQueuedImage(cloud, t);
    const bytes = Buffer.from('0123456789');
    await put(cloud, t, id, bytes);
    const range = async (r: string) => cloud.request('GET', `/image/v2/images/${id}/file`, { token: t, headers: { Range: r } });
    const cases: [string, string, string][] = [['bytes=2-5', '2345', 'bytes 2-5/10'], ['bytes=7-', '789', 'bytes 7-9/10'], ['bytes=-3', '789', 'bytes 7-9/10'], ['bytes=8-100', '89', 'bytes 8-9/10']];
    for (const [r, body, contentRange] of cases) {
      const res = await range(r);
      expect(res.status, r).toBe(206);
      expect(res.headers.get('content-range'), r).toBe(contentRange);
      expect(res.headers.get('content-length'), r).toBe(String(body.length));
      expect(await res.text(), r).toBe(body);
    }
    const past = await range('bytes=10-');
    expect(past.status).toBe(416);
    expect((await past.json()).message).toBe('The Range requested is not available.<br /><br />\nInvalid start position in Range header. Start position MUST be in the inclusive range [0, 9].\n\n');
    expect((await range('bytes=5-2')).status).toBe(416);
    expect((await range('bytes=0-1,4-5')).status).toBe(400);
  });

  it('streams a seeded synthetic image whose checksum matches its bytes', async () => {
    const cloud = makeGlanceCloud();
    const res = await cloud.request('GET', `/image/v2/images/${I.debian12}/file`, { token: await cloud.token() });
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.length).toBe(8 * 1024 * 1024);
    expect(createHash('md5').update(bytes).digest('hex')).toBe(res.headers.get('content-md5'));
  });

  it('answers 204 for an image without data', async () => {
    const cloud = makeGlanceCloud();
    const t = await cloud.token();
    const id = await newQueuedImage(cloud, t);
    const res = await cloud.request('GET', `/image/v2/images/${id}/file`, { token: t });
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
  });
});

describe('PUT /v2/images/{id}/file refusals', () => {
  it('refuses an active image with 409 (capture glance-14)', async () => {
    const cloud = makeGlanceCloud();
    const res = await put(cloud, await cloud.token(), I.template, 'xxxxxxxxxxxxxxxx');
    expect(res.status).toBe(409);
    expect((await res.json()).message).toBe('Image status transition from active to saving is not allowed<br /><br />\n\n\n');
  });

  it('needs disk and container formats first', async () => {
    const cloud = makeGlanceCloud();
    const t = await cloud.token();
    const none = await newQueuedImage(cloud, t, {} as never);
    const both = await put(cloud, t, none, 'x');
    expect(both.status).toBe(400);
    expect((await both.json()).message).toBe('Properties disk_format, container_format must be set prior to saving data.<br /><br />\n\n\n');
    const one = await newQueuedImage(cloud, t, { disk_format: 'raw' } as never);
    expect((await (await put(cloud, t, one, 'x')).json()).message).toBe('Property container_format must be set prior to saving data.<br /><br />\n\n\n');
    expect(cloud.state.image(one)!.status).toBe('queued');
  });

  it('answers 415 for another media type, 403 for a visible image of another project, 404 for an invisible one', async () => {
    const cloud = makeGlanceCloud();
    const t = await cloud.token();
    const id = await newQueuedImage(cloud, t);
    const wrong = await put(cloud, t, id, 'x', 'application/json');
    expect(wrong.status).toBe(415);
    expect((await wrong.json()).message).toBe('The request media type application/json is not supported by this server.\n<br /><br />\n');
    cloud.state.image(id)!.visibility = 'public';
    expect((await put(cloud, await cloud.token('alt'), id, 'x')).status).toBe(403);
    cloud.state.image(id)!.visibility = 'private';
    expect((await put(cloud, await cloud.token('alt'), id, 'x')).status).toBe(404);
  });

  it('stops reading past the size cap with 413 and puts the image back to queued', async () => {
    const cloud = makeGlanceCloud();
    const t = await cloud.token();
    const id = await newQueuedImage(cloud, t);
    const caller = { projectId: SEED.projects.demo, isAdmin: false };
    const req = new Request('http://x/', { method: 'PUT', headers: { 'Content-Type': 'application/octet-stream' }, body: randomBytes(4096) });
    await expect(upload(cloud.cloud, caller, id, req, 1000)).rejects.toMatchObject({ status: 413 });
    expect(cloud.state.image(id)!.status).toBe('queued');
    await expect(readHashed(new Blob([randomBytes(10)]).stream(), 9)).rejects.toBeInstanceOf(GlanceError);
    const small = await readHashed(new Blob([Buffer.from('abc')]).stream(), 3);
    expect(small.md5).toBe(createHash('md5').update('abc').digest('hex'));
  });
});

describe('download memory', () => {
  it('streams 200 MB over HTTP without holding it: RSS grows far less than the image', async () => {
    const cloud = makeGlanceCloud();
    const size = 200 * 1024 * 1024;
    const image = cloud.state.image(I.template)!;
    const d = syntheticDigests('rss-test', size);
    Object.assign(image, { data: { kind: 'synthetic', seed: 'rss-test', size }, size, checksum: d.md5 });
    const t = await cloud.token();
    const server = serve({ fetch: cloud.app.fetch, port: 0, hostname: '127.0.0.1' });
    try {
      await new Promise<void>((r) => (server.listening ? r() : server.once('listening', () => r())));
      const { port } = server.address() as AddressInfo;
      global.gc?.();
      const rss0 = process.memoryUsage().rss;
      let peak = rss0;
      const res = await fetch(`http://127.0.0.1:${port}/image/v2/images/${I.template}/file`, { headers: { 'X-Auth-Token': t } });
      expect(res.headers.get('content-length')).toBe(String(size));
      const md5 = createHash('md5');
      let received = 0;
      const started = performance.now();
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        md5.update(chunk);
        received += chunk.byteLength;
        if ((received & 0xfffff) < chunk.byteLength) peak = Math.max(peak, process.memoryUsage().rss);
      }
      const seconds = (performance.now() - started) / 1000;
      const growthMb = Math.round((peak - rss0) / 1024 / 1024);
      console.log(`200 MB download: ${seconds.toFixed(2)} s, ${Math.round(200 / seconds)} MB/s, RSS growth ${growthMb} MB (from ${Math.round(rss0 / 1048576)} MB)`);
      expect(received).toBe(size);
      expect(md5.digest('hex')).toBe(res.headers.get('content-md5'));
      // Buffering the body would grow RSS by 200 MB or more; the margin absorbs GC lag.
      expect(growthMb).toBeLessThan(100);
    } finally {
      await new Promise((r) => server.close(r));
    }
  }, 60_000);
});
