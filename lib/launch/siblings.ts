// The servers of a multiple create that Nova's answer does not name.
import type { Connection } from '@/lib/openstack/client';
import { listServers } from '@/lib/openstack/compute/servers';
import type { LaunchResult } from '@/lib/launch/contract';

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Nova's answer names only the first server of a multiple create. The others are named
 * `<name>-<n>` (Nova's multi-instance display name) and created in the same request, so
 * they are found by name and creation time; what cannot be found is said, not guessed.
 */
export async function findSiblings(conn: Connection, name: string, count: number, firstId: string): Promise<Omit<LaunchResult, 'requested'>> {
  const pattern = new RegExp(`^${escapeRegExp(name)}-(\\d+)$`);
  let ids = [firstId];
  try {
    const { servers } = await listServers(conn, { name, limit: 200, sortKey: 'created_at', sortDir: 'desc' });
    const first = servers.find((s) => s.id === firstId);
    if (first) {
      const at = Date.parse(first.created);
      const siblings = servers.filter((s) => {
        const n = Number(pattern.exec(s.name)?.[1]);
        return s.id !== firstId && n >= 1 && n <= count && Math.abs(Date.parse(s.created) - at) <= 60_000;
      });
      ids = [firstId, ...siblings.map((s) => s.id)];
    }
  } catch {
    // The servers were created; failing to list them only means fewer rows are highlighted.
  }
  const complete = ids.length === count;
  return {
    ids,
    complete,
    note: complete ? null : `Nova created ${count} instances but named only ${ids.length === 1 ? 'the first' : `${ids.length} of them`} in its answer; look for "${name}-1" … "${name}-${count}" in the list.`,
  };
}
