'use client';
// The Images pages' server state. Rows in transition refresh every 2 s; otherwise every
// 30 s, and React Query does not refetch on an interval while the tab is hidden.
import { useQuery } from '@tanstack/react-query';
import { isImageTransitional } from '@/lib/images/rules';
import { apiFetch } from '@/lib/client/api-fetch';
import { MAX_INSTANCE_LOOKUPS } from '@/lib/images/lineage-limits';
import { toSearchParams, type ListQuery } from '@/lib/images/list-query';
import type { ImageDetailResponse, ImageDto, ImageListResponse, InstanceNamesResponse } from '@/lib/images/contract';
import { queryKeys } from '@/lib/client/query-keys';
import { IDLE_REFRESH_MS, TRANSITION_REFRESH_MS } from '@/lib/client/refresh';


export const refreshFor = (images: readonly ImageDto[] | undefined) =>
  images?.some(isImageTransitional) ? TRANSITION_REFRESH_MS : IDLE_REFRESH_MS;

export function useImageList(query: ListQuery) {
  const qs = toSearchParams(query).toString();
  return useQuery({
    queryKey: queryKeys.images.list(qs),
    queryFn: () => apiFetch<ImageListResponse>(`/api/images${qs ? `?${qs}` : ''}`),
    // A failure the server met drawing the page is shown as it is, not asked again at once.
    retryOnMount: false,
    refetchInterval: (q) => refreshFor(q.state.data?.images),
  });
}

export function useImageDetail(id: string) {
  return useQuery({
    queryKey: queryKeys.images.detail(id),
    queryFn: () => apiFetch<ImageDetailResponse>(`/api/images/${encodeURIComponent(id)}`),
    refetchInterval: (q) => refreshFor(q.state.data ? [q.state.data.image] : undefined),
  });
}

/** Names of the instances snapshots came from; asked once per set of ids (they rarely change). */
export function useInstanceNames(ids: readonly string[]) {
  const sorted = [...new Set(ids)].sort().slice(0, MAX_INSTANCE_LOOKUPS);
  return useQuery({
    queryKey: queryKeys.images.instances(sorted.join(',')),
    queryFn: () => apiFetch<InstanceNamesResponse>(`/api/images/instances?ids=${sorted.join(',')}`),
    enabled: sorted.length > 0,
    staleTime: 5 * 60_000,
    refetchOnWindowFocus: false,
  });
}
