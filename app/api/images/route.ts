import 'server-only';
import { withSession } from '@/lib/server/api';
import { loadImageList } from '@/lib/images/image-list';
import { listQuerySchema } from '@/lib/images/list-query';

/** GET /api/images?tab=&name=&status=&visibility=&instance_uuid=&base_image_ref=&sort=&dir=&marker=&limit=
 * (the Images page renders the first page itself). */
export const GET = withSession({ query: listQuerySchema }, ({ query, session, conn }) => loadImageList(conn, query, session.project));
