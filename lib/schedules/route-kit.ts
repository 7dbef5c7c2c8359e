import 'server-only';
// What the schedule routes share: who acts (whose trust a saved trigger takes, and the
// compute URL a cron-started run calls), and the write options from the configuration.
import { getConfig } from '@/lib/server/app-config';
import type { SessionData } from '@/lib/server/session';
import type { Actor, WriteOptions } from './schedules';

export const actorOf = (session: SessionData): Actor => ({
  user: { id: session.user.id, name: session.user.name },
  computeUrl: session.endpoints.compute,
});

export const writeOptions = (): WriteOptions => ({ allowFrequent: getConfig().allowFrequentSchedules });
