// Bulk actions over images (delete, enable the agent): each item is tried, a failure is
// recorded and the others go on. A small concurrency keeps one browser click from
// flooding Glance.
import { OpenStackError } from '@/lib/openstack/errors';
import type { BatchItemResult } from '@/lib/images/contract';

export const BATCH_CONCURRENCY = 4;

const SERVICE_NAMES: Partial<Record<OpenStackError['service'], string>> = { image: 'Glance', volume: 'Cinder', compute: 'Nova', network: 'Neutron', identity: 'Keystone' };

/** A failure in words safe for the browser, with the upstream status when there was one. */
export function failureOf(err: unknown): { message: string; status?: number } {
  if (err instanceof OpenStackError) {
    const who = SERVICE_NAMES[err.service] ?? 'The cloud';
    if (err.kind === 'timeout') return { message: `${who} did not answer in time.` };
    if (err.kind === 'network') return { message: `${who} could not be reached.` };
    if (err.kind === 'invalid-response') return { message: `${who} sent an answer Snapdeck could not read.` };
    return { message: `${err.safeMessage} (HTTP ${err.status})`, status: err.status };
  }
  return { message: 'Unexpected error (logged on the server).' };
}

/** One read whose 404 means "gone" (deleted, or not visible to this project) and whose other
 * failures only this read: found, gone, or unknown with the reason in words. A 401 ends the
 * session, so it ends the whole request. */
export async function lookup<T>(fetchIt: () => Promise<T>): Promise<{ found: T } | { gone: true } | { unknown: string }> {
  try {
    return { found: await fetchIt() };
  } catch (err) {
    if (err instanceof OpenStackError && err.is(401)) throw err;
    if (err instanceof OpenStackError && err.is(404)) return { gone: true };
    return { unknown: failureOf(err).message };
  }
}

/** Runs `work` on every item, at most `concurrency` at a time, in the items' order in the
 * result. A 401 is rethrown: the session is over and the rest would fail the same way. */
export async function runEach<T extends { id: string; name: string }>(
  items: readonly T[],
  work: (item: T) => Promise<string | Omit<BatchItemResult, 'id' | 'ok'>>,
  concurrency = BATCH_CONCURRENCY,
): Promise<BatchItemResult[]> {
  const results: BatchItemResult[] = new Array(items.length);
  let next = 0;
  let fatal: unknown = null;
  async function worker() {
    while (fatal === null && next < items.length) {
      const index = next++;
      const item = items[index]!;
      try {
        const done = await work(item);
        results[index] = typeof done === 'string' ? { id: item.id, name: item.name, ok: true, message: done } : { id: item.id, ok: true, ...done, name: done.name || item.name };
      } catch (err) {
        if (err instanceof OpenStackError && err.is(401)) {
          fatal = err;
          return;
        }
        if (!(err instanceof OpenStackError)) console.error('snapdeck: bulk image action failed', err);
        results[index] = { id: item.id, name: item.name, ok: false, ...failureOf(err) };
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  if (fatal !== null) throw fatal;
  return results;
}
