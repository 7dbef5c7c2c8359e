// Vitest wiring for the fake server: a fresh one per test, checked and closed after it.
import { afterEach, beforeEach } from 'vitest';
import { startFakeServer, type FakeServer } from './fake-server';

export function withFakeServer(): () => FakeServer {
  let fake: FakeServer | null = null;
  beforeEach(async () => {
    fake = await startFakeServer();
  });
  afterEach(async () => {
    const f = fake;
    fake = null;
    if (!f) return;
    try {
      f.assertDone();
    } finally {
      await f.close();
    }
  });
  return () => {
    if (!fake) throw new Error('withFakeServer: no server outside a test');
    return fake;
  };
}
