// Nova keypairs of the current user (GET /os-keypairs; paginated from 2.35).
import { z } from 'zod';
import type { Connection } from '../client';
import { linkSchema, listAllPages, nextHrefOf } from '../pagination';

const keypairsPageSchema = z.looseObject({
  keypairs: z.array(
    z.looseObject({
      keypair: z.looseObject({
        name: z.string(),
        fingerprint: z.string(),
        type: z.string().optional(), // from 2.2
      }),
    }),
  ),
  keypairs_links: z.array(linkSchema).optional(),
});

export interface Keypair {
  name: string;
  /** "ssh" or "x509"; before 2.2 always ssh. */
  type: string;
  fingerprint: string;
}

export async function listKeypairs(conn: Connection): Promise<Keypair[]> {
  return listAllPages(conn, {
    service: 'compute', path: '/os-keypairs', parse: keypairsPageSchema,
    items: (d) => d.keypairs.map(({ keypair: k }) => ({ name: k.name, type: k.type ?? 'ssh', fingerprint: k.fingerprint })),
    next: (d) => nextHrefOf(d.keypairs_links),
  });
}
