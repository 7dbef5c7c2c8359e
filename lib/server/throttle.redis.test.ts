// The sign-in throttle's shared store: two replicas, each with its own limiters, count the
// same failures in one real redis-server (Debian's; scripts/ensure-system-deps.ts installs it).
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admitSignIn, redisLimiters, THROTTLE, ThrottleUnavailable } from './throttle';

let redis: ChildProcess;
let url: string;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

async function waitForPort(port: number, deadline: number): Promise<void> {
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => (s.end(), resolve(true)));
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`redis-server did not listen on ${port}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  const port = await freePort();
  redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  await waitForPort(port, Date.now() + 10_000);
  url = `redis://127.0.0.1:${port}`;
});
afterAll(() => {
  redis?.kill();
});

describe('the throttle on Redis', () => {
  it('counts failures across replicas', async () => {
    const a = await redisLimiters(url);
    const b = await redisLimiters(url);
    const who = { address: '198.51.100.20', user: 'Default/shared' };
    for (let i = 0; i < THROTTLE.perUser; i++) {
      const adm = await admitSignIn(who, i % 2 ? a : b);
      expect(adm.ok).toBe(true);
      if (adm.ok) await adm.settle('failure');
    }
    expect(await admitSignIn(who, a)).toEqual({ ok: false, retryAfterSeconds: 60 });
    expect(await admitSignIn(who, b)).toEqual({ ok: false, retryAfterSeconds: 120 });
  });

  it('refuses to admit when Redis is down, rather than letting guesses through', async () => {
    const l = await redisLimiters('redis://127.0.0.1:1');
    await expect(admitSignIn({ address: '198.51.100.21', user: 'Default/x' }, l)).rejects.toBeInstanceOf(ThrottleUnavailable);
  });
});
