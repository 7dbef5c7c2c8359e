/**
 * GET  /api/images/{id}/copies — the regions a snapshot can be copied to and its copies: those
 *      this server runs (with progress) and those found by their marker in the other regions
 *      (finished, or Interrupted by a restart).
 * POST /api/images/{id}/copies — starts a copy (202); `replace` deletes an interrupted copy
 *      first (Retry). 409: the snapshot cannot be copied (volume-backed, not active); 429: two
 *      copies already run on this server (decision 011).
 */
import 'server-only';
import { deleteImage } from '@/lib/openstack/image/images';
import { apiError, withSession } from '@/lib/server/api';
import { imageIdParams } from '@/lib/images/contract';
import { copyBodySchema } from '@/lib/images/copy-contract';
import { copiesInRegion, copyManager, type CopyView } from '@/lib/images/copy';
import { regionImages } from '@/lib/images/copy-session';
import { getConfig } from '@/lib/server/app-config';

export const GET = withSession({ params: imageIdParams }, async ({ params, session, conn }) => {
  const regions = await regionImages(session, conn);
  const manager = copyManager();
  const found: CopyView[] = [];
  for (const region of regions.others) {
    const target = regions.connFor(region);
    if (target) found.push(...(await copiesInRegion(target, region, session.region, params.id, manager)));
  }
  return { regions: regions.others, copies: [...manager.list(session.project.id, params.id), ...found] };
});

export const POST = withSession({ params: imageIdParams, body: copyBodySchema }, async ({ params, body, session, conn }) => {
  const regions = await regionImages(session, conn);
  const target = regions.others.includes(body.targetRegion) ? regions.connFor(body.targetRegion) : null;
  if (!target) return apiError(400, `There is no image service in region ${body.targetRegion} to copy to.`, null, { targetRegion: 'not a region with an image service' });
  if (body.replace) {
    const left = await copiesInRegion(target, body.targetRegion, session.region, params.id, copyManager());
    if (!left.some((c) => c.targetId === body.replace && c.phase === 'interrupted')) return apiError(409, 'That copy is not an interrupted copy of this snapshot.');
    await deleteImage(target, body.replace);
  }
  const copy = await copyManager().start({
    projectId: session.project.id, source: conn, sourceRegion: session.region, sourceId: params.id, target,
    targetRegion: body.targetRegion, name: body.name, endpointInterface: getConfig().interface,
  });
  return Response.json({ copy }, { status: 202, headers: { 'Cache-Control': 'no-store' } });
});
