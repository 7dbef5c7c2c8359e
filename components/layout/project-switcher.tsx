'use client';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { apiFetch, ApiError } from '@/lib/client/api-fetch';
import { queryKeys } from '@/lib/client/query-keys';
import { useHydrated } from '@/components/ui/use-hydrated';

/** The project list comes from Keystone when the switcher is first focused or hovered, as
 * the region list does: drawing a page asks Keystone nothing. */
export function ProjectSwitcher({ current }: { current: { id: string; name: string } }) {
  const [wanted, setWanted] = useState(false);
  const hydrated = useHydrated();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const projects = useQuery({
    queryKey: queryKeys.auth.projects(),
    queryFn: () => apiFetch<{ projects: { id: string; name: string }[] }>('/api/auth/projects'),
    enabled: wanted,
    staleTime: 5 * 60_000,
  });
  const options = projects.data?.projects ?? [current];
  return (
    <label className="flex items-center gap-1 text-sm">
      <span className="text-slate-500 dark:text-slate-400">Project</span>
      <select
        aria-label="Project"
        value={current.id}
        // Until hydrated, a choice could not be acted on.
        disabled={pending || !hydrated}
        onFocus={() => setWanted(true)}
        onPointerEnter={() => setWanted(true)}
        aria-busy={projects.isFetching}
        onChange={async (e) => {
          setPending(true);
          setError(null);
          try {
            await apiFetch('/api/auth/project', { method: 'POST', json: { projectId: e.target.value } });
            // A new scope: every cached answer belongs to the old project.
            window.location.assign(window.location.pathname.startsWith('/images/') || window.location.pathname.startsWith('/instances/') ? '/instances' : window.location.pathname);
          } catch (err) {
            setError(err instanceof ApiError ? err.message : 'Could not switch project');
            setPending(false);
          }
        }}
        className="rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-600 dark:bg-slate-800"
      >
        {options.some((p) => p.id === current.id) ? null : <option value={current.id}>{current.name}</option>}
        {options.map((p) => (
          <option key={p.id} value={p.id}>{p.name}</option>
        ))}
      </select>
      {error && <span role="alert" className="text-xs text-red-700 dark:text-red-300">{error}</span>}
    </label>
  );
}
