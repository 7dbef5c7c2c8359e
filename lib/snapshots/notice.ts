// What the Create snapshot dialog tells before the user confirms: will this snapshot be
// consistent? Read from the server's state and its boot image's agent channel. Pure.
import type { AgentChannel } from './rules';

export interface SnapshotNotice {
  tone: 'info' | 'warning';
  title: string;
  text: string;
}

/** What a snapshot of a volume-backed instance makes and costs, shown beside the consistency
 * notice (Nova freezes such an instance the same way as any other). */
export const VOLUME_BACKED_NOTICE: SnapshotNotice = {
  tone: 'info',
  title: 'Volume-backed instance',
  text: "This makes a Cinder volume snapshot of each attached volume, plus a 0-byte Glance image that points to them. The volume snapshots are what costs: each counts against the project's Cinder snapshot and gigabyte quotas (checked before anything is sent) and is billed as block storage until it is deleted; deleting the image in Snapdeck deletes them too.",
};

/** What the Create snapshot dialog says. `server.imageId` null: booted from a volume, where
 * Nova's API (not the libvirt driver) quiesces, and os_require_quiesce refuses any snapshot it
 * could not freeze (docs/decisions/012-what-os-require-quiesce-really-does.md). */
export function snapshotNotice(server: { status: string; imageId?: string | null; powerState?: number }, channel: AgentChannel): SnapshotNotice {
  if (server.powerState === 0 && server.status === 'ACTIVE') {
    // Seen on Zed: the compute host no longer knew the instance, and the snapshot failed.
    return {
      tone: 'warning',
      title: 'The hypervisor does not report this instance',
      text: 'Its power state is No state: the compute host does not know it now (for example after its compute service restarted), and Nova will likely fail the snapshot. A hard reboot may bring it back; an administrator can check the host.',
    };
  }
  if (server.status === 'SHUTOFF') {
    return {
      tone: 'info',
      title: 'Cold snapshot',
      text: 'The instance is shut off, so its disk is not changing: the snapshot is consistent as of the last clean shutdown. No freeze is needed.',
    };
  }
  if (server.status === 'SUSPENDED') {
    return {
      tone: 'info',
      title: 'Snapshot of a suspended instance',
      text: 'The disk does not change while the instance is suspended, but the guest was not told to flush before it was suspended: the snapshot is crash-consistent as of that moment.',
    };
  }
  if (channel.kind === 'volume') {
    return {
      tone: 'warning',
      title: 'Consistency unknown',
      text: "Snapdeck could not read the image metadata of the volume this instance booted from, so it cannot tell whether the instance has the guest agent channel. Without it, a live snapshot is disk-only and may be inconsistent if the operating system is not told to flush.",
    };
  }
  if (channel.kind === 'unknown') {
    return {
      tone: 'warning',
      title: 'Consistency unknown',
      text: 'The image this instance booted from is gone or not visible, so Snapdeck cannot tell whether the instance has the guest agent channel. Without it, a live snapshot is disk-only and may be inconsistent if the operating system is not told to flush.',
    };
  }
  const paused = server.status === 'PAUSED'
    ? ' The instance is paused: a paused guest cannot answer the agent, so its file systems cannot be frozen.'
    : '';
  const changed = channel.changedSinceLaunch
    ? ' Its image was updated after the instance launched: the instance still runs with the properties it was booted with, which may differ from the image\'s current ones.'
    : '';
  const volumeBacked = server.imageId === null;
  if (channel.kind === 'none' && channel.requireQuiesce) {
    return {
      tone: 'warning',
      title: 'Nova will refuse this snapshot',
      text: `The instance booted from an image that requires quiescing (os_require_quiesce) but has no guest agent channel: Nova fails every live snapshot of it ("QEMU guest agent is not enabled"). Shut it off for a cold snapshot, or launch a new instance from an image with hw_qemu_guest_agent=yes.${changed}`,
    };
  }
  if (channel.kind === 'none') {
    return {
      tone: 'warning',
      title: 'This snapshot may be inconsistent',
      text: `No guest agent channel: a live snapshot is disk-only and may be inconsistent if the operating system is not told to flush. Files being written may be incomplete.${paused}${changed}`,
    };
  }
  if (channel.requireQuiesce) {
    return {
      tone: channel.changedSinceLaunch || paused ? 'warning' : 'info',
      title: 'Quiescing required',
      text: volumeBacked
        ? `The image requires quiescing (os_require_quiesce): Nova will ask the guest agent to freeze the file systems, and fail the snapshot rather than go ahead unfrozen if they cannot be frozen.${paused}${changed}`
        : `The image requires quiescing (os_require_quiesce): Nova will ask the guest agent to freeze the file systems. On an instance booted from an image, Nova's libvirt driver still takes the snapshot unfrozen if the agent does not answer (os_require_quiesce only refuses instances without the channel): check that qemu-guest-agent runs in the guest; the console shows the freeze hook's lines.${paused}${changed}`,
    };
  }
  return {
    tone: channel.changedSinceLaunch || paused ? 'warning' : 'info',
    title: 'Guest agent channel',
    text: `The guest agent will be asked to freeze the file systems during the snapshot, if it runs in the guest. If it does not answer, the snapshot goes ahead unfrozen (crash-consistent).${paused}${changed}`,
  };
}
