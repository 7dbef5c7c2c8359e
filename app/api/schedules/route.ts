import 'server-only';
import { withSession } from '@/lib/server/api';
import { createSchedulesBodySchema, schedulesQuerySchema, type SchedulesPage } from '@/lib/schedules/contract';
import { actorOf, writeOptions } from '@/lib/schedules/route-kit';
import { createSchedules, loadSchedulesPage } from '@/lib/schedules/schedules';

/** GET /api/schedules[?instance=<id>]: the project's backup schedules (Mistral cron triggers
 * of Snapdeck's workflow), each with its instance, last run and backups; `service: absent`
 * when the cloud has no workflow service. */
export const GET = withSession({ query: schedulesQuerySchema }, async ({ query, conn }): Promise<SchedulesPage> =>
  loadSchedulesPage(conn, { instanceId: query.instance }));

/** POST /api/schedules: one schedule, or the grandfather-father-son set for one instance
 * (all or none). 201 with the new schedules' ids. */
export const POST = withSession({ body: createSchedulesBodySchema }, async ({ body, session, conn }) => {
  const ids = await createSchedules(conn, body.schedules, actorOf(session), writeOptions());
  return Response.json({ ids }, { status: 201, headers: { 'Cache-Control': 'no-store' } });
});
