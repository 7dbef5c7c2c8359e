// The image routes' contract, browser-safe: their inputs besides the list query and the
// switches (checked before anything is sent upstream), and what they answer.
import { z } from 'zod';
import { MAX_INSTANCE_LOOKUPS } from '@/lib/images/lineage-limits';
import { guid } from '@/lib/openstack/ids';
import type { Image } from '@/lib/openstack/image/images';

// Glance takes any UUID an admin gave at creation, so the looser 8-4-4-4-12 form.
export const imageIdParams = z.strictObject({ id: guid('not an image id (a UUID)') });

export const MAX_BULK_DELETE = 100;

export const bulkDeleteSchema = z.strictObject({
  ids: z.array(guid('not an image id (a UUID)')).min(1, 'choose at least one image').max(MAX_BULK_DELETE, `at most ${MAX_BULK_DELETE} images at a time`)
    .refine((ids) => new Set(ids).size === ids.length, 'the same image is listed twice'),
});

/** `?ids=a,b,c`: the instances a page of snapshots came from. */
export const instanceIdsQuery = z.strictObject({
  ids: z.string().transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(guid('not an instance id (a UUID)')).min(1).max(MAX_INSTANCE_LOOKUPS)),
});

/** Bulk enable takes no options; an empty JSON object keeps it a JSON POST (no form can send it cross-site). */
export const emptyBody = z.strictObject({});


/** The client's Image (type only), with who owns it in words. */
export interface ImageDto extends Omit<Image, 'name'> {
  /** Glance allows a null name; sent as "". */
  name: string;
  /** The owner project's name when known, else its id shortened. */
  ownerName: string;
  /** Whether the signed-in project owns the image (and so may change or delete it). */
  ownedByProject: boolean;
  /** A volume-backed snapshot: the Cinder snapshots its block_device_mapping names, root
   * first, with the size Nova recorded (GiB). Null for any other image. */
  cinderSnapshots: { id: string; size: number | null }[] | null;
  /** Shared with me: the project's answer (pending, accepted, rejected); null when it could
   * not be read; absent elsewhere. */
  memberStatus?: string | null;
}

/** How the list was made for the Base images tab, where Glance cannot filter. */
export interface ScanReport {
  glancePages: number;
  examined: number;
  /** Stopped at the page cap before filling the page: the user may scan further. */
  capped: boolean;
}

export interface ImageListResponse {
  images: ImageDto[];
  nextMarker: string | null;
  scan: ScanReport | null;
}

export type Presence = 'exists' | 'gone' | 'unknown';

export interface InstanceRef {
  id: string;
  name: string | null;
  presence: Presence;
  /** Why presence is unknown (the lookup failed). */
  message?: string;
}

export interface ImageRef {
  id: string;
  name: string | null;
  presence: Presence;
  message?: string;
}

export interface ImageDetailResponse {
  image: ImageDto;
  /** Why the consistency switches are read-only, or null when the project may change them. */
  readOnlyReason: string | null;
  instance: InstanceRef | null;
  baseImage: ImageRef | null;
  /** Snapshots whose base_image_ref is this image (first page). */
  derived: { images: ImageDto[]; more: boolean; error: string | null };
  /** A volume-backed snapshot: the Cinder snapshots of its block_device_mapping, root first;
   * null for any other image. */
  volumeSnapshots: VolumeSnapshotRef[] | null;
}

export interface InstanceNamesResponse {
  instances: Record<string, InstanceRef>;
}

/** One item of a bulk action: a failure on one never stops the others. */
export interface BatchItemResult {
  id: string;
  name: string;
  ok: boolean;
  /** What happened, in words (the upstream message on failure). */
  message: string;
  status?: number;
  /** Deleting a volume-backed snapshot: what became of each Cinder snapshot it stood for. */
  volumeSnapshots?: VolumeSnapshotOutcome[];
}

/** One Cinder snapshot behind a deleted image: deleted (Cinder took the delete), already gone,
 * or kept, with why. */
export interface VolumeSnapshotOutcome {
  id: string;
  name: string | null;
  /** GiB, from Cinder, else from the image's block_device_mapping; null when neither says. */
  size: number | null;
  volumeId: string | null;
  outcome: 'deleted' | 'gone' | 'kept';
  message: string;
}

/** What the image detail page shows of each Cinder snapshot a volume-backed snapshot stands
 * for: Cinder's record, or why it could not be read. */
export interface VolumeSnapshotRef {
  id: string;
  presence: Presence;
  name: string | null;
  status: string | null;
  size: number | null;
  volumeId: string | null;
  /** The volume's name when Cinder shows it. */
  volumeName: string | null;
  deviceName: string | null;
  bootIndex: number | null;
  message?: string;
}

export interface BatchResponse {
  results: BatchItemResult[];
  /** Images looked at but left alone (e.g. already have the property). */
  skipped: number;
}
