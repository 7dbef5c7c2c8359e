'use client';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { apiFetch, ApiError } from '@/lib/client/api-fetch';
import { queryKeys } from '@/lib/client/query-keys';
import { useHydrated } from '@/components/ui/use-hydrated';

/** The region list comes from Keystone when the switcher is first focused or hovered: the
 * session cookie keeps only the current region, so it stays small on many-region clouds. */
export function RegionSwitcher({ current }: { current: string }) {
  const [wanted, setWanted] = useState(false);
  const hydrated = useHydrated();
  const [error, setError] = useState<string | null>(null);
  const list = useQuery({
    queryKey: queryKeys.auth.regions(),
    queryFn: () => apiFetch<{ current: string; regions: string[] }>('/api/auth/regions'),
    enabled: wanted,
    staleTime: 5 * 60_000,
  });
  const regions = list.data?.regions ?? [current];
  return (
    <label className="flex items-center gap-1 text-sm">
      <span className="text-slate-500 dark:text-slate-400">Region</span>
      <select
        aria-label="Region"
        defaultValue={current}
        // Until hydrated, a choice could not be acted on.
        disabled={!hydrated}
        onFocus={() => setWanted(true)}
        onPointerEnter={() => setWanted(true)}
        aria-busy={list.isFetching}
        onChange={async (e) => {
          try {
            await apiFetch('/api/auth/region', { method: 'POST', json: { region: e.target.value } });
            window.location.reload();
          } catch (err) {
            setError(err instanceof ApiError ? err.message : 'Could not switch region');
          }
        }}
        className="rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-600 dark:bg-slate-800"
      >
        {regions.map((r) => (
          <option key={r} value={r}>{r}</option>
        ))}
      </select>
      {(error || list.error) && <span role="alert" className="text-xs text-red-700 dark:text-red-300">{error ?? (list.error as Error).message}</span>}
    </label>
  );
}
