// What the Launch instance form sends to POST /api/launch. Shared by the form (to check
// before sending) and the route (which answers 400 with `fields` when it fails).
import { z } from 'zod';
import { isWellFormedText, NOT_WELL_FORMED_TEXT } from '@/lib/openstack/text';

export const NETWORK_AUTO = 'auto';
export const NETWORK_NONE = 'none';

const optionalText = (max: number, message: string) =>
  z.string().trim().max(max, message).refine(isWellFormedText, NOT_WELL_FORMED_TEXT).optional().transform((s) => (s ? s : undefined));

export const launchInputSchema = z.object({
  name: z.string().trim().min(1, 'Enter a name for the instance.').max(255, 'At most 255 characters.').refine(isWellFormedText, NOT_WELL_FORMED_TEXT),
  sourceId: z.guid('Choose a snapshot or image to launch from.'),
  flavorId: z.string().trim().min(1, 'Choose a flavor.').max(255, 'Not a flavor id.').refine(isWellFormedText, 'Not a flavor id.'),
  network: z.union([z.literal(NETWORK_AUTO), z.literal(NETWORK_NONE), z.guid('Choose a network.')], { error: 'Choose a network.' }),
  keyName: optionalText(255, 'Not a key pair name.'),
  count: z.coerce.number({ error: 'Enter a number from 1 to 10.' }).int('Enter a whole number from 1 to 10.').min(1, 'At least 1.').max(10, 'At most 10 at once.'),
  installAgent: z.boolean().default(false),
  userData: z.string().max(200_000, 'The user data is too long.').default(''),
});
export type LaunchInput = z.input<typeof launchInputSchema>;

/** What POST /api/launch answers (202). */
export interface LaunchResult {
  /** The new servers' ids: the first one always, the others when they could be found. */
  ids: string[];
  requested: number;
  /** False when fewer servers than requested could be identified (see `note`). */
  complete: boolean;
  note: string | null;
}
