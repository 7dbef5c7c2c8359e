import 'server-only';
// What the schedule routes share: who acts (whose trust a saved trigger takes, and the
// compute URL a cron-started run calls), and the mapping of Snapdeck's own refusals.
import { apiError } from '@/lib/server/api';
import { getConfig } from '@/lib/server/app-config';
import type { SessionData } from '@/lib/server/session';
import type { Actor, WriteOptions } from './schedules';
import { ScheduleRefusal } from './workflow';

export const actorOf = (session: SessionData): Actor => ({
  user: { id: session.user.id, name: session.user.name },
  computeUrl: session.endpoints.compute,
});

export const writeOptions = (): WriteOptions => ({ allowFrequent: getConfig().allowFrequentSchedules });

/** Runs a schedule operation; its refusals become their 4xx with the form's fields. */
export async function refusing<T>(op: () => Promise<T>): Promise<T | Response> {
  try {
    return await op();
  } catch (err) {
    if (err instanceof ScheduleRefusal) return apiError(err.status, err.message, null, err.fields);
    throw err;
  }
}
