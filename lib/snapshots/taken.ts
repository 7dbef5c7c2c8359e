// How a snapshot was taken, as Snapdeck records it when it asks Nova for one (issue 16): the
// instance's boot-time agent channel, its require-quiesce flag and its power state, sent as
// createImage/createBackup metadata, so that the label stays true after someone switches
// hw_qemu_guest_agent on the snapshot (which only changes what instances launched from it get).
// Pure: tested on its own.
//
// Nova copies the boot image's properties into every snapshot of an instance, ours included: a
// snapshot of an instance launched from a recorded snapshot inherits that record. The record
// names the instance it was taken of, and counts only on an image whose instance_uuid is that
// instance (Nova sets instance_uuid on each snapshot it makes).
import { isTruthyProperty } from '@/lib/openstack/image/properties';
import { requiresQuiesce, type AgentChannel } from './rules';

export const TAKEN_KEYS = {
  instance: 'snapdeck_taken_instance',
  channel: 'snapdeck_taken_agent_channel',
  requireQuiesce: 'snapdeck_taken_require_quiesce',
  power: 'snapdeck_taken_power_state',
} as const;

/** Nova's power states (nova/compute/power_state.py) as the record spells them. */
export const TAKEN_POWER = { 0: 'nostate', 1: 'running', 3: 'paused', 4: 'shutdown', 6: 'crashed', 7: 'suspended' } as const;
export type TakenPower = (typeof TAKEN_POWER)[keyof typeof TAKEN_POWER];
const POWER_VALUES: readonly string[] = Object.values(TAKEN_POWER);

/** The agent channel as it was at the instance's boot: 'unknown' when the boot image was gone,
 * not visible, or updated after the instance launched (its current properties may not be the
 * ones the instance booted with). */
export type TakenChannel = 'yes' | 'no' | 'unknown';

export interface TakenRecord {
  channel: TakenChannel;
  requireQuiesce: boolean;
  /** Absent when the record was made from the properties at the first switch (below). */
  power: TakenPower | null;
}

function channelValue(channel: AgentChannel): TakenChannel {
  if (channel.kind === 'channel' || channel.kind === 'none') {
    if (channel.changedSinceLaunch) return 'unknown';
    return channel.kind === 'channel' ? 'yes' : 'no';
  }
  return 'unknown';
}

/** The createImage/createBackup metadata that records how this instance is being snapshotted.
 * Every key is written each time, so that nothing inherited from a parent record survives. */
export function takenMetadata(server: { id: string; powerState: number }, channel: AgentChannel): Record<string, string> {
  const power = (TAKEN_POWER as Record<number, TakenPower>)[server.powerState] ?? 'nostate';
  return {
    [TAKEN_KEYS.instance]: server.id,
    [TAKEN_KEYS.channel]: channelValue(channel),
    [TAKEN_KEYS.requireQuiesce]: requiresQuiesce(channel) ? 'yes' : 'no',
    [TAKEN_KEYS.power]: power,
  };
}

/** The record of this image, or null when it has none that belongs to it (none written, an
 * inherited one, or one that does not parse). */
export function readTaken(properties: Record<string, string>): TakenRecord | null {
  const instance = properties[TAKEN_KEYS.instance];
  if (!instance || instance !== properties.instance_uuid) return null;
  const channel = properties[TAKEN_KEYS.channel];
  if (channel !== 'yes' && channel !== 'no' && channel !== 'unknown') return null;
  const power = properties[TAKEN_KEYS.power];
  return {
    channel,
    requireQuiesce: properties[TAKEN_KEYS.requireQuiesce] === 'yes',
    power: power && POWER_VALUES.includes(power) ? (power as TakenPower) : null,
  };
}

/** Before Snapdeck's switches change hw_qemu_guest_agent or os_require_quiesce on a snapshot or
 * backup that has no record: a record of the properties as they are, so that the label keeps
 * saying how the snapshot was taken (as far as its properties told until then). Empty when the
 * image is no snapshot, has no instance_uuid, or already has its record. */
export function recordBeforeSwitch(properties: Record<string, string>): Record<string, string> {
  const type = properties.image_type;
  if ((type !== 'snapshot' && type !== 'backup') || !properties.instance_uuid || readTaken(properties)) return {};
  return {
    [TAKEN_KEYS.instance]: properties.instance_uuid,
    [TAKEN_KEYS.channel]: isTruthyProperty(properties.hw_qemu_guest_agent) ? 'yes' : 'no',
    [TAKEN_KEYS.requireQuiesce]: isTruthyProperty(properties.os_require_quiesce) ? 'yes' : 'no',
  };
}

/** The properties that decide what instances launched from the image get, where they now
 * differ from the record. */
export function changedSinceTaken(properties: Record<string, string>, taken: TakenRecord): ('hw_qemu_guest_agent' | 'os_require_quiesce')[] {
  if (taken.channel === 'unknown') return [];
  const changed: ('hw_qemu_guest_agent' | 'os_require_quiesce')[] = [];
  if (isTruthyProperty(properties.hw_qemu_guest_agent) !== (taken.channel === 'yes')) changed.push('hw_qemu_guest_agent');
  if (isTruthyProperty(properties.os_require_quiesce) !== taken.requireQuiesce) changed.push('os_require_quiesce');
  return changed;
}

/** With no record: the image was updated this long after it was created, more than a snapshot's
 * own upload explains, so its properties may have been changed since it was taken. Nova sets the
 * image active (updated_at) when the upload ends; a later change of any property moves updated_at. */
export const UPDATED_LATER_MS = 15 * 60_000;

export function updatedLongAfterCreation(image: { createdAt: string; updatedAt: string }): boolean {
  const created = Date.parse(image.createdAt);
  const updated = Date.parse(image.updatedAt);
  return Number.isFinite(created) && Number.isFinite(updated) && updated - created > UPDATED_LATER_MS;
}
