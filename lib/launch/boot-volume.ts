// How a launch boots: from the image onto the hypervisor's local disk (imageRef), or from new
// Cinder volumes (block_device_mapping_v2). Pure and browser-safe: the route builds Nova's
// request with it and the form its CLI line, so the two cannot drift apart.
import { volumeSizeSchema, type LaunchSource } from './contract';

const GiB = 1024 ** 3;

/** One block_device_mapping_v2 entry, in the client's words (CreateServerOpts.blockDeviceMapping). */
export interface BootDevice {
  sourceType: 'image' | 'snapshot';
  uuid: string;
  destinationType: 'volume';
  /** 0 for the root; -1 for a device that does not boot. */
  bootIndex: number;
  /** GiB; absent: the Cinder snapshot's own size. */
  volumeSize?: number;
  deleteOnTermination: boolean;
}

export type Boot = { kind: 'image'; imageRef: string } | { kind: 'volume'; devices: BootDevice[] };

export interface VolumeChoice {
  newVolume: boolean;
  volumeSize?: number;
  deleteVolume: boolean;
}

type Source = Pick<LaunchSource, 'id' | 'minDisk' | 'size' | 'volumeSnapshots'>;

/** The smallest new boot volume (GiB) for an image: its min_disk and its data, rounded up
 * (Nova's _validate_flavor_image_nostatus refuses less for a volume root). */
export function minVolumeSize(source: Pick<LaunchSource, 'minDisk' | 'size'>): number {
  return Math.max(1, source.minDisk, Math.ceil((source.size ?? 0) / GiB));
}

/** Whether the instance's root disk is a volume (then the flavor's disk does not count). */
export const bootsFromVolume = (source: Pick<LaunchSource, 'volumeSnapshots'> | null, choice: Pick<VolumeChoice, 'newVolume'>): boolean =>
  source !== null && (source.volumeSnapshots !== null || choice.newVolume);

/**
 * What Nova is sent.
 *
 * A volume-backed snapshot is booted WITHOUT imageRef, from its Cinder snapshots named
 * directly (source_type snapshot, as Horizon's "Volume Snapshot" source and OSC's --snapshot
 * do). With imageRef, Nova merges the image's own mapping and lets a requested device replace
 * an image one only by equal device_name (compute/api.py _merge_bdms_lists), which the image
 * may not record and which Nova also refuses as "the same device name as the root device":
 * the only reliable way to choose delete_on_termination is to send the whole mapping. The
 * cost: Nova shows the server's image as "" and takes its image metadata from the source
 * volume (utils.get_bdm_image_metadata), not from the Glance snapshot image.
 *
 * A new volume from an image: source_type image, destination_type volume, boot_index 0,
 * volume_size, also without imageRef (Nova then boots from the volume, image "").
 */
export function bootOf(source: Source, choice: VolumeChoice): Boot {
  if (source.volumeSnapshots) {
    return {
      kind: 'volume',
      devices: source.volumeSnapshots.map((d) => ({
        sourceType: 'snapshot',
        uuid: d.snapshotId,
        destinationType: 'volume',
        bootIndex: d.bootIndex ?? -1,
        ...(d.size !== null ? { volumeSize: d.size } : {}),
        deleteOnTermination: choice.deleteVolume,
      })),
    };
  }
  if (choice.newVolume) {
    return {
      kind: 'volume',
      devices: [{ sourceType: 'image', uuid: source.id, destinationType: 'volume', bootIndex: 0, volumeSize: choice.volumeSize ?? minVolumeSize(source), deleteOnTermination: choice.deleteVolume }],
    };
  }
  return { kind: 'image', imageRef: source.id };
}

export type BootField = 'sourceId' | 'volumeSize' | 'newVolume';

/** Why this boot cannot be asked of this cloud, next to the field it concerns; null when it can. */
export function bootProblem(source: Source, choice: VolumeChoice, blockStorage: boolean): { field: BootField; message: string } | null {
  if (source.volumeSnapshots) {
    if (!blockStorage) return { field: 'sourceId', message: 'This snapshot is volume-backed, and this region has no block storage (Cinder) to make its volume from. Choose another source.' };
    if (!source.volumeSnapshots.some((d) => d.bootIndex === 0)) return { field: 'sourceId', message: 'This volume-backed snapshot names no boot volume (boot_index 0). Choose another source.' };
    if (choice.newVolume) return { field: 'newVolume', message: 'This snapshot is volume-backed: its volume is made from its Cinder snapshot, "Create a new volume" does not apply.' };
    return null;
  }
  if (!choice.newVolume) return null;
  if (!blockStorage) return { field: 'newVolume', message: 'This region has no block storage (Cinder): instances boot from a local disk.' };
  const size = volumeSizeSchema(minVolumeSize(source)).safeParse(choice.volumeSize);
  if (!size.success) return { field: 'volumeSize', message: choice.volumeSize === undefined ? 'Enter the size of the new volume.' : size.error.issues[0]!.message };
  return null;
}
