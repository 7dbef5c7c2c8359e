import 'server-only';
import { withSession } from '@/lib/server/api';
import { imageIdParams } from '@/lib/images/contract';
import { shareBodySchema, type MembersResponse } from '@/lib/sharing/contract';
import { membersOf, shareImage } from '@/lib/sharing/sharing';

/** GET /api/images/{id}/members: the projects the image is shared with and their answers
 * (the owner sees all, a member only itself; none while the image is not shared). */
export const GET = withSession({ params: imageIdParams }, async ({ params, conn }): Promise<MembersResponse> => ({ members: await membersOf(conn, params.id) }));

/** POST /api/images/{id}/members {projectId}: shares the project's image with another
 * project, making it `shared` first when private. 403 public or not ours, 409 twice, 413 quota. */
export const POST = withSession({ params: imageIdParams, body: shareBodySchema }, ({ params, body, session, conn }) =>
  shareImage(conn, params.id, body.projectId, session.project));
