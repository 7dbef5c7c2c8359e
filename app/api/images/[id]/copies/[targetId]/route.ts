/**
 * DELETE /api/images/{id}/copies/{targetId}?region= — cancels a running copy, or deletes an
 * interrupted one; either way the target image goes, and the answer says so. Only an image
 * marked as a copy of this snapshot is deleted here.
 */
import 'server-only';
import { deleteImage } from '@/lib/openstack/image/images';
import { apiError, withSession } from '@/lib/server/api';
import { copyTargetParams, copyTargetQuery } from '@/lib/images/copy-contract';
import { copiesInRegion, copyManager } from '@/lib/images/copy';
import { regionImages } from '@/lib/images/copy-session';

export const DELETE = withSession({ params: copyTargetParams, query: copyTargetQuery }, async ({ params, query, session, conn }) => {
  const cancelled = await copyManager().cancel(session.project.id, params.targetId);
  if (cancelled) return { copy: cancelled };
  const regions = await regionImages(session, conn);
  const target = regions.others.includes(query.region) ? regions.connFor(query.region) : null;
  if (!target) return apiError(400, `There is no image service in region ${query.region}.`, null, { region: 'not a region with an image service' });
  const left = await copiesInRegion(target, query.region, session.region, params.id, copyManager());
  const copy = left.find((c) => c.targetId === params.targetId && c.phase === 'interrupted');
  if (!copy) return apiError(404, 'No interrupted copy of this snapshot has that id in that region.');
  await deleteImage(target, copy.targetId);
  return { copy: { ...copy, phase: 'cancelled', message: `The unfinished image in ${query.region} was deleted.` } };
});
