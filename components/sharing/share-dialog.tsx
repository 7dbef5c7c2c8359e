'use client';
import { useId, useState, type FormEvent } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { CopyCommand } from '@/components/ui/copy-command';
import { Dialog } from '@/components/ui/dialog';
import { Field, inputClass } from '@/components/ui/field';
import { Spinner } from '@/components/ui/spinner';
import { ApiError } from '@/lib/client/api-fetch';
import type { ImageDto } from '@/lib/images/contract';
import { projectIdSchema, shareCommands } from '@/lib/sharing/contract';
import { MemberStatusBadge } from './member-status';
import { useMembers, useMyProjects, useShare, useUnshare } from './queries';

const errorWords = (e: unknown) => (e instanceof ApiError ? e.message : 'Snapdeck could not be reached.');

/** Share with project: the owner names a project by its ID (non-admins cannot list other
 * projects), Snapdeck makes the image shared if needed and adds the member; the list below
 * shows every member's answer, with Remove. */
export function ShareDialog({ image, open, onClose }: { image: ImageDto; open: boolean; onClose: () => void }) {
  const [projectId, setProjectId] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const members = useMembers(image.id, open);
  const mine = useMyProjects(open);
  const nameOf = new Map((mine.data?.projects ?? []).map((p) => [p.id, p.name]));
  const others = (mine.data?.projects ?? []).filter((p) => p.id !== image.owner);
  const share = useShare(image.id);
  const unshare = useUnshare(image.id);
  const fieldId = useId();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = projectIdSchema.safeParse(projectId);
    if (!parsed.success) {
      setFieldError(parsed.error.issues[0]?.message ?? 'not a project ID');
      return;
    }
    setFieldError(null);
    share.mutate(parsed.data, { onSuccess: () => setProjectId('') });
  };
  const list = members.data?.members ?? [];
  const example = share.data?.member.projectId ?? list[0]?.projectId ?? '<project-id>';
  const cli = shareCommands(image.id, example);

  return (
    <Dialog open={open} title={`Share ${image.name || image.id} with another project`} onClose={onClose} wide>
      <div className="space-y-4 text-sm">
        <form onSubmit={submit} noValidate className="space-y-2">
          <Field id={fieldId} label="Project ID" error={fieldError}
            hint="Snapdeck cannot list other projects: Keystone shows a non-admin only their own. Ask the other project for its ID (openstack project show -f value -c id <name>, or Identity → Projects in Horizon).">
            {(a11y) => (
              <input {...a11y} className={`${inputClass} font-mono`} value={projectId} spellCheck={false} autoComplete="off" placeholder="e.g. 3f1c0b7e9a2d4c6e8f0a1b2c3d4e5f60"
                onChange={(e) => setProjectId(e.target.value)} />
            )}
          </Field>
          {others.length > 0 && (
            <p className="flex flex-wrap items-center gap-1.5 text-xs text-slate-600 dark:text-slate-400">
              Your other projects:
              {others.map((p) => <Button key={p.id} size="sm" onClick={() => setProjectId(p.id)} title={p.id}>{p.name}</Button>)}
            </p>
          )}
          <p className="text-slate-600 dark:text-slate-300">
            Glance does not check that the project exists. The image waits as <strong>pending</strong> until the other project accepts it
            (Images → Shared with me → Accept); only then does it appear in their lists and launch form.
            {image.visibility === 'private' && ' This image is private: Snapdeck first makes it shared (visible to its members only, not public).'}
          </p>
          <div className="flex justify-end">
            <Button type="submit" variant="primary" disabled={share.isPending}>{share.isPending ? 'Sharing…' : 'Share'}</Button>
          </div>
          {share.error && <Alert tone="error" title="Not shared">{errorWords(share.error)}</Alert>}
          {share.data && !share.isPending && !share.error && (
            <Alert tone="success">
              Shared with project <span className="font-mono">{share.data.member.projectId}</span>{share.data.madeShared ? ' (the image is now shared)' : ''}. It stays pending until that project accepts it.
            </Alert>
          )}
        </form>

        <section aria-labelledby={`${fieldId}-members`} className="space-y-2 border-t border-slate-200 pt-3 dark:border-slate-700">
          <h3 id={`${fieldId}-members`} className="font-semibold">Members</h3>
          {members.isLoading ? <Spinner label="Loading the members" />
            : members.error ? <Alert tone="error">{errorWords(members.error)}</Alert>
              : list.length === 0 ? <p className="text-slate-600 dark:text-slate-300">Not shared with any project yet.</p>
                : (
                  <table className="w-full text-left">
                    <caption className="sr-only">Projects this image is shared with</caption>
                    <thead className="text-xs text-slate-500 dark:text-slate-400">
                      <tr><th scope="col" className="py-1 pr-3 font-medium">Project</th><th scope="col" className="py-1 pr-3 font-medium">Status</th><th scope="col" className="py-1 font-medium"><span className="sr-only">Actions</span></th></tr>
                    </thead>
                    <tbody className="divide-y divide-slate-200 dark:divide-slate-700">
                      {list.map((m) => (
                        <tr key={m.projectId}>
                          <th scope="row" className="py-1.5 pr-3 text-left font-normal break-all">
                            {nameOf.has(m.projectId) && <span className="mr-2 font-medium">{nameOf.get(m.projectId)}</span>}
                            <span className="font-mono text-xs">{m.projectId}</span>
                          </th>
                          <td className="py-1.5 pr-3"><MemberStatusBadge status={m.status} /></td>
                          <td className="py-1.5 text-right">
                            <Button size="sm" disabled={unshare.isPending} onClick={() => unshare.mutate(m.projectId)}>Remove</Button>
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
          {unshare.error && <Alert tone="error" title="Not removed">{errorWords(unshare.error)}</Alert>}
        </section>

        <section className="space-y-1.5 border-t border-slate-200 pt-3 dark:border-slate-700">
          <h3 className="font-semibold">On the command line</h3>
          <p className="text-xs text-slate-600 dark:text-slate-400">Here, as the owner:</p>
          <CopyCommand command={cli.owner} />
          <p className="text-xs text-slate-600 dark:text-slate-400">Then in the other project, which must accept:</p>
          <CopyCommand command={cli.member} />
        </section>
      </div>
    </Dialog>
  );
}
