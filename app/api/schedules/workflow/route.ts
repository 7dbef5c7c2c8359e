import 'server-only';
import { z } from 'zod';
import { withSession } from '@/lib/server/api';
import { restoreWorkflow, WORKFLOW_VERSIONS } from '@/lib/schedules/workflow';

const restoreBody = z.strictObject({ name: z.enum(WORKFLOW_VERSIONS.map((v) => v.name) as [string, ...string[]]) });

/** POST /api/schedules/workflow {name}: Restore workflow. Puts Snapdeck's text back over a
 * definition changed outside Snapdeck (or makes it again when it is gone). */
export const POST = withSession({ body: restoreBody }, async ({ body, conn }) => {
  const version = WORKFLOW_VERSIONS.find((v) => v.name === body.name)!;
  const workflow = await restoreWorkflow(conn, version);
  return { name: workflow.name, state: 'ours' };
});
