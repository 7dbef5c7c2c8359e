'use client';
import { useId, useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { CopyCommand } from '@/components/ui/copy-command';
import { Switch } from '@/components/ui/switch';
import { ApiError } from '@/lib/client/api-fetch';
import type { ImageDto } from '@/lib/images/contract';
import { FLAG_WORDS, FLAGS } from '@/lib/sharing/contract';
import { MemberStatusBadge, MembershipActions } from './member-status';
import { useFlag, useMembers } from './queries';
import { ShareDialog } from './share-dialog';

const FLAG_WHAT = {
  hidden: 'Glance leaves a hidden image out of every list (and the launch form) unless asked for hidden ones (Images → Show hidden). It can still be shown, launched and deleted by its ID.',
  protected: 'Glance refuses to delete a protected image (403) until it is unprotected.',
} as const;

/** Sharing and retiring on the image page: for the owner, Share with project, the members and
 * the Hide from lists and Protect switches; for a project the image is shared with, its owner
 * and the project's answer with Accept and Reject. */
export function SharingPanel({ image }: { image: ImageDto }) {
  const [sharing, setSharing] = useState(false);
  const isMember = !image.ownedByProject && image.visibility === 'shared';
  const members = useMembers(image.id, image.visibility === 'shared');
  const flag = useFlag(image.id);
  const noteId = useId();
  const mine = members.data?.members ?? [];
  const shareable = image.visibility === 'private' || image.visibility === 'shared';

  if (!image.ownedByProject && !isMember) return null;
  return (
    <section aria-labelledby={`${noteId}-h`} className="space-y-3 rounded-md border border-slate-200 bg-white p-4 dark:border-slate-700 dark:bg-slate-900">
      <h2 id={`${noteId}-h`} className="text-base font-semibold">Sharing and retiring</h2>
      {isMember ? (
        <div className="space-y-2 text-sm">
          <p>
            Shared with your project by project <span className="font-mono" title={image.owner ?? undefined}>{image.ownerName}</span>
            {' '}— its owner. Its properties, consistency settings included, are read-only here.
          </p>
          <p className="flex flex-wrap items-center gap-2">Your answer: <MemberStatusBadge status={mine[0]?.status ?? null} />
            <MembershipActions imageId={image.id} status={mine[0]?.status ?? null} />
          </p>
          <CopyCommand command={`openstack image set --accept ${image.id}`} />
        </div>
      ) : (
        <>
          <div className="flex flex-wrap items-center gap-3 text-sm">
            <Button variant="primary" disabled={!shareable} onClick={() => setSharing(true)}>Share with project</Button>
            <span className="text-slate-600 dark:text-slate-300">
              {!shareable ? `A ${image.visibility} image is visible to every project already: Glance shares only private or shared images.`
                : image.visibility === 'shared' ? `Shared with ${mine.length} ${mine.length === 1 ? 'project' : 'projects'}${mine.length ? ` (${mine.filter((m) => m.status === 'accepted').length} accepted)` : ''}.`
                  : 'Private: only this project sees it.'}
            </span>
          </div>
          <ul className="space-y-3 border-t border-slate-200 pt-3 dark:border-slate-700">
            {FLAGS.map((f) => {
              const on = f === 'hidden' ? image.hidden : image.protected;
              const pending = flag.isPending && flag.variables?.flag === f;
              return (
                <li key={f} className="flex items-start gap-3">
                  <Switch label={FLAG_WORDS[f].label} checked={pending ? Boolean(flag.variables?.value) : on} disabled={flag.isPending}
                    onChange={(value) => flag.mutate({ flag: f, value })} describedBy={`${noteId}-${f}`} />
                  <div className="text-sm">
                    <p className="font-medium">{FLAG_WORDS[f].label} <code className="text-xs text-slate-500 dark:text-slate-400">{FLAG_WORDS[f].property}={String(on)}</code>{pending ? <span className="text-xs text-slate-500"> · saving…</span> : null}</p>
                    <p id={`${noteId}-${f}`} className="text-slate-600 dark:text-slate-300">{FLAG_WHAT[f]}</p>
                  </div>
                </li>
              );
            })}
          </ul>
          {flag.error && <Alert tone="error" title="Not changed">{flag.error instanceof ApiError ? flag.error.message : 'Snapdeck could not be reached.'}</Alert>}
          <ShareDialog image={image} open={sharing} onClose={() => setSharing(false)} />
        </>
      )}
    </section>
  );
}
