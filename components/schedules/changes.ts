'use client';
// The Schedules feature's changes, one hook each (its queries are in queries.ts): every change
// refreshes all of the feature's queries.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '@/lib/client/api-fetch';
import { queryKeys } from '@/lib/client/query-keys';
import type { RunDto, ScheduleInput } from '@/lib/schedules/contract';

function useScheduleChange<TVars, TResult>(fn: (vars: TVars) => Promise<TResult>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSettled: () => qc.invalidateQueries({ queryKey: queryKeys.schedules.all() }),
  });
}

const schedulePath = (id: string) => `/api/schedules/${encodeURIComponent(id)}`;

export const useCreateSchedules = () =>
  useScheduleChange((schedules: ScheduleInput[]) => apiFetch<{ ids: string[] }>('/api/schedules', { method: 'POST', json: { schedules } }));

export const useUpdateSchedule = (id: string) =>
  useScheduleChange((input: ScheduleInput) => apiFetch<{ id: string }>(schedulePath(id), { method: 'PUT', json: input }));

export const useSetScheduleEnabled = (id: string) =>
  useScheduleChange((enabled: boolean) => apiFetch<{ id: string; enabled: boolean }>(schedulePath(id), { method: 'PATCH', json: { enabled } }));

export const useDeleteSchedule = (id: string) =>
  useScheduleChange(() => apiFetch<null>(schedulePath(id), { method: 'DELETE' }));

export const useRunNow = (id: string) =>
  useScheduleChange(() => apiFetch<RunDto>(`${schedulePath(id)}/runs`, { method: 'POST' }));

export const useRestoreWorkflow = () =>
  useScheduleChange((name: string) => apiFetch<{ name: string; state: 'ours' }>('/api/schedules/workflow', { method: 'POST', json: { name } }));
