// Inputs of the image routes besides the list query and the switches: checked before
// anything is sent upstream.
import { z } from 'zod';
import { MAX_INSTANCE_LOOKUPS } from './lineage-limits';
import { guid } from '@/lib/openstack/ids';

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
