// Neutron networks the project can attach servers to: its own and shared ones.
import { z } from 'zod';
import type { Connection } from '../client';
import { request } from '../http';

const wireNetworksSchema = z.looseObject({
  networks: z.array(
    z.looseObject({
      id: z.string(),
      name: z.string(),
      status: z.string(),
      shared: z.boolean().optional(),
      'router:external': z.boolean().optional(), // the external-net extension
      subnets: z.array(z.string()).optional(),
      project_id: z.string().optional(),
      tenant_id: z.string().optional(), // older Neutrons have only this one
    }),
  ),
});

export interface Network {
  id: string;
  name: string;
  shared: boolean;
  external: boolean;
  status: string;
  subnets: string[];
  projectId: string | null;
}

/**
 * The networks, or null when the cloud has no network service (a Zed cloud without
 * Neutron): a missing service is a normal answer here, not an error, and the launch form
 * then offers only "auto" and "none".
 */
export async function listNetworks(conn: Connection): Promise<Network[] | null> {
  if (conn.endpoints.network === null) return null;
  const reply = await request(conn, { service: 'network', method: 'GET', path: '/networks', ok: [200], parse: wireNetworksSchema });
  return reply.data.networks.map((n) => ({
    id: n.id,
    name: n.name,
    shared: n.shared ?? false,
    external: n['router:external'] ?? false,
    status: n.status,
    subnets: n.subnets ?? [],
    projectId: n.project_id ?? n.tenant_id ?? null,
  }));
}
