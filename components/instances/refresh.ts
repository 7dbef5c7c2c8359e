// How often the instance pages refresh: every 2 s while something is changing, otherwise
// every 30 s (and never while the tab is hidden: refetchIntervalInBackground false).
import { isTransitional } from '@/lib/instances/rules';

export const FAST_REFRESH_MS = 2_000;
export const SLOW_REFRESH_MS = 30_000;

/** A row in transition (any task state, BUILD…), a tracked snapshot still moving, or a
 * just-launched instance not yet ACTIVE or ERROR. */
export function needsFastRefresh(
  rows: readonly { id: string; status: string; taskState: string | null }[],
  highlighted: ReadonlySet<string>,
  trackerBusy: boolean,
): boolean {
  return trackerBusy || rows.some((r) => isTransitional(r) || (highlighted.has(r.id) && r.status !== 'ACTIVE' && r.status !== 'ERROR'));
}
