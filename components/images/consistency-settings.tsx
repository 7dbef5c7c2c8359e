'use client';
import Link from 'next/link';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId } from 'react';
import { Alert } from '@/components/ui/alert';
import { CopyCommand } from '@/components/ui/copy-command';
import { Switch } from '@/components/ui/switch';
import { apiFetch, ApiError } from '@/lib/client/api-fetch';
import { isTruthyProperty } from '@/lib/openstack/image/properties';
import { imageKind } from '@/lib/images/rules';
import type { SwitchProperty } from '@/lib/images/consistency-props';
import type { ImageDetailResponse, ImageDto } from '@/lib/images/contract';
import { EnableAgentAll } from './enable-agent-all';
import { queryKeys } from '@/lib/client/query-keys';

const SWITCHES: { property: SwitchProperty; label: string; what: string }[] = [
  {
    property: 'hw_qemu_guest_agent',
    label: 'QEMU guest agent',
    what: 'Instances launched from this image get the virtio-serial channel (org.qemu.guest_agent.0) the QEMU guest agent talks through, so Nova can ask it to freeze the file systems during a live snapshot.',
  },
  {
    property: 'os_require_quiesce',
    label: 'Require quiesce',
    what: 'Nova refuses to snapshot those instances unfrozen where it can tell: without the guest agent channel (any instance), or when the agent does not answer (instances booted from a volume). Nova\'s libvirt driver still snapshots an instance booted from an image unfrozen when its agent does not answer.',
  },
];

/** The two switches (role switch), written with Glance JSON-patch through our route; read-only
 * with the reason when the project does not own the image. */
export function ConsistencySettings({ image, readOnlyReason, projectName }: { image: ImageDto; readOnlyReason: string | null; projectName: string }) {
  const qc = useQueryClient();
  const noteId = useId();
  const key = queryKeys.images.detail(image.id);
  const mutation = useMutation({
    mutationFn: (v: { property: SwitchProperty; enabled: boolean }) =>
      apiFetch<ImageDto>(`/api/images/${encodeURIComponent(image.id)}/properties`, { method: 'PATCH', json: v }),
    onSuccess: (updated) => {
      qc.setQueryData<ImageDetailResponse>(key, (d) => (d ? { ...d, image: updated } : d));
      void qc.invalidateQueries({ queryKey: queryKeys.images.lists() });
    },
  });
  const isSnapshot = imageKind(image) !== 'image';
  return (
    <section aria-labelledby="consistency-settings" className="space-y-3 rounded-md border border-slate-200 bg-white p-4 dark:border-slate-700 dark:bg-slate-900">
      <h2 id="consistency-settings" className="text-base font-semibold">Consistency settings</h2>
      {readOnlyReason && <Alert tone="info" title="Read-only">{readOnlyReason}</Alert>}
      <ul className="space-y-3">
        {SWITCHES.map((s) => {
          const on = isTruthyProperty(image.properties[s.property]);
          const pending = mutation.isPending && mutation.variables?.property === s.property;
          const descId = `${noteId}-${s.property}`;
          return (
            <li key={s.property} className="flex items-start gap-3">
              <Switch
                label={s.label}
                checked={pending ? Boolean(mutation.variables?.enabled) : on}
                disabled={readOnlyReason !== null || mutation.isPending}
                onChange={(enabled) => mutation.mutate({ property: s.property, enabled })}
                describedBy={`${descId} ${noteId}`}
              />
              <div className="text-sm">
                <p className="font-medium">
                  {s.label} <code className="text-xs text-slate-500 dark:text-slate-400">{s.property}</code>
                  <span className="ml-2 text-xs text-slate-500 dark:text-slate-400">{image.properties[s.property] !== undefined ? `= ${image.properties[s.property]}` : 'not set'}{pending ? ' · saving…' : ''}</span>
                </p>
                <p id={descId} className="text-slate-600 dark:text-slate-300">{s.what}</p>
              </div>
            </li>
          );
        })}
      </ul>
      {mutation.error && (
        <Alert tone="error" title="The property was not changed">{mutation.error instanceof ApiError ? mutation.error.message : 'Snapdeck could not be reached.'}</Alert>
      )}
      <div id={noteId} className="space-y-1 text-sm text-slate-600 dark:text-slate-300">
        <p>
          Nova reads these properties when an instance boots: they take effect for instances launched from this image afterwards, not for running ones
          (for a running instance: snapshot it, set the property on the snapshot, launch from the snapshot).
        </p>
        <p>
          The guest must also run the agent (<code>qemu-guest-agent</code>), or nothing is frozen.{' '}
          <Link href="/guide/consistency" className="text-sky-700 underline dark:text-sky-400">How to install it: the consistency guide</Link>
        </p>
        {isSnapshot && (
          <p>
            Changing them does not change how this snapshot was taken: its Consistency label follows the record Snapdeck writes when it takes a snapshot
            (snapdeck_taken_*), and for another snapshot the record of its properties before the first change made here.
          </p>
        )}
      </div>
      <CopyCommand command={`openstack image set --property hw_qemu_guest_agent=yes ${image.id}`} />
      {image.ownedByProject && image.visibility === 'private' && (
        <div className="flex flex-wrap items-center gap-3 border-t border-slate-200 pt-3 text-sm dark:border-slate-700">
          <EnableAgentAll projectName={projectName} />
          <span className="text-slate-600 dark:text-slate-300">The same for every private image of the project that lacks it.</span>
        </div>
      )}
    </section>
  );
}
