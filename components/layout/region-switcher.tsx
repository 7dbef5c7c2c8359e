'use client';
import { useState } from 'react';
import { apiFetch, ApiError } from '@/lib/client/api-fetch';

export function RegionSwitcher({ current, regions }: { current: string; regions: string[] }) {
  const [error, setError] = useState<string | null>(null);
  return (
    <label className="flex items-center gap-1 text-sm">
      <span className="text-slate-500 dark:text-slate-400">Region</span>
      <select
        aria-label="Region"
        defaultValue={current}
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
      {error && <span role="alert" className="text-xs text-red-700 dark:text-red-300">{error}</span>}
    </label>
  );
}
