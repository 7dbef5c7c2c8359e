'use client';
// What the snapshot tracker (snapshot-tracker.tsx) loads once something is tracked: a poller
// per item, its toast, and the summary its row shows.
import Link from 'next/link';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, type RefObject } from 'react';
import { useToast } from '@/components/ui/toast';
import { Button } from '@/components/ui/button';
import { apiFetch } from '@/lib/client/api-fetch';
import { advance, explainFailure, progressHeadline, type ProgressObservation } from '@/lib/snapshots/progress';
import { isFinished } from '@/lib/snapshots/progress-state';
import { queryKeys } from '@/lib/client/query-keys';
import { TRANSITION_REFRESH_MS } from '@/lib/client/refresh';
import type { ServersPage } from '@/lib/instances/instance-view';
import { SnapshotStepper } from './snapshot-stepper';
import { signatureOf, toastIds, type TrackedSnapshot } from './snapshot-tracker';
import { withServerState } from './refresh';

interface ProgressAnswer {
  server: { status: string; taskState: string | null; fault: { message: string } | null } | null;
  image: { id: string; name: string | null; status: string; size: number | null } | null;
  cinder?: { id: string; status: string }[] | null;
}

interface ActionsAnswer {
  latestSnapshot: { action: string; startTime: string; failed: boolean; reason: string | null; finished: boolean } | null;
}

type Update = (key: string, f: (t: TrackedSnapshot) => TrackedSnapshot) => void;

/** The pollers and the toasts of the tracked items. `shown`: the signature each item's toast
 * last showed (the provider marks restored items, so that no toast pops up again on arrival). */
export function TrackedWork({ items, update, shown }: { items: TrackedSnapshot[]; update: Update; shown: RefObject<Map<string, string>> }) {
  const toast = useToast();
  const queryClient = useQueryClient();

  // The toast follows each tracked item; it is re-shown only when the step or outcome changes.
  useEffect(() => {
    for (const t of items) {
      const signature = signatureOf(t);
      if (shown.current.get(t.key) === signature) continue;
      shown.current.set(t.key, signature);
      const tone = t.progress.outcome === 'failed' ? 'error' : t.progress.outcome === 'done' ? 'success' : 'info';
      const id = toast.show(<TrackedSummary item={t} compact />, tone, toastIds.get(t.key));
      toastIds.set(t.key, id);
    }
  }, [items, toast, shown]);

  const onFinished = useCallback((t: TrackedSnapshot) => {
    void queryClient.invalidateQueries({ queryKey: queryKeys.servers.lists() });
    void queryClient.invalidateQueries({ queryKey: queryKeys.servers.detail(t.serverId) });
    void queryClient.invalidateQueries({ queryKey: queryKeys.servers.snapshots(t.serverId) });
  }, [queryClient]);

  return items.map((t) => <TrackerPoller key={t.key} item={t} update={update} onFinished={onFinished} />);
}

/** Polls one tracked item while it runs, and fetches the failure's reason once it fails. */
function TrackerPoller({ item, update, onFinished }: { item: TrackedSnapshot; update: Update; onFinished: (t: TrackedSnapshot) => void }) {
  const running = !isFinished(item.progress);
  const { key, serverId, imageId, kind } = item;
  const queryClient = useQueryClient();
  const progress = useQuery({
    queryKey: queryKeys.servers.snapshotProgress(serverId, imageId),
    queryFn: (): Promise<ProgressAnswer> => imageId
      ? apiFetch<ProgressAnswer>(`/api/servers/${serverId}/snapshots/${imageId}`)
      // Without an image id only Nova's task state can be followed.
      : apiFetch<{ server: { status: string; taskState: string | null; fault: { message: string } | null } }>(`/api/servers/${serverId}`)
        .then((r) => ({ server: r.server, image: { id: '', name: null, status: r.server.taskState ? 'queued' : 'active', size: null } })),
    enabled: running,
    refetchInterval: running ? TRANSITION_REFRESH_MS : false,
    refetchIntervalInBackground: false,
    staleTime: 0,
    gcTime: 0,
  });

  const { data, dataUpdatedAt } = progress;
  useEffect(() => {
    if (!data || !dataUpdatedAt) return;
    const obs: ProgressObservation = { at: dataUpdatedAt, server: data.server, image: data.image, cinder: data.cinder ?? null };
    update(key, (t) => ({ ...t, progress: advance(t.progress, kind, obs) }));
    // The Instances list leaves this row to us (needsFastRefresh): keep it current.
    const server = data.server;
    if (server) queryClient.setQueriesData<ServersPage>({ queryKey: queryKeys.servers.lists() }, (page) => withServerState(page, serverId, server));
  }, [data, dataUpdatedAt, key, kind, update, queryClient, serverId]);

  const failed = item.progress.outcome === 'failed' && item.progress.failure !== 'server-gone';
  const actions = useQuery({
    queryKey: queryKeys.servers.actions(serverId, key),
    queryFn: () => apiFetch<ActionsAnswer>(`/api/servers/${serverId}/actions`),
    enabled: failed,
    // Nova records the event's result just after it deletes the image: look again, a few times.
    refetchInterval: (q) => (q.state.data?.latestSnapshot?.finished === false && q.state.dataUpdateCount < 5 ? TRANSITION_REFRESH_MS : false),
  });

  const finished = isFinished(item.progress);
  useEffect(() => {
    if (finished) onFinished(item);
    // Once per outcome change, not on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [finished]);

  const serverFault = data?.server?.fault?.message ?? null;
  useEffect(() => {
    if (item.progress.outcome !== 'failed' || !item.progress.failure) return;
    if (failed && actions.isPending) return;
    const latest = actions.data?.latestSnapshot ?? null;
    // An action older than this tracking (2 min of clock skew allowed) is not ours.
    const ours = latest && Date.parse(latest.startTime) >= item.startedAt - 120_000 ? latest : null;
    const lines = explainFailure({ kind, failure: item.progress.failure, novaReason: ours?.reason ?? null, serverFault, requireQuiesce: item.requireQuiesce ?? false, channel: item.channel, powerState: item.powerState, volumeBacked: item.volumeBacked });
    if (JSON.stringify(lines) !== JSON.stringify(item.failureLines)) update(key, (t) => ({ ...t, failureLines: lines }));
  }, [item.progress.outcome, item.progress.failure, item.requireQuiesce, item.channel, item.powerState, item.volumeBacked, item.startedAt, item.failureLines, actions.isPending, actions.data, failed, kind, key, serverFault, update]);

  return null;
}

/** The stepper, the headline, and the end: a link to the image, or the explained failure. */
export function TrackedSummary({ item, onDismiss, onCheckAgain, compact = false }: { item: TrackedSnapshot; onDismiss?: () => void; onCheckAgain?: () => void; compact?: boolean }) {
  const what = item.kind === 'backup' ? 'Backup' : 'Snapshot';
  const p = item.progress;
  const unknownImage = item.imageId === null;
  return (
    <div role="group" aria-label={`${what} of ${item.serverName}`} className="space-y-1.5">
      <p className="font-medium">{what} of {item.serverName}</p>
      <SnapshotStepper kind={item.kind} progress={p} label={`${what} progress of ${item.serverName}`} compact={compact} />
      <p className={p.outcome === 'failed' ? 'text-red-800 dark:text-red-200' : 'text-slate-700 dark:text-slate-300'}>
        {unknownImage && p.outcome === 'done' ? 'Nova finished. It did not say which image it created: look for it on the Images page.' : progressHeadline(item.kind, p)}
      </p>
      {p.outcome === 'failed' && item.failureLines && (
        <ul className="list-disc space-y-1 pl-5 text-xs text-slate-700 dark:text-slate-300">
          {/* The toast keeps to the cause (the line after the headline); the row says it all. */}
          {(compact ? item.failureLines.slice(1, 2) : item.failureLines).map((line) => <li key={line}>{line}</li>)}
        </ul>
      )}
      <div className="flex flex-wrap items-center gap-3 text-sm">
        {p.outcome === 'done' && item.imageId && (
          <Link href={`/images/${item.imageId}`} className="font-medium text-sky-700 underline dark:text-sky-300">
            View {item.kind === 'backup' ? 'backup' : 'snapshot'}
          </Link>
        )}
        {unknownImage && p.outcome === 'done' && (
          <Link href={`/images?tab=${item.kind === 'backup' ? 'backups' : 'snapshots'}&instance_uuid=${item.serverId}`} className="text-sky-700 underline dark:text-sky-300">
            {what}s of this instance
          </Link>
        )}
        {p.outcome === 'failed' && (
          <Link href="/guide/consistency" className="text-sky-700 underline dark:text-sky-300">Consistency guide</Link>
        )}
        {p.outcome === 'stalled' && onCheckAgain && <Button size="sm" onClick={onCheckAgain}>Check again</Button>}
        {isFinished(p) && onDismiss && <Button size="sm" variant="ghost" onClick={onDismiss}>Dismiss</Button>}
      </div>
    </div>
  );
}
