import 'server-only';
import { withSession } from '@/lib/server/api';
import { scheduleInputSchema, scheduleParams, scheduleStateBodySchema } from '@/lib/schedules/contract';
import { actorOf, writeOptions } from '@/lib/schedules/route-kit';
import { deleteSchedule, updateSchedule } from '@/lib/schedules/schedules';

/** PUT /api/schedules/<id>: Edit. Mistral cannot update a trigger: the schedule's next
 * trigger is made, then the old one deleted (docs/decisions/010); the runs then act as the
 * user who saved. */
export const PUT = withSession({ params: scheduleParams, body: scheduleInputSchema }, async ({ params, body, session, conn }) => {
  await updateSchedule(conn, params.id, () => body, actorOf(session), writeOptions());
  return { id: params.id };
});

/** PATCH /api/schedules/<id> {enabled}: Pause and Resume, the same way as Edit. */
export const PATCH = withSession({ params: scheduleParams, body: scheduleStateBodySchema }, async ({ params, body, session, conn }) => {
  await updateSchedule(conn, params.id, (fields) => ({ ...fields, enabled: body.enabled }), actorOf(session), writeOptions());
  return { id: params.id, enabled: body.enabled };
});

/** DELETE /api/schedules/<id>: the trigger and its trust go; the backups stay in Glance. */
export const DELETE = withSession({ params: scheduleParams }, async ({ params, conn }) => {
  await deleteSchedule(conn, params.id);
  return new Response(null, { status: 204 });
});
