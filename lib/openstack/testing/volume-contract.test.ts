// The block storage tests of the contract suite skip, and send nothing to a volume service,
// when the catalog has no block-storage / volumev3: the Zed tier without Cinder stays green.
import { afterAll, afterEach, beforeAll, describe, expect } from 'vitest';
import { connect } from './connect';
import { localCloudTarget } from './local-cloud-target';
import { volumeContract, type VolumeContractState } from './volume-contract';

describe('the volume contract on a cloud without Cinder', () => {
  const target = localCloudTarget({ cinder: false });
  let state: VolumeContractState | null = null;
  const outcomes: string[] = [];

  beforeAll(async () => {
    const t = target();
    const { token, conn } = await connect(t);
    state = { t, token, conn, run: 'no-cinder' };
  });
  afterEach((ctx) => {
    outcomes.push(`${ctx.task.result?.state}`);
  });
  afterAll(async () => {
    expect(outcomes).toHaveLength(9);
    expect(new Set(outcomes)).toEqual(new Set(['skip']));
    expect(state?.conn.endpoints.volume).toBeUndefined();
    const base = state!.t.authUrl.replace(/\/identity$/, '');
    const log = (await (await fetch(`${base}/__admin/requests?service=volume`)).json()) as { requests: unknown[] };
    expect(log.requests).toEqual([]);
  });

  volumeContract(() => {
    if (!state) throw new Error('no connection');
    return state;
  });
});
