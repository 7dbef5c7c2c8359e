'use client';
import Link from 'next/link';
import { useId, useState } from 'react';
import type { AgentChannel } from '@/lib/snapshots/rules';
import { channelLabel } from '@/lib/snapshots/channel-label';
import { formatUtc } from '@/components/ui/format';

const tones = {
  ok: 'border-emerald-300 bg-emerald-50 text-emerald-900 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-100',
  warn: 'border-amber-300 bg-amber-50 text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100',
  neutral: 'border-slate-300 bg-slate-50 text-slate-700 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-200',
};

/** The Consistency column: a label that opens (on hover, focus or click) what it means. */
export function ConsistencyBadge({ channel, imageUpdatedAt, launchedAt, volumeBacked = false }: { channel: AgentChannel; imageUpdatedAt: string | null; launchedAt: string | null; volumeBacked?: boolean }) {
  const l = channelLabel(channel, { imageUpdatedAt: imageUpdatedAt ? formatUtc(imageUpdatedAt) : null, launchedAt: launchedAt ? formatUtc(launchedAt) : null, volumeBacked });
  const [open, setOpen] = useState(false);
  const id = useId();
  return (
    <span className="relative inline-block" onMouseEnter={() => setOpen(true)} onMouseLeave={() => setOpen(false)}>
      <button
        type="button"
        aria-expanded={open}
        aria-describedby={id}
        onClick={() => setOpen((o) => !o)}
        onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}
        className={`whitespace-nowrap rounded-full border px-2 py-0.5 text-xs font-medium ${tones[l.tone]}`}
      >
        {l.label}
      </button>
      <span
        id={id}
        role="tooltip"
        className={`${open ? 'block' : 'hidden'} absolute right-0 top-full z-20 mt-1 w-80 rounded-md border border-slate-200 bg-white p-3 text-left text-xs font-normal text-slate-700 shadow-lg dark:border-slate-700 dark:bg-slate-900 dark:text-slate-200`}
      >
        {l.explanation}{' '}
        <Link href="/guide/consistency" className="text-sky-700 underline dark:text-sky-300">Consistency guide</Link>
      </span>
    </span>
  );
}
