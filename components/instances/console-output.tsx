'use client';
import { useEffect, useRef } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Spinner } from '@/components/ui/spinner';
import { CONSOLE_LINES, useConsoleOutput } from './queries';

/** The last 50 lines of the console log, refreshed on demand and shown from the newest line,
 * as a console is read: a guest's fsfreeze hook can print its freeze/thaw lines there during a
 * snapshot. */
export function ConsoleOutput({ serverId }: { serverId: string }) {
  const q = useConsoleOutput(serverId);
  const pre = useRef<HTMLPreElement>(null);
  useEffect(() => {
    if (pre.current) pre.current.scrollTop = pre.current.scrollHeight;
  }, [q.dataUpdatedAt]);
  return (
    <div className="space-y-2">
      <div className="flex items-center gap-3">
        <Button size="sm" onClick={() => void q.refetch()} disabled={q.isFetching}>Refresh</Button>
        <span className="text-xs text-slate-500 dark:text-slate-400">
          Last {CONSOLE_LINES} lines{q.isFetching ? ' · loading…' : q.dataUpdatedAt ? ` · read at ${new Date(q.dataUpdatedAt).toLocaleTimeString()}` : ''}
        </span>
      </div>
      {q.isPending && <Spinner label="Reading the console" />}
      {q.isError && <Alert tone="error" title="The console output could not be read"><p>{q.error.message}</p></Alert>}
      {q.data && (
        <pre ref={pre} aria-label="Console output" tabIndex={0} className="max-h-96 overflow-auto rounded-md bg-slate-900 p-3 font-mono text-xs leading-relaxed text-slate-100 dark:bg-black">
          {q.data.output || '(the console log is empty)'}
        </pre>
      )}
    </div>
  );
}
