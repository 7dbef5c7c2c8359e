// Projects the token's user may scope to (GET /v3/auth/projects; an unscoped token works).
import { z } from 'zod';
import { request, type Transport } from '../http';

const wireProjectsSchema = z.looseObject({
  projects: z.array(
    z.looseObject({ id: z.string(), name: z.string(), domain_id: z.string(), enabled: z.boolean().optional() }),
  ),
});

export interface AuthProject {
  id: string;
  name: string;
  domainId: string;
  enabled: boolean;
}

export async function listAuthProjects(authUrl: string, token: string, transport: Transport = {}): Promise<AuthProject[]> {
  const reply = await request({ token, endpoints: { identity: authUrl }, ...transport }, {
    service: 'identity', method: 'GET', path: '/auth/projects', ok: [200], parse: wireProjectsSchema,
  });
  return reply.data.projects.map((p) => ({ id: p.id, name: p.name, domainId: p.domain_id, enabled: p.enabled ?? true }));
}
