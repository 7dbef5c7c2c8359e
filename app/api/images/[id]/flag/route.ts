import 'server-only';
import { withSession } from '@/lib/server/api';
import { imageIdParams } from '@/lib/images/contract';
import { toImageDto } from '@/lib/images/dto';
import { flagBodySchema } from '@/lib/sharing/contract';
import { setFlag } from '@/lib/sharing/sharing';

/** PATCH /api/images/{id}/flag {flag: hidden|protected, value}: os_hidden or protected; 200 the image. */
export const PATCH = withSession({ params: imageIdParams, body: flagBodySchema }, async ({ params, body, session, conn }) =>
  toImageDto(await setFlag(conn, params.id, body.flag, body.value), session.project));
