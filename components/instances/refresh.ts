// When the instance pages refresh fast (lib/client/refresh says how often).
import { isTransitional } from '@/lib/instances/rules';

/** A row in transition (any task state, BUILD…), a tracked snapshot still moving, or a
 * just-launched instance not yet ACTIVE or ERROR. */
export function needsFastRefresh(
  rows: readonly { id: string; status: string; taskState: string | null }[],
  highlighted: ReadonlySet<string>,
  trackerBusy: boolean,
): boolean {
  return trackerBusy || rows.some((r) => isTransitional(r) || (highlighted.has(r.id) && r.status !== 'ACTIVE' && r.status !== 'ERROR'));
}
