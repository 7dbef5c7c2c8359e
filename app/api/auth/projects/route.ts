import 'server-only';
import { listAuthProjects } from '@/lib/openstack/identity/projects';
import { getConfig } from '@/lib/server/app-config';
import { withSession } from '@/lib/server/api';

export const GET = withSession({}, async ({ session }) => {
  const projects = await listAuthProjects(getConfig().authUrl, session.tokenId, { timeoutMs: getConfig().upstreamTimeoutMs });
  return {
    current: session.project.id,
    projects: projects.filter((p) => p.enabled).map((p) => ({ id: p.id, name: p.name })).sort((a, b) => a.name.localeCompare(b.name)),
  };
});
