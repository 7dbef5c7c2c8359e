import 'server-only';
import { getInstanceAction, listInstanceActions } from '@/lib/openstack/compute/servers';
import { withSession } from '@/lib/server/api';
import { latestSnapshotAction, snapshotActionReason } from '@/lib/instances/actions';
import { serverParams } from '@/lib/instances/contract';

/** The instance's recorded actions (os-instance-actions), with the newest snapshot or backup
 * action's events: the reason Nova recorded when one failed. Two calls at most. */
export const GET = withSession({ params: serverParams }, async ({ params, conn }) => {
  const actions = await listInstanceActions(conn, params.id);
  const latest = latestSnapshotAction(actions);
  const detail = latest ? await getInstanceAction(conn, params.id, latest.requestId) : null;
  return {
    actions: actions.map((a) => ({ action: a.action, requestId: a.requestId, startTime: a.startTime, message: a.message })),
    latestSnapshot: detail ? { action: detail.action, requestId: detail.requestId, startTime: detail.startTime, ...snapshotActionReason(detail) } : null,
  };
});
