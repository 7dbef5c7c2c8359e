// Boot from volume in the local cloud's Nova, against its Cinder (../cinder/store.ts): the
// block_device_mapping_v2 schema, nova-api's checks (block_device.py from_api,
// compute/api.py _check_and_transform_bdm / _validate_bdm / the min_disk check), the
// volumes nova-compute makes and attaches during the build, their release at delete, and the
// views (volumes_attached, os-volume_attachments). Messages are Nova 26's.
import { z } from 'zod';
import type { CloudContext } from '../context';
import { serviceOptions } from '../config';
import { callerOf, canSee } from '../glance/access';
import { novaFault } from '../errors';
import {
  addVolume, cinderOf, completeAttachment, connectAttachment, deleteAttachment, findSnapshot, findType, findVolume,
  quotaRefusal, quotasOf, reserveVolume, usageOf, scheduleVolumeDeletion, setVolumeStatus, volumeDeleteRefusal,
} from '../cinder/store';
import type { CinderVolume } from '../cinder/model';
import type { NovaContext } from './common';
import type { ApiVersion } from './microversion';
import { atLeast } from './microversion';
import type { Parsed } from './validation';
import { booleanType, isUuidLike, noMatch, notOfType, notOneOf, tagType, tooLong, tooShort } from './validation';
import { bootPropsOf } from '../state/seed';
import type { BlockDevice, Flavor, Image, Server } from '../state/state';
import { newId } from '../state/state';

// ---------------------------------------------------------------- schema

const str = () => z.string(notOfType("'string'"));
const SOURCE_TYPES = ['volume', 'image', 'snapshot', 'blank'] as const;
const DESTINATION_TYPES = ['local', 'volume'] as const;

/** schemas/servers.py block_device_mapping_v2 (legacy keys + the v2 ones), per microversion. */
export function blockDeviceSchema(v: ApiVersion) {
  return z.strictObject({
    virtual_name: str().max(255, tooLong).optional(),
    volume_id: str().refine(isUuidLike, noMatch('uuid')).optional(),
    snapshot_id: str().refine(isUuidLike, noMatch('uuid')).optional(),
    volume_size: z.union([z.number().int(), str().regex(/^[0-9]+$/), z.null()], notOfType("'integer', 'string', 'null'"))
      .transform((x) => (x === null ? null : Number(x))).optional(),
    device_name: str().min(1, tooShort).max(255, tooLong).regex(/^[a-zA-Z0-9._\-r/]*$/, noMatch('^[a-zA-Z0-9._-r/]*$')).optional(),
    delete_on_termination: booleanType().optional(),
    no_device: z.unknown().optional(),
    connection_info: str().max(16777215, tooLong).optional(),
    source_type: z.enum(SOURCE_TYPES, notOneOf(SOURCE_TYPES)).optional(),
    uuid: str().min(1, tooShort).max(255, tooLong).regex(/^[a-zA-Z0-9._-]*$/, noMatch('^[a-zA-Z0-9._-]*$')).optional(),
    image_id: str().refine(isUuidLike, noMatch('uuid')).optional(),
    destination_type: z.enum(DESTINATION_TYPES, notOneOf(DESTINATION_TYPES)).optional(),
    guest_format: str().max(255, tooLong).optional(),
    device_type: str().max(255, tooLong).optional(),
    disk_bus: str().max(255, tooLong).optional(),
    boot_index: z.union([z.number().int(), str().regex(/^-?[0-9]+$/), z.null()], notOfType("'integer', 'string', 'null'"))
      .transform((x) => (x === null ? null : Number(x))).optional(),
    ...((atLeast(v, '2.32') && !atLeast(v, '2.37')) || atLeast(v, '2.42') ? { tag: tagType().optional() } : {}),
    ...(atLeast(v, '2.67') ? { volume_type: z.union([str().max(255, tooLong), z.null()], notOfType("'string', 'null'")).optional() } : {}),
  }, notOfType("'object'"));
}
export type RequestedDevice = z.output<ReturnType<typeof blockDeviceSchema>>;

// ---------------------------------------------------------------- plan

const GiB = 1024 ** 3;
const invalidBdm = (detail: string) => `Block Device Mapping is Invalid: ${detail}`;

/** What the API settled on: the devices, the boot metadata of a volume root, the imageRef kept. */
export interface BlockDevicePlan {
  devices: Omit<BlockDevice, 'id'>[];
  /** The root is a volume (the server is volume-backed). */
  volumeBacked: boolean;
  /** system_metadata image_* of a volume-backed server (its "image"). */
  bootProps: Record<string, string> | null;
  /** The image whose RAM minimum applies (for the flavor check), when there is one. */
  bootImage: Image | null;
  /** Existing volumes to reserve for the server (source volume). */
  reserve: string[];
}

const emptyDevice = (): Omit<BlockDevice, 'id'> => ({
  sourceType: 'blank', destinationType: 'local', imageId: null, snapshotId: null, volumeId: null, volumeSize: null,
  bootIndex: null, deleteOnTermination: false, deviceName: null, diskBus: null, deviceType: null, guestFormat: null,
  volumeType: null, tag: null, attachmentId: null,
});

/** The keys get_image_metadata_from_volume takes out of a volume's image metadata. */
const VIM_IMAGE_ATTRIBUTES = ['image_id', 'image_name', 'size', 'checksum', 'container_format', 'disk_format', 'min_ram', 'min_disk'];

/** system_metadata of a server booted from a volume, from its image metadata (or none). */
export function bootPropsFromVolume(meta: Record<string, string> | null, flavor: Flavor): Record<string, string> {
  const props = Object.fromEntries(Object.entries(meta ?? {}).filter(([k]) => !VIM_IMAGE_ATTRIBUTES.includes(k)));
  return {
    ...props,
    min_disk: String(Math.max(Number(meta?.min_disk ?? 0) || 0, flavor.disk)),
    min_ram: String(Number(meta?.min_ram ?? 0) || 0),
    base_image_ref: '',
  };
}

/** The block device mapping an image defines (a volume-backed snapshot's), as requests. */
function imageDefinedDevices(image: Image): RequestedDevice[] {
  if (!['true', '1', 'yes'].includes((image.properties.bdm_v2 ?? '').toLowerCase())) return [];
  try {
    const list = JSON.parse(image.properties.block_device_mapping ?? '[]') as Record<string, unknown>[];
    if (!Array.isArray(list)) return [];
    return list.filter((m) => m && typeof m === 'object' && !m.no_device).map((m) => ({
      source_type: m.source_type as RequestedDevice['source_type'],
      destination_type: m.destination_type as RequestedDevice['destination_type'],
      snapshot_id: (m.snapshot_id as string | null) ?? undefined,
      volume_id: (m.volume_id as string | null) ?? undefined,
      image_id: (m.image_id as string | null) ?? undefined,
      volume_size: (m.volume_size as number | null) ?? null,
      boot_index: m.boot_index === null || m.boot_index === undefined ? null : Number(m.boot_index),
      delete_on_termination: Boolean(m.delete_on_termination),
      device_name: (m.device_name as string | null) ?? undefined,
      disk_bus: (m.disk_bus as string | null) ?? undefined,
      device_type: (m.device_type as string | null) ?? undefined,
      guest_format: (m.guest_format as string | null) ?? undefined,
      volume_type: (m.volume_type as string | null) ?? undefined,
    }));
  } catch {
    return [];
  }
}

/**
 * nova-api's part of a boot with block devices: format checks, the image's own mapping
 * merged in, the boot sequence, each source looked up in Glance or Cinder, the root
 * volume's boot metadata and its size against min_disk. `image` is the imageRef's image.
 */
export function planBlockDevices(
  cloud: CloudContext, c: NovaContext,
  args: { requested: RequestedDevice[]; image: Image | null; flavor: Flavor; count: number },
): Parsed<BlockDevicePlan> {
  const fail = (m: string, status = 400) => ({ ok: false as const, response: novaFault(c, status, m) });
  if (!serviceOptions(cloud).cinder) return fail(invalidBdm('the local cloud runs without block storage (--no-cinder).'));
  const auth = c.get('auth');
  const data = cinderOf(cloud.state);
  const imageGiven = args.image !== null;

  // BlockDeviceDict.from_api
  const requested: RequestedDevice[] = [];
  for (const d of args.requested) {
    if (d.no_device) continue;
    const bootIndex = d.boot_index ?? -1;
    if (d.source_type === 'blank' && d.uuid) return fail(invalidBdm('Invalid device UUID.'));
    const copy = { ...d };
    if (d.source_type !== 'blank') {
      if (!d.uuid) return fail(invalidBdm('Missing device UUID.'));
      if (d.source_type === 'volume') copy.volume_id = d.uuid;
      else if (d.source_type === 'snapshot') copy.snapshot_id = d.uuid;
      else if (d.source_type === 'image') copy.image_id = d.uuid;
    }
    if (d.source_type === 'image' && d.destination_type === 'local' && !(imageGiven && bootIndex === 0)) {
      return fail(invalidBdm('Mapping image to local is not supported.'));
    }
    if (d.destination_type === 'local' && d.volume_type) return fail(invalidBdm('Specifying a volume_type with destination_type=local is not supported.'));
    if (d.source_type === 'volume' && d.volume_type) return fail(invalidBdm('Specifying volume type to existing volume is not supported.'));
    requested.push(copy);
  }

  // _check_and_transform_bdm: an image with its own root mapping drops the requested image root.
  const fromImage = args.image ? imageDefinedDevices(args.image) : [];
  const rootInImage = fromImage.some((d) => d.boot_index === 0);
  const kept = rootInImage ? requested.filter((d) => !(d.boot_index === 0 && d.source_type === 'image')) : requested;
  const names = new Set(kept.map((d) => d.device_name).filter(Boolean));
  let merged = [...fromImage.filter((d) => !d.device_name || !names.has(d.device_name)), ...kept];
  if (args.count > 1 && merged.some((d) => d.source_type === 'volume')) return fail('Cannot attach one or more volumes to multiple instances');
  // An image boot with no root mapping boots the image to a local disk (create_image_bdm).
  if (imageGiven && !merged.some((d) => d.boot_index === 0)) {
    merged = [{ source_type: 'image', destination_type: 'local', image_id: args.image!.id, boot_index: 0, delete_on_termination: true }, ...merged];
  }

  // _validate_bdm: boot indexes 0, 1, 2… and at least one.
  const indexes = merged.map((d) => d.boot_index ?? -1).filter((i) => i >= 0).sort((a, b) => a - b);
  if (indexes.length === 0 || indexes.some((v, i) => v !== i)) {
    return fail(invalidBdm('Boot sequence for the instance and image/block device mapping combination is not valid.'));
  }

  const devices: Omit<BlockDevice, 'id'>[] = [];
  const reserve: string[] = [];
  const caller = callerOf(auth);
  let bootImage: Image | null = args.image;
  let bootProps: Record<string, string> | null = null;
  /** The boot metadata's min_disk (GiB), which a requested root size must meet. */
  let bootMinDisk = args.image?.minDisk ?? 0;
  for (const d of merged) {
    const device = {
      ...emptyDevice(),
      sourceType: d.source_type ?? 'blank',
      destinationType: d.destination_type ?? (d.source_type === 'image' && d.boot_index === 0 ? 'local' : 'volume'),
      imageId: d.image_id ?? null, snapshotId: d.snapshot_id ?? null, volumeId: d.volume_id ?? null,
      volumeSize: d.volume_size ?? null, bootIndex: d.boot_index === undefined || d.boot_index === null || d.boot_index < 0 ? null : d.boot_index,
      deleteOnTermination: d.delete_on_termination ?? false, deviceName: d.device_name ?? null, diskBus: d.disk_bus ?? null,
      deviceType: d.device_type ?? null, guestFormat: d.guest_format ?? null,
      volumeType: (d as { volume_type?: string | null }).volume_type ?? null,
      tag: (d as { tag?: string }).tag ?? null,
    } satisfies Omit<BlockDevice, 'id'>;
    if (device.volumeType && !findType(data, device.volumeType)) return fail(`Volume type ${device.volumeType} could not be found.`);
    const isRoot = device.bootIndex === 0;
    if (device.imageId !== null) {
      const image = device.imageId === args.image?.id ? args.image : cloud.state.image(device.imageId);
      if (!image || !canSee(caller, image)) return fail(invalidBdm(`failed to get image ${device.imageId}.`));
      if (device.sourceType === 'image' && device.destinationType === 'volume' && !device.volumeSize) {
        return fail("Images with destination_type 'volume' need to have a non-zero size specified");
      }
      if (isRoot && device.destinationType === 'volume') {
        bootImage = image;
        bootMinDisk = image.minDisk;
        bootProps = { ...bootPropsOf(image, args.flavor), base_image_ref: args.image ? args.image.id : '' };
      }
    } else if (device.volumeId !== null) {
      const volume = findVolume(data, device.volumeId);
      if (!volume || volume.projectId !== auth.project?.id) return fail(invalidBdm(`failed to get volume ${device.volumeId}.`));
      if (isRoot && !volume.bootable) return fail(`Block Device ${volume.id} is not bootable.`);
      // attachment_create: Cinder reserves only an available volume (a guess at Nova's wording of the 400).
      if (volume.status !== 'available') {
        return fail(`Invalid volume: Invalid input received: Invalid volume: Volume ${volume.id} status must be available or downloading to reserve, but the current status is ${volume.status}. (HTTP 400)`);
      }
      device.volumeSize = volume.size;
      reserve.push(volume.id);
      if (isRoot) bootProps = bootPropsFromVolume(volume.imageMetadata, args.flavor);
      if (isRoot) bootMinDisk = Number(volume.imageMetadata?.min_disk ?? 0) || 0;
    } else if (device.snapshotId !== null) {
      const snapshot = findSnapshot(data, device.snapshotId);
      if (!snapshot || snapshot.projectId !== auth.project?.id) return fail(invalidBdm(`failed to get snapshot ${device.snapshotId}.`));
      // Checked before _validate_bdm fills the size in: only a size given is held to min_disk.
      if (isRoot && !args.image) {
        const source = findVolume(data, snapshot.volumeId);
        bootProps = bootPropsFromVolume(source?.imageMetadata ?? null, args.flavor);
        bootMinDisk = Number(source?.imageMetadata?.min_disk ?? 0) || 0;
      }
      device.volumeSize ??= snapshot.size;
    } else if (device.sourceType === 'blank' && device.destinationType === 'volume' && !device.volumeSize) {
      return fail("Blank volumes (source: 'blank', dest: 'volume') need to have non-zero size");
    }
    devices.push(device);
  }

  const root = devices.find((d) => d.bootIndex === 0)!;
  const volumeBacked = root.destinationType === 'volume';
  if (volumeBacked && args.image) {
    // Booted by imageRef from an image whose mapping holds the root: the image is the boot meta.
    const props = Object.fromEntries(Object.entries(args.image.properties).filter(([k]) => k !== 'block_device_mapping'));
    bootProps = { ...bootPropsOf({ ...args.image, properties: props }, args.flavor), base_image_ref: args.image.properties.base_image_ref ?? args.image.id };
  }
  if (volumeBacked) {
    // _validate_flavor_image_nostatus: a volume root is held to min_disk, not the flavor's disk.
    const requestedSize = merged.find((d) => d.boot_index === 0)?.volume_size ?? null;
    if (requestedSize !== null && bootMinDisk > requestedSize) {
      return fail(`Volume is smaller than the minimum size specified in image metadata. Volume size is ${requestedSize * GiB} bytes, minimum size is ${bootMinDisk * GiB} bytes.`);
    }
  }
  return { ok: true, data: { devices, volumeBacked, bootProps: volumeBacked ? bootProps ?? bootPropsFromVolume(null, args.flavor) : null, bootImage, reserve } };
}

// ---------------------------------------------------------------- the compute side

/** The device names libvirt gives: vd* on virtio, sd* on SCSI/SATA (hw_disk_bus). */
function deviceNames(server: Server): () => string {
  const prefix = ['scsi', 'sata'].includes(server.bootImageProps.hw_disk_bus ?? '') ? '/dev/sd' : '/dev/vd';
  const taken = new Set((server.blockDevices ?? []).map((d) => d.deviceName).filter(Boolean));
  let letter = 0;
  return () => {
    for (;;) {
      const name = `${prefix}${String.fromCharCode(97 + letter++)}`;
      if (!taken.has(name)) {
        taken.add(name);
        return name;
      }
    }
  };
}

/** The root's device name, as Nova records it (root_device_name). */
export const rootDeviceOf = (server: Server): string | null => server.blockDevices?.find((d) => d.bootIndex === 0)?.deviceName ?? null;

export const isVolumeBacked = (server: Server): boolean =>
  (server.blockDevices ?? []).some((d) => d.bootIndex === 0 && d.destinationType === 'volume');

/** At the API: the BDM records, and the reservations of the existing volumes (attachment_create). */
export function recordBlockDevices(cloud: CloudContext, server: Server, plan: BlockDevicePlan): void {
  server.blockDevices = plan.devices.map((d) => ({ ...d, id: newId() }));
  const data = cinderOf(cloud.state);
  for (const bdm of server.blockDevices) {
    if (bdm.volumeId === null || !plan.reserve.includes(bdm.volumeId)) continue;
    const volume = findVolume(data, bdm.volumeId);
    if (volume) bdm.attachmentId = reserveVolume(cloud, volume, server.id).id;
  }
  const name = deviceNames(server);
  for (const bdm of server.blockDevices) bdm.deviceName ??= bdm.destinationType === 'volume' || bdm.bootIndex === 0 ? name() : null;
}

/** _prep_block_device: create the volumes (creating), reserve them; a refusal aborts the build. */
export function createBlockDeviceVolumes(cloud: CloudContext, server: Server): string | null {
  const data = cinderOf(cloud.state);
  for (const bdm of server.blockDevices ?? []) {
    if (bdm.destinationType !== 'volume' || bdm.volumeId !== null) continue;
    const size = bdm.volumeSize ?? 0;
    const refusal = quotaRefusal(data, server.projectId, 'volume', size);
    if (refusal) return refusal.message;
    const image = bdm.imageId ? cloud.state.image(bdm.imageId) : undefined;
    const snapshot = bdm.snapshotId ? findSnapshot(data, bdm.snapshotId) : undefined;
    // Nova names the volumes it makes '' (volume_api.create(context, size, '', '', …)).
    const volume = addVolume(cloud, {
      projectId: server.projectId, userId: server.userId, size, name: '', description: '',
      volumeTypeId: bdm.volumeType ? findType(data, bdm.volumeType)?.id : undefined, image, snapshot,
    });
    bdm.volumeId = volume.id;
    bdm.attachmentId = reserveVolume(cloud, volume, server.id).id;
  }
  return null;
}

/** The volumes are there: connect them (attaching). */
export function connectBlockDevices(cloud: CloudContext, server: Server): void {
  const data = cinderOf(cloud.state);
  for (const bdm of server.blockDevices ?? []) {
    const volume = bdm.volumeId ? findVolume(data, bdm.volumeId) : undefined;
    const attachment = data.attachments.find((a) => a.id === bdm.attachmentId);
    if (volume && attachment) connectAttachment(cloud, volume, attachment, bdm.deviceName ?? '/dev/vda');
  }
}

/** The guest runs: attachment_complete, every volume in-use. */
export function completeBlockDevices(cloud: CloudContext, server: Server): void {
  const data = cinderOf(cloud.state);
  for (const bdm of server.blockDevices ?? []) {
    const volume = bdm.volumeId ? findVolume(data, bdm.volumeId) : undefined;
    const attachment = data.attachments.find((a) => a.id === bdm.attachmentId);
    if (volume && attachment) completeAttachment(cloud, volume, attachment);
  }
}

/**
 * At terminate (with the [service_user] token the spike showed Nova needs): every attachment
 * deleted, then the volumes marked delete_on_termination deleted. A volume Cinder will not
 * delete (it has snapshots) stays, available, as nova-compute only logs the failure.
 */
export function releaseBlockDevices(cloud: CloudContext, server: Server): void {
  const data = cinderOf(cloud.state);
  for (const bdm of server.blockDevices ?? []) {
    const attachment = data.attachments.find((a) => a.id === bdm.attachmentId);
    if (attachment) deleteAttachment(cloud, attachment);
    bdm.attachmentId = null;
    const volume: CinderVolume | undefined = bdm.volumeId ? findVolume(data, bdm.volumeId) : undefined;
    if (!volume || !bdm.deleteOnTermination) continue;
    if (volume.status === 'creating' || volume.status === 'downloading') setVolumeStatus(cloud, volume, 'available');
    if (volumeDeleteRefusal(data, volume, false) === null) scheduleVolumeDeletion(cloud, volume);
  }
}

// ---------------------------------------------------------------- views

/** os-extended-volumes:volumes_attached: the volumes of the BDMs, in their order. */
export function volumesAttachedView(server: Server, v: ApiVersion): Record<string, unknown>[] {
  return (server.blockDevices ?? []).filter((d) => d.volumeId !== null).map((d) => ({
    id: d.volumeId,
    ...(atLeast(v, '2.3') ? { delete_on_termination: d.deleteOnTermination } : {}),
  }));
}

/** volumes.py _translate_attachment_detail_view. */
export function volumeAttachmentView(server: Server, d: BlockDevice, v: ApiVersion): Record<string, unknown> {
  const view: Record<string, unknown> = {};
  if (!atLeast(v, '2.89')) view.id = d.volumeId;
  view.volumeId = d.volumeId;
  view.serverId = server.id;
  if (d.deviceName) view.device = d.deviceName;
  if (atLeast(v, '2.70')) view.tag = d.tag;
  if (atLeast(v, '2.79')) view.delete_on_termination = d.deleteOnTermination;
  if (atLeast(v, '2.89')) {
    view.attachment_id = d.attachmentId;
    view.bdm_uuid = d.id;
  }
  return view;
}

// ---------------------------------------------------------------- volume-backed snapshots

/** Python's json.dumps of a list of flat dicts (", " and ": "), as Nova stores the property. */
export function pyJsonDumps(list: Record<string, string | number | boolean | null>[]): string {
  const value = (x: string | number | boolean | null) => (x === null ? 'null' : typeof x === 'boolean' ? (x ? 'true' : 'false') : JSON.stringify(x));
  return `[${list.map((d) => `{${Object.entries(d).map(([k, x]) => `${JSON.stringify(k)}: ${value(x)}`).join(', ')}}`).join(', ')}]`;
}

/** BlockDeviceDict.get_image_mapping of a device, keys in the order the spike recorded. */
export function imageMapping(d: Omit<BlockDevice, 'id'>): Record<string, string | number | boolean | null> {
  return {
    encryption_secret_uuid: null,
    delete_on_termination: d.deleteOnTermination,
    device_name: d.deviceName,
    snapshot_id: d.snapshotId,
    image_id: d.imageId,
    volume_id: d.volumeId,
    source_type: d.sourceType,
    encrypted: null,
    encryption_format: null,
    no_device: null,
    destination_type: d.destinationType,
    tag: d.tag,
    disk_bus: d.diskBus,
    encryption_options: null,
    guest_format: d.guestFormat,
    volume_type: d.volumeType,
    boot_index: d.bootIndex,
    device_type: d.deviceType,
    volume_size: d.volumeSize,
  };
}

/** block_device.snapshot_from_bdm: a snapshot device from the template bdm. */
export function snapshotMapping(snapshotId: string, template: BlockDevice): Record<string, string | number | boolean | null> {
  return imageMapping({
    ...emptyDevice(),
    sourceType: 'snapshot', destinationType: 'volume', snapshotId,
    diskBus: template.diskBus, deviceType: template.deviceType, bootIndex: template.bootIndex,
    deleteOnTermination: template.deleteOnTermination, volumeSize: template.volumeSize, deviceName: template.deviceName,
  });
}

export function volumeOfDevice(cloud: CloudContext, d: BlockDevice): CinderVolume | undefined {
  return d.volumeId ? findVolume(cinderOf(cloud.state), d.volumeId) : undefined;
}

/** Cinder's absolute limits as Nova reads them before a volume-backed snapshot. */
export function snapshotsOverQuota(cloud: CloudContext, projectId: string, count: number): boolean {
  const data = cinderOf(cloud.state);
  const max = quotasOf(data, projectId).snapshots;
  return max > -1 && usageOf(data, projectId).snapshots + count > max;
}
