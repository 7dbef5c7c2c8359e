'use client';
// Copy to region's server state: the regions and copies of one snapshot (polled every second
// while a copy moves), and the changes: start (or Retry), cancel (or delete an interrupted one).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '@/lib/client/api-fetch';
import { queryKeys } from '@/lib/client/query-keys';
import { IDLE_REFRESH_MS } from '@/lib/client/refresh';
import type { CopyBody } from '@/lib/images/copy-contract';
import type { CopyView } from '@/lib/images/copy';
import { isCopyRunning } from '@/lib/images/copy-words';

export interface CopiesResponse {
  /** Regions with an image service other than the session's. */
  regions: string[];
  copies: CopyView[];
}

const COPY_REFRESH_MS = 1_000;
const copiesPath = (id: string) => `/api/images/${encodeURIComponent(id)}/copies`;

export function useCopies(imageId: string) {
  return useQuery({
    queryKey: queryKeys.images.copies(imageId),
    queryFn: () => apiFetch<CopiesResponse>(copiesPath(imageId)),
    refetchInterval: (q) => (q.state.data?.copies.some((c) => isCopyRunning(c.phase)) ? COPY_REFRESH_MS : IDLE_REFRESH_MS),
  });
}

function useRefresh(imageId: string) {
  const qc = useQueryClient();
  return () => void qc.invalidateQueries({ queryKey: queryKeys.images.copies(imageId) });
}

export function useStartCopy(imageId: string) {
  const refresh = useRefresh(imageId);
  return useMutation({
    mutationFn: (body: CopyBody) => apiFetch<{ copy: CopyView }>(copiesPath(imageId), { method: 'POST', json: body }),
    onSuccess: refresh,
  });
}

export function useEndCopy(imageId: string) {
  const refresh = useRefresh(imageId);
  return useMutation({
    mutationFn: (c: Pick<CopyView, 'targetId' | 'targetRegion'>) =>
      apiFetch<{ copy: CopyView }>(`${copiesPath(imageId)}/${encodeURIComponent(c.targetId)}?region=${encodeURIComponent(c.targetRegion)}`, { method: 'DELETE' }),
    onSettled: refresh,
  });
}
