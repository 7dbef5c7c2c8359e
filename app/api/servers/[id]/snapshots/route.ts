import 'server-only';
import { createImage, createImageOptsSchema } from '@/lib/openstack/compute/servers';
import { OpenStackError } from '@/lib/openstack/errors';
import { apiError, withSession } from '@/lib/server/api';
import { serverParams } from '@/lib/instances/contract';
import { explainSnapshotRefusal } from '@/lib/snapshots/errors';
import { listInstanceSnapshots } from '@/lib/snapshots/summary';
import { snapshotRequestFor } from '@/lib/snapshots/create';

/** The snapshots and backups of this instance, newest first. */
export const GET = withSession({ params: serverParams }, async ({ params, conn }) => listInstanceSnapshots(conn, params.id));

/** Create snapshot: one createImage POST, never retried (a retry could make two snapshots).
 * Answers the new image's id (Nova's body from 2.45, its Location header before). The body is
 * the client's own createImage schema (name 1–255, metadata ≤ 255 bytes), so they agree. A
 * volume-backed instance is checked against the Cinder quota first (403 with the numbers, as
 * Nova would answer) and its image gets instance_uuid and image_type (lib/snapshots/create.ts). */
export const POST = withSession({ params: serverParams, body: createImageOptsSchema }, async ({ params, body, conn }) => {
  try {
    const request = await snapshotRequestFor(conn, params.id, body);
    return await createImage(conn, params.id, request.body);
  } catch (err) {
    const explained = err instanceof OpenStackError && err.kind === 'http' ? explainSnapshotRefusal(err) : null;
    if (explained && err instanceof OpenStackError) {
      // Nova's own sentence goes along where the explanation does not quote it.
      const detail = explained.message.includes(err.safeMessage) ? undefined : err.safeMessage;
      return apiError(explained.status, explained.message, err.requestId, undefined, detail);
    }
    throw err;
  }
});
