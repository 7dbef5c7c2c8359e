import 'server-only';
import { withSession } from '@/lib/server/api';
import { enableAgentForProject } from '@/lib/images/bulk-enable';
import { emptyBody } from '@/lib/images/contract';

/** POST /api/images/enable-agent, body {}: hw_qemu_guest_agent=yes on every private image
 * the project owns that lacks it. 200 with one result per image (failures listed, the
 * others still done), the count of images that already had it, and a note if listing
 * stopped at its cap. */
export const POST = withSession({ body: emptyBody }, async ({ session, conn }) => enableAgentForProject(conn, session.project.id));
