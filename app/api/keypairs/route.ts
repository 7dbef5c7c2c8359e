import 'server-only';
import type { KeypairChoice } from '@/lib/launch/contract';
import { listKeypairs } from '@/lib/openstack/compute/keypairs';
import { withSession } from '@/lib/server/api';

/** GET /api/keypairs: the signed-in user's key pairs (Nova keeps them per user). */
export const GET = withSession({}, async ({ conn }) => {
  const keypairs: KeypairChoice[] = (await listKeypairs(conn)).map((k) => ({ name: k.name, type: k.type, fingerprint: k.fingerprint }));
  return { keypairs: keypairs.sort((a, b) => a.name.localeCompare(b.name)) };
});
