// When the instance pages refresh fast (lib/client/refresh says how often), and how the
// snapshot tracker keeps a followed row current without the list's own fast refresh.
import { isTransitional } from '@/lib/instances/rules';
import type { ServersPage } from '@/lib/instances/instance-view';

/** A row in transition (any task state, BUILD…) or a just-launched instance not yet ACTIVE
 * or ERROR, unless the snapshot tracker follows that instance: its own 2-second poll reads
 * the same state and writes it into the row (withServerState), so the list need not ask
 * Nova for the whole page as well. */
export function needsFastRefresh(
  rows: readonly { id: string; status: string; taskState: string | null }[],
  highlighted: ReadonlySet<string>,
  followed: ReadonlySet<string>,
): boolean {
  return rows.some((r) => !followed.has(r.id) && (isTransitional(r) || (highlighted.has(r.id) && r.status !== 'ACTIVE' && r.status !== 'ERROR')));
}

/** The page with one server's status and task state as the tracker last read them; the same
 * page when that server is not on it. */
export function withServerState(page: ServersPage | undefined, id: string, state: { status: string; taskState: string | null }): ServersPage | undefined {
  if (!page || !page.servers.some((s) => s.id === id && (s.status !== state.status || s.taskState !== state.taskState))) return page;
  return { ...page, servers: page.servers.map((s) => (s.id === id ? { ...s, status: state.status, taskState: state.taskState } : s)) };
}
