'use client';
// The Schedules feature's data, one hook per query; the changes are in changes.ts, apart so
// that the Instances page, which reads only the health, does not load them. Lists refresh
// every 2 s while a run is going or a backup is still being written, otherwise every 30 s
// (lib/client/refresh).
import { useQuery } from '@tanstack/react-query';
import { apiFetch } from '@/lib/client/api-fetch';
import { queryKeys } from '@/lib/client/query-keys';
import { IDLE_REFRESH_MS, TRANSITION_REFRESH_MS } from '@/lib/client/refresh';
import type { RunsPage, ScheduleDto, ScheduleHealth, SchedulesPage } from '@/lib/schedules/contract';

/** Something on the list is still changing: a run going, or a backup Glance is still writing. */
export function isSettling(schedules: readonly ScheduleDto[] | undefined): boolean {
  return Boolean(schedules?.some((s) => s.lastRun?.status === 'running' || s.backups?.some((b) => b.status !== 'active')));
}

/** The project's schedules, or one instance's (`instanceId`). */
export function useSchedules(instanceId?: string) {
  const query = instanceId ? `?instance=${encodeURIComponent(instanceId)}` : '';
  return useQuery({
    queryKey: queryKeys.schedules.list(instanceId ?? ''),
    queryFn: () => apiFetch<SchedulesPage>(`/api/schedules${query}`),
    // A failure the server met drawing the page is shown as it is, not asked again at once.
    retryOnMount: false,
    refetchInterval: (q) => (isSettling(q.state.data?.schedules) ? TRANSITION_REFRESH_MS : IDLE_REFRESH_MS),
  });
}

/** A schedule's last 20 runs, newest first. */
export function useScheduleRuns(id: string) {
  return useQuery({
    queryKey: queryKeys.schedules.runs(id),
    queryFn: () => apiFetch<RunsPage>(`/api/schedules/${encodeURIComponent(id)}/runs`),
    refetchInterval: (q) => (q.state.data?.runs.some((r) => r.status === 'running') ? TRANSITION_REFRESH_MS : IDLE_REFRESH_MS),
  });
}

/** A failed run is news of hours, not seconds: the badges need no 30-second poll beside the rows'. */
const HEALTH_REFRESH_MS = 5 * 60_000;

/** The instances whose schedule failed its last run: the Instances page asks after its rows are shown. */
export function useScheduleHealth(enabled = true) {
  return useQuery({
    enabled,
    queryKey: queryKeys.schedules.health(),
    queryFn: () => apiFetch<ScheduleHealth>('/api/schedules/health'),
    staleTime: IDLE_REFRESH_MS,
    refetchInterval: HEALTH_REFRESH_MS,
  });
}
