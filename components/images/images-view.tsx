'use client';
import Link from 'next/link';
import { usePathname, useSearchParams } from 'next/navigation';
import { useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Interactive } from '@/components/ui/interactive';
import { Spinner } from '@/components/ui/spinner';
import { ApiError } from '@/lib/client/api-fetch';
import { groupBackups } from '@/lib/images/backup-groups';
import { IMAGE_TABS, TAB_LABELS, parsePageQuery, toSearchParams, type ListQuery, type SortKey } from '@/lib/images/list-query';
import type { ImageDto, InstanceRef } from '@/lib/images/contract';
import { ConsistencyLegend } from './consistency-legend';
import { DeleteImagesDialog } from './delete-images-dialog';
import { EnableAgentAll } from './enable-agent-all';
import { ImageFilters } from './image-filters';
import { IMAGE_COLUMNS, ImageRow } from './image-row';
import { useImageList, useInstanceNames } from './queries';
import { shortId } from './format';
import { BulkFlags } from '@/components/sharing/bulk-flags';

const EMPTY: Record<ListQuery['tab'], string> = {
  all: 'No images match.',
  snapshots: 'No snapshots match. Take one from the Instances page (row action Create snapshot).',
  backups: 'No backups match. Nova makes them with createBackup (Instances, row action Create backup).',
  base: 'No base images match.',
  shared: 'No image is shared with this project. Another project shares one with Share with project on its image page, giving this project\'s ID.',
};

const SORTABLE: Partial<Record<(typeof IMAGE_COLUMNS)[number], SortKey>> = { Name: 'name', Size: 'size', Created: 'created_at' };

export function ImagesView({ project }: { project: { id: string; name: string } }) {
  const pathname = usePathname();
  const params = useSearchParams();
  const query = useMemo(() => parsePageQuery(new URLSearchParams(params.toString())), [params]);
  // Markers of the pages before this one, for Previous; a reload starts over from First page.
  const [history, setHistory] = useState<string[]>([]);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [toDelete, setToDelete] = useState<ImageDto[] | null>(null);
  const tabRefs = useRef<(HTMLButtonElement | null)[]>([]);
  // Show hidden follows the URL, which Next.js syncs a moment after pushState: until then the
  // box shows the click (a click that flips back looks ignored), and the URL wins once it moves.
  const [hiddenClick, setHiddenClick] = useState<{ from: string | undefined; checked: boolean } | null>(null);
  if (hiddenClick && hiddenClick.from !== query.hidden) setHiddenClick(null);
  const showHidden = hiddenClick ? hiddenClick.checked : query.hidden === 'true';

  const list = useImageList(query);
  const images = useMemo(() => list.data?.images ?? [], [list.data]);
  const instanceIds = useMemo(() => {
    const ids = images.map((i) => i.properties.instance_uuid).filter((x): x is string => Boolean(x) && /^[0-9a-f-]{36}$/i.test(x!));
    return query.instance_uuid ? [query.instance_uuid, ...ids] : ids;
  }, [images, query.instance_uuid]);
  const names = useInstanceNames(instanceIds);
  const instances: Record<string, InstanceRef> | undefined = names.data?.instances;

  const go = (next: Partial<ListQuery>, keepPage = false) => {
    const merged = { ...query, ...next };
    if (!keepPage) {
      delete merged.marker;
      setHistory([]);
    }
    setSelected(new Set());
    const qs = toSearchParams(merged).toString();
    // A history entry per view, without a server render: the list comes from the client's own
    // query, which follows useSearchParams (Next.js syncs it with the native history calls).
    window.history.pushState(null, '', qs ? `${pathname}?${qs}` : pathname);
  };

  const onTabKey = (e: KeyboardEvent, index: number) => {
    const delta = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    const to = e.key === 'Home' ? 0 : e.key === 'End' ? IMAGE_TABS.length - 1 : (index + delta + IMAGE_TABS.length) % IMAGE_TABS.length;
    if (delta === 0 && e.key !== 'Home' && e.key !== 'End') return;
    e.preventDefault();
    tabRefs.current[to]?.focus();
    go({ tab: IMAGE_TABS[to] });
  };

  const toggleSort = (key: SortKey) => go({ sort: key, dir: query.sort === key && query.dir === 'desc' ? 'asc' : 'desc' });
  const selectedImages = images.filter((i) => selected.has(i.id));
  const allSelected = images.length > 0 && selectedImages.length === images.length;
  const fromInstance = query.instance_uuid ? instances?.[query.instance_uuid] : undefined;

  const rowProps = (image: ImageDto) => ({
    image,
    instances,
    selected: selected.has(image.id),
    onSelect: (on: boolean) => setSelected((s) => {
      const n = new Set(s);
      if (on) n.add(image.id);
      else n.delete(image.id);
      return n;
    }),
    onDelete: () => setToDelete([image]),
  });

  return (
    <Interactive className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-xl font-semibold">Images</h1>
        <div className="ml-auto flex items-center gap-2">
          <EnableAgentAll projectName={project.name} />
        </div>
      </div>

      <div role="tablist" aria-label="Image types" className="flex gap-1 border-b border-slate-200 dark:border-slate-700">
        {IMAGE_TABS.map((tab, i) => {
          const active = query.tab === tab;
          return (
            <button
              key={tab}
              ref={(el) => { tabRefs.current[i] = el; }}
              id={`images-tab-${tab}`}
              type="button"
              role="tab"
              aria-selected={active}
              aria-controls="images-panel"
              tabIndex={active ? 0 : -1}
              onKeyDown={(e) => onTabKey(e, i)}
              onClick={() => go({ tab })}
              className={`-mb-px border-b-2 px-4 py-2 text-sm font-medium ${active ? 'border-sky-600 text-sky-800 dark:border-sky-400 dark:text-sky-200' : 'border-transparent text-slate-600 hover:text-slate-900 dark:text-slate-400 dark:hover:text-slate-100'}`}
            >
              {TAB_LABELS[tab]}
            </button>
          );
        })}
      </div>

      <div id="images-panel" role="tabpanel" aria-labelledby={`images-tab-${query.tab}`} className="space-y-3">
        <ImageFilters key={toSearchParams(query).toString()} query={query} onApply={(f) => go(f)} />

        {(query.instance_uuid || query.base_image_ref) && (
          <div className="flex flex-wrap gap-2 text-sm">
            {query.instance_uuid && (
              <span className="inline-flex items-center gap-2 rounded-full bg-sky-50 px-3 py-1 dark:bg-sky-950">
                From instance{' '}
                {fromInstance?.presence === 'gone'
                  ? <span>{shortId(query.instance_uuid)} (no longer exists)</span>
                  : <Link href={`/instances/${query.instance_uuid}`} className="font-medium text-sky-700 underline dark:text-sky-300">{fromInstance?.name ?? shortId(query.instance_uuid)}</Link>}
                <button type="button" aria-label="Remove the From instance filter" onClick={() => go({ instance_uuid: undefined })} className="text-slate-500 hover:text-slate-900 dark:hover:text-white">✕</button>
              </span>
            )}
            {query.base_image_ref && (
              <span className="inline-flex items-center gap-2 rounded-full bg-sky-50 px-3 py-1 dark:bg-sky-950">
                From base image <Link href={`/images/${query.base_image_ref}`} className="font-medium text-sky-700 underline dark:text-sky-300">{shortId(query.base_image_ref)}</Link>
                <button type="button" aria-label="Remove the From base image filter" onClick={() => go({ base_image_ref: undefined })} className="text-slate-500 hover:text-slate-900 dark:hover:text-white">✕</button>
              </span>
            )}
          </div>
        )}

        {query.tab === 'base' && (
          <p className="text-xs text-slate-600 dark:text-slate-400">
            Glance filters properties by value, not by absence: for this tab Snapdeck reads Glance&apos;s pages and leaves out snapshots and backups
            {list.data?.scan ? ` (this page: ${list.data.scan.examined} images examined in ${list.data.scan.glancePages} Glance ${list.data.scan.glancePages === 1 ? 'request' : 'requests'})` : ''}.
          </p>
        )}
        {query.hidden && <p className="text-xs text-slate-600 dark:text-slate-400">Hidden images only (Glance os_hidden=true): Glance leaves them out of every other list.</p>}
        {query.tab === 'shared' && (
          <p className="text-xs text-slate-600 dark:text-slate-400">Images other projects shared with this one, whatever your answer (Glance visibility=shared, member_status=all). Accepted ones also appear in the other tabs and the launch form.</p>
        )}
        {query.tab === 'backups' && images.length > 0 && (
          <p className="text-xs text-slate-600 dark:text-slate-400">Grouped by instance and backup type, the unit Nova&apos;s rotation counts in (the backups of this page).</p>
        )}

        <div className="flex flex-wrap items-center gap-2">
          <Button variant="danger" size="sm" disabled={selectedImages.length === 0} onClick={() => setToDelete(selectedImages)}>
            Delete selected{selectedImages.length ? ` (${selectedImages.length})` : ''}
          </Button>
          <BulkFlags ids={selectedImages.map((i) => i.id)} onDone={() => setSelected(new Set())} />
          <label className="ml-auto inline-flex items-center gap-1.5 text-sm">
            <input type="checkbox" className="h-4 w-4" checked={showHidden}
              onChange={(e) => {
                setHiddenClick({ from: query.hidden, checked: e.target.checked });
                go({ hidden: e.target.checked ? 'true' : undefined });
              }}
            />
            Show hidden
          </label>
          {list.isFetching && !list.isLoading && <span className="text-xs text-slate-500 dark:text-slate-400" aria-live="polite">Refreshing…</span>}
        </div>

        {list.isLoading ? (
          <Spinner label="Loading images" />
        ) : list.error ? (
          <Alert tone="error" title="The images could not be listed">
            <p>{list.error instanceof ApiError ? list.error.message : 'Snapdeck could not be reached.'}</p>
            <div className="mt-2 flex gap-2">
              <Button size="sm" onClick={() => void list.refetch()}>Retry</Button>
              {query.marker && <Button size="sm" onClick={() => go({})}>Back to the first page</Button>}
            </div>
          </Alert>
        ) : (
          <div className="overflow-x-auto rounded-md border border-slate-200 bg-white dark:border-slate-700 dark:bg-slate-900">
            <table className="w-full text-sm">
              <caption className="sr-only">{TAB_LABELS[query.tab]}</caption>
              <thead className="bg-slate-100 text-left text-xs uppercase tracking-wide text-slate-600 dark:bg-slate-800 dark:text-slate-300">
                <tr>
                  <th scope="col" className="w-8 px-3 py-2">
                    <input type="checkbox" aria-label="Select all on this page" className="h-4 w-4" checked={allSelected} disabled={images.length === 0}
                      onChange={(e) => setSelected(e.target.checked ? new Set(images.map((i) => i.id)) : new Set())} />
                  </th>
                  {IMAGE_COLUMNS.map((col) => {
                    const key = SORTABLE[col];
                    const sorted = key && query.sort === key;
                    return (
                      <th key={col} scope="col" className={`px-3 py-2 ${col === 'Size' ? 'text-right' : ''}`} aria-sort={sorted ? (query.dir === 'asc' ? 'ascending' : 'descending') : undefined}>
                        {key ? (
                          <button type="button" onClick={() => toggleSort(key)} className="inline-flex items-center gap-1 uppercase hover:text-slate-900 dark:hover:text-white">
                            {col}<span aria-hidden>{sorted ? (query.dir === 'asc' ? '▲' : '▼') : '↕'}</span>
                          </button>
                        ) : col}
                      </th>
                    );
                  })}
                </tr>
              </thead>
              {images.length === 0 ? (
                <tbody>
                  <tr><td colSpan={IMAGE_COLUMNS.length + 1} className="px-3 py-6 text-center text-slate-600 dark:text-slate-300">{EMPTY[query.tab]}</td></tr>
                </tbody>
              ) : query.tab === 'backups' ? (
                groupBackups(images).map((g) => {
                  const inst = g.instanceUuid ? instances?.[g.instanceUuid] : undefined;
                  return (
                    <tbody key={g.key}>
                      <tr className="border-t border-slate-300 bg-slate-50 dark:border-slate-700 dark:bg-slate-800/60">
                        <th scope="rowgroup" colSpan={IMAGE_COLUMNS.length + 1} className="px-3 py-1.5 text-left text-xs font-semibold">
                          Instance {g.instanceUuid ? (inst?.presence === 'gone' ? `${shortId(g.instanceUuid)} (no longer exists)` : <Link href={`/instances/${g.instanceUuid}`} className="text-sky-700 underline dark:text-sky-400">{inst?.name ?? shortId(g.instanceUuid)}</Link>) : 'unknown'}
                          {' · '}type {g.backupType ?? 'not set'}{' · '}{g.backups.length} {g.backups.length === 1 ? 'backup' : 'backups'}
                        </th>
                      </tr>
                      {g.backups.map((image) => <ImageRow key={image.id} {...rowProps(image)} />)}
                    </tbody>
                  );
                })
              ) : (
                <tbody>{images.map((image) => <ImageRow key={image.id} {...rowProps(image)} />)}</tbody>
              )}
            </table>
          </div>
        )}

        {list.data?.scan?.capped && (
          <Alert tone="info">
            Stopped after {list.data.scan.examined} images ({list.data.scan.glancePages} Glance requests) to keep this page quick; there may be more base images further on. Use Next page to scan further.
          </Alert>
        )}

        <nav aria-label="Pages" className="flex items-center gap-2">
          {history.length > 0 && (
            <Button size="sm" onClick={() => {
              const prev = history.slice(0, -1);
              const marker = history[history.length - 1] || undefined;
              setHistory(prev);
              go({ marker }, true);
            }}>Previous page</Button>
          )}
          {query.marker && history.length === 0 && <Button size="sm" onClick={() => go({})}>First page</Button>}
          {list.data?.nextMarker && (
            <Button size="sm" onClick={() => {
              setHistory((h) => [...h, query.marker ?? '']);
              go({ marker: list.data!.nextMarker! }, true);
            }}>Next page</Button>
          )}
        </nav>
      </div>

      <ConsistencyLegend />

      {toDelete && (
        <DeleteImagesDialog open images={toDelete} onClose={() => setToDelete(null)}
          onDeleted={(ids) => setSelected((s) => new Set([...s].filter((id) => !ids.includes(id))))} />
      )}
    </Interactive>
  );
}
