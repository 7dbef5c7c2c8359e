'use client';
// Follows snapshots and backups after Nova accepted them: polls the progress route every
// 2 s (the server's task state + the image's Glance status), shows the stepper in the row
// and in a toast, and explains failures from os-instance-actions. Kept in sessionStorage so
// that tracking survives moving between pages. The polling, the toasts and the summary are in
// tracked-progress.tsx, loaded once something is tracked: most page loads track nothing.
import { createContext, lazy, Suspense, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useToast } from '@/components/ui/toast';
import { INITIAL_PROGRESS, isFinished, type ProgressState, type TrackKind } from '@/lib/snapshots/progress-state';

const loadTrackedProgress = () => import('./tracked-progress');
const TrackedWork = lazy(() => loadTrackedProgress().then((m) => ({ default: m.TrackedWork })));
/** The stepper, the headline, and the end of one tracked item (tracked-progress.tsx); it loads
 * on first use, so callers put it under a <Suspense>. */
export const TrackedSummary = lazy(() => loadTrackedProgress().then((m) => ({ default: m.TrackedSummary })));

export interface TrackRequest {
  serverId: string;
  serverName: string;
  /** null when Nova did not say (createBackup before 2.45 with rotation 0). */
  imageId: string | null;
  kind: TrackKind;
  /** The instance booted with os_require_quiesce (and the agent channel): a failed freeze
   * then fails the snapshot. Explains a failure when Nova's event details are hidden. */
  requireQuiesce?: boolean;
  /** The instance's agent channel and Nova power state when it was asked: the failure names
   * only the causes that fit them (lib/snapshots/progress.ts explainFailure). */
  channel?: 'channel' | 'none' | 'unknown' | 'volume';
  powerState?: number;
  /** Booted from a volume (Nova's `image: ""`). */
  volumeBacked?: boolean;
}

export interface TrackedSnapshot extends TrackRequest {
  key: string;
  startedAt: number;
  progress: ProgressState;
  /** Set once a failure has been explained from os-instance-actions. */
  failureLines: string[] | null;
}

interface TrackerApi {
  track(t: TrackRequest): void;
  tracked: TrackedSnapshot[];
  dismiss(key: string): void;
  /** A stalled snapshot: look again (resets the stall clock). */
  checkAgain(key: string): void;
  /** Servers with a snapshot or backup still on its way: the tracker polls them. */
  following: ReadonlySet<string>;
}

const TrackerContext = createContext<TrackerApi | null>(null);

const STORAGE_KEY = 'snapdeck:tracked-snapshots';
const KEEP_FINISHED_MS = 10 * 60_000;
// Toast ids live as long as the page's ToastProvider: in memory, never in sessionStorage.
export const toastIds = new Map<string, number>();

export const signatureOf = (t: TrackedSnapshot) => `${t.progress.outcome}:${t.progress.stepIndex}:${t.failureLines?.length ?? 0}`;

function load(): TrackedSnapshot[] {
  try {
    const raw = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? '[]') as TrackedSnapshot[];
    const now = Date.now();
    return Array.isArray(raw) ? raw.filter((t) => t && typeof t.key === 'string' && (!isFinished(t.progress) || now - t.startedAt < KEEP_FINISHED_MS)) : [];
  } catch {
    return [];
  }
}

export function SnapshotTrackerProvider({ children }: { children: ReactNode }) {
  const [items, setItems] = useState<TrackedSnapshot[]>([]);
  const loaded = useRef(false);
  const shown = useRef(new Map<string, string>());
  const toast = useToast();

  useEffect(() => {
    // After hydration only: the server render has no sessionStorage.
    const restored = load();
    loaded.current = true;
    // Restored items keep the toast they had (or none): no toast pops up again on arrival.
    for (const r of restored) shown.current.set(r.key, signatureOf(r));
    // eslint-disable-next-line react-hooks/set-state-in-effect -- one-time restore from sessionStorage after mount
    if (restored.length > 0) setItems((now) => [...restored.filter((r) => !now.some((n) => n.key === r.key)), ...now]);
  }, []);

  useEffect(() => {
    if (!loaded.current) return;
    try {
      sessionStorage.setItem(STORAGE_KEY, JSON.stringify(items));
    } catch {
      // Storage full or disabled: tracking still works on this page.
    }
  }, [items]);

  const update = useCallback((key: string, change: (t: TrackedSnapshot) => TrackedSnapshot) => {
    setItems((all) => all.map((t) => (t.key === key ? change(t) : t)));
  }, []);

  const track = useCallback((t: TrackRequest) => {
    const key = `${t.serverId}:${t.imageId ?? Date.now()}`;
    setItems((all) => [...all.filter((x) => x.key !== key), { ...t, key, startedAt: Date.now(), progress: INITIAL_PROGRESS, failureLines: null }]);
  }, []);

  const dismiss = useCallback((key: string) => {
    setItems((all) => all.filter((t) => t.key !== key));
    const id = toastIds.get(key);
    if (id !== undefined) toast.dismiss(id);
    toastIds.delete(key);
  }, [toast]);

  const checkAgain = useCallback((key: string) => {
    update(key, (t) => ({ ...t, progress: { ...t.progress, outcome: 'running', taskClearedAt: Date.now() } }));
  }, [update]);

  const api = useMemo<TrackerApi>(() => ({
    track, tracked: items, dismiss, checkAgain,
    following: new Set(items.filter((t) => !isFinished(t.progress)).map((t) => t.serverId)),
  }), [track, items, dismiss, checkAgain]);

  return (
    <TrackerContext.Provider value={api}>
      {children}
      {items.length > 0 && (
        <Suspense fallback={null}>
          <TrackedWork items={items} update={update} shown={shown} />
        </Suspense>
      )}
    </TrackerContext.Provider>
  );
}

export function useSnapshotTracker(): TrackerApi {
  const ctx = useContext(TrackerContext);
  if (!ctx) throw new Error('useSnapshotTracker outside SnapshotTrackerProvider');
  return ctx;
}
