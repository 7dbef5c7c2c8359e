import 'server-only';
import { withSession } from '@/lib/server/api';
import type { ScheduleHealth } from '@/lib/schedules/contract';
import { scheduleHealth } from '@/lib/schedules/schedules';

/** GET /api/schedules/health: the instances whose schedule failed its last run, for the
 * Instances page's badges (asked after its rows are shown; nothing without Mistral). */
export const GET = withSession({}, async ({ conn }): Promise<ScheduleHealth> => {
  if (!conn.endpoints.workflow) return { failed: [] };
  return scheduleHealth(conn);
});
