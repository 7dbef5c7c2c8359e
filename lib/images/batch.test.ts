import { describe, expect, it } from 'vitest';
import { OpenStackError } from '@/lib/openstack/errors';
import { runEach } from './batch';

const items = ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => ({ id, name: `image ${id}` }));
const glanceError = (status: number, safeMessage: string) => new OpenStackError({ service: 'image', method: 'DELETE', status, kind: 'http', safeMessage });

describe('runEach', () => {
  it('goes on after a failure and lists it with Glance’s message, in the items’ order', async () => {
    const results = await runEach(items, async ({ id }) => {
      if (id === 'c') throw glanceError(403, 'Image c is protected and cannot be deleted.');
      return 'Deleted';
    });
    expect(results.map((r) => [r.id, r.ok])).toEqual([['a', true], ['b', true], ['c', false], ['d', true], ['e', true], ['f', true]]);
    expect(results[2]).toMatchObject({ name: 'image c', status: 403, message: 'Image c is protected and cannot be deleted. (HTTP 403)' });
  });

  it('never runs more than the concurrency at once', async () => {
    let running = 0;
    let peak = 0;
    await runEach(items, async () => {
      running++;
      peak = Math.max(peak, running);
      await Promise.resolve();
      await Promise.resolve();
      running--;
      return 'ok';
    }, 2);
    expect(peak).toBe(2);
  });

  it('stops on a 401: the session is over', async () => {
    const seen: string[] = [];
    await expect(runEach(items, async ({ id }) => {
      seen.push(id);
      throw glanceError(401, 'The request you have made requires authentication.');
    }, 1)).rejects.toMatchObject({ status: 401 });
    expect(seen).toEqual(['a']);
  });

  it('hides unexpected errors behind a generic message', async () => {
    const [r] = await runEach([items[0]!], async () => {
      throw new Error('secret internal detail');
    });
    expect(r).toMatchObject({ ok: false, message: 'Unexpected error (logged on the server).' });
  });
});
