'use client';
import Link from 'next/link';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { apiFetch, ApiError } from '@/lib/client/api-fetch';
import type { LaunchSource } from '@/lib/launch/contract';
import { isWindowsSource } from '@/lib/launch/rules';
import { queryKeys } from '@/lib/client/query-keys';

const guide = (anchor: string, text: string) => (
  <Link href={`/guide/consistency#${anchor}`} className="font-medium underline underline-offset-2">
    {text}
  </Link>
);

/** Whether instances launched from the source get the agent channel (read at boot from
 * hw_qemu_guest_agent), with the way to turn it on first when the project owns the image. */
export function AgentNotice({ source, installAgent }: { source: LaunchSource; installAgent: boolean }) {
  const queryClient = useQueryClient();
  const turnOn = useMutation({
    mutationFn: () => apiFetch(`/api/images/${source.id}/properties`, { method: 'PATCH', json: { property: 'hw_qemu_guest_agent', enabled: true } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.launch.source(source.id) }),
  });

  if (source.agentChannel) {
    const agentWords = isWindowsSource(source)
      ? 'The guest must run the QEMU guest agent (virtio-win) for the freeze to happen.'
      : installAgent
        ? 'Install QEMU guest agent is checked: cloud-init installs and starts it at first boot.'
        : 'The guest must run qemu-guest-agent for the freeze to happen: check Install QEMU guest agent unless the image already has it.';
    return (
      <Alert tone="success" title="Instances from this source get the guest agent channel">
        <p className="mt-1">
          The source has hw_qemu_guest_agent=yes, so Nova will ask the agent to freeze the file systems during live snapshots. {agentWords}
        </p>
        {source.requireQuiesce && (
          <p className="mt-1">
            It also has os_require_quiesce=yes: booted onto a volume, a snapshot fails rather than go ahead unfrozen when the agent does not answer; booted from the image, Nova&apos;s libvirt driver takes it unfrozen all the same. {guide('require-quiesce', 'Why')}
          </p>
        )}
        <p className="mt-1">{guide('agent', 'How the guest agent makes snapshots consistent')}</p>
      </Alert>
    );
  }

  return (
    <Alert tone="warning" title="Instances from this source will not have the guest agent channel">
      <p className="mt-1">
        The source lacks hw_qemu_guest_agent=yes. Nova reads it only when an instance boots, so live snapshots of these instances will be crash-consistent, even with the agent installed in the guest.
        {installAgent && ' Installing the agent alone does not help: the channel must be there too.'}
      </p>
      {source.volumeSnapshots ? (
        // Booted from its Cinder snapshot without imageRef (lib/launch/boot-volume.ts): Nova takes the image
        // properties from the snapshot's source volume (volume_image_metadata), so the Glance image's would not count.
        <p className="mt-1">
          This snapshot is volume-backed: Nova reads the new instance’s image properties from the Cinder volume it was taken of, not from this Glance image. Set the property there (openstack volume set --image-property hw_qemu_guest_agent=yes &lt;volume&gt;) before you launch. {guide('agent', 'Read more')}
        </p>
      ) : source.ownedByProject ? (
        <div className="mt-2 flex flex-wrap items-center gap-2">
          <Button size="sm" variant="primary" disabled={turnOn.isPending} onClick={() => turnOn.mutate()}>
            {turnOn.isPending ? 'Turning on…' : 'Turn on the agent channel for this image'}
          </Button>
          <span className="text-xs">Sets hw_qemu_guest_agent=yes on the image (your project owns it) before you launch.</span>
        </div>
      ) : (
        <p className="mt-1">
          Your project does not own this image, so it cannot set the property. Launch, snapshot the instance, set the property on that snapshot, and launch from it. {guide('agent', 'Read more')}
        </p>
      )}
      {turnOn.isError && (
        <p role="alert" className="mt-1 font-medium text-red-800 dark:text-red-200">
          The property could not be set: {turnOn.error instanceof ApiError ? turnOn.error.message : 'unknown error'}
        </p>
      )}
    </Alert>
  );
}
