'use client';
// The Instances feature's data, one hook per query: each knows its key, its route and how
// often it refreshes (fast while something changes, see lib/client/refresh).
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { apiFetch } from '@/lib/client/api-fetch';
import { queryKeys } from '@/lib/client/query-keys';
import { IDLE_REFRESH_MS, TRANSITION_REFRESH_MS } from '@/lib/client/refresh';
import type { InstanceDetail, ServersPage } from '@/lib/instances/instance-view';
import type { SnapshotSummary } from '@/lib/snapshots/summary';

export interface InstanceSnapshotsAnswer {
  snapshots: SnapshotSummary[];
  backups: SnapshotSummary[];
  moreSnapshots: boolean;
  moreBackups: boolean;
}

export const CONSOLE_LINES = 50;

const interval = (fast: boolean) => (fast ? TRANSITION_REFRESH_MS : IDLE_REFRESH_MS);

/** One page of the Instances list; `fast(page)` says whether it is changing. */
export function useServersPage(params: URLSearchParams, fast: (page: ServersPage | undefined) => boolean) {
  return useQuery({
    queryKey: queryKeys.servers.list(params.toString()),
    queryFn: () => apiFetch<ServersPage>(`/api/servers?${params}`),
    placeholderData: keepPreviousData,
    // A failure the server met drawing the page is shown as it is, not asked again at once.
    retryOnMount: false,
    refetchInterval: (q) => interval(fast(q.state.data)),
    refetchIntervalInBackground: false,
  });
}

export function useServerDetail(id: string, fast: (server: InstanceDetail | undefined) => boolean) {
  return useQuery({
    queryKey: queryKeys.servers.detail(id),
    queryFn: () => apiFetch<{ server: InstanceDetail }>(`/api/servers/${id}`),
    retryOnMount: false,
    refetchInterval: (q) => interval(fast(q.state.data?.server)),
    refetchIntervalInBackground: false,
  });
}

/** The console's last lines: read on demand (Refresh), never on a timer. */
export function useConsoleOutput(serverId: string) {
  return useQuery({
    queryKey: queryKeys.servers.console(serverId),
    queryFn: () => apiFetch<{ output: string }>(`/api/servers/${serverId}/console?length=${CONSOLE_LINES}`),
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
}

export function useInstanceSnapshots(serverId: string) {
  return useQuery({
    queryKey: queryKeys.servers.snapshots(serverId),
    queryFn: () => apiFetch<InstanceSnapshotsAnswer>(`/api/servers/${serverId}/snapshots`),
    retryOnMount: false,
  });
}
