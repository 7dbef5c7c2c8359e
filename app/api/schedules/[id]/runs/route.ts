import 'server-only';
import { withSession } from '@/lib/server/api';
import { runsQuerySchema, scheduleParams, type RunDto, type RunsPage } from '@/lib/schedules/contract';
import { actorOf } from '@/lib/schedules/route-kit';
import { listRuns, runNow } from '@/lib/schedules/schedules';

/** GET /api/schedules/<id>/runs[?marker=]: 20 runs a page, newest first (one Mistral list). */
export const GET = withSession({ params: scheduleParams, query: runsQuerySchema }, async ({ params, query, conn }): Promise<RunsPage> =>
  listRuns(conn, params.id, { marker: query.marker }));

/** POST /api/schedules/<id>/runs: Run now, as the caller, once the workflow is checked to be
 * Snapdeck's. 201 with the run. */
export const POST = withSession({ params: scheduleParams }, async ({ params, session, conn }) => {
  const run: RunDto = await runNow(conn, params.id, actorOf(session));
  return Response.json(run, { status: 201, headers: { 'Cache-Control': 'no-store' } });
});
