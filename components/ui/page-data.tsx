'use client';
// The client end of lib/server/prefetch.ts: the page's first data into React Query's cache.
// A failure came as the route handler's error body; it becomes the ApiError the page's
// queries would have thrown.
import { HydrationBoundary, type DehydratedState } from '@tanstack/react-query';
import { useMemo, type ReactNode } from 'react';
import { apiErrorOf } from '@/lib/client/api-fetch';

export function PageData({ state, children }: { state: DehydratedState; children: ReactNode }) {
  const revived = useMemo<DehydratedState>(() => ({
    ...state,
    queries: state.queries.map((q) => {
      const e = q.state.error as unknown as { status?: unknown; message?: unknown } | null;
      return e == null ? q : { ...q, state: { ...q.state, error: apiErrorOf(typeof e.status === 'number' ? e.status : 502, e) } };
    }),
  }), [state]);
  return <HydrationBoundary state={revived}>{children}</HydrationBoundary>;
}
