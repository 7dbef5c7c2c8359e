import type { ReactNode } from 'react';
import { CopyCommand } from '@/components/ui/copy-command';

/** A section of the guide with an anchor that warnings deep-link to. */
export function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section id={id} aria-labelledby={`${id}-title`} className="scroll-mt-6 space-y-3">
      <h2 id={`${id}-title`} className="text-lg font-semibold">
        <a href={`#${id}`} className="hover:underline">
          {title}
        </a>
      </h2>
      {children}
    </section>
  );
}

export function Sub({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <div id={id} className="scroll-mt-6 space-y-2">
      <h3 className="font-semibold">{title}</h3>
      {children}
    </div>
  );
}

export const P = ({ children }: { children: ReactNode }) => <p className="leading-relaxed">{children}</p>;

export const C = ({ children }: { children: ReactNode }) => (
  <code className="rounded bg-slate-100 px-1 py-0.5 font-mono text-[0.85em] text-slate-900 dark:bg-slate-800 dark:text-slate-100">{children}</code>
);

/** A block of text to read (a file's content). */
export function Pre({ label, children }: { label: string; children: string }) {
  return (
    <figure className="space-y-1">
      <figcaption className="text-xs font-medium text-slate-600 dark:text-slate-400">{label}</figcaption>
      <pre className="overflow-x-auto rounded-md bg-slate-900 px-3 py-2 font-mono text-xs text-slate-100 dark:bg-black">{children}</pre>
    </figure>
  );
}

/** A command to run, with copy. */
export const Cmd = ({ label, command }: { label: string; command: string }) => <CopyCommand label={label} command={command} />;
