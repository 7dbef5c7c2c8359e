import 'server-only';
import { withSession } from '@/lib/server/api';
import { imageIdParams } from '@/lib/images/contract';
import { membershipBodySchema } from '@/lib/sharing/contract';
import { answerShare } from '@/lib/sharing/sharing';

/** PUT /api/images/{id}/membership {status}: the signed-in project accepts or rejects an
 * image shared with it (its own membership only, as Glance allows). */
export const PUT = withSession({ params: imageIdParams, body: membershipBodySchema }, ({ params, body, session, conn }) =>
  answerShare(conn, params.id, session.project, body.status));
