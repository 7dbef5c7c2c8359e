'use client';
import { useState } from 'react';

/** An equivalent CLI command, with a copy button. */
export function CopyCommand({ command, label = 'Equivalent CLI command' }: { command: string; label?: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="text-sm">
      <p className="mb-1 text-xs font-medium text-slate-600 dark:text-slate-400">{label}</p>
      <div className="flex items-start gap-2 rounded-md bg-slate-900 px-3 py-2 text-slate-100 dark:bg-black">
        <code className="flex-1 break-all font-mono text-xs" data-testid="cli-command">{command}</code>
        <button
          type="button"
          className="shrink-0 rounded border border-slate-600 px-2 py-0.5 text-xs hover:bg-slate-700"
          onClick={async () => {
            try {
              await navigator.clipboard.writeText(command);
              setCopied(true);
              setTimeout(() => setCopied(false), 1500);
            } catch {
              setCopied(false);
            }
          }}
        >
          {copied ? 'Copied' : 'Copy command'}
        </button>
      </div>
    </div>
  );
}
