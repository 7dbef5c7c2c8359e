// The snapshot and backup routes' contract, browser-safe: what the Create backup dialog sends
// to POST /api/servers/<id>/backup (shared by the dialog and the route), and the progress
// route's params. (Create snapshot's body is the client's own createImage schema.)
import { z } from 'zod';
import { shellQuote } from '@/lib/shell-quote';
import { isWellFormedText, NOT_WELL_FORMED_TEXT } from '@/lib/openstack/text';
import { guid } from '@/lib/openstack/ids';

export const ROTATION_MIN = 1;
export const ROTATION_MAX = 30;

export const backupInputSchema = z.object({
  name: z.string().trim().min(1, 'Enter a name for the backup.').max(255, 'At most 255 characters.').refine(isWellFormedText, NOT_WELL_FORMED_TEXT),
  backupType: z
    .string()
    .trim()
    .min(1, 'Enter a backup type, such as daily or weekly.')
    .max(255, 'At most 255 characters.')
    .refine(isWellFormedText, NOT_WELL_FORMED_TEXT),
  rotation: z.coerce
    .number({ error: `Enter a number from ${ROTATION_MIN} to ${ROTATION_MAX}.` })
    .int('Enter a whole number.')
    .min(ROTATION_MIN, `Keep at least ${ROTATION_MIN} backup.`)
    .max(ROTATION_MAX, `At most ${ROTATION_MAX}.`),
});
export type BackupInput = z.input<typeof backupInputSchema>;

export const serverIdParamsSchema = z.object({ id: guid('not an instance id') });

/** The CLI equivalent of the dialog, for the copy box. */
export function backupCommand(input: { name: string; backupType: string; rotation: number | string }, serverId: string): string {
  const name = input.name.trim() ? shellQuote(input.name.trim()) : '<name>';
  const type = input.backupType.trim() ? shellQuote(input.backupType.trim()) : '<type>';
  return `openstack server backup create --name ${name} --type ${type} --rotate ${String(input.rotation).trim() || '<rotation>'} ${serverId}`;
}

export const snapshotProgressParams = z.object({ id: guid('not an instance id (a UUID)'), imageId: guid('not an image id (a UUID)') });
