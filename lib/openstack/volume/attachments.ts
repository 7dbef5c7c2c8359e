// Cinder's attachments (the new attach API, from 3.27): which server holds which volume. Nova
// makes one per volume it attaches, a boot volume included.
import { z } from 'zod';
import type { Connection } from '../client';
import { request } from '../http';
import { requireVolumeMicroversion } from './common';

export const attachmentUrls = { list: () => '/attachments' };

/** cinder/objects/fields.py VolumeAttachStatus. */
export const ATTACH_STATUSES = ['attached', 'attaching', 'detached', 'reserved', 'error_attaching', 'error_detaching', 'deleted'] as const;

/** The summary view (views/attachments.py summary): `status` is the attach status and
 * `instance` the server's id (null for a reservation without one). */
const wireAttachmentSchema = z.looseObject({
  id: z.string(),
  status: z.string(),
  instance: z.string().nullable().optional(),
  volume_id: z.string(),
});

export interface Attachment {
  id: string;
  status: string;
  serverId: string | null;
  volumeId: string;
}

export const listAttachmentsOptsSchema = z.object({
  volumeId: z.guid().optional(),
  serverId: z.guid().optional(),
  status: z.enum(ATTACH_STATUSES).optional(),
});
export type ListAttachmentsOpts = z.input<typeof listAttachmentsOptsSchema>;

/** The project's attachments (first page: up to Cinder's osapi_max_limit, 1000). */
export async function listAttachments(conn: Connection, opts: ListAttachmentsOpts = {}): Promise<Attachment[]> {
  requireVolumeMicroversion(conn, '3.27', 'Listing attachments');
  const o = listAttachmentsOptsSchema.parse(opts);
  const reply = await request(conn, {
    service: 'volume', method: 'GET', path: attachmentUrls.list(),
    // The server filter is `instance_id` on the way in, `instance` on the way out.
    query: { volume_id: o.volumeId, instance_id: o.serverId, status: o.status },
    ok: [200], parse: z.looseObject({ attachments: z.array(wireAttachmentSchema) }),
  });
  return reply.data.attachments.map((a) => ({ id: a.id, status: a.status, serverId: a.instance ?? null, volumeId: a.volume_id }));
}
