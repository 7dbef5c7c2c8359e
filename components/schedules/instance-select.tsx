'use client';
// The Instance field of the schedule forms: the project's instances by name, through the
// Instances page's own route (GET /api/servers, 100 a page). A project with more gets a
// name filter, which Nova applies.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Field, inputClass } from '@/components/ui/field';
import { apiFetch } from '@/lib/client/api-fetch';
import { queryKeys } from '@/lib/client/query-keys';
import type { InstanceRow, ServersPage } from '@/lib/instances/instance-view';

export type InstanceChoice = Pick<InstanceRow, 'id' | 'name' | 'status' | 'channel'>;

function useInstanceChoices(name: string) {
  const params = new URLSearchParams({ limit: '100', sort: 'name', dir: 'asc' });
  if (name) params.set('name', name);
  return useQuery({
    queryKey: queryKeys.servers.list(params.toString()),
    queryFn: () => apiFetch<ServersPage>(`/api/servers?${params}`),
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
}

export function InstanceSelect({ id, value, known, onChange, onResolved, error, disabled = false }: {
  id: string;
  value: string;
  /** The chosen instance when it may not be among the first 100 (an Edit, the instance page). */
  known?: { id: string; name: string | null } | null;
  /** The user chose (`choice` null for "none" or an instance not listed). */
  onChange: (choice: InstanceChoice | null, id: string) => void;
  /** The listed details of the chosen instance arrived or changed. */
  onResolved: (choice: InstanceChoice) => void;
  error?: string | null;
  disabled?: boolean;
}) {
  const [typed, setTyped] = useState('');
  const [filter, setFilter] = useState('');
  useEffect(() => {
    const t = setTimeout(() => setFilter(typed.trim()), 350);
    return () => clearTimeout(t);
  }, [typed]);
  const q = useInstanceChoices(filter);
  const rows = q.data?.servers ?? [];
  const many = Boolean(q.data?.nextMarker) || filter !== '';
  const chosenListed = rows.some((r) => r.id === value);
  const choose = (next: string) => onChange(rows.find((r) => r.id === next) ?? null, next);

  // The rows came after the choice (an Edit, the instance page's preset): hand its details over.
  const chosen = rows.find((r) => r.id === value);
  useEffect(() => {
    if (chosen) onResolved(chosen);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [chosen?.id, chosen?.status, chosen?.channel.kind]);

  const hint = q.isError
    ? `The instances could not be listed: ${q.error.message}`
    : many ? 'The first 100 by name: type part of a name to find others.' : undefined;
  return (
    <div className="max-w-xl space-y-2">
      <Field id={id} label="Instance" error={error} hint={hint}>
        {(a11y) => (
          <select {...a11y} value={value} disabled={disabled} onChange={(e) => choose(e.target.value)} className={inputClass}>
            <option value="">{q.isPending ? 'Loading the instances…' : 'Choose an instance'}</option>
            {value && !chosenListed && <option value={value}>{known?.name ?? value}</option>}
            {rows.map((r) => <option key={r.id} value={r.id}>{r.name || r.id} ({r.status})</option>)}
          </select>
        )}
      </Field>
      {many && !disabled && (
        <label className="block text-xs">
          <span className="text-slate-600 dark:text-slate-400">Find an instance by name</span>
          <input type="search" value={typed} onChange={(e) => setTyped(e.target.value)} className={`${inputClass} mt-1`} />
        </label>
      )}
    </div>
  );
}
