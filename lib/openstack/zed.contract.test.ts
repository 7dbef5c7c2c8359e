// The contract suite against a real OpenStack Zed cloud (scripts/zed-cloud/up), run by hand:
//   SNAPDECK_ZED_AUTH_URL=http://127.0.0.1:5000/v3 npx vitest run lib/openstack/zed.contract.test.ts
// It boots its own server (networks "none"; FakeDriver runs no VM) and deletes it after.
import { afterAll, describe, it } from 'vitest';
import type { Connection } from './client';
import { createServer, deleteServer, getServer } from './compute/servers';
import { negotiateComputeMicroversion } from './compute/version';
import { endpointsFor } from './identity/catalog';
import { issueToken } from './identity/tokens';
import { contractSuite } from './testing/contract-suite';
import { waitFor } from './testing/wait-for';

const authUrl = process.env.SNAPDECK_ZED_AUTH_URL;
// The ids scripts/zed-cloud/bootstrap.py gives its images (the local cloud's seed ids).
const DEBIAN_PUBLIC = 'a0000001-0000-4000-8000-000000000001';
const ALT_PRIVATE = 'a0000001-0000-4000-8000-000000000006';

let owner: { conn: Connection; serverId: string } | null = null;

afterAll(async () => {
  if (owner) await deleteServer(owner.conn, owner.serverId);
});

if (!authUrl) {
  describe.skip('OpenStack contract: Zed (set SNAPDECK_ZED_AUTH_URL to run)', () => {
    it('needs a Zed cloud', () => undefined);
  });
} else {
  contractSuite('Zed', async () => {
    const token = await issueToken(authUrl, { username: 'demo', password: process.env.SNAPDECK_ZED_DEMO_PASSWORD ?? 'demo', projectName: 'demo' });
    const endpoints = endpointsFor(token.catalog, { region: 'RegionOne', interface: 'public', authUrl });
    const conn = { token: token.tokenId, endpoints, computeMicroversion: await negotiateComputeMicroversion({ token: token.tokenId, computeUrl: endpoints.compute }) };
    const { id } = await createServer(conn, { name: `snapdeck-contract-${Date.now().toString(36)}`, imageRef: DEBIAN_PUBLIC, flavorRef: 'd2-2', networks: 'none' });
    owner = { conn, serverId: id };
    await waitFor(async () => (await getServer(conn, id)).status === 'ACTIVE', { what: 'the contract server to be ACTIVE', timeoutMs: 60_000, intervalMs: 250 });
    return {
      authUrl, username: 'demo', password: process.env.SNAPDECK_ZED_DEMO_PASSWORD ?? 'demo', projectName: 'demo',
      serverId: id, othersPublicImageId: DEBIAN_PUBLIC, othersPrivateImageId: ALT_PRIVATE,
      snapshotData: 'upload', snapshotTimeoutMs: 30_000, pollMs: 100, hasNetwork: false,
    };
  });
}
