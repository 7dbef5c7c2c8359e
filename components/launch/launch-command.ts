// The `openstack server create` equivalent of the Launch instance form.
import { shellQuote } from '@/lib/shell-quote';
import type { BootDevice } from '@/lib/launch/boot-volume';

/** OSC's --block-device key=value form (python-openstackclient 5.5+), the only one that sets
 * delete_on_termination and volume_size as sent (--snapshot and --boot-from-volume fix it to false). */
const blockDevice = (d: BootDevice) =>
  `--block-device ${[`uuid=${d.uuid}`, `source_type=${d.sourceType}`, `destination_type=${d.destinationType}`, `boot_index=${d.bootIndex}`, ...(d.volumeSize !== undefined ? [`volume_size=${d.volumeSize}`] : []), `delete_on_termination=${d.deleteOnTermination}`].join(',')}`;

/** `devices`: the launch boots from volumes (no --image), as bootOf decided. */
export function launchCommand(f: { name: string; sourceId: string; flavorId: string; network: string; keyName?: string; availabilityZone?: string; count: number; hasUserData: boolean; devices?: BootDevice[] }): string {
  const parts = ['openstack server create'];
  if (f.devices) parts.push(...f.devices.map(blockDevice));
  else parts.push(`--image ${f.sourceId || '<image>'}`);
  parts.push(`--flavor ${f.flavorId ? shellQuote(f.flavorId) : '<flavor>'}`);
  if (f.network === 'auto' || f.network === 'none') parts.push(`--nic ${f.network}`);
  else parts.push(`--network ${f.network || '<network>'}`);
  if (f.keyName) parts.push(`--key-name ${shellQuote(f.keyName)}`);
  if (f.availabilityZone) parts.push(`--availability-zone ${shellQuote(f.availabilityZone)}`);
  if (f.hasUserData) parts.push('--user-data ./user-data');
  if (f.count > 1) parts.push(`--min ${f.count} --max ${f.count}`);
  parts.push(f.name.trim() ? shellQuote(f.name.trim()) : '<name>');
  return parts.join(' ');
}
