// The contract suite against the embedded local cloud, with short snapshot phases.
import { afterAll, beforeAll } from 'vitest';
import { startLocalCloud, type RunningLocalCloud } from '@/lib/localcloud/server';
import { SEED } from '@/lib/localcloud/seed';
import { contractSuite } from './testing/contract-suite';

let cloud: RunningLocalCloud | null = null;

beforeAll(async () => {
  cloud = await startLocalCloud({ timings: { snapshotPhaseMs: 20, buildMs: 20, powerMs: 20 } });
});

afterAll(async () => {
  await cloud?.close();
});

contractSuite('local cloud', () => {
  if (!cloud) throw new Error('the local cloud did not start');
  return {
    authUrl: `${cloud.url}/identity`,
    username: 'demo',
    password: 'demo',
    projectName: 'demo',
    serverId: SEED.servers.web1,
    othersPublicImageId: SEED.images.debian12,
    othersPrivateImageId: SEED.images.altImage,
    snapshotData: 'automatic',
    snapshotTimeoutMs: 5000,
    pollMs: 10,
    hasNetwork: true,
  };
});
