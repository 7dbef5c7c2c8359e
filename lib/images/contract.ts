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
}

export interface BatchResponse {
  results: BatchItemResult[];
  /** Images looked at but left alone (e.g. already have the property). */
  skipped: number;
}
