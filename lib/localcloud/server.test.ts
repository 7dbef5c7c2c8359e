// Starting and stopping the local cloud over a real socket.
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TIMINGS } from './config';
import { createLocalCloud, startLocalCloud } from './server';

describe('startLocalCloud', () => {
  it('listens on a free loopback port, advertises its own URL, keeps connections alive and closes', async () => {
    const cloud = await startLocalCloud();
    try {
      expect(cloud.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(cloud.port).toBeGreaterThan(0);
      expect(cloud.cloud.publicUrl).toBe(cloud.url);
      const res = await fetch(`${cloud.url}/identity`);
      expect(res.status).toBe(300);
      expect(res.headers.get('Location')).toBe(`${cloud.url}/identity/v3/`);
      expect(res.headers.get('Connection')).toBe('keep-alive');
      expect(res.headers.get('x-openstack-request-id')).toMatch(/^req-[0-9a-f-]{36}$/);
      expect(cloud.state.timings).toEqual(DEFAULT_TIMINGS);
      // Glance builds its version links when its routes are made: they must carry the real port.
      const glance = (await (await fetch(`${cloud.url}/image`)).json()) as { versions: { links: { href: string }[] }[] };
      expect(glance.versions[0]!.links[0]!.href).toBe(`${cloud.url}/image/v2/`);
    } finally {
      await cloud.close();
    }
    await expect(fetch(`${cloud.url}/identity`)).rejects.toThrow();
  });

  it('close() cancels simulated work and later() does nothing afterwards', async () => {
    const cloud = await startLocalCloud();
    let fired = 0;
    cloud.cloud.later(60_000, () => fired++);
    expect(cloud.cloud.timers.size).toBe(1);
    await cloud.close();
    expect(cloud.cloud.timers.size).toBe(0);
    cloud.cloud.later(0, () => fired++);
    expect(cloud.cloud.timers.size).toBe(0);
    expect(fired).toBe(0);
  });

  it('close() does not wait for idle keep-alive connections', async () => {
    const cloud = await startLocalCloud();
    await (await fetch(`${cloud.url}/identity/v3`)).text(); // leaves a kept-alive socket
    const t0 = performance.now();
    await cloud.close();
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it('says clearly when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as AddressInfo).port;
    try {
      await expect(startLocalCloud({ port })).rejects.toThrow(`Port ${port} on 127.0.0.1 is already in use`);
    } finally {
      blocker.close();
    }
  });

  it('uses publicUrl, timings, seed counts, regions and neutron from its options', async () => {
    const cloud = await startLocalCloud({
      publicUrl: 'https://cloud.example.org/', timings: { buildMs: 1, tokenTtlSeconds: undefined }, seed: { servers: 3, images: 4 },
      regions: ['RegionOne', 'RegionTwo'], neutron: false,
    });
    try {
      expect(cloud.cloud.publicUrl).toBe('https://cloud.example.org');
      expect(cloud.state.timings).toEqual({ ...DEFAULT_TIMINGS, buildMs: 1 });
      expect(cloud.state.data.servers).toHaveLength(10);
      expect(cloud.state.data.images).toHaveLength(12);
      const health = (await (await fetch(`${cloud.url}/__admin/health`)).json()) as any;
      expect(health).toMatchObject({ regions: ['RegionOne', 'RegionTwo'], neutron: false });
    } finally {
      await cloud.close();
    }
  });
});

describe('options', () => {
  it.each([
    [{ port: 70000 }, /port/],
    [{ regions: [] }, /regions/],
    [{ regions: ['A', 'A'] }, /must not repeat/],
    [{ timings: { buildMs: -1 } }, /timings\.buildMs/],
    [{ publicUrl: 'ftp://x' }, /publicUrl/],
    [{ seed: { servers: 1e9 } }, /seed\.servers/],
    [{ colour: 'blue' }, /colour|Unrecognized/],
  ])('refuses %j with a message naming the option', (opts, message) => {
    expect(() => createLocalCloud(opts as never)).toThrow(message);
  });

  it('works in-process without listening', async () => {
    const { app } = createLocalCloud();
    expect((await app.request('/identity/v3')).status).toBe(200);
  });
});
