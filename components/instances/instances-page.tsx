'use client';
import Link from 'next/link';
import { useEffect, useMemo, useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button, buttonClass } from '@/components/ui/button';
import { Spinner } from '@/components/ui/spinner';
import { Interactive } from '@/components/ui/interactive';
import { useHydrated } from '@/components/ui/use-hydrated';
import { PAGE_SIZES, STATUS_FILTERS, apiQueryOfView, searchOfView, type InstancesView } from '@/lib/instances/list-query';
import { InstancesTable } from './instances-table';
import { needsFastRefresh } from './refresh';
import { useSnapshotTracker } from './snapshot-tracker';
import { useServersPage } from './queries';

/** `schedules`: the cloud has a workflow service, so rows can carry a failed schedule's badge. */
export function InstancesPage({ initial, schedules = false }: { initial: InstancesView; schedules?: boolean }) {
  const tracker = useSnapshotTracker();
  const [view, setView] = useState<InstancesView>(initial);
  const [nameInput, setNameInput] = useState(initial.name);
  // Markers of the pages before this one (Nova pages forward only: marker = last id seen).
  const [markers, setMarkers] = useState<string[]>([]);
  const marker = markers.at(-1);
  const highlighted = useMemo(() => new Set(view.highlight), [view.highlight]);

  const change = (next: Partial<InstancesView>) => {
    const v = { ...view, ...next };
    setView(v);
    setMarkers([]);
    // The URL follows the view at once, without a server render: the rows come from the
    // client's own query (Next.js syncs useSearchParams with the native history calls).
    window.history.replaceState(null, '', `/instances${searchOfView(v)}`);
  };

  // Typing filters after a pause: one Nova call per search, not per keystroke.
  useEffect(() => {
    if (nameInput.trim() === view.name) return;
    const t = setTimeout(() => change({ name: nameInput.trim() }), 350);
    return () => clearTimeout(t);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [nameInput]);

  const params = apiQueryOfView(view, marker);

  const hydrated = useHydrated();
  const servers = useServersPage(params, (page) => needsFastRefresh(page?.servers ?? [], highlighted, tracker.following));

  const rows = servers.data?.servers ?? [];
  const filtered = Boolean(view.name || view.status);
  const missingNew = view.highlight.filter((id) => !rows.some((r) => r.id === id));
  // Ages are as of the last answer: stable between renders.
  const now = servers.dataUpdatedAt;

  return (
    <Interactive className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-xl font-semibold">Instances</h1>
        <Link href="/launch" className={buttonClass('primary')}>Launch instance</Link>
      </div>

      <div className="flex flex-wrap items-end gap-3" role="search" aria-label="Filter instances">
        <label className="text-sm">
          <span className="block text-xs font-medium text-slate-600 dark:text-slate-400">Filter by name</span>
          <input
            type="search"
            value={nameInput}
            onChange={(e) => setNameInput(e.target.value)}
            placeholder="part of the name"
            className="mt-1 w-64 rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm dark:border-slate-600 dark:bg-slate-900"
          />
        </label>
        <label className="text-sm">
          <span className="block text-xs font-medium text-slate-600 dark:text-slate-400">Status</span>
          <select value={view.status} onChange={(e) => change({ status: e.target.value as InstancesView['status'] })} className="mt-1 rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-600 dark:bg-slate-900">
            <option value="">All statuses</option>
            {STATUS_FILTERS.map((s) => <option key={s} value={s}>{s}</option>)}
          </select>
        </label>
        <label className="text-sm">
          <span className="block text-xs font-medium text-slate-600 dark:text-slate-400">Page size</span>
          <select value={view.limit} onChange={(e) => change({ limit: Number(e.target.value) as InstancesView['limit'] })} className="mt-1 rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-600 dark:bg-slate-900">
            {PAGE_SIZES.map((n) => <option key={n} value={n}>{n}</option>)}
          </select>
        </label>
        {filtered && <Button onClick={() => { setNameInput(''); change({ name: '', status: '' }); }}>Clear filters</Button>}
        <span className="ml-auto text-xs text-slate-500 dark:text-slate-400" aria-live="polite">
          {servers.isFetching && servers.data ? 'Refreshing…' : servers.data && hydrated ? `Updated ${new Date(servers.dataUpdatedAt).toLocaleTimeString()}` : ''}
        </span>
      </div>

      {servers.isError && (
        <Alert tone="error" title="The instances could not be loaded">
          <p>{servers.error.message}</p>
          <Button size="sm" className="mt-2" onClick={() => void servers.refetch()}>Try again</Button>
        </Alert>
      )}

      {missingNew.length > 0 && servers.data && (
        <Alert tone="info" title="New instances not on this page">
          <ul className="list-disc pl-5">
            {missingNew.map((id) => <li key={id}><Link href={`/instances/${id}`} className="underline">{id}</Link></li>)}
          </ul>
        </Alert>
      )}

      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-950">
        {servers.isPending ? (
          <div className="p-6"><Spinner label="Loading instances" /></div>
        ) : rows.length === 0 && !servers.isError ? (
          <div className="space-y-3 p-8 text-center">
            <p className="text-slate-700 dark:text-slate-300">{filtered ? 'No instance matches these filters.' : 'This project has no instances yet.'}</p>
            {!filtered && <Link href="/launch" className={buttonClass('primary')}>Launch instance</Link>}
          </div>
        ) : (
          <InstancesTable
            rows={rows}
            sort={view.sort}
            dir={view.dir}
            onSort={(key) => change({ sort: key, dir: view.sort === key && view.dir === 'asc' ? 'desc' : view.sort === key ? 'asc' : key === 'name' ? 'asc' : 'desc' })}
            highlighted={highlighted}
            now={now}
            schedules={schedules}
          />
        )}
      </div>

      <nav aria-label="Pages" className="flex items-center justify-between text-sm">
        <span className="text-slate-600 dark:text-slate-400">Page {markers.length + 1}{rows.length ? ` · ${rows.length} instance${rows.length === 1 ? '' : 's'}` : ''}</span>
        <div className="flex gap-2">
          <Button disabled={markers.length === 0} onClick={() => setMarkers((m) => m.slice(0, -1))}>Previous page</Button>
          <Button disabled={!servers.data?.nextMarker} onClick={() => servers.data?.nextMarker && setMarkers((m) => [...m, servers.data.nextMarker!])}>Next page</Button>
        </div>
      </nav>
    </Interactive>
  );
}
