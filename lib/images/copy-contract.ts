// Copy to another region: the inputs the dialog, the routes and their fuzz share (browser-safe).
import { z } from 'zod';

const region = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'not a region name');
const guid = (message: string) => z.guid(message);

export const copyBodySchema = z.strictObject({
  targetRegion: region,
  name: z.string().trim().min(1, 'give the copy a name').max(255),
  /** Retry: the interrupted copy to delete first (its id in the target region). */
  replace: guid('not an image id (a UUID)').optional(),
});
export type CopyBody = z.infer<typeof copyBodySchema>;

export const copyTargetParams = z.strictObject({ id: guid('not an image id (a UUID)'), targetId: guid('not an image id (a UUID)') });
export const copyTargetQuery = z.strictObject({ region });
