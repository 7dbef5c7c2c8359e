// The contract target for the embedded local cloud: started before the suite, closed after,
// with short simulated phases. `neutron: false` makes it a cloud like the Zed tier's, with
// no network service, so that the two run the same tests with the same expectations.
import { afterAll, beforeAll } from 'vitest';
import type { CloudContext } from '@/lib/localcloud/context';
import { SEED } from '@/lib/localcloud/state/seed';
import { startLocalCloud, type RunningLocalCloud } from '@/lib/localcloud/server';
import type { ContractTarget } from './contract-suite';
import type { SecondRegionTarget } from './region-contract';

/** Holds the local cloud's simulated compute work, as SIGSTOP holds Zed's nova-compute:
 * the API still answers, task states stay where the API left them. */
function pauseSimulatedWork(cloud: CloudContext): () => Promise<void> {
  const later = cloud.later;
  const held: [number, () => void][] = [];
  cloud.later = (ms, fn) => void held.push([ms, fn]);
  return async () => {
    cloud.later = later;
    for (const [ms, fn] of held.splice(0)) later(ms, fn);
  };
}

/** Starts the local cloud before the suites of this file (vitest hooks) and returns the target. */
export function localCloudTarget(opts: { neutron?: boolean; mistral?: boolean; cinder?: boolean } = {}): () => ContractTarget {
  let cloud: RunningLocalCloud | null = null;
  /** Copy to region's cloud: two regions with glance-download on, started by the first test
   * that asks. Apart from the main one, whose RegionOne keeps Zed's default import methods
   * (the local cloud turns glance-download on in every region at once). */
  let twoRegions: Promise<RunningLocalCloud> | null = null;
  beforeAll(async () => {
    cloud = await startLocalCloud({ neutron: opts.neutron ?? true, mistral: opts.mistral ?? true, cinder: opts.cinder ?? true, timings: { snapshotPhaseMs: 20, buildMs: 20, powerMs: 20 } });
  });
  afterAll(async () => {
    await cloud?.close();
    if (twoRegions) await (await twoRegions).close();
  });
  const regions = async (): Promise<SecondRegionTarget> => {
    twoRegions ??= startLocalCloud({
      regions: ['RegionOne', 'RegionTwo'], glanceDownload: true, neutron: false, mistral: false, cinder: false,
      timings: { snapshotPhaseMs: 20, buildMs: 20, powerMs: 20 },
    });
    const running = await twoRegions;
    return {
      login: { authUrl: `${running.url}/identity`, username: 'demo', password: 'demo', projectName: 'demo' },
      source: 'RegionOne', target: 'RegionTwo', targetHasCompute: true, timeoutMs: 5000, pollMs: 10,
    };
  };
  return () => {
    const running = cloud;
    if (!running) throw new Error('the local cloud did not start');
    return {
      authUrl: `${running.url}/identity`,
      username: 'demo',
      password: 'demo',
      projectName: 'demo',
      boot: { imageId: SEED.images.template, flavorRef: 'd2-2', keyName: 'demo-key' },
      othersPublicImageId: SEED.images.debian12,
      othersPrivateImageId: SEED.images.altImage,
      memberLogin: { authUrl: `${running.url}/identity`, username: 'alt', password: 'alt', projectName: 'alt-demo' },
      regions,
      snapshotData: 'automatic',
      snapshotTimeoutMs: 5000,
      pollMs: 10,
      hasNetwork: opts.neutron ?? true,
      pauseCompute: async () => pauseSimulatedWork(running.cloud),
      workflowClock: async (seconds) => {
        const res = await fetch(`${running.url}/__admin/clock`, {
          method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ advanceSeconds: seconds }),
        });
        if (res.status !== 200) throw new Error(`POST /__admin/clock answered ${res.status}: ${await res.text()}`);
      },
    };
  };
}
