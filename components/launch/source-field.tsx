'use client';
import { useEffect, useState } from 'react';
import { Spinner } from '@/components/ui/spinner';
import { Field, inputClass } from '@/components/ui/field';
import type { LaunchSource } from '@/lib/launch/contract';
import { useSources } from './queries';

const GROUPS: { kind: LaunchSource['kind']; label: string }[] = [
  { kind: 'snapshot', label: 'Snapshots' },
  { kind: 'backup', label: 'Backups' },
  { kind: 'image', label: 'Images' },
  { kind: 'volume snapshot', label: 'Volume snapshots' },
];

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return debounced;
}

const size = (bytes: number | null) => (bytes === null ? 'no data yet' : bytes >= 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(1)} GiB` : `${Math.max(1, Math.round(bytes / 1024 ** 2))} MiB`);

/** Source: the chosen snapshot or image, changeable; snapshots listed first, searched
 * through Snapdeck's Glance route. */
export function SourceField({ value, chosen, chosenLoading, error, onChange }: {
  value: string;
  chosen: LaunchSource | null;
  chosenLoading: boolean;
  error: string | null;
  onChange: (id: string) => void;
}) {
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 300);
  const list = useSources(q);
  const found = list.data?.sources ?? [];
  // The chosen source stays selectable even when the search no longer lists it.
  const options = chosen && !found.some((s) => s.id === chosen.id) ? [chosen, ...found] : found;

  return (
    <div className="space-y-2">
      <div>
        <label htmlFor="launch-source-search" className="text-sm font-medium text-slate-800 dark:text-slate-200">
          Search sources
        </label>
        <input
          id="launch-source-search"
          type="search"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          placeholder="Part of a name, or an id"
          className={`${inputClass} mt-1`}
          aria-describedby="launch-source-search-hint"
        />
        <p id="launch-source-search-hint" className="mt-1 text-xs text-slate-600 dark:text-slate-400">
          {list.isFetching ? 'Searching…' : list.data?.truncated ? 'Glance has more images than were searched: type more of the name.' : 'Active snapshots first, then backups, then images.'}
        </p>
      </div>
      <Field
        id="launch-source"
        label="Source"
        error={error ?? (list.isError ? `The list of sources could not be loaded: ${list.error.message}` : null)}
        hint={chosenLoading ? <Spinner label="Reading the source" /> : chosen ? <SourceFacts source={chosen} /> : null}
      >
        {(a11y) => (
          <select {...a11y} value={value} onChange={(e) => onChange(e.target.value)} className={inputClass}>
            <option value="" disabled>
              {list.isPending ? 'Loading sources…' : options.length === 0 ? 'No active image matches' : 'Choose a snapshot or image'}
            </option>
            {GROUPS.map((g) => {
              const inGroup = options.filter((s) => s.kind === g.kind);
              if (inGroup.length === 0) return null;
              return (
                <optgroup key={g.kind} label={g.label}>
                  {inGroup.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.name || s.id}
                      {s.minDisk ? ` (min disk ${s.minDisk} GB)` : ''}
                    </option>
                  ))}
                </optgroup>
              );
            })}
          </select>
        )}
      </Field>
    </div>
  );
}

function SourceFacts({ source }: { source: LaunchSource }) {
  return (
    <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5" aria-label="Source details">
      <dt>Kind</dt>
      <dd className="capitalize">{source.kind}{source.status !== 'active' ? ` (${source.status})` : ''}</dd>
      <dt>Minimum</dt>
      <dd>{source.minDisk} GB disk, {source.minRam} MB RAM</dd>
      <dt>Size</dt>
      <dd>{source.volumeSnapshots ? `no data in Glance; ${source.volumeSnapshots.length} Cinder snapshot${source.volumeSnapshots.length > 1 ? 's' : ''}` : size(source.size)}</dd>
      <dt>Visibility</dt>
      <dd>{source.visibility}{source.ownedByProject ? ', owned by this project' : ''}</dd>
      <dt>Id</dt>
      <dd className="font-mono">{source.id}</dd>
    </dl>
  );
}
