// The launch routes' contract, browser-safe: what the Launch instance form sends to POST
// /api/launch, shared by the form (to check before sending) and the route (which answers 400
// with `fields` when it fails), and the shapes the launch routes answer with.
import { z } from 'zod';
import { isWellFormedText, NOT_WELL_FORMED_TEXT } from '@/lib/openstack/text';
import type { ImageKind } from '@/lib/images/rules';

export const NETWORK_AUTO = 'auto';
export const NETWORK_NONE = 'none';
/** Nova's largest volume_size in a block device mapping (lib/openstack/compute/servers.ts). */
export const MAX_VOLUME_GIB = 16_384;

const optionalText = (max: number, message: string) =>
  z.string().trim().max(max, message).refine(isWellFormedText, NOT_WELL_FORMED_TEXT).optional().transform((s) => (s ? s : undefined));

export const launchInputSchema = z.object({
  name: z.string().trim().min(1, 'Enter a name for the instance.').max(255, 'At most 255 characters.').refine(isWellFormedText, NOT_WELL_FORMED_TEXT),
  sourceId: z.guid('Choose a snapshot or image to launch from.'),
  flavorId: z.string().trim().min(1, 'Choose a flavor.').max(255, 'Not a flavor id.').refine(isWellFormedText, 'Not a flavor id.'),
  network: z.union([z.literal(NETWORK_AUTO), z.literal(NETWORK_NONE), z.guid('Choose a network.')], { error: 'Choose a network.' }),
  keyName: optionalText(255, 'Not a key pair name.'),
  /** Nova's availability_zone, one it listed; absent: "Any", Nova's default zone. */
  availabilityZone: z.string().min(1, 'Choose an availability zone, or Any.').max(255, 'At most 255 characters.').refine(isWellFormedText, NOT_WELL_FORMED_TEXT).optional(),
  count: z.coerce.number({ error: 'Enter a number from 1 to 10.' }).int('Enter a whole number from 1 to 10.').min(1, 'At least 1.').max(10, 'At most 10 at once.'),
  installAgent: z.boolean().default(false),
  userData: z.string().max(200_000, 'The user data is too long.').default(''),
  /** Boot from a new Cinder volume made from the image (Horizon's "Create New Volume"). */
  newVolume: z.boolean().default(false),
  /** GiB of that volume; its lower bound depends on the image (volumeSizeSchema). */
  volumeSize: z.coerce.number({ error: 'Enter a size in GiB.' }).int('Enter a whole number of GiB.').min(1, 'At least 1 GiB.').max(MAX_VOLUME_GIB, `At most ${MAX_VOLUME_GIB} GiB.`).optional(),
  /** delete_on_termination of the boot volume(s) Nova creates. */
  deleteVolume: z.boolean().default(false),
}).superRefine((o, ctx) => {
  if (o.newVolume && o.volumeSize === undefined) ctx.addIssue({ code: 'custom', path: ['volumeSize'], message: 'Enter the size of the new volume.' });
});
export type LaunchInput = z.input<typeof launchInputSchema>;

/** The size of a new boot volume for a given image: Nova refuses one below the image's
 * min_disk or its size ("Volume is smaller than the minimum size…"). Used by form and route. */
export const volumeSizeSchema = (minimum: number) =>
  z.number().int('Enter a whole number of GiB.').min(minimum, `At least ${minimum} GiB: the image needs that much.`).max(MAX_VOLUME_GIB, `At most ${MAX_VOLUME_GIB} GiB.`);

/** What POST /api/launch answers (202). */
export interface LaunchResult {
  /** The new servers' ids: the first one always, the others when they could be found. */
  ids: string[];
  requested: number;
  /** False when fewer servers than requested could be identified (see `note`). */
  complete: boolean;
  note: string | null;
}


export interface LaunchSource {
  id: string;
  name: string;
  kind: ImageKind;
  status: string;
  visibility: string;
  owner: string | null;
  /** The current project owns it: it may change the image's properties. */
  ownedByProject: boolean;
  minDisk: number;
  minRam: number;
  size: number | null;
  createdAt: string;
  /** hw_qemu_guest_agent: instances launched from it get the agent channel. */
  agentChannel: boolean;
  requireQuiesce: boolean;
  osDistro: string | null;
  osType: string | null;
  /** For snapshots and backups: the instance it was taken of. */
  instanceUuid: string | null;
  /** A volume-backed snapshot: the Cinder snapshots Nova makes the new instance's volumes
   * from, root (bootIndex 0) first; null for an image that holds its data. */
  volumeSnapshots: VolumeSnapshotDevice[] | null;
}

export interface VolumeSnapshotDevice {
  snapshotId: string;
  /** GiB from the image's mapping; null: the Cinder snapshot's own size. */
  size: number | null;
  bootIndex: number | null;
}

/** GET /api/launch/sources?id=: the one source, and whether the session can make volumes. */
export interface SourceAnswer {
  source: LaunchSource;
  /** The region has Cinder (the session's volume endpoint): boot from volume is possible. */
  blockStorage: boolean;
}

export interface SourcesAnswer {
  sources: LaunchSource[];
  /** Glance has no substring search: only the first images were searched for `q`. */
  truncated: boolean;
  blockStorage: boolean;
}

export interface NetworkChoice {
  id: string;
  name: string;
  shared: boolean;
  external: boolean;
  status: string;
}

export interface NetworksAnswer {
  /** False when the cloud's catalog has no network service (Neutron). */
  service: boolean;
  networks: NetworkChoice[];
  /** Nova accepts networks "auto" and "none" (microversion 2.37 or later). */
  autoAndNone: boolean;
}

/** GET /api/availability-zones: the zones Nova lists as available, by name. */
export interface AvailabilityZonesAnswer {
  zones: string[];
}

export interface KeypairChoice {
  name: string;
  type: string;
  fingerprint: string;
}
