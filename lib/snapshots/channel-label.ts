// The Consistency column's words: whether an instance has the guest agent channel, and what
// that means for its live snapshots. Apart from notice.ts (the Create snapshot dialog's notice):
// every Instances row shows a label, while the notice loads with the dialog. Pure.
import type { AgentChannel } from './rules';

export interface ChannelLabel {
  label: string;
  tone: 'ok' | 'warn' | 'neutral';
  explanation: string;
}

/** The Consistency column: the label and its tooltip. */
export function channelLabel(channel: AgentChannel, facts: { imageUpdatedAt: string | null; launchedAt: string | null; volumeBacked?: boolean } = { imageUpdatedAt: null, launchedAt: null }): ChannelLabel {
  // Booted from a volume, Nova reads the volume's image metadata (Cinder), not an image's.
  const how = facts.volumeBacked
    ? 'To get the channel: set it in the image metadata of a volume that is not in use (openstack volume set --image-property hw_qemu_guest_agent=yes <volume>), or launch an image that has it onto a new volume, and boot from that.'
    : 'To get the channel: snapshot the instance, set hw_qemu_guest_agent=yes on the snapshot, and launch a new instance from it.';
  const bootedFrom = facts.volumeBacked ? 'Booted from a volume whose image metadata has' : 'Booted from an image with';
  if (channel.kind === 'volume') {
    return { label: 'Volume-backed', tone: 'neutral', explanation: 'Booted from a volume whose image metadata could not be read: it decides whether the instance has the guest agent channel.' };
  }
  if (channel.kind === 'unknown') {
    return { label: 'Unknown', tone: 'neutral', explanation: 'The image this instance booted from is gone or not visible to this project.' };
  }
  if (channel.changedSinceLaunch) {
    const now = channel.kind === 'channel' ? 'now has' : 'now lacks';
    const next = channel.kind === 'channel' ? how : 'If it booted with the property, it still has the channel.';
    return {
      label: 'Image changed since launch',
      tone: 'warn',
      explanation: `The image ${now} hw_qemu_guest_agent, but it was updated${facts.imageUpdatedAt ? ` (${facts.imageUpdatedAt})` : ''} after this instance launched${facts.launchedAt ? ` (${facts.launchedAt})` : ''}. Nova reads image properties at boot: the instance still runs with the properties it was booted with. ${next}`,
    };
  }
  if (channel.kind === 'channel') {
    return {
      label: channel.requireQuiesce ? 'Agent channel (quiesce required)' : 'Agent channel',
      tone: 'ok',
      explanation: channel.requireQuiesce
        ? `${bootedFrom} hw_qemu_guest_agent and os_require_quiesce: a live snapshot asks the guest agent to freeze the file systems. ${facts.volumeBacked ? 'Booted from a volume, the snapshot fails if they cannot be frozen.' : 'If the agent does not answer, Nova\'s libvirt driver takes it unfrozen all the same.'}`
        : `${bootedFrom} hw_qemu_guest_agent: a live snapshot asks the guest agent to freeze the file systems, if the agent runs in the guest.`,
    };
  }
  return {
    label: 'No agent channel',
    tone: 'warn',
    explanation: `${facts.volumeBacked ? 'Booted from a volume whose image metadata lacks' : 'Booted from an image without'} hw_qemu_guest_agent: a live snapshot cannot freeze the file systems; it is disk-only, like pulling the power plug. ${how}`,
  };
}
