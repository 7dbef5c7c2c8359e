'use client';
// Times of schedules and runs: in UTC (what Mistral runs by), and in the browser's own zone
// once the page runs in the browser (the server cannot know it).
import { useHydrated } from '@/components/ui/use-hydrated';
import { formatRunTime } from '@/lib/schedules/frequency';
import type { RunStatus } from '@/lib/schedules/contract';

/** The browser's IANA time zone ("Europe/Paris"), UTC when it says none. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

const isUtc = (zone: string) => zone === 'UTC' || zone === 'Etc/UTC';

/** "Mon 7 Dec 2026, 02:00 UTC", with the browser's wall-clock time below when it differs. */
export function RunTime({ iso }: { iso: string }) {
  const hydrated = useHydrated();
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return <>{iso}</>;
  const zone = hydrated ? browserTimeZone() : 'UTC';
  return (
    <span className="block whitespace-nowrap">
      <time dateTime={date.toISOString()}>{formatRunTime(date, 'UTC')} UTC</time>
      {!isUtc(zone) && <span className="block text-xs text-slate-500 dark:text-slate-400">{formatRunTime(date, zone)} {zone}</span>}
    </span>
  );
}

/** "42 s", "3 min 5 s", "1 h 2 min". */
export function formatDuration(seconds: number | null): string {
  if (seconds === null) return '—';
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min${seconds % 60 ? ` ${seconds % 60} s` : ''}`;
  return `${Math.floor(seconds / 3600)} h${Math.floor((seconds % 3600) / 60) ? ` ${Math.floor((seconds % 3600) / 60)} min` : ''}`;
}

const RUN_STATUS: Record<RunStatus, { words: string; tone: string }> = {
  running: { words: 'Running', tone: 'bg-sky-100 text-sky-900 dark:bg-sky-900 dark:text-sky-100' },
  succeeded: { words: 'Succeeded', tone: 'bg-emerald-100 text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100' },
  failed: { words: 'Failed', tone: 'bg-red-100 text-red-900 dark:bg-red-900 dark:text-red-100' },
  cancelled: { words: 'Cancelled', tone: 'bg-slate-200 text-slate-800 dark:bg-slate-700 dark:text-slate-100' },
  paused: { words: 'Paused', tone: 'bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100' },
};

export function RunStatusBadge({ status }: { status: RunStatus }) {
  const s = RUN_STATUS[status];
  return <span className={`inline-block whitespace-nowrap rounded px-1.5 py-0.5 text-xs font-semibold ${s.tone}`}>{s.words}</span>;
}
