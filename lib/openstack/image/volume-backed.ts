// The snapshot of a volume-backed instance, as Nova registers it in Glance
// (compute/api.py snapshot_volume_backed): a 0-byte image whose `block_device_mapping`
// property, a JSON string, names the Cinder snapshot(s) it stands for, with `bdm_v2` "True"
// and `root_device_name`. It has no image_type and no instance_uuid unless the caller gave
// them as createImage metadata (a Zed run, ../shared/cinder-spike). A pure reading of the
// properties: nothing is fetched.
import { z } from 'zod';
import type { Image } from './images';
import { isGuid } from '../ids';

/** One entry of block_device_mapping, as nova's BlockDeviceDict.get_image_mapping writes it
 * (nulls included). Tolerant: only what identifies a snapshot and its size is required. */
const mappingSchema = z.looseObject({
  source_type: z.string().nullable().optional(),
  destination_type: z.string().nullable().optional(),
  snapshot_id: z.string().nullable().optional(),
  volume_id: z.string().nullable().optional(),
  image_id: z.string().nullable().optional(),
  volume_size: z.number().int().nullable().optional(),
  boot_index: z.union([z.number().int(), z.string().regex(/^-?\d+$/).transform(Number)]).nullable().optional(),
  delete_on_termination: z.boolean().nullable().optional(),
  device_name: z.string().nullable().optional(),
  volume_type: z.string().nullable().optional(),
});

const mappingListSchema = z.array(mappingSchema);

export interface VolumeSnapshotMapping {
  /** The Cinder snapshot this device is made from on boot. */
  snapshotId: string;
  /** GiB; null when Nova did not record it (the snapshot's own size then applies). */
  volumeSize: number | null;
  /** 0 for the root disk; null when not bootable. */
  bootIndex: number | null;
  deleteOnTermination: boolean;
  deviceName: string | null;
  volumeType: string | null;
}

export interface VolumeBackedSnapshot {
  rootDeviceName: string | null;
  /** Every device made from a Cinder snapshot, root first. */
  mappings: VolumeSnapshotMapping[];
  /** Their snapshot ids, in the same order, without repeats. */
  snapshotIds: string[];
  /** The root device's size (GiB), or null. */
  rootVolumeSize: number | null;
}

const TRUE_STRINGS = new Set(['true', '1', 'yes', 'y', 'on', 't']);

/** The block device mapping of an image's properties, parsed; null when absent or not a
 * JSON list of mappings (a malformed property is not a volume-backed snapshot). */
export function parseBlockDeviceMapping(raw: string | undefined): z.output<typeof mappingListSchema> | null {
  if (raw === undefined) return null;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return null;
  }
  const parsed = mappingListSchema.safeParse(json);
  return parsed.success ? parsed.data : null;
}

/**
 * What makes an image a volume-backed snapshot: `bdm_v2` true and a block_device_mapping
 * with at least one device from a Cinder snapshot. Returns null for any other image.
 */
export function volumeBackedSnapshotOf(image: Pick<Image, 'properties'>): VolumeBackedSnapshot | null {
  const props = image.properties;
  if (!TRUE_STRINGS.has((props.bdm_v2 ?? '').trim().toLowerCase())) return null;
  const list = parseBlockDeviceMapping(props.block_device_mapping);
  if (!list) return null;
  const mappings: VolumeSnapshotMapping[] = [];
  for (const m of list) {
    // v2 mappings name the source; a v2 entry without source_type but with a snapshot id
    // is read as a snapshot too.
    if (!m.snapshot_id || (m.source_type != null && m.source_type !== 'snapshot')) continue;
    // The property is the image owner's to write: only a Cinder id is ever put in a path.
    if (!isGuid(m.snapshot_id)) continue;
    mappings.push({
      snapshotId: m.snapshot_id,
      volumeSize: m.volume_size ?? null,
      bootIndex: m.boot_index ?? null,
      deleteOnTermination: m.delete_on_termination ?? false,
      deviceName: m.device_name ?? null,
      volumeType: m.volume_type ?? null,
    });
  }
  if (mappings.length === 0) return null;
  mappings.sort((a, b) => rank(a.bootIndex) - rank(b.bootIndex));
  const root = mappings.find((m) => m.bootIndex === 0) ?? null;
  return {
    rootDeviceName: props.root_device_name ?? null,
    mappings,
    snapshotIds: [...new Set(mappings.map((m) => m.snapshotId))],
    rootVolumeSize: root?.volumeSize ?? null,
  };
}

/** Boot order: 0, 1, 2…, then devices that do not boot. */
const rank = (bootIndex: number | null) => (bootIndex === null || bootIndex < 0 ? Number.MAX_SAFE_INTEGER : bootIndex);
